/**
 * A repository on a GitHub-like remote with a pull request, for end-to-end
 * runs of the built action: main holds two OpenAPI services and their
 * generated manifests; a pull request branch changes them. The runner's
 * checkout is the pull request's merge commit (refs/pull/N/merge), fetched
 * shallow by default, as actions/checkout does.
 */
import { execFile } from "node:child_process";
import { CLI_BUNDLE } from "../helpers/runtimes.js";
import { startFakeGitHub, type FakeGitHub } from "../helpers/fake-github.js";
import { createRemote, git, type Remote } from "./git-fixture.js";
import { runAction, type ActionRun } from "./harness.js";
import { pullRequestPayload, pushPayload } from "./payloads.js";

export const OWNER = "acme";
export const REPO = "shop";
export const OUT = "deploy/serviceprofiles";
export const PR = 7;

/** A small OpenAPI 3 document: path -> method -> status codes. */
export function openapi(paths: Record<string, Record<string, number[]>>): string {
  const lines = ["openapi: 3.0.3", "info:", "  title: test", '  version: "1"', "paths:"];
  for (const [p, methods] of Object.entries(paths)) {
    lines.push(`  ${p}:`);
    for (const [m, codes] of Object.entries(methods)) {
      lines.push(`    ${m}:`, "      responses:");
      for (const c of codes) lines.push(`        "${c}":`, "          description: r");
    }
  }
  return lines.join("\n") + "\n";
}

export const BOOKS = { "/books": { get: [200], post: [201, 500] }, "/books/{id}": { get: [200, 404] } };
export const AUTHORS = { "/authors": { get: [200] }, "/authors/{id}": { get: [200, 404] } };

export const CONFIG = `# Linkerd ServiceProfiles generated from the API specs.
output: ${OUT}
services:
  - name: books
    namespace: booksapp
    openapi: api/books.yaml
  - name: authors
    namespace: booksapp
    openapi: api/authors.yaml
`;

export interface RunPrOptions {
  inputs?: Record<string, string>;
  /** actions/checkout's default fetch-depth: 1. */
  shallow?: boolean;
}

export interface ScenarioOptions {
  /** Extra files on main. */
  files?: Record<string, string>;
  /** The pull request comes from a fork: its branch is not on origin. */
  fork?: boolean;
  /** More configs (repository paths) that every `sync` regenerates too. */
  extraConfigs?: string[];
  /** Bundles built for the test (test/helpers/bundles.ts) instead of dist/. */
  bundles?: { cli: string; action: string };
}

export interface Scenario {
  remote: Remote;
  gh: FakeGitHub;
  /**
   * Commits on the pull request branch (created from main the first time),
   * after a local `sync` when asked, and pushes it; returns the commit.
   */
  pushToPr(files: Record<string, string>, options?: { sync?: boolean; removed?: string[]; message?: string }): Promise<string>;
  /** Runs the built action on the pull request as it stands on origin. */
  runPr(node: string, options?: RunPrOptions): Promise<ActionRun>;
  /** Runs the built action on a push to `branch` (the checkout is the pushed commit). */
  runPush(node: string, branch: string, before: string, options?: { inputs?: Record<string, string> }): Promise<ActionRun>;
  /** Comments on the pull request, oldest first. */
  comments(): string[];
  close(): Promise<void>;
}

/**
 * Regenerates the manifests in the developer's work tree with the built CLI
 * of the same version as the built action (generated files record the
 * generator's version), as a user runs `npx serviceprofile-sync sync`.
 */
async function sync(dir: string, extraConfigs: string[] = [], cli = CLI_BUNDLE): Promise<void> {
  for (const args of [[], ...extraConfigs.map((c) => ["--config", c])]) {
    await new Promise<void>((resolve, reject) => {
      execFile(process.execPath, [cli, "sync", ...args], { cwd: dir, encoding: "utf8" }, (err, _out, stderr) =>
        err ? reject(new Error(`sync failed in the fixture: ${stderr}`)) : resolve(),
      );
    });
  }
}

