import { readFileSync, writeFileSync } from "node:fs";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { commitGenerated, CommitError } from "../../src/action/commit.js";
import type { CommitPlan, CommitPlanRequest, Engine } from "../../src/action/engine.js";
import { BOT_EMAIL, BOT_NAME, COMMIT_TRAILER, gitOps } from "../../src/action/git-ops.js";
import { PermissionError } from "../../src/github/api.js";
import { createRemote, git, ISOLATED_GIT_ENV, moveBranchOnPush, refusePushes, type Remote } from "./git-fixture.js";

beforeAll(() => {
  Object.assign(process.env, ISOLATED_GIT_ENV);
});

/**
 * An engine whose "generation" copies each spec into the manifests
 * directory, read from the commit it is asked about: enough to see that a
 * retry regenerates from the new tip.
 */
function copyingEngine(): Engine & { planned: string[] } {
  const planned: string[] = [];
  return {
    planned,
    analyze: () => Promise.reject(new Error("not used")),
    async planCommit(req: CommitPlanRequest): Promise<CommitPlan> {
      planned.push(req.commit);
      const specs = git(req.repoDir, "ls-tree", "--name-only", `${req.commit}`, "specs/").split("\n").filter(Boolean);
      const changes = [];
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
      return { changes, errors: [] };
    },
  };
}

describe("git plumbing for the action", () => {
  let remote: Remote;
  afterEach(() => remote?.cleanup());

  it("commits only the given paths, as the bot with our trailer, without touching the work tree", async () => {
    remote = createRemote({ "specs/a.txt": "a1", "README.md": "hi" });
    const dir = remote.clone("main");
    git(dir, "checkout", "-q", "-b", "main");
    // An unrelated local edit must neither be committed nor lost.
    writeFileSync(`${dir}/README.md`, "local edit");
    const ops = await gitOps(dir);
    const parent = git(dir, "rev-parse", "HEAD");
    const sha = await ops.createCommit(parent, [{ path: "deploy/a.txt", content: Buffer.from("gen") }, { path: "README-gone.md", content: undefined }], "Regenerate");
    expect(sha).toMatch(/^[0-9a-f]{40}$/);
    expect(git(dir, "diff-tree", "--no-commit-id", "--name-status", "-r", sha!)).toBe("A\tdeploy/a.txt");
    expect(git(dir, "log", "-1", "--format=%an <%ae>|%cn <%ce>", sha!)).toBe(`${BOT_NAME} <${BOT_EMAIL}>|${BOT_NAME} <${BOT_EMAIL}>`);
    expect(git(dir, "log", "-1", "--format=%B", sha!)).toBe(`Regenerate\n\n${COMMIT_TRAILER}`);
    expect(git(dir, "rev-parse", "HEAD")).toBe(parent);
    expect(readFileSync(`${dir}/README.md`, "utf8")).toBe("local edit");
    expect(git(dir, "status", "--porcelain")).toBe("M README.md");
    expect(await ops.isOwnCommit(sha!)).toBe(true);
    expect(await ops.isOwnCommit(parent)).toBe(false);
    // Nothing to change: no commit.
    expect(await ops.createCommit(sha!, [{ path: "deploy/a.txt", content: Buffer.from("gen") }], "again")).toBeUndefined();
  });

  it("fetches a missing base commit into a shallow clone, keeping it shallow", async () => {
    remote = createRemote({ "specs/a.txt": "a1" });
    const base = remote.tip("main");
    remote.push("two", { "specs/a.txt": "a2" });
    const dir = remote.clone("main", { shallow: true });
    const ops = await gitOps(dir);
    expect(await ops.isShallow()).toBe(true);
    expect(await ops.hasCommit(base)).toBe(false);
    expect(await ops.ensureCommit(base)).toBe(base);
    expect(await ops.hasCommit(base)).toBe(true);
    expect(git(dir, "rev-parse", "--is-shallow-repository")).toBe("true");
    // A branch name that only origin knows.
    remote.seed.git("push", "-q", "origin", `${base}:refs/heads/release`);
    expect(await ops.ensureCommit("release")).toBe(base);
    await expect(ops.ensureCommit("no-such-branch")).rejects.toThrow(/cannot find "no-such-branch" locally or on origin/);
  });
});

