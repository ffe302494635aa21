/**
 * `commit-method: api`: commits through createCommitOnBranch against the
 * fake GitHub API, which validates the mutation against GitHub's GraphQL
 * schema and commits to a real bare repository.
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { apiPublisher, commitInput, commitMessage, explainCommitError, API_REQUEST_LIMIT_BYTES } from "../../src/action/api-commit.js";
import { commitGenerated, CommitError } from "../../src/action/commit.js";
import type { CommitPlan, CommitPlanRequest, Engine } from "../../src/action/engine.js";
import { COMMIT_TRAILER, gitOps, isOwnIdentity } from "../../src/action/git-ops.js";
import { readInputs } from "../../src/action/inputs.js";
import { createClient, graphqlRequest, PermissionError } from "../../src/github/api.js";
import { startFakeGitHub, type FakeGitHub } from "../helpers/fake-github.js";
import { FAKE_BOT, FAKE_COMMITTER } from "../helpers/fake-graphql.js";
import { createRemote, git, ISOLATED_GIT_ENV, moveBranch, type Remote } from "./git-fixture.js";

beforeAll(() => {
  Object.assign(process.env, ISOLATED_GIT_ENV);
});

/** "Generates" deploy/<name> from specs/<name>, and deletes deploy files whose spec is gone. */
function copyingEngine(): Engine & { planned: string[] } {
  const planned: string[] = [];
  const ls = (dir: string, commit: string, under: string) => git(dir, "ls-tree", "-r", "--name-only", commit, under).split("\n").filter(Boolean);
  return {
    planned,
    analyze: () => Promise.reject(new Error("not used")),
    async planCommit(req: CommitPlanRequest): Promise<CommitPlan> {
      planned.push(req.commit);
      const specs = ls(req.repoDir, req.commit, "specs/");
      const changes: CommitPlan["changes"] = [];
      for (const spec of specs) {
        const want = `# generated\n${git(req.repoDir, "show", `${req.commit}:${spec}`)}\n`;
        const out = `deploy/${spec.slice("specs/".length)}`;
        let have: string | undefined;
        try {
          have = git(req.repoDir, "show", `${req.commit}:${out}`) + "\n";
        } catch {
          have = undefined;
        }
        if (have !== want) changes.push({ path: out, content: Buffer.from(want) });
      }
      for (const out of ls(req.repoDir, req.commit, "deploy/")) {
        if (!specs.includes(`specs/${out.slice("deploy/".length)}`)) changes.push({ path: out, content: undefined });
      }
      return { changes, errors: [], outputDir: "deploy" };
    },
  };
}

