/**
 * What the action asks of the repository-sync engine, in the action's own
 * terms. The real implementation (engine-adapter.ts) calls src/repo and
 * src/diff; tests of the orchestration can pass a fake.
 */
import type { Diagnostic } from "../model/diagnostic.js";
import type { FileChange } from "./git-ops.js";

export interface StaleFile {
  /** Repository-relative path under the manifests directory. */
  path: string;
  /** missing: not committed; changed: differs; orphaned: its service left the config. */
  reason: "missing" | "changed" | "orphaned";
}

export interface RouteCounts {
  added: number;
  removed: number;
  changed: number;
  profilesAdded: number;
  profilesRemoved: number;
}

export interface RouteDiff {
  counts: RouteCounts;
  /** The engine's markdown report, rendered to at most `maxChars` characters. */
  markdown(maxChars: number): string;
}

export interface Analysis {
  /** Repository-relative config path (the sticky comment's key). */
  configPath: string;
  /** Repository-relative manifests directory. */
  outputDir: string;
  /** Undefined when there was no base to compare with. */
  diff: RouteDiff | undefined;
  /** Generated files whose committed content differs from what the specs generate. */
  stale: StaleFile[];
  /** Problems at head: they fail the run and become annotations. */
  errors: Diagnostic[];
  warnings: Diagnostic[];
  /** Problems at base, reported but not failing (the pull request may fix them). */
  baseErrors: Diagnostic[];
  /** Spec files no service uses. */
  unmapped: string[];
  /** The versioned JSON report, written to a file for later steps. */
  reportJson: unknown;
}

export interface AnalyzeRequest {
  repoDir: string;
  /** Absolute working directory; a relative config path is resolved from here. */
  workDir: string;
  config: string | undefined;
  /** Commit id of the base, or undefined for a stale check only. */
  base: string | undefined;
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
  outputDir: string;
  /** Problems generating at `commit`; no commit is made when there are any. */
  errors: Diagnostic[];
}

export interface Engine {
  analyze(req: AnalyzeRequest): Promise<Analysis>;
  planCommit(req: CommitPlanRequest): Promise<CommitPlan>;
}
