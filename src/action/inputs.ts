/**
 * Action inputs, read the way the runner passes them (`INPUT_<NAME>`), with
 * the defaults that depend on the event resolved here rather than in
 * action.yml expressions, so running the bundle by hand behaves the same.
 */
import type { ActionEvent } from "../github/context.js";
import { parseMaxUnmatched } from "../tap/verify.js";

/** Every input action.yml declares; a test keeps the two lists equal. */
export const INPUT_NAMES = [
  "config",
  "working-directory",
  "token",
  "comment",
  "commit",
  "commit-message",
  "commit-method",
  "fail-on-stale",
  "max-unmatched",
  "base",
  "fail-on",
] as const;

export type InputName = (typeof INPUT_NAMES)[number];

/** Every output action.yml declares. */
export const OUTPUT_NAMES = [
  "stale",
  "changed",
  "routes-added",
  "routes-removed",
  "routes-changed",
  "rules-added",
  "rules-removed",
  "rules-changed",
  "unmatched-requests",
  "findings-errors",
  "findings-warnings",
  "report",
  "files",
  "commit-sha",
  "comment-url",
] as const;

export type OutputName = (typeof OUTPUT_NAMES)[number];

export const DEFAULT_COMMIT_MESSAGE = "Regenerate Linkerd ServiceProfiles";

export const COMMIT_METHODS = ["git", "api"] as const;
export type CommitMethod = (typeof COMMIT_METHODS)[number];

export const FAIL_ON = ["error", "warning", "never"] as const;
export type FailOn = (typeof FAIL_ON)[number];

export interface ActionInputs {
  /** Config file path relative to the working directory; undefined: the tool's default name. */
  config: string | undefined;
  /** Relative to GITHUB_WORKSPACE. */
  workingDirectory: string;
  token: string;
  comment: boolean;
  commit: boolean;
  commitMessage: string;
  /** git: plumbing and `git push`; api: GitHub's createCommitOnBranch, signed by GitHub. */
  commitMethod: CommitMethod;
  failOnStale: boolean;
  /** Fail when more recorded requests than this newly match no route; undefined: never. */
  maxUnmatched: { given: string; limit: { count: number } | { percent: number } } | undefined;
  /** A ref or commit to compare against instead of the event's base. */
  base: string | undefined;
  /** Fail when a finding (impact or new guard finding) of this severity or worse is present; never: report only. */
  failOn: FailOn;
}

export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InputError";
  }
}

/** The runner's variable name: `INPUT_` + name upper-cased, spaces to `_`, hyphens kept. */
export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, "_").toUpperCase()}`;
}

/** Reads an input from the environment as the runner sets it; "" when absent. */
export function envInput(env: Record<string, string | undefined>): (name: InputName) => string {
  return (name) => (env[inputEnvName(name)] ?? "").trim();
}

// The YAML 1.2 core-schema booleans, as @actions/core accepts them.
const TRUE = new Set(["true", "True", "TRUE"]);
const FALSE = new Set(["false", "False", "FALSE"]);

/** A boolean input; "" and "auto" mean the event-dependent default. */
function tristate(name: InputName, raw: string): boolean | undefined {
  if (raw === "" || raw === "auto") return undefined;
  if (TRUE.has(raw)) return true;
  if (FALSE.has(raw)) return false;
  throw new InputError(`input "${name}" must be true, false or auto, not "${raw}"`);
}

export function readInputs(get: (name: InputName) => string, event: ActionEvent): ActionInputs {
  const commit = tristate("commit", get("commit")) ?? false;
  const isPullRequest = event.kind === "pull_request";
  const token = get("token");
  const message = get("commit-message");
  const workingDirectory = get("working-directory") || ".";
  if (workingDirectory.split(/[\\/]/).includes("..")) {
    throw new InputError(`input "working-directory" must stay inside the workspace, not "${workingDirectory}"`);
  }
  return {
    config: get("config") || undefined,
    workingDirectory,
    token,
    comment: tristate("comment", get("comment")) ?? isPullRequest,
    commit,
    commitMessage: message || DEFAULT_COMMIT_MESSAGE,
    commitMethod: commitMethod(get("commit-method")),
    // Committing fixes staleness, so failing is the default only when not committing.
    failOnStale: tristate("fail-on-stale", get("fail-on-stale")) ?? !commit,
    maxUnmatched: maxUnmatched(get("max-unmatched")),
    base: get("base") || undefined,
    failOn: failOn(get("fail-on")),
  };
}

function failOn(raw: string): FailOn {
  if (raw === "") return "never";
  const f = FAIL_ON.find((x) => x === raw);
  if (!f) throw new InputError(`input "fail-on" must be error, warning or never, not "${raw}"`);
  return f;
}

function commitMethod(raw: string): CommitMethod {
  if (raw === "") return "git";
  const m = COMMIT_METHODS.find((c) => c === raw);
  if (!m) throw new InputError(`input "commit-method" must be git or api, not "${raw}"`);
  return m;
}

function maxUnmatched(raw: string): ActionInputs["maxUnmatched"] {
  if (raw === "") return undefined;
  const limit = parseMaxUnmatched(raw);
  if (!limit) throw new InputError(`input "max-unmatched" must be a count (0, 25) or a percentage (0.5%), not "${raw}"`);
  return { given: raw, limit };
}
