/**
 * What the repository commands (sync, check, diff, init) share: their common
 * flags, how they report config problems, plan problems, hand edits and old
 * output directories, phase timings, and planning the work tree.
 */
import { performance } from "node:perf_hooks";
import { EXIT_FAILURE, type CliIO } from "./command.js";
import { formatDiagnostic } from "../model/diagnostic.js";
import { ConfigError, loadConfig, profilePath, type RepoConfig } from "../repo/config.js";
import { plan, serviceLabel, type Plan } from "../repo/plan.js";
import { assessChanges, HAND_EDIT_HINT, protectUnsavedEdits, writtenBySync, type Assessment } from "../repo/changes.js";
import { findOrphanOutputs, type OrphanOutput } from "../repo/orphans.js";
import { gitCopies } from "../git.js";
import { readOutputDir, workTreeTextReader } from "../repo/write.js";
import { listWorkTreeFiles } from "../repo/discover.js";
import type { Workspace } from "../repo/workspace.js";
import { LOSS_CODE } from "../targets/gateway/emit.js";

export const repoOptions = {
  config: { type: "string" },
  root: { type: "string" },
  timings: { type: "boolean" },
} as const;

/** Prints a config's problems (all of them) and returns the exit code; rethrows anything else. */
export function reportConfigError(io: CliIO, err: unknown): number {
  if (err instanceof ConfigError) {
    for (const d of err.diagnostics) io.stderr.write(`error: ${formatDiagnostic(d)}\n`);
    io.stderr.write(`${plural(err.diagnostics.length, "problem")} in ${err.diagnostics[0]!.file}; nothing was generated\n`);
    return EXIT_FAILURE;
  }
  throw err;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * Service errors with the service named, warnings, and unmapped specs, on stderr.
 * What the routes cannot carry over is said with the change that writes them (`changed`: the
 * paths about to be created, updated or deleted), not again on every later run.
 */
export function reportPlanProblems(io: CliIO, p: Plan, changed?: ReadonlySet<string>): void {
  for (const s of p.services) {
    for (const d of s.errors) io.stderr.write(`error: ${serviceLabel(s.config)}: ${formatDiagnostic(d)}\n`);
    // The route file is written, or the ServiceProfile that won over it is deleted (target both -> gateway).
    const hasProfile = (ns: string) => s.profiles.some((g) => g.kind === "serviceprofile" && g.profileNamespace === ns);
    const switched = (ns: string) => !hasProfile(ns) && changed!.has(profilePath(p.config.output, ns, s.config.name));
    const routesChange = !changed || s.profiles.some((f) => f.kind === "routes" && (changed.has(f.path) || switched(f.profileNamespace)));
    for (const d of s.warnings) if (d.code !== LOSS_CODE || routesChange) io.stderr.write(`warning: ${serviceLabel(s.config)}: ${formatDiagnostic({ ...d, severity: "error" })}\n`);
    if (s.kept.length) io.stderr.write(`  kept as committed: ${s.kept.join(", ")}\n`);
  }
  if (p.unmapped.length) {
    io.stderr.write(`warning: ${plural(p.unmapped.length, "spec file")} not used by any service in ${p.config.file}:\n`);
    for (const u of p.unmapped) io.stderr.write(`  ${u.path} (${u.kind})\n`);
    io.stderr.write(`  hint: add a service entry for each, or list them under ignore: in ${p.config.file}\n`);
  }
}

/** The files a change creates, updates or deletes. */
export function changedPaths(a: Assessment): Set<string> {
  return new Set(a.changes.map((c) => c.path));
}

/** When the changes happen: `sync` (now), `sync --dry-run` (would), `check` (will). */
export type Tense = "now" | "would" | "will";

/** One warning per edited file sync overwrites or deletes (the refused ones are errors instead). */
export function reportHandEdits(io: CliIO, a: Assessment, tense: Tense): void {
  const forced = new Set(a.forced.map((c) => c.path));
  for (const c of a.changes) {
    if (!c.handEdited && !forced.has(c.path)) continue;
    const who = tense === "now" ? "" : tense === "would" ? "sync would " : "sync will ";
    const verb = c.action === "delete" ? "delete it" : "overwrite the edit";
    if (forced.has(c.path) && tense === "will") {
      // check plans as if forced, to show the diff; sync itself refuses without --force.
      io.stderr.write(`warning: ${c.path} was edited by hand and the edit exists nowhere else; sync will refuse to ${verb} until it is committed (git add is enough), or run with --force\n  hint: ${HAND_EDIT_HINT}\n`);
      continue;
    }
    const act = tense === "now" ? (c.action === "delete" ? "the file is deleted" : "the edit is overwritten") : `${who}${verb}`;
    const where = forced.has(c.path) ? " and the edit exists nowhere else" : " (git has the edited version)";
    io.stderr.write(`warning: ${c.path} was edited by hand${where}; ${act}${forced.has(c.path) ? " (--force)" : ""}\n  hint: ${HAND_EDIT_HINT}\n`);
  }
}

/** Old output directories whose generated files are deleted, or kept because a service failed. */
export function reportOrphans(io: CliIO, state: { orphans: OrphanOutput[]; keptOrphans: OrphanOutput[]; config: RepoConfig }, tense: Tense): void {
  const { config } = state;
  const verb = tense === "now" ? "deletes" : tense === "would" ? "would delete" : "will delete";
  for (const o of state.orphans) {
    io.stderr.write(`note: ${o.dir}/ was the output directory of ${config.file} before output: became ${config.output}; sync ${verb} the files it generated there\n`);
  }
  for (const o of state.keptOrphans) {
    io.stderr.write(`note: ${o.dir}/ was the output directory of ${config.file} before output: became ${config.output}; its generated files are kept until every service generates\n`);
  }
}

export function reportForeign(io: CliIO, a: Assessment, config: RepoConfig): void {
  if (a.foreign.length === 0) return;
  const where = a.foreign.every((f) => f.startsWith(`${config.output}/`)) ? ` in ${config.output}/` : "";
  io.stderr.write(`note: ${plural(a.foreign.length, "file")}${where} not generated by serviceprofile-sync (left alone, not in kustomization.yaml): ${a.foreign.join(", ")}\n`);
}

export interface Timings {
  [phase: string]: number;
}

export function timer(): { mark(phase: string): void; done(extra?: Record<string, number>): Timings } {
  const start = performance.now();
  let last = start;
  const out: Timings = {};
  return {
    mark(phase) {
      const now = performance.now();
      out[phase] = Math.round((now - last) * 100) / 100;
      last = now;
    },
    done(extra = {}) {
      out.total = Math.round((performance.now() - start) * 100) / 100;
      return { ...out, ...extra };
    },
  };
}

/** Loads config, plans and reads the manifests directory: what sync and check share. */
export async function planWorkTree(ws: Workspace, options: { reuse: boolean; force?: boolean }, t: ReturnType<typeof timer>) {
  const config = await loadConfig(ws.reader, ws.configPath);
  t.mark("config");
  const files = await listWorkTreeFiles(ws.root);
  t.mark("list");
  // Read once: the plan reuses committed files from it, the assessment compares against it.
  const existing = await readOutputDir(ws.root, config.output);
  const p = await plan(ws.reader, config, { repoFiles: files, reuse: options.reuse, committed: existing });
  t.mark("plan");
  const orphans = await findOrphanOutputs(config, files, workTreeTextReader(ws.root));
  const assessed = assessChanges(p, existing, orphans);
  // Git is asked only when a change would destroy content sync cannot prove it wrote.
  const unproven = assessed.changes.some((c) => c.before !== undefined && !writtenBySync(c.before));
  const copies = unproven && ws.inGit ? await gitCopies(ws.root, [config.output, ...orphans.map((o) => o.dir)]) : undefined;
  const assessment = protectUnsavedEdits(assessed, copies, options.force === true);
  t.mark("assess");
  // Only directories with something left to delete are reported and cleaned.
  const orphanDirs = orphans.filter((o) => assessment.changes.some((c) => c.orphan && c.path.startsWith(`${o.dir}/`)));
  // Kept whole while a service fails (see assessChanges): said, so the leftover is no surprise.
  const keptOrphans = p.errors.length ? orphans : [];
  return { config, plan: p, assessment, orphans: orphanDirs, keptOrphans, files };
}
