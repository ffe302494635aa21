/**
 * Commit-and-push of regenerated profiles onto a branch, safe by design:
 * generated from the branch's current tip, never forced, retried once on a
 * tip that moved meanwhile, never on top of the action's own commit.
 */
import { PermissionError, permissionsBlock } from "../github/api.js";
import type { CommitPlanRequest, Engine } from "./engine.js";
import type { GitOps } from "./git-ops.js";
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

export interface CommitRequest {
  git: GitOps;
  engine: Engine;
  plan: Omit<CommitPlanRequest, "commit">;
  branch: string;
  message: string;
  log: (message: string) => void;
}

/** Attempts in all: the first, plus one after the branch moved. */
const ATTEMPTS = 2;

export async function commitGenerated(req: CommitRequest): Promise<CommitOutcome> {
  const { git, engine, branch } = req;
  let tip = await git.fetchBranchTip(branch);
  // Our own commit at the tip: committing again could only loop.
  if (await git.isOwnCommit(tip)) return { status: "own-commit", branch, tip };
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const plan = await engine.planCommit({ ...req.plan, commit: tip });
    // A broken spec yields no profile: committing would drop or keep files blindly.
    if (plan.errors.length) return { status: "errors", branch, errors: plan.errors };
    const commit = plan.changes.length ? await git.createCommit(tip, plan.changes, req.message) : undefined;
    if (!commit) return { status: "up-to-date", branch };
    const pushed = await git.push(commit, branch);
    if (pushed.ok) {
      return { status: "pushed", commit, branch, files: plan.changes.map((c) => c.path).sort(), attempts: attempt };
    }
    if (pushed.forbidden) {
      throw new PermissionError(
        `GitHub refused the push to "${branch}" (403). The token needs "contents: write"; give the job:\n${permissionsBlock(["contents: write"])}\n` +
          `git said: ${pushed.detail}`,
        "contents: write",
      );
    }
    const moved = await git.fetchBranchTip(branch);
    if (moved === tip) throw new CommitError(`the push to "${branch}" was rejected:\n${pushed.detail}`);
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
