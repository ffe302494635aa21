/** VerifyReport -> text for a terminal, Markdown for a PR comment, or JSON. */
import { formatDiagnostic } from "../model/diagnostic.js";
import type { RequestGroup, VerifyReport } from "./verify.js";
import { fitMarkdown, quotedList, shorten } from "../model/shorten.js";

/** GitHub refuses a comment longer than this; a markdown report is meant to be one. */
const MARKDOWN_LIMIT = 65_536;

export type VerifyFormat = "text" | "markdown" | "json";

/** How many rows of each list are shown (JSON always has all of them). */
const MAX_ROWS = 50;

function pct(n: number, of: number): string {
  if (of === 0) return "0%";
  const p = (100 * n) / of;
  return `${p < 10 && p > 0 ? p.toFixed(1) : Math.round(p)}%`;
}

const AUTHORITY_WHY: Record<string, string> = {
  "other-service": "names another service",
  ip: "is an IP address, not a service name",
  missing: "is empty",
};

function shadowText(s: VerifyReport["shadowed"][number]): string {
  const e = s.example ? `, e.g. ${s.example.method ? `${s.example.method} ` : ""}${shorten(s.example.path)}` : "";
  return shadowReason(s) + e;
}

function shadowReason(s: VerifyReport["shadowed"][number]): string {
  switch (s.reason) {
    case "identical":
      return `same condition as "${shorten(s.by[0] ?? "")}"`;
    case "covered":
      return `"${shorten(s.by[0] ?? "")}" comes first and matches every request this route matches`;
    case "covered-together":
      return `the earlier routes ${quotedList(s.by)} together match every request this route matches`;
    case "matches-nothing":
      return "its condition matches no request at all";
  }
}

function verdict(r: VerifyReport): string {
  const t = r.totals;
  const head = `${t.matched} of ${t.requests} inbound requests matched a route; ${t.unmatched} (${pct(t.unmatched, t.requests)}) matched none`;
  if (!r.threshold) return head;
  return `${head}: ${r.threshold.exceeded ? "FAIL" : "ok"} (at most ${r.threshold.allowed} allowed by --max-unmatched ${r.threshold.given})`;
}

function more(list: unknown[]): string | undefined {
  return list.length > MAX_ROWS ? `... and ${list.length - MAX_ROWS} more` : undefined;
}

