/**
 * DiffReport -> text for people: a terminal listing, and Markdown for a pull
 * request comment (summary line, one compact table per profile, long lists
 * folded in <details>, a hard size cap that says what it left out).
 */
import { shadowLine } from "../lint/profile-shadowing.js";
import { gatewayShadowLines } from "../lint/gateway-shadowing.js";
import { formatDiagnostic, type Diagnostic } from "../model/diagnostic.js";
import type { DiffReport, FieldChange, ProfileDiff, ResponseClassSummary, RouteSummary, StaleFile } from "./routes.js";
import type { ProfileVerification } from "./verification-section.js";
import type { RouteSetDiff, RuleFieldChange, RuleSummary } from "./route-objects.js";
import { shorten } from "../model/shorten.js";
import type { ReportFindings } from "./impact.js";

/** Linkerd keeps using a ServiceProfile a client already has (linkerd/linkerd2 issues #11032 and #14274). */
export const SWITCH_NOTE =
  "the routes take effect only once the ServiceProfile is gone from the cluster, and clients that already use it may keep it until they restart (linkerd/linkerd2 #11032, #14274)";
export const BOTH_NOTE = "a ServiceProfile for this service is generated too: Linkerd uses it, and ignores these routes, while it exists";

export const DEFAULT_MARKDOWN_MAX_CHARS = 60_000;
/** Tables longer than this are folded. */
const FOLD_ROWS = 10;
const FOLD_LIST = 10;
/** Path groups and route names shown per verification (the JSON report has all of them). */
const MAX_GROUPS_MD = 20;
const MAX_GROUPS_TEXT = 50;
const MAX_NAMES = 10;
/** Losses shown per route set in Markdown (one per route at most; the JSON report has all of them). */
const MAX_LOSSES_MD = 20;
/** Findings shown in Markdown and text (errors first; the JSON report has all of them). */
const MAX_FINDINGS_MD = 30;
const MAX_FINDINGS_TEXT = 100;

export function renderJson(report: DiffReport): string {
  return JSON.stringify(report, null, 2) + "\n";
}