describe("commit through GitHub's API", () => {
  let remote: Remote;
  let gh: FakeGitHub;
  const logs: string[] = [];
  afterEach(async () => {
    expect(gh.violations).toEqual([]);
    await gh.close();
    remote.cleanup();
  });

  async function setup() {
    remote = createRemote({ "specs/a.txt": "a1", "specs/gone.txt": "g", "deploy/a.txt": "# generated\na1\n", "deploy/gone.txt": "# generated\ng\n", "README.md": "hi" });
    remote.seed.git("checkout", "-q", "-b", "feature");
    // a changes, b is new, gone's spec is removed.
    remote.push("change specs", { "specs/a.txt": "a2", "specs/b.txt": "b1" }, ["specs/gone.txt"]);
    gh = await startFakeGitHub({ owner: "acme", repo: "shop", origin: remote.origin });
    const dir = remote.clone("feature", { shallow: true });
    const client = createClient("ghs_test", gh.url, { warning: (m) => logs.push(m) }, { throttle: false });
    return { dir, ops: await gitOps(dir), publisher: apiPublisher(graphqlRequest(client), { owner: "acme", repo: "shop" }) };
  }

  const request = (dir: string, engine: Engine) => ({
    engine,
    plan: { repoDir: dir, workDir: dir, config: undefined },
    branch: "feature",
    message: "Regenerate",
    log: (m: string) => logs.push(m),
  });

  it("makes one commit with exactly the added, changed and deleted files; the next run stays out of the loop", async () => {
    const { dir, ops, publisher } = await setup();
    const before = remote.tip("feature");
    const out = await commitGenerated({ ...request(dir, copyingEngine()), git: ops, publisher });
    const tip = remote.tip("feature");
    expect(out).toEqual({ status: "pushed", commit: tip, branch: "feature", files: ["deploy/a.txt", "deploy/b.txt", "deploy/gone.txt"], attempts: 1 });
    expect(gh.commits).toHaveLength(1);
    const c = gh.commits[0]!;
    expect(c).toMatchObject({ branch: "feature", expectedHeadOid: before, parent: before, oid: tip, added: ["deploy/b.txt"], modified: ["deploy/a.txt"], deleted: ["deploy/gone.txt"] });
    expect(c.tree).toEqual({
      "README.md": "hi",
      "deploy/a.txt": "# generated\na2\n",
      "deploy/b.txt": "# generated\nb1\n",
      "specs/a.txt": "a2",
      "specs/b.txt": "b1",
    });
    expect(c.message).toBe(`Regenerate\n\n${COMMIT_TRAILER}`);
    expect(git(remote.origin, "log", "-1", "--format=%an <%ae>|%cn <%ce>", tip)).toBe(`${FAKE_BOT.name} <${FAKE_BOT.email}>|${FAKE_COMMITTER.name} <${FAKE_COMMITTER.email}>`);
    expect(gh.calls("graphql/createCommitOnBranch")).toHaveLength(1);

    const again = remote.clone("feature", { shallow: true });
    const second = await commitGenerated({ ...request(again, copyingEngine()), git: await gitOps(again), publisher });
    expect(second).toEqual({ status: "own-commit", branch: "feature", tip });
    expect(gh.commits).toHaveLength(1);
  });

  it("regenerates on the moved tip and retries once when expectedHeadOid is stale", async () => {
    const { dir, ops, publisher } = await setup();
    const engine = copyingEngine();
    gh.beforeCommit(() => void moveBranch(remote, "feature", { "specs/a.txt": "a3" }), 1);
    const out = await commitGenerated({ ...request(dir, engine), git: ops, publisher });
    expect(out).toMatchObject({ status: "pushed", attempts: 2 });
    const calls = gh.calls("graphql/createCommitOnBranch");
    expect(calls.map((r) => r.status)).toEqual([200, 200]);
    expect(gh.commits).toHaveLength(1);
    expect(git(remote.origin, "log", "-1", "--format=%s", `${gh.commits[0]!.oid}^`)).toBe("concurrent push");
    expect(gh.commits[0]!.tree["deploy/a.txt"]).toBe("# generated\na3\n");
    expect(engine.planned).toHaveLength(2);
    expect(logs.some((l) => /"feature" moved from [0-9a-f]{7} to [0-9a-f]{7} during the run; regenerating/.test(l))).toBe(true);
  });

  it("fails clearly, committing nothing, when the branch moves again", async () => {
    const { dir, ops, publisher } = await setup();
    let n = 0;
    gh.beforeCommit(() => void moveBranch(remote, "feature", { "README.md": `busy ${++n}` }), 5);
    const err = await commitGenerated({ ...request(dir, copyingEngine()), git: ops, publisher }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CommitError);
    expect((err as Error).message).toMatch(/"feature" moved again \(now [0-9a-f]{7}\) .* nothing was pushed\. Re-run the workflow/);
    expect(gh.calls("graphql/createCommitOnBranch")).toHaveLength(2);
    expect(gh.commits).toEqual([]);
    expect(git(remote.origin, "log", "-1", "--format=%an", "refs/heads/feature")).toBe("Other");
  });

  it.each([
    ["a FORBIDDEN error", { graphqlType: "FORBIDDEN", status: 200 }],
    ["HTTP 403", { status: 403 }],
  ])("names contents: write when GitHub refuses with %s", async (_name, how) => {
    const { dir, ops, publisher } = await setup();
    gh.fail({ operationId: "graphql/createCommitOnBranch", message: "Resource not accessible by integration", ...how });
    const err = await commitGenerated({ ...request(dir, copyingEngine()), git: ops, publisher }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermissionError);
    expect((err as PermissionError).permission).toBe("contents: write");
    expect((err as Error).message).toBe(
      'GitHub refused the commit to "feature" (Resource not accessible by integration). The token needs "contents: write"; give the job:\npermissions:\n  contents: write',
    );
    expect(gh.commits).toEqual([]);
  });

  it("shows GitHub's reason for other refusals (a branch rule)", async () => {
    const { dir, ops, publisher } = await setup();
    gh.fail({ operationId: "graphql/createCommitOnBranch", status: 200, graphqlType: "UNPROCESSABLE", message: "Repository rule violations found\n\nChanges must be made through a pull request." });
    const err = await commitGenerated({ ...request(dir, copyingEngine()), git: ops, publisher }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CommitError);
    expect((err as Error).message).toBe('GitHub refused the commit to "feature": Repository rule violations found\n\nChanges must be made through a pull request.');
  });

  it("refuses a change outside the manifests directory before calling GitHub", async () => {
    const { dir, ops, publisher } = await setup();
    const engine: Engine = {
      analyze: () => Promise.reject(new Error("not used")),
      planCommit: () => Promise.resolve({ changes: [{ path: "deploy/../README.md", content: Buffer.from("x") }], errors: [], outputDir: "deploy" }),
    };
    const err = await commitGenerated({ ...request(dir, engine), git: ops, publisher }).catch((e: unknown) => e);
    expect((err as Error).message).toBe("refusing to commit deploy/../README.md: it is not in the manifests directory deploy");
    expect(gh.requests).toEqual([]);
  });
});