export function renderVerifyText(r: VerifyReport): string {
  const out: string[] = [];
  out.push(`profile ${r.profile.name}${r.profile.file ? ` (${r.profile.file})` : ""}`);
  for (const rec of r.recordings) out.push(`recording ${rec.file} (${rec.format}, ${rec.events} events${rec.truncated ? ", last event cut off" : ""})`);
  out.push(verdict(r));
  const ignored = [r.totals.outboundIgnored ? `${r.totals.outboundIgnored} outbound` : "", r.totals.unknownDirectionIgnored ? `${r.totals.unknownDirectionIgnored} of unknown direction` : ""].filter(Boolean);
  if (ignored.length) out.push(`ignored: ${ignored.join(", ")} requests (only inbound requests meet this service's routes)`);

  out.push("", "hits per route (in profile order, first match wins):");
  const width = Math.max(0, ...r.routes.map((x) => String(x.hits).length));
  for (const x of r.routes) {
    const flags = [x.dropped ? "DROPPED by the proxy" : "", ...x.problems].filter(Boolean).join("; ");
    out.push(`  ${String(x.hits).padStart(width)}  ${shorten(x.name)}${x.example ? `  e.g. ${shorten(x.example)}` : ""}${flags ? `  [${flags}]` : ""}`);
  }
  if (!r.routes.length) out.push("  (the profile has no routes)");

  const groups = (title: string, list: RequestGroup[]) => {
    if (!list.length) return;
    out.push("", title);
    for (const g of list.slice(0, MAX_ROWS)) out.push(`  ${g.count}  ${shorten(g.key)}  e.g. ${shorten(g.example)}`);
    const m = more(list);
    if (m) out.push(`  ${m}`);
  };
  groups("requests matching no route (grouped by consolidated path):", r.unmatched);
  if (r.newlyUnmatched) groups("requests the baseline profile routes but this one does not:", r.newlyUnmatched);
  if (r.neverHit.length) out.push("", `routes no recorded request hit: ${r.neverHit.map((n) => shorten(n)).join(", ")}`);
  if (r.shadowed.length) {
    out.push("", "routes that can never match:");
    for (const s of r.shadowed) out.push(`  ${shorten(s.route)}: ${shadowText(s)}`);
  }
  if (r.undecided.length) out.push("", `not checked for shadowing: ${r.undecided.map((u) => `${shorten(u.route)} (${u.reason})`).join("; ")}`);
  if (r.labelMismatches?.length) {
    out.push("", "requests whose recorded route (rt_route) differs from the route this profile assigns:");
    for (const m of r.labelMismatches.slice(0, MAX_ROWS)) out.push(`  ${m.count}  recorded ${m.recorded != null ? shorten(m.recorded) : "(none)"} -> now ${m.assigned != null ? shorten(m.assigned) : "(none)"}  e.g. ${shorten(m.example)}`);
    const m = more(r.labelMismatches);
    if (m) out.push(`  ${m}`);
  }
  if (r.authorityMismatches.length) {
    out.push("", `requests whose :authority is not this profile's service (the proxy applies ${r.profile.name} only to requests for it):`);
    for (const a of r.authorityMismatches.slice(0, MAX_ROWS)) out.push(`  ${a.count}  ${a.authority ? shorten(a.authority) : "(none)"}  ${AUTHORITY_WHY[a.verdict]}  e.g. ${shorten(a.example)}`);
  }
  if (r.warnings.length) {
    out.push("", "warnings:");
    for (const w of r.warnings) out.push(`  ${formatDiagnostic(w).replace(/\n/g, "\n  ")}`);
  }
  return out.join("\n") + "\n";
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function code(long: string): string {
  const text = shorten(long);
  const ticks = text.includes("`") ? "``" : "`";
  return `${ticks}${cell(text)}${ticks}`;
}

export function renderVerifyMarkdown(r: VerifyReport): string {
  const out: string[] = [];
  const t = r.totals;
  const icon = r.threshold ? (r.threshold.exceeded ? "❌" : "✅") : t.unmatched ? "⚠️" : "✅";
  out.push(`### ${icon} Route verification: ${code(r.profile.name)}`, "");
  out.push(`${verdict(r)}.`, "");
  out.push(`Recordings: ${r.recordings.map((rec) => `${code(rec.file)} (${rec.events} events)`).join(", ") || "none"}.`);
  if (r.newlyUnmatched?.length) {
    out.push("", `#### Requests that would newly match no route (${r.newlyUnmatched.reduce((n, g) => n + g.count, 0)})`, "", "| Requests | Path | Example |", "| ---: | --- | --- |");
    for (const g of r.newlyUnmatched.slice(0, MAX_ROWS)) out.push(`| ${g.count} | ${code(g.key)} | ${code(g.example)} |`);
  }
  if (r.unmatched.length) {
    out.push("", "#### Requests matching no route", "", "| Requests | Path | Example |", "| ---: | --- | --- |");
    for (const g of r.unmatched.slice(0, MAX_ROWS)) out.push(`| ${g.count} | ${code(g.key)} | ${code(g.example)} |`);
    const m = more(r.unmatched);
    if (m) out.push("", m);
  }
  out.push("", "<details><summary>Hits per route</summary>", "", "| Route | Hits | Example |", "| --- | ---: | --- |");
  for (const x of r.routes) {
    const note = x.dropped ? " (dropped by the proxy)" : x.problems.length ? ` (${cell(x.problems.join("; "))})` : "";
    out.push(`| ${code(x.name)}${note} | ${x.hits} | ${x.example ? code(x.example) : ""} |`);
  }
  out.push("", "</details>");
  if (r.shadowed.length) {
    out.push("", "#### Routes that can never match", "");
    for (const s of r.shadowed) out.push(`- ${code(s.route)}: ${cell(shadowText(s))}`);
  }
  if (r.neverHit.length) out.push("", `Routes no recorded request hit: ${r.neverHit.map(code).join(", ")}.`);
  if (r.labelMismatches?.length) {
    out.push("", "#### Recorded route differs from this profile's", "", "| Requests | Recorded | Now | Example |", "| ---: | --- | --- | --- |");
    for (const m of r.labelMismatches.slice(0, MAX_ROWS)) out.push(`| ${m.count} | ${m.recorded ? code(m.recorded) : "none"} | ${m.assigned ? code(m.assigned) : "none"} | ${code(m.example)} |`);
  }
  if (r.authorityMismatches.length) {
    out.push("", "#### Requests for another authority", "", "| Requests | Authority | Why | Example |", "| ---: | --- | --- | --- |");
    for (const a of r.authorityMismatches.slice(0, MAX_ROWS)) out.push(`| ${a.count} | ${a.authority ? code(a.authority) : "none"} | ${AUTHORITY_WHY[a.verdict]} | ${code(a.example)} |`);
  }
  if (r.warnings.length) {
    out.push("", "#### Warnings", "");
    for (const w of r.warnings) out.push(`- ${cell(formatDiagnostic(w).replace(/\n\s*/g, " "))}`);
  }
  return fitMarkdown(out.join("\n") + "\n", MARKDOWN_LIMIT, "_… the rest of the report was cut to fit GitHub's comment size limit; `--format json` or `--format text` has all of it._");
}

export function renderVerifyJson(r: VerifyReport): string {
  return JSON.stringify(r, null, 2) + "\n";
}

export function renderVerify(r: VerifyReport, format: VerifyFormat): string {
  return format === "json" ? renderVerifyJson(r) : format === "markdown" ? renderVerifyMarkdown(r) : renderVerifyText(r);
}
