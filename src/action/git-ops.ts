/**
 * The git the action needs beyond reading trees: fetching a missing commit
 * into a shallow checkout, building a commit of generated files without
 * touching the work tree, and pushing it without force.
 *
 * Commits are made with plumbing on a private index (read-tree, update-index,
 * write-tree, commit-tree): the work tree, the user's index and whatever is
 * checked out (often the pull request's merge commit) are never changed, and
 * no hook can run. Only the paths the caller passes end up in the commit.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { GitError } from "../git.js";

/** The identity GitHub shows as the Actions bot. */
export const BOT_NAME = "github-actions[bot]";
export const BOT_EMAIL = "41898282+github-actions[bot]@users.noreply.github.com";
/** Marks our commits, so a run on our own commit does not commit again. */
export const COMMIT_TRAILER = "Generated-by: serviceprofile-sync-action";

/** The committer GitHub records on commits made through its API or web interface. */
export const GITHUB_COMMITTER_EMAIL = "noreply@github.com";
const BOT_NOREPLY = /^\d+\+[^@\s]+\[bot\]@users\.noreply\.github\.com$/;

/**
 * Who may have made our commits: the git path commits as github-actions[bot];
 * the API path's author is the token's bot (github-actions[bot], or a
 * GitHub App's `<app>[bot]`) with GitHub as committer.
 */
export function isOwnIdentity(authorEmail: string, committerEmail: string): boolean {
  if (authorEmail === BOT_EMAIL) return true;
  return BOT_NOREPLY.test(authorEmail) && committerEmail === GITHUB_COMMITTER_EMAIL;
}

export interface FileChange {
  /** Repository-relative POSIX path. */
  path: string;
  /** New content; undefined deletes the file. */
  content: Buffer | undefined;
}

export interface GitOps {
  readonly repoDir: string;
  isShallow(): Promise<boolean>;
  hasCommit(rev: string): Promise<boolean>;
  /** Makes `rev` (a commit id or a branch/tag name) available locally; returns its commit id. */
  ensureCommit(rev: string): Promise<string>;
  /** The current tip of `branch` on origin, fetched. */
  fetchBranchTip(branch: string): Promise<string>;
  /** True when `commit` was made by this action (a bot author, see isOwnIdentity, and our trailer). */
  isOwnCommit(commit: string): Promise<boolean>;
  /** A new commit on top of `parent` with `changes`; undefined when they change nothing. */
  createCommit(parent: string, changes: FileChange[], message: string): Promise<string | undefined>;
  push(commit: string, branch: string): Promise<PushResult>;
}

export type PushResult = { ok: true } | { ok: false; forbidden: boolean; detail: string };

interface RunOptions {
  env?: Record<string, string>;
  input?: string | Buffer;
}

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

// User and system configuration may not change what plumbing prints or ask for a password.
const BASE_ENV = { GIT_TERMINAL_PROMPT: "0", LC_ALL: "C", GCM_INTERACTIVE: "never" };

function runGit(cwd: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = execFile(
      "git",
      args,
      { cwd, env: { ...process.env, ...BASE_ENV, ...options.env }, encoding: "utf8", maxBuffer: 1 << 28 },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === "number" ? ((err as { code: number }).code as number) : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
    else child.stdin?.end();
  });
}

/** Removes credentials a URL may carry before it is shown in a message. */
function redact(text: string): string {
  return text.replace(/(https?:\/\/)[^/@\s]+@/g, "$1***@");
}

export interface GitOpsOptions {
  /** Used for fetch and push when the checkout did not persist credentials for origin. */
  token?: string;
}

