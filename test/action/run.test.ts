/**
 * runAction's decisions with an in-memory runner and a stand-in engine:
 * what fails the step, what only warns, where commits may go.
 */
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Annotation } from "../../src/action/annotations.js";
import type { Analysis, Engine } from "../../src/action/engine.js";
import { inputEnvName } from "../../src/action/inputs.js";
import { runAction, type ActionIO } from "../../src/action/run.js";
import { DIFF_SCHEMA_VERSION, type DiffReport } from "../../src/diff/routes.js";
import { createGitRepo, type GitRepo } from "../helpers/gitrepo.js";
import { testTempDir } from "../helpers/tempdir.js";
import { ISOLATED_GIT_ENV } from "./git-fixture.js";
import { pullRequestPayload } from "./payloads.js";

beforeAll(() => {
  Object.assign(process.env, ISOLATED_GIT_ENV);
});

function report(stale: DiffReport["stale"]["files"] = []): DiffReport {
  return {
    schemaVersion: DIFF_SCHEMA_VERSION,
    base: { ref: "main", config: "serviceprofile-sync.yaml" },
    head: { ref: "WORKTREE", config: "serviceprofile-sync.yaml" },
    summary: { profilesAdded: 0, profilesRemoved: 0, profilesChanged: 0, profilesUnchanged: 1, routesAdded: 0, routesRemoved: 0, routesChanged: 0, serviceErrors: 0, unmappedSpecs: 0, staleFiles: stale.length },
    profiles: [],
    errors: [],
    configErrors: [],
    stale: { checked: true, upToDate: stale.length === 0, files: stale },
    unmapped: [],
    warnings: [],
  };
}

function engine(r: DiffReport): Engine & { commits: number } {
  const e = {
    commits: 0,
    async analyze(): Promise<Analysis> {
      return { report: r, configPath: "serviceprofile-sync.yaml", outputDir: "deploy", hasBase: true };
    },
    async planCommit() {
      e.commits++;
      return { changes: [], errors: [] };
    },
  };
  return e;
}

interface Recorded {
  failed: string[];
  warnings: string[];
  annotations: Annotation[];
  outputs: Record<string, string>;
}

async function run(repo: GitRepo, eventName: string, payload: unknown, inputs: Record<string, string>, e: Engine, ref = "refs/heads/main", runnerEnv: Record<string, string> = {}): Promise<Recorded> {
  const rec: Recorded = { failed: [], warnings: [], annotations: [], outputs: {} };
  // Outside the work tree, in a dir removed when the test ends (beside the repo it was left in the temp dir).
  const eventPath = path.join(testTempDir("sps-event-"), "event.json");
  writeFileSync(eventPath, JSON.stringify(payload));
  const env: Record<string, string> = {
    GITHUB_EVENT_NAME: eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: "acme/shop",
    GITHUB_WORKSPACE: repo.dir,
    GITHUB_REF: ref,
    RUNNER_TEMP: path.join(repo.dir, ".git", "runner-temp"),
    ...runnerEnv,
  };
  for (const [k, v] of Object.entries(inputs)) env[inputEnvName(k)] = v;
  const io: ActionIO = {
    env,
    readFile: (p) => readFileSync(p, "utf8"),
    info: () => undefined,
    warning: (m) => rec.warnings.push(m),
    annotate: (a) => rec.annotations.push(a),
    setOutput: (n, v) => (rec.outputs[n] = v),
    setSecret: () => undefined,
    appendSummary: async () => undefined,
    setFailed: (m) => rec.failed.push(m),
  };
  await runAction({ io, engine: e, commentApi: () => ({ listPages: async function* () {}, create: () => Promise.reject(new Error("no")), update: () => Promise.reject(new Error("no")) }), version: "test" });
  return rec;
}

