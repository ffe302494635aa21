/**
 * What the action asks of the repository-sync engine. The real
 * implementation (engine-adapter.ts) calls src/repo and src/diff; tests of
 * the orchestration may pass a fake that returns plain reports.
 */
import type { Diagnostic } from "../model/diagnostic.js";
import type { DiffReport, StaleFile } from "../diff/routes.js";
import type { FileChange } from "./git-ops.js";

export interface Analysis {
  /**
   * The versioned diff report (base vs the checkout). Manifests that were
   * never committed count as stale (every file "missing"): for the action a
   * config without its generated directory is out of date.
   */
  report: DiffReport;
  /** Repository-relative config path (the sticky comment's key). */
  configPath: string;
  /** Repository-relative manifests directory; undefined when head has no usable config. */
  outputDir: string | undefined;
  /** False when there was no base: the report then compares head with itself. */
  hasBase: boolean;
}

export interface AnalyzeRequest {
  repoDir: string;
  /** Absolute working directory; a relative config path is resolved from here. */
  workDir: string;
  config: string | undefined;
  /** Commit id of the base, or undefined for a stale check only. */
  base: string | undefined;
  /** How the two sides are named in the report ("main", "feature/x"). */
  baseLabel: string;
  headLabel: string;
  /** The CLI command messages tell the user to run (src/action/cli-command.ts); default `npx serviceprofile-sync`. */
  cli?: string;
}

export interface CommitPlanRequest {
  repoDir: string;
  workDir: string;
  config: string | undefined;
  /** The commit to generate from and commit onto. */
  commit: string;
}

export interface CommitPlan {
  /** Writes and deletions under the manifests directory only. */
  changes: FileChange[];
  /** The config's manifests directory at that commit (repository-relative); every change must lie inside it. */
  outputDir?: string;
  /** Earlier manifests directories of the config (its output: changed): deletions may lie inside them too. */
  orphanDirs?: string[];
  /** Problems generating at `commit`; no commit is made when there are any. */
  errors: Diagnostic[];
}

export interface Engine {
  analyze(req: AnalyzeRequest): Promise<Analysis>;
  planCommit(req: CommitPlanRequest): Promise<CommitPlan>;
}

/** Problems at head: a broken config or a service that failed to generate. */
export function headErrors(report: DiffReport): Diagnostic[] {
  return [
    ...report.configErrors.filter((c) => c.side === "head").flatMap((c) => c.diagnostics),
    ...report.errors.filter((e) => e.side === "head").flatMap((e) => e.diagnostics),
  ].filter((d) => d.severity === "error");
}

export function staleFiles(report: DiffReport): StaleFile[] {
  return report.stale.checked ? report.stale.files : [];
}

export function hasRouteChanges(report: DiffReport): boolean {
  const s = report.summary;
  const gateway = (s.routeSetsAdded ?? 0) + (s.routeSetsRemoved ?? 0) + (s.routeSetsChanged ?? 0);
  return s.profilesAdded + s.profilesRemoved + s.profilesChanged + s.routesAdded + s.routesRemoved + s.routesChanged + gateway > 0;
}