export async function gitOps(repoDir: string, options: GitOpsOptions = {}): Promise<GitOps> {
  const must = async (args: string[], opts?: RunOptions): Promise<string> => {
    const r = await runGit(repoDir, args, opts);
    if (r.code !== 0) {
      const why = redact(r.stderr.trim() || `exit code ${r.code}`);
      throw new GitError(`git ${redact(args.filter((a) => !a.includes("extraheader")).join(" "))}: ${why}`, why);
    }
    return r.stdout;
  };
  const remoteArgs = await credentialArgs(repoDir, options.token);
  let shallow: boolean | undefined;

  const ops: GitOps = {
    repoDir,
    async isShallow() {
      shallow ??= (await must(["rev-parse", "--is-shallow-repository"])).trim() === "true";
      return shallow;
    },
    async hasCommit(rev) {
      return (await runGit(repoDir, ["cat-file", "-e", `${rev}^{commit}`])).code === 0;
    },
    async ensureCommit(rev) {
      if (rev.startsWith("-")) throw new GitError(`"${rev}" is not a git ref`, "");
      const local = await runGit(repoDir, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${rev}^{commit}`]);
      if (local.code === 0) return local.stdout.trim();
      // Shallow checkouts (the actions/checkout default) lack the base: fetch
      // just that commit, keeping the clone shallow rather than deepening it.
      const depth = (await ops.isShallow()) ? ["--depth=1"] : [];
      const fetched = await runGit(repoDir, [...remoteArgs, "fetch", "--no-tags", "--no-write-fetch-head", ...depth, "origin", rev]);
      if (fetched.code === 0 && (await ops.hasCommit(rev))) return (await must(["rev-parse", `${rev}^{commit}`])).trim();
      // A name rather than a commit id: fetch it and read what it named.
      const named = await runGit(repoDir, [...remoteArgs, "fetch", "--no-tags", ...depth, "origin", rev]);
      if (named.code === 0) return (await must(["rev-parse", "FETCH_HEAD^{commit}"])).trim();
      throw new GitError(
        `cannot find "${rev}" locally or on origin: ${redact((named.stderr || fetched.stderr).trim())}`,
        named.stderr,
      );
    },
    async fetchBranchTip(branch) {
      const depth = (await ops.isShallow()) ? ["--depth=1"] : [];
      await must([...remoteArgs, "fetch", "--no-tags", ...depth, "origin", `refs/heads/${branch}`]);
      return (await must(["rev-parse", "FETCH_HEAD^{commit}"])).trim();
    },
    async isOwnCommit(commit) {
      const out = await must(["log", "-1", "--format=%ae%x00%ce%x00%B", commit]);
      const [author = "", committer = "", body = ""] = out.split("\0");
      return isOwnIdentity(author, committer) && body.split("\n").some((line) => line.trim() === COMMIT_TRAILER);
    },
    async createCommit(parent, changes, message) {
      const index = path.join(tmpdir(), `sps-index-${randomBytes(6).toString("hex")}`);
      const env = { GIT_INDEX_FILE: index };
      try {
        await must(["read-tree", parent], { env });
        const lines: string[] = [];
        for (const change of changes) {
          if (change.content === undefined) {
            lines.push(`0 ${"0".repeat(40)}\t${change.path}`);
          } else {
            const blob = (await must(["hash-object", "-w", "--stdin"], { input: change.content })).trim();
            lines.push(`100644 ${blob}\t${change.path}`);
          }
        }
        if (lines.length) await must(["update-index", "--index-info"], { env, input: lines.join("\n") + "\n" });
        const tree = (await must(["write-tree"], { env })).trim();
        const parentTree = (await must(["rev-parse", `${parent}^{tree}`])).trim();
        if (tree === parentTree) return undefined;
        const identity = {
          GIT_AUTHOR_NAME: BOT_NAME,
          GIT_AUTHOR_EMAIL: BOT_EMAIL,
          GIT_COMMITTER_NAME: BOT_NAME,
          GIT_COMMITTER_EMAIL: BOT_EMAIL,
        };
        const text = `${message.trim()}\n\n${COMMIT_TRAILER}\n`;
        return (await must(["commit-tree", tree, "-p", parent, "-F", "-"], { env: identity, input: text })).trim();
      } finally {
        rmSync(index, { force: true });
      }
    },
    async push(commit, branch) {
      // Never --force: a branch that moved must be seen, not overwritten.
      // No hooks: a hook is code from the repository or the machine, not ours.
      const r = await runGit(repoDir, [
        "-c",
        "core.hooksPath=/dev/null",
        ...remoteArgs,
        "push",
        "--porcelain",
        "--no-verify",
        "origin",
        `${commit}:refs/heads/${branch}`,
      ]);
      if (r.code === 0) return { ok: true };
      const detail = redact(`${r.stdout}\n${r.stderr}`.trim());
      const forbidden = /\b403\b|permission to .* denied|not allowed to push|Write access to repository not granted/i.test(detail);
      return { ok: false, forbidden, detail };
    },
  };
  return ops;
}

/**
 * actions/checkout persists its token for origin; when it did not
 * (persist-credentials: false), authenticate fetch and push with ours.
 */
export async function credentialArgs(repoDir: string, token: string | undefined): Promise<string[]> {
  if (!token) return [];
  const url = (await runGit(repoDir, ["remote", "get-url", "origin"])).stdout.trim();
  const m = /^(https?:\/\/)([^/@]+)(\/|$)/.exec(url);
  if (!m) return [];
  const persisted = await runGit(repoDir, ["config", "--get-regexp", "^http\\..*extraheader$"]);
  if (persisted.code === 0 && persisted.stdout.trim() !== "") return [];
  const basic = Buffer.from(`x-access-token:${token}`, "utf8").toString("base64");
  return ["-c", `http.${m[1]}${m[2]}/.extraheader=AUTHORIZATION: basic ${basic}`];
}
