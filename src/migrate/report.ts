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

/** Deleting a migrated profile from the cluster: `kubectl apply -k` does not prune it, and while it exists it wins over the routes. */
export interface SwitchCommand {
  profile: string;
  namespace: string;
  command: string;
}

export interface MigrateReport {
  version: typeof MIGRATE_REPORT_VERSION;
  profiles: ProfileReport[];
  totals: { profiles: number; objects: number; carried: number; lost: number; precedenceChanges: number; tapRequests: number; tapChanged: number; tapNotFound: number };
  /** One per profile: the command that removes it once the routes are applied. */
  switch: SwitchCommand[];
  /** `written`: false when the run failed or nothing changed (the config file is as it was). */
  config?: { file: string; changes: ConfigChange[]; unchanged: string[]; written: boolean };
  /** Set by the face: whether --fail-on-loss (or the 404 threshold) failed the run. */
  failed?: string[];
}

export type MigrateFormat = "text" | "markdown" | "json";

export interface RenderOptions {
  /** Every carried-over route on its own line (text and markdown; JSON always has them). */
  verbose?: boolean;
}

/**
 * The first line of migrated YAML: where it came from. Not the generated-file
 * mark (`DO NOT EDIT`): migrated routes are maintained by hand from here on,
 * and `sync` must not take them for files it may overwrite.
 */
export function migratedHeader(sources: string[]): string {
  return `# Migrated from ServiceProfiles${sources.length ? ` (${sources.join(", ")})` : ""} by serviceprofile-sync migrate.`;
}

/** The shell word for a Kubernetes name (names are DNS labels/subdomains; anything else is quoted). */
function shellWord(s: string): string {
  return /^[A-Za-z0-9._-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`;
}

export function switchCommands(profiles: readonly ProfileReport[]): SwitchCommand[] {
  return profiles.map((p) => ({ profile: p.profile.name, namespace: p.profile.namespace, command: `kubectl delete serviceprofile ${shellWord(p.profile.name)} -n ${shellWord(p.profile.namespace)}` }));
}

const SWITCH_NOTE =
  "once the routes are applied, delete each migrated ServiceProfile (it wins over the routes while it exists, and kubectl apply -k does not prune it); running clients may keep it until their cache refreshes: restart the client pods (linkerd/linkerd2#11032)";

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

function profileLabel(p: ProfileReport): string {
  return `${p.profile.namespace}/${p.profile.name}`;
}

function carriedLine(c: Carried): string {
  return `"${c.route}" -> ${c.object} rule ${c.rule}: ${c.fields.join("; ")}`;
}

export function renderMigrateText(r: MigrateReport, options: RenderOptions = {}): string {
  const out: string[] = [];
  const t = r.totals;
  out.push(`migrate: ${t.profiles} profile(s) -> ${t.objects} route object(s); ${t.lost} thing(s) not carried over, ${t.precedenceChanges} precedence change(s), ${t.carried} route(s) carried over`);
  // What is lost comes first, all of it in one place, each said once.
  out.push("", `not carried over (${t.lost}):${t.lost ? "" : " nothing"}`);
  for (const p of r.profiles) for (const l of p.lost) out.push(`  ${profileLabel(p)} (${p.file}): ${lossLine(l)}`);
  for (const p of r.profiles) {
    out.push("", `${p.file}: ${profileLabel(p)} -> ${p.objects.length} ${p.kind}(s) for service ${p.namespace}/${p.service} (${p.via === "emitter" ? "route model" : "rules from the conditions"})`);
    out.push(`  carried over: ${p.carried.length} route(s)${options.verbose || p.carried.length === 0 ? "" : " (--verbose-report lists them)"}`);
    if (options.verbose) for (const c of p.carried) out.push(`    ${carriedLine(c)}`);
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
    out.push("", `config ${r.config.file}:${r.config.changes.length ? (r.config.written ? "" : " not written (the run failed)") : " nothing to change"}`);
    for (const c of r.config.changes) {
      out.push(`  ${c.service}: target ${c.from} -> ${c.to}; the next sync deletes ${c.deletes.join(", ") || "nothing"} and writes ${c.writes.join(", ")}`);
    }
    for (const u of r.config.unchanged) out.push(`  ${u}`);
  }
  if (r.switch.length) {
    out.push("", `switch: ${SWITCH_NOTE}:`);
    for (const c of r.switch) out.push(`  ${c.command}`);
  }
  for (const f of r.failed ?? []) out.push("", `FAILED: ${f}`);
  return out.join("\n") + "\n";
}

function md(text: string): string {
  return text.replace(/([|*_`[\]<>])/g, "\\$1");
}

export function renderMigrateMarkdown(r: MigrateReport, options: RenderOptions = {}): string {
  const t = r.totals;
  const out: string[] = ["## ServiceProfile migration", "", `${t.profiles} profile(s) -> ${t.objects} route object(s): **${t.lost}** not carried over, **${t.precedenceChanges}** precedence change(s), **${t.carried}** route(s) carried over.`];
  out.push("", `### Not carried over (${t.lost})`, "");
  if (!t.lost) out.push("Nothing.");
  for (const p of r.profiles) for (const l of p.lost) out.push(`- ${md(profileLabel(p))}: ${md(lossLine(l))}`);
  for (const p of r.profiles) {
    out.push("", `### ${md(p.profile.namespace)}/${md(p.profile.name)}`, "", `\`${p.file}\` -> ${p.objects.length} ${p.kind}(s) for service ${md(p.namespace)}/${md(p.service)}: ${p.carried.length} route(s) carried over${options.verbose || p.carried.length === 0 ? "" : " (--verbose-report lists them)"}.`);
    if (options.verbose && p.carried.length) {
      out.push("", "| route | object | rule | carried over |", "| --- | --- | --- | --- |");
      for (const c of p.carried) out.push(`| ${md(c.route)} | ${md(c.object)} | ${c.rule} | ${md(c.fields.join("; "))} |`);
    }
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
    out.push("", `### Config \`${r.config.file}\`${r.config.changes.length && !r.config.written ? " (not written: the run failed)" : ""}`);
    for (const c of r.config.changes) out.push(`- ${md(c.service)}: target ${c.from} -> ${c.to}; the next sync deletes ${md(c.deletes.join(", ") || "nothing")} and writes ${md(c.writes.join(", "))}`);
    for (const u of r.config.unchanged) out.push(`- ${md(u)}`);
  }
  if (r.switch.length) {
    out.push("", "### Switch", "", `${md(SWITCH_NOTE)}:`, "", "```sh", ...r.switch.map((c) => c.command), "```");
  }
  for (const f of r.failed ?? []) out.push("", `**Failed**: ${md(f)}`);
  return out.join("\n") + "\n";
}

export function renderMigrateReport(r: MigrateReport, format: MigrateFormat, options: RenderOptions = {}): string {
  if (format === "json") return JSON.stringify(r, null, 2) + "\n";
  return format === "markdown" ? renderMigrateMarkdown(r, options) : renderMigrateText(r, options);
}