describe("runAction", () => {
  let repo: GitRepo;
  afterEach(() => repo?.cleanup());

  it("fails on an input it cannot read, before doing anything", async () => {
    repo = createGitRepo({ files: { "a.txt": "a" } });
    const e = engine(report());
    const rec = await run(repo, "push", { ref: "refs/heads/main", after: "x" }, { commit: "maybe" }, e);
    expect(rec.failed).toEqual(['input "commit" must be true, false or auto, not "maybe"']);
    expect(rec.outputs).toEqual({});
  });

  it("warns that pull_request_target is not needed", async () => {
    repo = createGitRepo({ files: { "a.txt": "a" } });
    const sha = repo.git("rev-parse", "HEAD");
    const payload = pullRequestPayload({ number: 1, base: { ref: "main", sha, repo: { owner: "acme", name: "shop" } }, head: { ref: "x", sha, repo: { owner: "acme", name: "shop" } } });
    const rec = await run(repo, "pull_request_target", payload, { comment: "false" }, engine(report()));
    expect(rec.failed).toEqual([]);
    expect(rec.warnings.join("\n")).toContain("pull_request_target is not needed");
  });

  it("never commits to a merge queue branch", async () => {
    repo = createGitRepo({ files: { "a.txt": "a" } });
    const e = engine(report([{ path: "deploy/a.yaml", kind: "stale" }]));
    const rec = await run(repo, "merge_group", {}, { commit: "true" }, e, "refs/heads/gh-readonly-queue/main/pr-1-abc");
    expect(e.commits).toBe(0);
    expect(rec.warnings.join("\n")).toContain("Merge queue branches are temporary");
    expect(rec.outputs.stale).toBe("true");
    expect(rec.failed).toEqual([]);
  });

  it("tells the user to run the action's own release when the runner names it", async () => {
    repo = createGitRepo({ files: { "a.txt": "a" } });
    const e = engine(report([{ path: "deploy/a.yaml", kind: "stale" }]));
    const runner = { GITHUB_ACTION_REPOSITORY: "your-org/serviceprofile-sync", GITHUB_ACTION_REF: "v0" };
    const rec = await run(repo, "merge_group", {}, { commit: "true" }, e, "refs/heads/gh-readonly-queue/main/pr-1-abc", runner);
    expect(rec.warnings.join("\n")).toContain("Run `npx github:your-org/serviceprofile-sync#v0 sync` on the pull request's branch");
    const local = await run(repo, "merge_group", {}, { commit: "true" }, e, "refs/heads/gh-readonly-queue/main/pr-1-abc");
    expect(local.warnings.join("\n")).toContain("Run `npx serviceprofile-sync sync` on the pull request's branch");
  });

  it("fails on findings only as severe as fail-on says (default never), and counts them in the outputs", async () => {
    repo = createGitRepo({ files: { "a.txt": "a" } });
    const impact = { rule: "timeout-tightened" as const, severity: "warning" as const, file: "deploy/a.yaml", message: "timeout none → 2s", hint: "check" };
    const r: DiffReport = { ...report(), findings: { errors: 0, warnings: 2, infos: 0, impacts: [impact, impact], guard: [], guardPreExisting: 0 } };
    const push = { ref: "refs/heads/main", after: "x" };
    const never = await run(repo, "push", push, {}, engine(r));
    expect(never.failed).toEqual([]);
    expect(never.outputs).toMatchObject({ "findings-errors": "0", "findings-warnings": "2" });
    expect(never.annotations.filter((a) => a.title === "serviceprofile-sync timeout-tightened")).toHaveLength(2);
    expect((await run(repo, "push", push, { "fail-on": "error" }, engine(r))).failed).toEqual([]);
    expect((await run(repo, "push", push, { "fail-on": "warning" }, engine(r))).failed).toEqual(['2 findings of severity warning or error (fail-on: warning): 2 warnings; see "Findings" in the job summary']);
  });

  it("fails when the workspace is not a git checkout, naming actions/checkout", async () => {
    repo = createGitRepo({ noGit: true });
    const rec = await run(repo, "push", { ref: "refs/heads/main", after: "x" }, {}, engine(report()));
    expect(rec.failed).toEqual([`${repo.dir} is not inside a git checkout: add "uses: actions/checkout@v5" before this step`]);
  });
});