describe("commit and push", () => {
  let remote: Remote;
  afterEach(() => remote?.cleanup());
  const logs: string[] = [];
  const request = (dir: string, engine: Engine) => ({
    git: undefined as never,
    engine,
    plan: { repoDir: dir, workDir: dir, config: undefined },
    branch: "feature",
    message: "Regenerate",
    log: (m: string) => logs.push(m),
  });

  function setup() {
    remote = createRemote({ "specs/a.txt": "a1" });
    remote.seed.git("checkout", "-q", "-b", "feature");
    remote.push("change spec", { "specs/a.txt": "a2", "specs/b.txt": "b1" });
    // The runner checks out the pull request's merge commit, not the branch.
    return remote.clone("feature", { shallow: true });
  }

  it("pushes one commit onto the branch tip, and a re-run is a no-op", async () => {
    const dir = setup();
    const engine = copyingEngine();
    const before = remote.tip("feature");
    const out = await commitGenerated({ ...request(dir, engine), git: await gitOps(dir) });
    expect(out).toMatchObject({ status: "pushed", branch: "feature", files: ["deploy/a.txt", "deploy/b.txt"], attempts: 1 });
    const tip = remote.tip("feature");
    expect(out.status === "pushed" && out.commit).toBe(tip);
    expect(git(remote.origin, "rev-parse", `${tip}^`)).toBe(before);
    expect(git(remote.origin, "show", `${tip}:deploy/a.txt`)).toBe("# generated\na2");

    // The next run sees its own commit at the tip and stays out of the loop.
    const again = remote.clone("feature", { shallow: true });
    const second = await commitGenerated({ ...request(again, engine), git: await gitOps(again) });
    expect(second).toEqual({ status: "own-commit", branch: "feature", tip });
    expect(remote.tip("feature")).toBe(tip);
  });

  it("says up to date when the tip already has the generated files", async () => {
    const dir = setup();
    remote.push("generate by hand", { "deploy/a.txt": "# generated\na2\n", "deploy/b.txt": "# generated\nb1\n" });
    const out = await commitGenerated({ ...request(dir, copyingEngine()), git: await gitOps(dir) });
    expect(out).toEqual({ status: "up-to-date", branch: "feature" });
  });

  it("regenerates on the moved tip and retries once when the branch moved during the run", async () => {
    const dir = setup();
    const engine = copyingEngine();
    moveBranchOnPush(remote, "feature", { "specs/a.txt": "a3" }, 1);
    const out = await commitGenerated({ ...request(dir, engine), git: await gitOps(dir) });
    expect(out).toMatchObject({ status: "pushed", attempts: 2 });
    const tip = remote.tip("feature");
    expect(git(remote.origin, "log", "-1", "--format=%s", `${tip}^`)).toBe("concurrent push 1");
    // Generated from the moved tip's spec, not the first one.
    expect(git(remote.origin, "show", `${tip}:deploy/a.txt`)).toBe("# generated\na3\n# move 1");
    expect(engine.planned).toHaveLength(2);
    expect(engine.planned[0]).not.toBe(engine.planned[1]);
    expect(logs.some((l) => /"feature" moved from [0-9a-f]{7} to [0-9a-f]{7} during the run; regenerating/.test(l))).toBe(true);
  });

  it("fails clearly, pushing nothing, when the branch keeps moving", async () => {
    const dir = setup();
    moveBranchOnPush(remote, "feature", { "specs/a.txt": "a3" }, 5);
    const err = await commitGenerated({ ...request(dir, copyingEngine()), git: await gitOps(dir) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CommitError);
    expect((err as Error).message).toMatch(/"feature" moved again .* nothing was pushed\. Re-run the workflow/);
    expect(git(remote.origin, "log", "-1", "--format=%an", "refs/heads/feature")).toBe("Other");
  });

  it("names contents: write when the push is refused for permission", async () => {
    const dir = setup();
    refusePushes(remote);
    const err = await commitGenerated({ ...request(dir, copyingEngine()), git: await gitOps(dir) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermissionError);
    expect((err as PermissionError).permission).toBe("contents: write");
    expect((err as Error).message).toContain('The token needs "contents: write"');
  });
});
