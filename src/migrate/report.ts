/**
 * The migration report: per profile what carried over, what did not (each
 * naming its route), regexes carried over in other words, precedence
 * changes with example requests, and with recordings how many requests
 * change route or would get 404. Text, markdown and JSON from one value.
 */
import { formatDiagnostic, type Diagnostic } from "../model/diagnostic.js";
import type { Carried, Loss, Migration, Rewrite } from "./convert.js";
import type { PrecedenceChange, TapReplay } from "./precedence.js";

export const MIGRATE_REPORT_VERSION = 1;

export interface ProfileReport {
  file: string;
  profile: { name: string; namespace: string };
  service: string;
  namespace: string;
  kind: Migration["kind"];
  via: Migration["via"];
  objects: string[];
  carried: Carried[];
  lost: Loss[];
  rewrites: Rewrite[];
  precedence: { probes: number; changes: PrecedenceChange[] };
  tap?: TapReplay;
  notes: Diagnostic[];
}

export interface ConfigChange {
  file: string;
  service: string;
  from: string;
  to: string;
  /** Files the next sync deletes and writes. */
  deletes: string[];
  writes: string[];
}

export interface MigrateReport {
  version: typeof MIGRATE_REPORT_VERSION;
  profiles: ProfileReport[];
  totals: { profiles: number; objects: number; carried: number; lost: number; precedenceChanges: number; tapRequests: number; tapChanged: number; tapNotFound: number };
  config?: { file: string; changes: ConfigChange[]; unchanged: string[] };
  /** Set by the face: whether --fail-on-loss (or the 404 threshold) failed the run. */
  failed?: string[];
}

export type MigrateFormat = "text" | "markdown" | "json";

export function summarize(profiles: ProfileReport[]): MigrateReport["totals"] {
  const sum = (f: (p: ProfileReport) => number) => profiles.reduce((n, p) => n + f(p), 0);
  return {
    profiles: profiles.length,
    objects: sum((p) => p.objects.length),
    carried: sum((p) => p.carried.length),
    lost: sum((p) => p.lost.length),
    precedenceChanges: sum((p) => p.precedence.changes.length),
    tapRequests: sum((p) => p.tap?.requests ?? 0),
    tapChanged: sum((p) => p.tap?.changed ?? 0),
    tapNotFound: sum((p) => p.tap?.notFound ?? 0),
  };
}

function request(c: PrecedenceChange): string {
  return `${c.request.method} ${c.request.path}`;
}

function change(c: PrecedenceChange): string {
  const to = c.gateway === undefined ? "404" : `"${c.gateway}"`;
  return `${request(c)}: profile "${c.profile ?? "[DEFAULT]"}", now ${to}${c.explanation ? ` (${c.explanation})` : ""}`;
}

function lossLine(l: Loss): string {
  return `${l.route !== undefined ? `route "${l.route}": ` : ""}${l.message} [${l.kind}, ${l.pointer}]`;
}