// ---------------------------------------------------------------------------
// Shared wording

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** 1204 -> "1,204", the same on every machine (no locale). */
function count(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** The one line a reviewer reads about the recorded traffic of a changed profile. */
function verificationLine(p: Pick<ProfileDiff, "status">, v: ProfileVerification): string {
  const n = v.newlyUnmatched.requests;
  if (v.requests === 0) return "the recordings hold no inbound request to replay";
  if (p.status === "added") {
    return `${count(v.matched)} of ${count(v.requests)} recorded ${v.requests === 1 ? "request matches" : "requests match"} a route${v.unmatched.requests ? `; ${count(v.unmatched.requests)} match none` : ""}`;
  }
  const others = v.unmatched.requests - n;
  const rest = others ? `; ${count(others)} ${others === 1 ? "other matches" : "others match"} no route at base either` : "";
  if (n === 0) return `no recorded request loses its route (${count(v.requests)} replayed)${rest}`;
  return `${count(n)} of ${count(v.requests)} recorded ${v.requests === 1 ? "request" : "requests"} would no longer match any route${rest}`;
}

function shadowReason(s: ProfileVerification["shadowed"][number]): string {
  switch (s.reason) {
    case "identical":
      return `same condition as ${shorten(s.by[0] ?? "")}`;
    case "covered":
      return `${shorten(s.by[0] ?? "")} comes first and matches all its requests`;
    case "covered-together":
      return `${names(s.by, shorten)} together match all its requests`;
    case "matches-nothing":
      return "its condition matches no request";
  }
}

function names(list: string[], fmt: (s: string) => string): string {
  const shown = list.slice(0, MAX_NAMES).map((n) => fmt(shorten(n))).join(", ");
  return list.length > MAX_NAMES ? `${shown} and ${list.length - MAX_NAMES} more` : shown;
}

function sideName(side: DiffReport["base"]): string {
  if (side.ref === "WORKTREE") return "the work tree";
  return side.commit ? `${side.ref} (${side.commit.slice(0, 7)})` : side.ref;
}

export function summaryLine(report: DiffReport): string {
  const s = report.summary;
  const parts: string[] = [];
  const profileParts = [
    s.profilesChanged ? `${s.profilesChanged} changed` : "",
    s.profilesAdded ? `${s.profilesAdded} added` : "",
    s.profilesRemoved ? `${s.profilesRemoved} removed` : "",
  ].filter(Boolean);
  parts.push(profileParts.length ? `profiles: ${profileParts.join(", ")} (${s.profilesUnchanged} unchanged)` : `no profile changes (${plural(s.profilesUnchanged, "profile")} unchanged)`);
  const routeParts = [
    s.routesAdded ? `${s.routesAdded} added` : "",
    s.routesRemoved ? `${s.routesRemoved} removed` : "",
    s.routesChanged ? `${s.routesChanged} changed` : "",
  ].filter(Boolean);
  if (routeParts.length) parts.push(`routes: ${routeParts.join(", ")}`);
  const setParts = [
    s.routeSetsChanged ? `${s.routeSetsChanged} changed` : "",
    s.routeSetsAdded ? `${s.routeSetsAdded} added` : "",
    s.routeSetsRemoved ? `${s.routeSetsRemoved} removed` : "",
  ].filter(Boolean);
  if (setParts.length) {
    const ruleParts = [s.rulesAdded ? `${s.rulesAdded} added` : "", s.rulesRemoved ? `${s.rulesRemoved} removed` : "", s.rulesChanged ? `${s.rulesChanged} changed` : ""].filter(Boolean);
    parts.push(`Gateway API routes: ${setParts.join(", ")}${ruleParts.length ? ` (rules ${ruleParts.join(", ")})` : ""}`);
  }
  if (report.configErrors.length) parts.push(`config errors at ${report.configErrors.map((c) => c.side).join(" and ")}`);
  if (s.serviceErrors) parts.push(plural(s.serviceErrors, "service error"));
  if (s.unmappedSpecs) parts.push(plural(s.unmappedSpecs, "unmapped spec"));
  if (report.stale.checked) parts.push(report.stale.upToDate ? "committed profiles up to date" : `${plural(s.staleFiles, "committed file")} out of date`);
  if (s.newlyUnmatchedRequests) parts.push(`${plural(s.newlyUnmatchedRequests, "recorded request")} would no longer match any route`);
  if (report.findings && findingCount(report.findings)) parts.push(`findings: ${severityCounts(report.findings)}`);
  return parts.join("; ");
}

function findingCount(f: ReportFindings): number {
  return f.errors + f.warnings + f.infos;
}

/** `2 errors, 1 warning` (only the severities that occur). */
export function severityCounts(f: Pick<ReportFindings, "errors" | "warnings" | "infos">): string {
  return [f.errors ? plural(f.errors, "error") : "", f.warnings ? plural(f.warnings, "warning") : "", f.infos ? plural(f.infos, "info", "infos") : ""].filter(Boolean).join(", ");
}

interface FindingRow {
  severity: "error" | "warning" | "info";
  rule: string;
  place: string;
  message: string;
  hint: string;
}

/** Impacts and new guard findings in one list, errors first (each list is sorted so already). */
function findingRows(f: ReportFindings): FindingRow[] {
  const place = (x: { file: string; line?: number; column?: number }) => (x.line !== undefined ? `${x.file}:${x.line}:${x.column ?? 1}` : x.file);
  const rows = [...f.impacts, ...f.guard].map((x) => ({ severity: x.severity, rule: x.rule, place: place(x), message: x.message, hint: x.hint }));
  const rank = { error: 0, warning: 1, info: 2 };
  // Stable: within a severity, impacts come before guard findings.
  return rows.map((r, i) => [r, i] as const).sort(([a, i], [b, j]) => rank[a.severity] - rank[b.severity] || i - j).map(([r]) => r);
}

function preExistingLine(f: ReportFindings): string {
  return `${plural(f.guardPreExisting, "guard finding")} at head ${f.guardPreExisting === 1 ? "is" : "are"} in base already (not listed; \`serviceprofile-sync check\` shows them)`;
}

function findingsText(f: ReportFindings): string[] {
  const rows = findingRows(f);
  if (rows.length === 0 && f.guardPreExisting === 0) return [];
  const out = ["", `Findings (what the change does to traffic, and new route guard findings; docs/guard.md): ${severityCounts(f) || "none"}`];
  for (const r of rows.slice(0, MAX_FINDINGS_TEXT)) out.push(`  ${r.severity} ${r.rule}: ${r.place}: ${r.message}`, `    hint: ${r.hint}`);
  if (rows.length > MAX_FINDINGS_TEXT) out.push(`  ... and ${plural(rows.length - MAX_FINDINGS_TEXT, "more finding")} (--format json lists them all)`);
  if (f.guardPreExisting) out.push(`  ${preExistingLine(f)}`);
  return out;
}

const SEVERITY_MARK = { error: "🛑 error", warning: "⚠️ warning", info: "ℹ️ info" } as const;

function findingsMarkdown(f: ReportFindings): string {
  const rows = findingRows(f);
  if (rows.length === 0 && f.guardPreExisting === 0) return "";
  const lines = [`#### Findings — ${severityCounts(f) || "none new"}`, ""];
  if (rows.length) {
    const shown = rows.slice(0, MAX_FINDINGS_MD).map((r) => `| ${SEVERITY_MARK[r.severity]} | ${code(r.rule)} | ${code(shorten(r.place))} | ${cell(r.message)}<br>_Fix:_ ${cell(r.hint)} |`);
    if (rows.length > MAX_FINDINGS_MD) shown.push(`| | | | … and ${plural(rows.length - MAX_FINDINGS_MD, "more finding")} (\`diff --format json\` lists them all) |`);
    lines.push("| Severity | Rule | Where | What |", "|---|---|---|---|", ...shown, "");
  }
  if (f.guardPreExisting) lines.push(`_${preExistingLine(f)}._`, "");
  lines.push("_Rule IDs and how to change their severity: docs/guard.md._", "");
  return lines.join("\n") + "\n";
}

function classes(list: ResponseClassSummary[]): string {
  if (list.length === 0) return "none";
  return list.map((c) => `${c.status}${c.isFailure ? " failure" : ""}`).join(", ");
}

function value(field: FieldChange["field"], v: unknown): string {
  if (field === "responseClasses") return classes(v as ResponseClassSummary[]);
  // A route without a timeout has none: linkerd2 controller/api/destination/profile_translator.go,
  // toRoute ("No default timeout"), although linkerd's --template text still says 10s.
  if (v === null || v === undefined) return "none";
  if (typeof v === "string") return v;
  return JSON.stringify(v);
}

function budget(b: unknown): string {
  if (!b) return "none";
  const r = b as { retryRatio: number; minRetriesPerSecond: number; ttl: string };
  return `ratio ${r.retryRatio}, min ${r.minRetriesPerSecond}/s, ttl ${r.ttl}`;
}

function profileTitle(p: ProfileDiff): string {
  return `${p.profile.name} in ${p.profile.namespace}`;
}

function diagnosticLine(d: Diagnostic): string {
  return formatDiagnostic(d).replace(/\n\s*hint: /, " (hint: ") + (d.hint ? ")" : "");
}

const STALE_WORDS: Record<StaleFile["kind"], string> = {
  missing: "missing",
  stale: "out of date",
  extra: "no longer generated",
  "hand-edited": "edited by hand",
  "not-owned": "not generated by serviceprofile-sync",
};

/** A stale file's state, and that sync refuses to lose an edit git does not have (as sync and sync --dry-run say). */
function staleWords(f: StaleFile): string {
  return f.unsaved ? `${STALE_WORDS[f.kind]}; the edit exists nowhere else, so sync refuses to lose it until it is committed (or --force)` : STALE_WORDS[f.kind];
}

function ruleValue(field: RuleFieldChange["field"], v: unknown): string {
  if (v === null || v === undefined) return "none";
  if (Array.isArray(v)) return v.join(", ");
  return String(v);
}

function routeSetTitle(d: RouteSetDiff): string {
  return `${d.routes.kind}s of ${d.routes.service}.${d.routes.serviceNamespace} in ${d.routes.namespace}`;
}

/** Route files whose switch-inert finding says what BOTH_NOTE would: the note is then left out (said once). */
function inertSaid(report: DiffReport): Set<string> {
  return new Set((report.findings?.impacts ?? []).filter((i) => i.rule === "switch-inert").map((i) => i.file));
}

function routeSetNotes(d: RouteSetDiff, inert: ReadonlySet<string> = new Set()): string[] {
  const notes: string[] = [];
  if (d.replacesProfile) notes.push(`replaces the ServiceProfile, which this change deletes: ${SWITCH_NOTE}`);
  if (d.alongsideProfile && !inert.has(d.routes.path)) notes.push(BOTH_NOTE);
  if (d.objectsAdded.length && d.status === "changed") notes.push(`objects added: ${names(d.objectsAdded, (x) => x)}`);
  if (d.objectsRemoved.length && d.status === "changed") notes.push(`objects removed (their route metrics stop): ${names(d.objectsRemoved, (x) => x)}`);
  return notes;
}

/** A loss as the service's block shows it: the service is the heading already. */
function lossLine(d: Diagnostic): string {
  return d.message.replace(/^service [^\s:,]+[:,] /, "") + (d.hint ? ` — ${d.hint}` : "");
}

/** What an added ServiceProfile route gets, the same words in text and Markdown. */
function routeExtras(r: RouteSummary): string {
  return [r.isRetryable ? "retryable" : "", r.timeout ? `timeout ${r.timeout}` : "", r.responseClasses.length ? `classes ${classes(r.responseClasses)}` : ""].filter(Boolean).join(", ");
}

/** `(~1 route)`, `(+2 −1 routes)`: the change counts of a heading. */
function countsNote(counts: [string, number][], one: string): string {
  const shown = counts.filter(([, n]) => n > 0);
  if (shown.length === 0) return "";
  const total = shown.reduce((t, [, n]) => t + n, 0);
  return ` (${shown.map(([mark, n]) => `${mark}${n}`).join(" ")} ${total === 1 ? one : `${one}s`})`;
}

function ruleExtras(r: RuleSummary): string {
  return [r.timeout ? `timeout ${r.timeout}` : "", r.retry ? `retry ${r.retry}` : ""].filter(Boolean).join(", ");
}

// ---------------------------------------------------------------------------
// Terminal text

function routeLine(mark: string, r: RouteSummary): string {
  const match = [r.method, r.pathRegex].filter((x) => x !== null).map((x) => shorten(x)).join(" ");
  return `  ${mark} ${shorten(r.name)}${match ? `  [${match}]` : ""}`;
}

function verificationText(p: Pick<ProfileDiff, "status">, v: ProfileVerification): string[] {
  const out = [`  recorded traffic: ${verificationLine(p, v)}`];
  const groups = p.status === "added" ? v.unmatched.groups : v.newlyUnmatched.groups;
  for (const g of groups.slice(0, MAX_GROUPS_TEXT)) out.push(`      ${g.count}  ${g.method} ${shorten(g.path)}  e.g. ${shorten(g.example)}`);
  if (groups.length > MAX_GROUPS_TEXT) out.push(`      ... and ${plural(groups.length - MAX_GROUPS_TEXT, "more path")}`);
  for (const s of v.shadowed) out.push(`  route that can never match: ${shorten(s.route)} (${shadowReason(s)})`);
  if (v.neverHit.length && v.requests) out.push(`  routes no recorded request hits: ${names(v.neverHit, (x) => x)}`);
  for (const d of v.problems) out.push(`  recording ${d.severity}: ${diagnosticLine(d)}`);
  if (v.recordings.length) out.push(`  replayed: ${v.recordings.map((r) => `${r.file} (${count(r.events)} ${r.events === 1 ? "event" : "events"})`).join(", ")}`);
  return out;
}

export function renderText(report: DiffReport): string {
  const out: string[] = [`Comparing ${sideName(report.base)} with ${sideName(report.head)}`];
  for (const c of report.configErrors) {
    out.push(`Config errors at ${c.side}:`);
    for (const d of c.diagnostics) out.push(`  ${diagnosticLine(d)}`);
  }
  if (report.findings) out.push(...findingsText(report.findings));
  for (const p of report.profiles) {
    out.push("", `${profileTitle(p)}: ${p.status} (${p.profile.path})`);
    if (p.name) out.push(`  name: ${p.name.from} -> ${p.name.to}`);
    for (const r of p.routesAdded) out.push(routeLine("+", r) + (routeExtras(r) ? `, ${routeExtras(r)}` : ""));
    for (const r of p.routesRemoved) out.push(routeLine("-", r));
    for (const r of p.routesChanged) {
      out.push(`  ~ ${r.name}`);
      for (const c of r.changes) out.push(`      ${c.field}: ${value(c.field, c.from)} -> ${value(c.field, c.to)}`);
    }
    if (p.routeOrderChanged) out.push("  route order changed (the first matching route wins)");
    if (p.retryBudget) out.push(`  retryBudget: ${budget(p.retryBudget.from)} -> ${budget(p.retryBudget.to)}`);
    for (const w of p.shadowing ?? []) out.push(`  warning: ${shadowLine(w)}`);
    if (p.verification) out.push(...verificationText(p, p.verification));
  }
  const inert = inertSaid(report);
  for (const d of report.routeSets ?? []) {
    out.push("", `${routeSetTitle(d)}: ${d.status} (${d.routes.path})`);
    for (const n of routeSetNotes(d, inert)) out.push(`  note: ${n}`);
    for (const l of d.losses ?? []) out.push(`  warning: ${lossLine(l)}`);
    for (const w of gatewayShadowLines(d.shadowing ?? [])) out.push(`  warning: ${w}`);
    for (const r of d.rulesAdded) out.push(`  + ${r.name}  [${r.matches.join("; ")}] in ${r.object}${ruleExtras(r) ? `, ${ruleExtras(r)}` : ""}`);
    for (const r of d.rulesRemoved) out.push(`  - ${r.name}  [${r.matches.join("; ")}] in ${r.object}`);
    for (const r of d.rulesChanged) {
      out.push(`  ~ ${r.name}`);
      for (const c of r.changes) out.push(`      ${c.field}: ${ruleValue(c.field, c.from)} -> ${ruleValue(c.field, c.to)}`);
    }
    if (d.verification) out.push(...verificationText({ status: "changed" }, d.verification));
  }
  if (report.errors.length) {
    out.push("", "Errors (these services are not compared):");
    for (const e of report.errors) for (const d of e.diagnostics) out.push(`  ${e.service} (${e.namespace}) at ${e.side}: ${diagnosticLine(d)}`);
  }
  out.push("");
  if (!report.stale.checked) out.push(`Committed profiles at head: not checked (${report.stale.reason})`);
  else if (report.stale.upToDate) out.push("Committed profiles at head: up to date");
  else {
    out.push("Committed profiles at head: out of date (run serviceprofile-sync sync):");
    for (const f of report.stale.files) out.push(`  ${f.path}: ${staleWords(f)}`);
  }
  if (report.unmapped.length) {
    out.push(`Unmapped specs (no service in the config uses them):`);
    for (const u of report.unmapped) out.push(`  ${u.path} (${u.kind})`);
  }
  out.push(`Summary: ${summaryLine(report)}`);
  return out.join("\n") + "\n";
}

// ---------------------------------------------------------------------------
// Markdown

/** Inline code that survives any content, and table cells that survive `|`. */
function code(s: string): string {
  const ticks = s.includes("`") ? "``" : "`";
  const pad = ticks.length > 1 ? " " : "";
  return `${ticks}${pad}${s.replace(/\|/g, "\\|").replace(/\r?\n/g, " ")}${pad}${ticks}`;
}

function cell(s: string): string {
  return s.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function changeCell(c: FieldChange): string {
  return `${c.field}: ${code(value(c.field, c.from))} → ${code(value(c.field, c.to))}`;
}

function routeRows(p: ProfileDiff): string[] {
  const rows: string[] = [];
  const matchCells = (r: RouteSummary) => `${r.method ?? ""} | ${r.pathRegex !== null ? code(shorten(r.pathRegex)) : ""}`;
  for (const r of p.routesAdded) {
    const extra = routeExtras(r);
    rows.push(`| + | ${code(r.name)} | ${matchCells(r)} | added${extra ? `: ${cell(extra)}` : ""} |`);
  }
  for (const r of p.routesRemoved) rows.push(`| − | ${code(r.name)} | ${matchCells(r)} | removed |`);
  for (const r of p.routesChanged) rows.push(`| ~ | ${code(r.name)} | | | ${r.changes.map(changeCell).join("<br>")} |`);
  return rows;
}

/** A profile's heading, notes and route table; at most `rowLimit` rows, with a line saying how many were left out. */
function profileBlock(p: ProfileDiff, rowLimit = Infinity): string {
  const lines: string[] = [];
  const counts = countsNote(
    [
      ["+", p.routesAdded.length],
      ["−", p.routesRemoved.length],
      ["~", p.routesChanged.length],
    ],
    "route",
  );
  const heading = `**${code(p.profile.name)}** in ${code(p.profile.namespace)} — ${p.status}${counts}`;
  lines.push(`#### ${heading}`, "");
  const notes: string[] = [];
  if (p.name) notes.push(`name: ${code(p.name.from)} → ${code(p.name.to)}`);
  if (p.retryBudget) notes.push(`retry budget: ${budget(p.retryBudget.from)} → ${budget(p.retryBudget.to)}`);
  if (p.routeOrderChanged) notes.push("route order changed (the first matching route wins)");
  for (const w of p.shadowing ?? []) notes.push(`⚠️ ${cell(shadowLine(w))}`);
  if (notes.length) lines.push(notes.map((n) => `- ${n}`).join("\n"), "");
  const allRows = routeRows(p);
  const rows = allRows.length > rowLimit ? [...allRows.slice(0, rowLimit), `| | … ${plural(allRows.length - rowLimit, "more route change")} left out to fit | | | |`] : allRows;
  if (rowLimit === 0 && allRows.length) {
    lines.push(`_${plural(allRows.length, "route change")} left out to fit; the job summary or \`diff --format json\` has them all._`, "");
  } else if (rows.length) {
    const table = ["| | Route | Method | Path regex | Change |", "|---|---|---|---|---|", ...rows].join("\n");
    if (rows.length > FOLD_ROWS) lines.push(`<details><summary>${rows.length} route changes in ${escapeHtml(p.profile.path)}</summary>`, "", table, "", "</details>");
    else lines.push(table);
    lines.push("");
  }
  if (p.verification) lines.push(...verificationMarkdown(p, p.verification));
  return lines.join("\n") + "\n";
}

function ruleRows(d: RouteSetDiff): string[] {
  const rows: string[] = [];
  const matchCell = (r: RuleSummary) => r.matches.map(code).join("<br>");
  for (const r of d.rulesAdded) rows.push(`| + | ${code(r.name)} | ${code(r.object)} | ${matchCell(r)} | added${ruleExtras(r) ? `: ${cell(ruleExtras(r))}` : ""} |`);
  for (const r of d.rulesRemoved) rows.push(`| − | ${code(r.name)} | ${code(r.object)} | ${matchCell(r)} | removed |`);
  for (const r of d.rulesChanged) rows.push(`| ~ | ${code(r.name)} | | | ${r.changes.map((c) => `${c.field}: ${code(ruleValue(c.field, c.from))} → ${code(ruleValue(c.field, c.to))}`).join("<br>")} |`);
  return rows;
}

function routeSetBlock(d: RouteSetDiff, rowLimit = Infinity, inert: ReadonlySet<string> = new Set()): string {
  const counts = countsNote(
    [
      ["+", d.rulesAdded.length],
      ["−", d.rulesRemoved.length],
      ["~", d.rulesChanged.length],
    ],
    "rule",
  );
  const lines = [`#### ${d.routes.kind}s of **${code(`${d.routes.service}.${d.routes.serviceNamespace}`)}** in ${code(d.routes.namespace)} — ${d.status}${counts}`, ""];
  const notes = routeSetNotes(d, inert);
  if (d.replacesProfile) lines.push(`> [!IMPORTANT]\n> These routes replace the ServiceProfile this change deletes: ${SWITCH_NOTE}.`, "");
  const rest = notes.filter((n) => !n.startsWith("replaces the ServiceProfile")).map(cell);
  const losses = d.losses ?? [];
  for (const l of losses.slice(0, MAX_LOSSES_MD)) rest.push(`⚠️ ${cell(lossLine(l))}`);
  if (losses.length > MAX_LOSSES_MD) rest.push(`… and ${plural(losses.length - MAX_LOSSES_MD, "more loss", "more losses")} (\`diff --format json\` lists them all)`);
  for (const w of gatewayShadowLines(d.shadowing ?? [])) rest.push(`⚠️ ${cell(w)}`);
  if (rest.length) lines.push(rest.map((n) => `- ${n}`).join("\n"), "");
  const all = ruleRows(d);
  const rows = all.length > rowLimit ? [...all.slice(0, rowLimit), `| | … ${plural(all.length - rowLimit, "more rule change")} left out to fit | | | |`] : all;
  if (rows.length) {
    const table = ["| | Route | Object | Match | Change |", "|---|---|---|---|---|", ...rows].join("\n");
    if (rows.length > FOLD_ROWS) lines.push(`<details><summary>${rows.length} rule changes in ${escapeHtml(d.routes.path)}</summary>`, "", table, "", "</details>");
    else lines.push(table);
    lines.push("");
  }
  if (d.verification) lines.push(...verificationMarkdown({ status: "changed" }, d.verification));
  return lines.join("\n") + "\n";
}

function verificationMarkdown(p: Pick<ProfileDiff, "status">, v: ProfileVerification): string[] {
  const lines: string[] = [];
  const errors = v.problems.filter((d) => d.severity === "error");
  const icon = v.newlyUnmatched.requests || errors.length ? "⚠️ " : "";
  lines.push(`**Recorded traffic:** ${icon}${cell(verificationLine(p, v))}.`, "");
  const added = p.status === "added";
  const groups = added ? v.unmatched.groups : v.newlyUnmatched.groups;
  if (groups.length) {
    const total = added ? v.unmatched.requests : v.newlyUnmatched.requests;
    const title = added ? `${plural(total, "request")} matching no route, by path` : `${plural(total, "request")} that would newly match no route, by path`;
    const rows = groups.slice(0, MAX_GROUPS_MD).map((g) => `| ${count(g.count)} | ${g.method} | ${code(shorten(g.path))} | ${code(shorten(g.example))} |`);
    const more = groups.length > MAX_GROUPS_MD ? [`| | | … and ${plural(groups.length - MAX_GROUPS_MD, "more path")} | |`] : [];
    lines.push(`<details><summary>${escapeHtml(title)}</summary>`, "", "| Requests | Method | Path | Example |", "|---:|---|---|---|", ...rows, ...more, "", "</details>", "");
  }
  const notes: string[] = [];
  for (const s of v.shadowed.slice(0, MAX_NAMES)) notes.push(`can never match: ${code(shorten(s.route))} (${cell(shadowReason(s))})`);
  if (v.shadowed.length > MAX_NAMES) notes.push(`… and ${plural(v.shadowed.length - MAX_NAMES, "more route")} that can never match`);
  if (v.neverHit.length && v.requests) notes.push(`no recorded request hits ${names(v.neverHit, code)}`);
  for (const d of v.problems) notes.push(`${d.severity === "error" ? "could not use a recording" : "recording warning"}: ${code(diagnosticLine(d))}`);
  if (v.recordings.length) notes.push(`replayed ${v.recordings.map((r) => `${code(r.file)} (${count(r.events)} ${r.events === 1 ? "event" : "events"})`).join(", ")}`);
  if (notes.length) lines.push(notes.map((n) => `- ${n}`).join("\n"), "");
  return lines;
}

function listBlock(title: string, items: string[]): string {
  if (items.length === 0) return "";
  const list = items.map((i) => `- ${i}`).join("\n");
  if (items.length > FOLD_LIST) return `<details><summary>${escapeHtml(title)} (${items.length})</summary>\n\n${list}\n\n</details>\n\n`;
  return `**${title}**\n\n${list}\n\n`;
}

interface Block {
  text: string;
  /** What the omission note says when the block is left out. */
  kind: "profile" | "error" | "unmapped" | "stale" | "findings" | "other";
  routes?: number;
  /** Index into report.profiles, for profile blocks. */
  profileIndex?: number;
}

export interface MarkdownOptions {
  /** Hard cap on the output length (default 60,000, under GitHub's 65,536 comment limit). */
  maxChars?: number;
  /** First line; default "### ServiceProfile changes". */
  title?: string;
}

export function renderMarkdown(report: DiffReport, options: MarkdownOptions = {}): string {
  const maxChars = options.maxChars ?? DEFAULT_MARKDOWN_MAX_CHARS;
  const head = [
    options.title ?? "### ServiceProfile changes",
    "",
    `**${cell(summaryLine(report))}**`,
    "",
    `Comparing ${code(sideName(report.base))} → ${code(sideName(report.head))}.`,
    "",
    "",
  ].join("\n");

  const blocks: Block[] = [];
  if (report.findings) {
    const text = findingsMarkdown(report.findings);
    if (text) blocks.push({ kind: "findings", text });
  }
  for (const c of report.configErrors) {
    blocks.push({ kind: "error", text: listBlock(`Config errors at ${c.side} (nothing compared)`, c.diagnostics.map((d) => code(diagnosticLine(d)))) });
  }
  if (report.errors.length) {
    const items = report.errors.flatMap((e) => e.diagnostics.map((d) => `${code(`${e.service} (${e.namespace})`)} at ${e.side}: ${code(diagnosticLine(d))}`));
    blocks.push({ kind: "error", text: listBlock("Services that failed to generate (not compared)", items) });
  }
  report.profiles.forEach((p, profileIndex) =>
    blocks.push({ kind: "profile", text: profileBlock(p), routes: p.routesAdded.length + p.routesRemoved.length + p.routesChanged.length, profileIndex }),
  );
  const inert = inertSaid(report);
  for (const d of report.routeSets ?? []) {
    blocks.push({ kind: "profile", text: routeSetBlock(d, Infinity, inert), routes: d.rulesAdded.length + d.rulesRemoved.length + d.rulesChanged.length });
  }
  if (report.stale.checked && !report.stale.upToDate) {
    blocks.push({
      kind: "stale",
      text: listBlock(
        "Committed profiles out of date — run `serviceprofile-sync sync` and commit",
        report.stale.files.map((f) => `${code(f.path)}: ${staleWords(f)}`),
      ),
    });
  }
  if (report.unmapped.length) {
    blocks.push({ kind: "unmapped", text: listBlock("Unmapped specs (no service in the config uses them)", report.unmapped.map((u) => `${code(u.path)} (${u.kind})`)) });
  }

  const whole = head + blocks.map((b) => b.text).join("");
  if (whole.length <= maxChars) return whole;
  return shrunkToFit(head, blocks, report, maxChars) ?? droppedToFit(head, blocks, maxChars);
}

/**
 * Every block kept, but the route tables of profiles cut row by row, in order,
 * so a reviewer still sees every profile that changed and the stale files.
 * Undefined when even the headings do not fit.
 */
function shrunkToFit(head: string, blocks: Block[], report: DiffReport, maxChars: number): string | undefined {
  const profiles = new Map(report.profiles.map((p, i) => [blocks.findIndex((b) => b.profileIndex === i), p]));
  const texts = blocks.map((b, i) => (profiles.has(i) ? profileBlock(profiles.get(i)!, 0) : b.text));
  const size = () => head.length + texts.reduce((n, t) => n + t.length, 0);
  if (size() > maxChars) return undefined;
  for (const [i, p] of profiles) {
    const budget = maxChars - size() + texts[i]!.length;
    // The most rows of this profile that fit in what is left.
    let lo = 0;
    let hi = p.routesAdded.length + p.routesRemoved.length + p.routesChanged.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (profileBlock(p, mid).length <= budget) lo = mid;
      else hi = mid - 1;
    }
    texts[i] = profileBlock(p, lo);
  }
  return head + texts.join("");
}

/** Blocks kept in order while they fit, with a note on what was left out. */
function droppedToFit(head: string, blocks: Block[], maxChars: number): string {
  let kept = blocks.length;
  const assemble = (n: number) => {
    const left = blocks.slice(n);
    return head + blocks.slice(0, n).map((b) => b.text).join("") + omissionNote(left);
  };
  let text = assemble(kept);
  while (text.length > maxChars && kept > 0) {
    let lo = 0;
    let hi = kept - 1;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (assemble(mid).length <= maxChars) lo = mid;
      else hi = mid - 1;
    }
    kept = lo;
    text = assemble(kept);
    if (kept === 0) break;
  }
  if (text.length > maxChars) {
    const note = "\n\n_(cut to fit the size limit)_\n";
    text = text.slice(0, Math.max(0, maxChars - note.length)) + note;
    text = text.slice(0, maxChars);
  }
  return text;
}

function omissionNote(left: Block[]): string {
  if (left.length === 0) return "";
  const profiles = left.filter((b) => b.kind === "profile");
  const routes = profiles.reduce((n, b) => n + (b.routes ?? 0), 0);
  const parts: string[] = [];
  if (profiles.length) parts.push(`${plural(profiles.length, "profile")} (${plural(routes, "route change")})`);
  if (left.some((b) => b.kind === "findings")) parts.push("the findings");
  if (left.some((b) => b.kind === "error")) parts.push("error details");
  if (left.some((b) => b.kind === "stale")) parts.push("the list of out-of-date files");
  if (left.some((b) => b.kind === "unmapped")) parts.push("the list of unmapped specs");
  return `> [!NOTE]\n> Left out to stay under the comment size limit: ${parts.join(", ")}. Run \`serviceprofile-sync diff\` locally or read the JSON report (\`--format json\`) for everything.\n`;
}
