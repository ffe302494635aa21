/**
 * A GitHub-like remote for the action's tests: a bare `origin`, a seed work
 * tree that plays the developer pushing to it, and clones that play the
 * runner's checkout (full or shallow, like actions/checkout's default).
 */
import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { createGitRepo, type GitRepo } from "../helpers/gitrepo.js";

/** Git without the machine's configuration, for every process the tests start. */
export const ISOLATED_GIT_ENV = { GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null", GIT_TERMINAL_PROMPT: "0" };

export function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd, env: { ...process.env, ...ISOLATED_GIT_ENV }, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

export interface Remote {
  root: string;
  /** The bare repository (file path; clones use its file:// URL so --depth works). */
  origin: string;
  url: string;
  /** The developer's work tree, with `origin` as its remote. */
  seed: GitRepo;
  /** Commits in the seed and pushes the current branch (or `HEAD:branch`). */
  push(message: string, files?: Record<string, string>, removed?: string[]): string;
  /** A checkout of `ref` as the runner makes it. */
  clone(ref: string, options?: { shallow?: boolean; dir?: string }): string;
  /** Commit id of a branch on origin. */
  tip(branch: string): string;
  cleanup(): void;
}

export function createRemote(files: Record<string, string>): Remote {
  const root = mkdtempSync(path.join(tmpdir(), "sps-remote-"));
  const origin = path.join(root, "origin.git");
  git(root, "init", "-q", "--bare", "-b", "main", origin);
  // GitHub serves any reachable commit by id; so must the fake origin.
  git(origin, "config", "uploadpack.allowAnySHA1InWant", "true");
  const url = `file://${origin}`;
  const seed = createGitRepo({ files });
  seed.git("remote", "add", "origin", url);
  seed.git("push", "-q", "origin", "HEAD:refs/heads/main");
  let clones = 0;
  return {
    root,
    origin,
    url,
    seed,
    push(message, more = {}, removed = []) {
      seed.write(more);
      if (removed.length) seed.remove(...removed);
      const sha = seed.commit(message);
      const branch = seed.git("rev-parse", "--abbrev-ref", "HEAD");
      seed.git("push", "-q", "origin", `HEAD:refs/heads/${branch}`);
      return sha;
    },
    clone(ref, options = {}) {
      const dir = options.dir ?? path.join(root, `checkout-${++clones}`);
      // Like actions/checkout: fetch one ref, check it out detached or on its branch.
      git(root, "init", "-q", dir);
      git(dir, "remote", "add", "origin", url);
      git(dir, "fetch", "-q", "--no-tags", ...(options.shallow ? ["--depth=1"] : []), "origin", ref);
      git(dir, "checkout", "-q", "--detach", "FETCH_HEAD");
      git(dir, "config", "user.name", "Runner");
      git(dir, "config", "user.email", "runner@example.com");
      return dir;
    },
    tip: (branch) => git(origin, "rev-parse", `refs/heads/${branch}`),
    cleanup() {
      seed.cleanup();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/**
 * Makes origin move `branch` to a new commit (writing `files`) right before
 * each of the next `times` pushes to it, so those pushes are refused: another
 * developer pushed while the action ran. Each move appends its number to the
 * files' content, so every move is a distinct commit.
 */
export function moveBranchOnPush(remote: Remote, branch: string, files: Record<string, string>, times: number): void {
  const counter = path.join(remote.root, "moves-left");
  writeFileSync(counter, String(times));
  const updates = Object.entries(files).map(([file, content], i) => {
    const src = path.join(remote.root, `moved-${i}`);
    writeFileSync(src, content);
    return `blob=$( (cat '${src}'; echo; echo "# move $left") | git hash-object -w --stdin)
GIT_INDEX_FILE="$GIT_DIR/moved-index" git update-index --add --cacheinfo 100644,$blob,'${file}'`;
  });
  const hook = path.join(remote.origin, "hooks", "pre-receive");
  writeFileSync(
    hook,
    `#!/bin/sh
# Test hook: a concurrent push lands while the action pushes to the branch.
grep -q " refs/heads/${branch}$" || exit 0
left=$(cat '${counter}')
[ "$left" -gt 0 ] || exit 0
echo $((left - 1)) > '${counter}'
# Ref updates are refused inside receive-pack's object quarantine.
unset GIT_QUARANTINE_PATH
tip=$(git rev-parse refs/heads/${branch})
GIT_INDEX_FILE="$GIT_DIR/moved-index" git read-tree $tip
${updates.join("\n")}
tree=$(GIT_INDEX_FILE="$GIT_DIR/moved-index" git write-tree)
new=$(GIT_AUTHOR_NAME=Other GIT_AUTHOR_EMAIL=other@example.com GIT_COMMITTER_NAME=Other GIT_COMMITTER_EMAIL=other@example.com git commit-tree -p $tip -m "concurrent push $left" $tree)
git update-ref refs/heads/${branch} $new $tip
exit 0
`,
  );
  chmodSync(hook, 0o755);
}

/** Makes origin refuse pushes the way GitHub refuses a read-only token. */
export function refusePushes(remote: Remote): void {
  const hook = path.join(remote.origin, "hooks", "pre-receive");
  writeFileSync(hook, `#!/bin/sh\necho "Permission to acme/shop.git denied to github-actions[bot]." >&2\necho "fatal: unable to access 'https://github.com/acme/shop/': The requested URL returned error: 403" >&2\nexit 1\n`);
  chmodSync(hook, 0o755);
}

/**
 * Moves `branch` on origin to a new commit by "Other" that writes `files`,
 * as a push by someone else would; returns the new tip. For the API commit
 * path, where no git push passes through origin's hooks.
 */
export function moveBranch(remote: Remote, branch: string, files: Record<string, string>, subject = "concurrent push"): string {
  const index = path.join(remote.root, `move-index-${process.pid}`);
  const env = { ...process.env, ...ISOLATED_GIT_ENV, GIT_INDEX_FILE: index };
  const run = (args: string[], input?: string) => execFileSync("git", args, { cwd: remote.origin, env, input, encoding: "utf8" }).trim();
  try {
    const tip = run(["rev-parse", `refs/heads/${branch}`]);
    run(["read-tree", tip]);
    for (const [file, content] of Object.entries(files)) {
      const blob = run(["hash-object", "-w", "--stdin"], content);
      run(["update-index", "--add", "--cacheinfo", `100644,${blob},${file}`]);
    }
    const tree = run(["write-tree"]);
    const who = { GIT_AUTHOR_NAME: "Other", GIT_AUTHOR_EMAIL: "other@example.com", GIT_COMMITTER_NAME: "Other", GIT_COMMITTER_EMAIL: "other@example.com" };
    const commit = execFileSync("git", ["commit-tree", tree, "-p", tip, "-m", subject], { cwd: remote.origin, env: { ...env, ...who }, encoding: "utf8" }).trim();
    run(["update-ref", `refs/heads/${branch}`, commit, tip]);
    return commit;
  } finally {
    rmSync(index, { force: true });
  }
}