export function renderMigrateText(r: MigrateReport): string {
  const out: string[] = [];
  const t = r.totals;
  out.push(`migrate: ${t.profiles} profile(s) -> ${t.objects} route object(s); ${t.carried} route(s) carried over, ${t.lost} thing(s) not carried over, ${t.precedenceChanges} precedence change(s)`);
  for (const p of r.profiles) {
    out.push("", `${p.file}: ${p.profile.namespace}/${p.profile.name} -> ${p.objects.length} ${p.kind}(s) for service ${p.namespace}/${p.service} (${p.via === "emitter" ? "route model" : "rules from the conditions"})`);
    out.push(`  carried over (${p.carried.length}):`);
    for (const c of p.carried) out.push(`    "${c.route}" -> ${c.object} rule ${c.rule}: ${c.fields.join("; ")}`);
    out.push(`  not carried over (${p.lost.length}):${p.lost.length ? "" : " nothing"}`);
    for (const l of p.lost) out.push(`    ${lossLine(l)}`);
    if (p.rewrites.length) {
      out.push(`  regexes rewritten (${p.rewrites.length}):`);
      for (const w of p.rewrites) out.push(`    route "${w.route}": ${JSON.stringify(w.pathRegex)} -> ${JSON.stringify(w.value)}: ${w.reason}`);
    }
    out.push(`  precedence: ${p.precedence.changes.length} change(s) in ${p.precedence.probes} request(s) asked`);
    for (const c of p.precedence.changes) out.push(`    ${change(c)}`);
    if (p.tap) {
      out.push(`  recorded: ${p.tap.requests} request(s), ${p.tap.changed} change route, ${p.tap.notFound} would get 404, ${p.tap.tieBreaks} kept by a tie-break only`);
      for (const e of p.tap.examples) out.push(`    ${e.count} x ${change(e)}`);
    }
    for (const n of p.notes) out.push(`  note: ${formatDiagnostic(n)}`);
  }
  if (r.config) {
    out.push("", `config ${r.config.file}:${r.config.changes.length ? "" : " nothing to change"}`);
    for (const c of r.config.changes) {
      out.push(`  ${c.service}: target ${c.from} -> ${c.to}; the next sync deletes ${c.deletes.join(", ") || "nothing"} and writes ${c.writes.join(", ")}`);
    }
    for (const u of r.config.unchanged) out.push(`  ${u}`);
    if (r.config.changes.length) out.push("  after the profile is deleted, running clients may keep it until their cache refreshes: restart the client pods (linkerd/linkerd2#11032)");
  }
  for (const f of r.failed ?? []) out.push("", `FAILED: ${f}`);
  return out.join("\n") + "\n";
}

function md(text: string): string {
  return text.replace(/([|*_`[\]<>])/g, "\\$1");
}

export function renderMigrateMarkdown(r: MigrateReport): string {
  const t = r.totals;
  const out: string[] = ["## ServiceProfile migration", "", `${t.profiles} profile(s) -> ${t.objects} route object(s): **${t.carried}** route(s) carried over, **${t.lost}** not carried over, **${t.precedenceChanges}** precedence change(s).`];
  for (const p of r.profiles) {
    out.push("", `### ${md(p.profile.namespace)}/${md(p.profile.name)}`, "", `\`${p.file}\` -> ${p.objects.length} ${p.kind}(s) for service ${md(p.namespace)}/${md(p.service)}.`, "");
    out.push("| route | object | rule | carried over |", "| --- | --- | --- | --- |");
    for (const c of p.carried) out.push(`| ${md(c.route)} | ${md(c.object)} | ${c.rule} | ${md(c.fields.join("; "))} |`);
    out.push("", `**Not carried over (${p.lost.length})**${p.lost.length ? "" : ": nothing"}`);
    for (const l of p.lost) out.push(`- ${md(lossLine(l))}`);
    if (p.rewrites.length) {
      out.push("", "**Regexes rewritten**");
      for (const w of p.rewrites) out.push(`- route ${md(w.route)}: \`${w.pathRegex}\` -> \`${w.value}\`: ${md(w.reason)}`);
    }
    out.push("", `**Precedence**: ${p.precedence.changes.length} change(s) in ${p.precedence.probes} request(s) asked`);
    for (const c of p.precedence.changes) out.push(`- ${md(change(c))}`);
    if (p.tap) {
      out.push("", `**Recorded traffic**: ${p.tap.requests} request(s), ${p.tap.changed} change route, ${p.tap.notFound} would get 404, ${p.tap.tieBreaks} kept by a tie-break only`);
      for (const e of p.tap.examples) out.push(`- ${e.count} × ${md(change(e))}`);
    }
    for (const n of p.notes) out.push(`- note: ${md(formatDiagnostic(n))}`);
  }
  if (r.config) {
    out.push("", `### Config \`${r.config.file}\``);
    for (const c of r.config.changes) out.push(`- ${md(c.service)}: target ${c.from} -> ${c.to}; the next sync deletes ${md(c.deletes.join(", ") || "nothing")} and writes ${md(c.writes.join(", "))}`);
    for (const u of r.config.unchanged) out.push(`- ${md(u)}`);
  }
  for (const f of r.failed ?? []) out.push("", `**Failed**: ${md(f)}`);
  return out.join("\n") + "\n";
}

export function renderMigrateReport(r: MigrateReport, format: MigrateFormat): string {
  if (format === "json") return JSON.stringify(r, null, 2) + "\n";
  return format === "markdown" ? renderMigrateMarkdown(r) : renderMigrateText(r);
}
