/**
 * The runner's environment and event payload -> what the action needs to
 * know: which repository, which commits to compare, which branch a commit
 * may go to, and whether the pull request comes from a fork.
 *
 * Pure: the caller passes the environment and the parsed payload, so every
 * event shape is tested without a runner.
 */

export interface RepoId {
  owner: string;
  repo: string;
}

export interface PullRequestEvent {
  kind: "pull_request";
  /** `pull_request` or `pull_request_target`. */
  eventName: string;
  number: number;
  base: { ref: string; sha: string; repo: string };
  /** `repo` is undefined when the fork was deleted. */
  head: { ref: string; sha: string; repo: string | undefined };
  /** The head branch lives in another repository: the token cannot push to it. */
  isFork: boolean;
}

export interface PushEvent {
  kind: "push";
  eventName: "push";
  /** The pushed branch; undefined for tag pushes. */
  branch: string | undefined;
  /** The commit before the push; undefined for a new branch. */
  before: string | undefined;
  after: string;
}

/** workflow_dispatch, schedule, merge_group, ...: the checked-out ref only. */
export interface OtherEvent {
  kind: "other";
  eventName: string;
  branch: string | undefined;
}

export type ActionEvent = PullRequestEvent | PushEvent | OtherEvent;

export interface GitHubContext {
  repository: RepoId & { fullName: string };
  /** GITHUB_SHA: on pull_request, the test merge commit. */
  sha: string;
  ref: string;
  workspace: string;
  apiUrl: string;
  serverUrl: string;
  /** Link to the run, for the comment footer; undefined outside a run. */
  runUrl: string | undefined;
  runnerTemp: string | undefined;
  event: ActionEvent;
  /**
   * Where the runner loaded this action from (`uses: owner/name@ref`):
   * GITHUB_ACTION_REPOSITORY and GITHUB_ACTION_REF, which the runner leaves
   * unset for a local action (`uses: ./`).
   */
  action?: { repository: string; ref: string } | undefined;
}

/** The environment is not a GitHub Actions run (or a broken one). */
export class ContextError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ContextError";
  }
}

const ZERO_SHA = /^0+$/;

type Env = Record<string, string | undefined>;

function required(env: Env, name: string): string {
  const value = env[name];
  if (value === undefined || value === "") {
    throw new ContextError(`${name} is not set: this program runs as a GitHub Action step (uses: ...), not on its own`);
  }
  return value;
}

/** Parses the runner environment; `readEvent` returns the payload file's text. */
export function readContext(env: Env, readEvent: (path: string) => string): GitHubContext {
  const eventName = required(env, "GITHUB_EVENT_NAME");
  const fullName = required(env, "GITHUB_REPOSITORY");
  const [owner, repo, ...rest] = fullName.split("/");
  if (!owner || !repo || rest.length) throw new ContextError(`GITHUB_REPOSITORY "${fullName}" is not owner/name`);
  const workspace = required(env, "GITHUB_WORKSPACE");
  let payload: unknown = {};
  const eventPath = env.GITHUB_EVENT_PATH;
  if (eventPath) {
    try {
      payload = JSON.parse(readEvent(eventPath));
    } catch (err) {
      throw new ContextError(`cannot read the event payload ${eventPath}: ${(err as Error).message}`);
    }
  }
  const serverUrl = (env.GITHUB_SERVER_URL || "https://github.com").replace(/\/+$/, "");
  const runUrl = env.GITHUB_RUN_ID ? `${serverUrl}/${fullName}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;
  return {
    repository: { owner, repo, fullName },
    sha: env.GITHUB_SHA ?? "",
    ref: env.GITHUB_REF ?? "",
    workspace,
    apiUrl: (env.GITHUB_API_URL || "https://api.github.com").replace(/\/+$/, ""),
    serverUrl,
    runUrl,
    runnerTemp: env.RUNNER_TEMP || undefined,
    event: parseEvent(eventName, payload, env),
    action: env.GITHUB_ACTION_REPOSITORY && env.GITHUB_ACTION_REF ? { repository: env.GITHUB_ACTION_REPOSITORY, ref: env.GITHUB_ACTION_REF } : undefined,
  };
}

function obj(value: unknown): Record<string, unknown> {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** `refs/heads/x` -> `x`; anything else (tags, pull refs) -> undefined. */
export function branchOfRef(ref: string | undefined): string | undefined {
  return ref?.startsWith("refs/heads/") ? ref.slice("refs/heads/".length) : undefined;
}

export function parseEvent(eventName: string, payload: unknown, env: Env): ActionEvent {
  const p = obj(payload);
  if (eventName === "pull_request" || eventName === "pull_request_target") {
    const pr = obj(p.pull_request);
    const base = obj(pr.base);
    const head = obj(pr.head);
    const number = typeof pr.number === "number" ? pr.number : Number(p.number);
    const baseRepo = str(obj(base.repo).full_name) ?? required(env, "GITHUB_REPOSITORY");
    const headRepo = head.repo === null ? undefined : str(obj(head.repo).full_name);
    const baseSha = str(base.sha);
    const headSha = str(head.sha);
    if (!Number.isInteger(number) || !baseSha || !headSha) {
      throw new ContextError(`the ${eventName} event payload has no pull request number, base or head commit`);
    }
    return {
      kind: "pull_request",
      eventName,
      number,
      base: { ref: str(base.ref) ?? env.GITHUB_BASE_REF ?? "", sha: baseSha, repo: baseRepo },
      head: { ref: str(head.ref) ?? env.GITHUB_HEAD_REF ?? "", sha: headSha, repo: headRepo },
      // Compare names, not `head.repo.fork`: a repository that is itself a
      // fork opens same-repository pull requests too.
      isFork: headRepo === undefined || headRepo.toLowerCase() !== baseRepo.toLowerCase(),
    };
  }
  if (eventName === "push") {
    const before = str(p.before);
    return {
      kind: "push",
      eventName,
      branch: branchOfRef(str(p.ref) ?? env.GITHUB_REF),
      before: before && !ZERO_SHA.test(before) ? before : undefined,
      after: str(p.after) ?? env.GITHUB_SHA ?? "",
    };
  }
  return { kind: "other", eventName, branch: branchOfRef(env.GITHUB_REF) };
}
