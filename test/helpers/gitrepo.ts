/**
 * Real git repositories in temp dirs, for end-to-end tests. Each repo has its
 * own user.name/email and ignores the machine's global and system git config,
 * so tests behave the same on every machine.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

const GIT_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_TERMINAL_PROMPT: "0",
  // Fixed dates make commit ids reproducible between runs.
  GIT_AUTHOR_DATE: "2024-01-01T00:00:00Z",
  GIT_COMMITTER_DATE: "2024-01-01T00:00:00Z",
};

export interface GitRepo {
  /** Absolute path of the work tree. */
  dir: string;
  /** Runs git in the repo and returns trimmed stdout. */
  git(...args: string[]): string;
  /** Writes files (creating directories); content is text. */
  write(files: Record<string, string>): void;
  /** Creates a symbolic link `linkPath` -> `target` (target as written in the link). */
  symlink(linkPath: string, target: string): void;
  read(relPath: string): string;
  exists(relPath: string): boolean;
  remove(...relPaths: string[]): void;
  /** Stages everything and commits; returns the commit id. */
  commit(message: string): string;
  /** Creates a branch at HEAD (does not switch). */
  branch(name: string): void;
  checkout(name: string): void;
  /** Absolute path of a repo file. */
  path(relPath: string): string;
  cleanup(): void;
}

export interface CreateGitRepoOptions {
  /** Files of the first commit; no commit when absent. */
  files?: Record<string, string>;
  /** Default "main". */
  branch?: string;
  /** Create a plain directory without `git init`. */
  noGit?: boolean;
}

export function createGitRepo(options: CreateGitRepoOptions = {}): GitRepo {
  const dir = mkdtempSync(path.join(tmpdir(), "sps-repo-"));
  const run = (...args: string[]) => execFileSync("git", args, { cwd: dir, env: GIT_ENV, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
  const abs = (rel: string) => {
    const p = path.resolve(dir, rel);
    if (p !== dir && !p.startsWith(dir + path.sep)) throw new Error(`test helper: ${rel} leaves the repo`);
    return p;
  };
  if (!options.noGit) {
    run("init", "-q", "-b", options.branch ?? "main");
    run("config", "user.name", "Test User");
    run("config", "user.email", "test@example.com");
    run("config", "commit.gpgsign", "false");
    run("config", "core.autocrlf", "false");
  }
  const repo: GitRepo = {
    dir,
    git: run,
    write(files) {
      for (const [rel, content] of Object.entries(files)) {
        const p = abs(rel);
        mkdirSync(path.dirname(p), { recursive: true });
        writeFileSync(p, content);
      }
    },
    symlink(linkPath, target) {
      const p = abs(linkPath);
      mkdirSync(path.dirname(p), { recursive: true });
      symlinkSync(target, p);
    },
    read: (rel) => readFileSync(abs(rel), "utf8"),
    exists: (rel) => existsSync(abs(rel)),
    remove(...rels) {
      for (const rel of rels) rmSync(abs(rel), { recursive: true, force: true });
    },
    commit(message) {
      run("add", "-A");
      run("commit", "-q", "--allow-empty", "-m", message);
      return run("rev-parse", "HEAD");
    },
    branch: (name) => void run("branch", name),
    checkout: (name) => void run("checkout", "-q", name),
    path: abs,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
  if (options.files) {
    repo.write(options.files);
    if (!options.noGit) repo.commit("initial");
  }
  return repo;
}