describe("the mutation's input", () => {
  it("splits the message into GitHub's headline and body, ending with the trailer", () => {
    expect(commitMessage("Regenerate")).toEqual({ headline: "Regenerate", body: COMMIT_TRAILER });
    expect(commitMessage("Regenerate\n\nWhy: specs changed\n")).toEqual({ headline: "Regenerate", body: `Why: specs changed\n\n${COMMIT_TRAILER}` });
  });

  it("refuses a request over the limit, naming the largest files", () => {
    const big = { path: "deploy/big.yaml", content: Buffer.alloc(3 * 1024 * 1024, 97) };
    const small = { path: "deploy/small.yaml", content: Buffer.from("x") };
    expect(() => commitInput({ owner: "acme", repo: "shop" }, "feature", "a".repeat(40), [small, big], "m", 2 * 1024 * 1024)).toThrow(
      "the commit through GitHub's API would be 4.0 MiB encoded, over the 2.0 MiB the action sends in one request (largest: deploy/big.yaml (3.0 MiB), deploy/small.yaml (0.0 MiB)). Use commit-method: git for a change this large.",
    );
    expect(API_REQUEST_LIMIT_BYTES).toBe(40 * 1024 * 1024);
    const input = commitInput({ owner: "acme", repo: "shop" }, "feature", "a".repeat(40), [small, { path: "deploy/old.yaml", content: undefined }], "m");
    expect(input.fileChanges).toEqual({ additions: [{ path: "deploy/small.yaml", contents: "eA==" }], deletions: [{ path: "deploy/old.yaml" }] });
  });

  it("treats a stale head as a retry, a rate limit as no permission problem", () => {
    expect(explainCommitError({ errors: [{ type: "STALE_DATA", message: "Expected branch to point to" }] }, "b")).toBeUndefined();
    const limited = explainCommitError({ status: 403, message: "API rate limit exceeded for installation" }, "b");
    expect(limited).toBeInstanceOf(CommitError);
    expect(limited?.message).toBe('GitHub refused the commit to "b": 403 API rate limit exceeded for installation');
  });

  it("recognises the action's own API commits by a bot author with GitHub as committer", () => {
    expect(isOwnIdentity(FAKE_BOT.email, FAKE_COMMITTER.email)).toBe(true);
    expect(isOwnIdentity("123+profiles-app[bot]@users.noreply.github.com", "noreply@github.com")).toBe(true);
    expect(isOwnIdentity("123+profiles-app[bot]@users.noreply.github.com", "someone@example.com")).toBe(false);
    expect(isOwnIdentity("dev@example.com", "noreply@github.com")).toBe(false);
  });
});

describe("the commit-method input", () => {
  const event = { kind: "other", eventName: "workflow_dispatch", branch: "main" } as const;
  const inputs = (method: string) => readInputs((name) => (name === "commit-method" ? method : name === "commit" ? "true" : ""), event);

  it("defaults to git and takes api", () => {
    expect(inputs("").commitMethod).toBe("git");
    expect(inputs("git").commitMethod).toBe("git");
    expect(inputs("api").commitMethod).toBe("api");
  });

  it("refuses anything else, saying what it takes", () => {
    expect(() => inputs("graphql")).toThrow('input "commit-method" must be git or api, not "graphql"');
  });
});
