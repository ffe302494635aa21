/**
 * Commit-and-push of regenerated profiles onto a branch, safe by design:
 * generated from the branch's current tip, never forced, retried once on a
 * tip that moved meanwhile, never on top of the action's own commit.
 */
import { PermissionError, permissionsBlock } from "../github/api.js";
import type { CommitPlanRequest, Engine } from "./engine.js";
import type { FileChange, GitOps } from "./git-ops.js";
import type { Diagnostic } from "../model/diagnostic.js";

export type CommitOutcome =
  | { status: "pushed"; commit: string; branch: string; files: string[]; attempts: number }
  | { status: "up-to-date"; branch: string }
  | { status: "own-commit"; branch: string; tip: string }
  | { status: "errors"; branch: string; errors: Diagnostic[] };

export class CommitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CommitError";
  }
}

/** What a commit method does once the files are known: make the commit and move the branch, never forced. */
export interface Publisher {
  /** How its step is named in messages: "push" (git) or "commit" (API). */
  readonly verb: string;
  publish(parent: string, changes: FileChange[], branch: string, message: string): Promise<PublishResult>;
}

/** "rejected": the branch did not take it (most often: it moved); refusals for permission are thrown. */
export type PublishResult = { status: "published"; commit: string } | { status: "unchanged" } | { status: "rejected"; detail: string };

/** `commit-method: git`: plumbing on a private index, then `git push` without force. */
export function gitPublisher(git: GitOps): Publisher {
  return {
    verb: "push",
    async publish(parent, changes, branch, message) {
      const commit = changes.length ? await git.createCommit(parent, changes, message) : undefined;
      if (!commit) return { status: "unchanged" };
      const pushed = await git.push(commit, branch);
      if (pushed.ok) return { status: "published", commit };
      if (pushed.forbidden) {
        throw new PermissionError(
          `GitHub refused the push to "${branch}" (403). The token needs "contents: write"; give the job:\n${permissionsBlock(["contents: write"])}\n` +
            `git said: ${pushed.detail}`,
          "contents: write",
        );
      }
      return { status: "rejected", detail: pushed.detail };
    },
  };
}

export interface CommitRequest {
  git: GitOps;
  engine: Engine;
  plan: Omit<CommitPlanRequest, "commit">;
  branch: string;
  message: string;
  log: (message: string) => void;
  /** How the commit is made; default: git. */
  publisher?: Publisher;
}

/** Every change must lie in the manifests directory (a deletion may lie in an earlier one), whichever method writes it. */
function outsideManifests(changes: FileChange[], outputDir: string | undefined, orphanDirs: readonly string[] = []): string | undefined {
  if (outputDir === undefined) return undefined;
  const prefix = outputDir === "" || outputDir === "." ? "" : `${outputDir}/`;
  const inside = (c: FileChange) => c.path.startsWith(prefix) || (c.content === undefined && orphanDirs.some((d) => d !== "" && c.path.startsWith(`${d}/`)));
  return changes.find((c) => !inside(c) || c.path.split("/").some((s) => s === ".." || s === "." || s === ""))?.path;
}

/** Attempts in all: the first, plus one after the branch moved. */
const ATTEMPTS = 2;

export async function commitGenerated(req: CommitRequest): Promise<CommitOutcome> {
  const { git, engine, branch } = req;
  const publisher = req.publisher ?? gitPublisher(git);
  let tip = await git.fetchBranchTip(branch);
  // Our own commit at the tip: committing again could only loop.
  if (await git.isOwnCommit(tip)) return { status: "own-commit", branch, tip };
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const plan = await engine.planCommit({ ...req.plan, commit: tip });
    // A broken spec yields no profile: committing would drop or keep files blindly.
    if (plan.errors.length) return { status: "errors", branch, errors: plan.errors };
    const stray = outsideManifests(plan.changes, plan.outputDir, plan.orphanDirs);
    if (stray !== undefined) throw new CommitError(`refusing to commit ${stray}: it is not in the manifests directory ${plan.outputDir}`);
    const published = await publisher.publish(tip, plan.changes, branch, req.message);
    if (published.status === "unchanged") return { status: "up-to-date", branch };
    if (published.status === "published") {
      return { status: "pushed", commit: published.commit, branch, files: plan.changes.map((c) => c.path).sort(), attempts: attempt };
    }
    const moved = await git.fetchBranchTip(branch);
    if (moved === tip) throw new CommitError(`the ${publisher.verb} to "${branch}" was rejected:\n${published.detail}`);
    if (attempt === ATTEMPTS) {
      throw new CommitError(
        `"${branch}" moved again (now ${moved.slice(0, 7)}) while the regenerated profiles were being pushed; ` +
          `nothing was pushed. Re-run the workflow once the branch is quiet.`,
      );
    }
    req.log(`"${branch}" moved from ${tip.slice(0, 7)} to ${moved.slice(0, 7)} during the run; regenerating on the new tip and retrying once`);
    tip = moved;
  }
  throw new CommitError("unreachable");
}