export async function createScenario(options: ScenarioOptions = {}): Promise<Scenario> {
  const remote = createRemote({
    "serviceprofile-sync.yaml": CONFIG,
    "api/books.yaml": openapi(BOOKS),
    "api/authors.yaml": openapi(AUTHORS),
    "README.md": "# shop\n",
    ...options.files,
  });
  await sync(remote.seed.dir, options.extraConfigs, options.bundles?.cli);
  remote.push("generate profiles");
  const gh = await startFakeGitHub({ owner: OWNER, repo: REPO, origin: remote.origin });
  let prBranch = false;

  const scenario: Scenario = {
    remote,
    gh,
    async pushToPr(changes, opts = {}) {
      const seed = remote.seed;
      if (!prBranch) {
        seed.git("checkout", "-q", "-b", "feature", "main");
        prBranch = true;
      } else if (!options.fork) {
        // The action may have pushed to the branch since.
        seed.git("pull", "-q", "--ff-only", "origin", "feature");
      }
      seed.write(changes);
      if (opts.removed?.length) seed.remove(...opts.removed);
      if (opts.sync) await sync(seed.dir, options.extraConfigs, options.bundles?.cli);
      const sha = seed.commit(opts.message ?? "change the API");
      // A fork's branch is not on origin; GitHub keeps refs/pull/N/head instead.
      seed.git("push", "-q", "-f", "origin", options.fork ? `HEAD:refs/pull/${PR}/head` : "HEAD:refs/heads/feature");
      return sha;
    },
    async runPr(node, run = {}) {
      const seed = remote.seed;
      const base = remote.tip("main");
      const head = options.fork ? git(remote.origin, "rev-parse", `refs/pull/${PR}/head`) : remote.tip("feature");
      // The action may have pushed commits the developer's clone has not seen.
      seed.git("fetch", "-q", "origin", head);
      // GitHub's test merge commit.
      seed.git("checkout", "-q", "--detach", base);
      seed.git("merge", "-q", "--no-ff", "--no-edit", "-m", `Merge ${head} into ${base}`, head);
      const merge = seed.git("rev-parse", "HEAD");
      seed.git("push", "-q", "-f", "origin", `HEAD:refs/pull/${PR}/merge`);
      seed.git("checkout", "-q", "feature");
      const workspace = remote.clone(`refs/pull/${PR}/merge`, { shallow: run.shallow ?? true });
      const headRepo = options.fork ? { owner: "mallory", name: REPO } : { owner: OWNER, name: REPO };
      const headRef = options.fork ? "main" : "feature";
      return runAction({
        node,
        workspace,
        eventName: "pull_request",
        payload: pullRequestPayload({
          number: PR,
          base: { ref: "main", sha: base, repo: { owner: OWNER, name: REPO } },
          head: { ref: headRef, sha: head, repo: headRepo },
        }),
        repository: `${OWNER}/${REPO}`,
        sha: merge,
        ref: `refs/pull/${PR}/merge`,
        headRef,
        baseRef: "main",
        apiUrl: gh.url,
        inputs: run.inputs,
        bundle: options.bundles?.action,
      });
    },
    async runPush(node, branch, before, run = {}) {
      const after = remote.tip(branch);
      const workspace = remote.clone(`refs/heads/${branch}`, { shallow: true });
      return runAction({
        node,
        workspace,
        eventName: "push",
        payload: pushPayload({ ref: `refs/heads/${branch}`, before, after, repo: { owner: OWNER, name: REPO } }),
        repository: `${OWNER}/${REPO}`,
        sha: after,
        ref: `refs/heads/${branch}`,
        apiUrl: gh.url,
        inputs: run.inputs,
        bundle: options.bundles?.action,
      });
    },
    comments: () => gh.comments(PR).map((c) => c.body),
    async close() {
      await gh.close();
      remote.cleanup();
    },
  };
  return scenario;
}

/** Files a commit changed, relative to its parent. */
export function changedFiles(repoDir: string, commit: string): string[] {
  return git(repoDir, "diff-tree", "--no-commit-id", "--name-only", "-r", commit).split("\n").filter(Boolean).sort();
}
