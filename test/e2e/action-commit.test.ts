/**
 * The built action committing regenerated manifests: one commit with only
 * manifest files, no loop on its own commit, never to a fork, and a branch
 * that moves during the run.
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { requireFreshBundle } from "../action/harness.js";
import { git, moveBranchOnPush } from "../action/git-fixture.js";
import { BOOKS, changedFiles, CONFIG, createScenario, openapi, OUT, type Scenario } from "../action/scenario.js";
import { BOT_EMAIL, BOT_NAME, COMMIT_TRAILER } from "../../src/action/git-ops.js";
import { runtimes } from "../helpers/runtimes.js";

beforeAll(() => requireFreshBundle());

const STALE_CHANGE = { "api/books.yaml": openapi({ ...BOOKS, "/books/{id}/reviews": { get: [200] } }) };

describe.each(runtimes())("action with commit: true ($name)", ({ node }) => {
  let s: Scenario;
  afterEach(async () => {
    expect(s.gh.violations).toEqual([]);
    await s.close();
  });

  it("pushes one commit with only manifest files, and the re-run is a no-op", async () => {
    s = await createScenario();
    const head = await s.pushToPr(STALE_CHANGE);
    const run = await s.runPr(node, { inputs: { commit: "true" } });
    expect(run.failure).toBeUndefined();
    expect(run.code).toBe(0);
    const tip = s.remote.tip("feature");
    expect(tip).not.toBe(head);
    expect(run.outputs).toMatchObject({ "commit-sha": tip, stale: "false", files: `${OUT}/booksapp/books.yaml` });
    expect(git(s.remote.origin, "rev-parse", `${tip}^`)).toBe(head);
    expect(changedFiles(s.remote.origin, tip)).toEqual([`${OUT}/booksapp/books.yaml`]);
    expect(git(s.remote.origin, "log", "-1", "--format=%an <%ae>%n%B", tip)).toBe(`${BOT_NAME} <${BOT_EMAIL}>\nRegenerate Linkerd ServiceProfiles\n\n${COMMIT_TRAILER}`);
    expect(git(s.remote.origin, "show", `${tip}:${OUT}/booksapp/books.yaml`)).toContain("/books/[^/]*/reviews");
    expect(s.comments()[0]).toContain(`Committed \`${tip.slice(0, 7)}\` to \`feature\``);
    expect(run.annotations.filter((a) => a.command === "error")).toEqual([]);

    // The push of that commit starts another run: nothing to do.
    const again = await s.runPr(node, { inputs: { commit: "true" } });
    expect(again.code).toBe(0);
    expect(again.outputs).toMatchObject({ "commit-sha": "", stale: "false", files: "" });
    expect(s.remote.tip("feature")).toBe(tip);
    expect(s.comments()).toHaveLength(1);
  });

  it("does not commit on top of its own commit, even when the checkout is still stale", async () => {
    s = await createScenario();
    await s.pushToPr(STALE_CHANGE);
    await s.runPr(node, { inputs: { commit: "true" } });
    const ours = s.remote.tip("feature");
    // main gains a stale manifest, so the merge checkout is stale while the branch tip is our commit.
    s.remote.seed.git("checkout", "-q", "main");
    s.remote.push("authors without sync", { "api/authors.yaml": openapi({ "/authors": { get: [200, 500] } }) });
    s.remote.seed.git("checkout", "-q", "feature");
    const run = await s.runPr(node, { inputs: { commit: "true" } });
    expect(run.outputs.files).toBe(`${OUT}/booksapp/authors.yaml`);
    expect(s.remote.tip("feature")).toBe(ours);
    expect(run.stdout).toContain(`the tip of feature (${ours.slice(0, 7)}) is this action's own commit; not committing again`);
    expect(s.comments()[0]).toContain("is this action's own commit, so it does not commit again");
    expect(run.outputs["commit-sha"]).toBe("");
  });

  it("commits the whole manifests directory when none is committed yet", async () => {
    s = await createScenario();
    // As on the pull request that adopts the tool: a config, no generated files.
    await s.pushToPr({}, { removed: [OUT] });
    const strict = await s.runPr(node);
    expect(strict.code).toBe(1);
    expect(strict.outputs.files?.split("\n")).toEqual([`${OUT}/booksapp/authors.yaml`, `${OUT}/booksapp/books.yaml`, `${OUT}/kustomization.yaml`]);
    const run = await s.runPr(node, { inputs: { commit: "true" } });
    expect(run.code).toBe(0);
    expect(changedFiles(s.remote.origin, s.remote.tip("feature"))).toEqual([`${OUT}/booksapp/authors.yaml`, `${OUT}/booksapp/books.yaml`, `${OUT}/kustomization.yaml`]);
  });

  it("after output: changes, commits the new directory and deletes what it generated in the old one", async () => {
    s = await createScenario();
    await s.pushToPr({ "serviceprofile-sync.yaml": CONFIG.replace(`output: ${OUT}`, "output: deploy/linkerd") });
    const run = await s.runPr(node, { inputs: { commit: "true" } });
    expect(run.failure).toBeUndefined();
    expect(run.code).toBe(0);
    const moved = ["booksapp/authors.yaml", "booksapp/books.yaml", "kustomization.yaml"];
    expect(changedFiles(s.remote.origin, s.remote.tip("feature"))).toEqual([...moved.map((f) => `deploy/linkerd/${f}`), ...moved.map((f) => `${OUT}/${f}`)]);
    expect(git(s.remote.origin, "ls-tree", "-r", "--name-only", s.remote.tip("feature"), "--", OUT)).toBe("");
  });

  it("never pushes to a fork: says what to run, and fails when fail-on-stale", async () => {
    s = await createScenario({ fork: true });
    await s.pushToPr(STALE_CHANGE);
    const mainBefore = s.remote.tip("main");
    const refsBefore = git(s.remote.origin, "for-each-ref", "--format=%(refname) %(objectname)", "refs/heads");
    const run = await s.runPr(node, { inputs: { commit: "true" } });
    expect(run.code).toBe(0);
    expect(git(s.remote.origin, "for-each-ref", "--format=%(refname) %(objectname)", "refs/heads")).toBe(refsBefore);
    expect(s.remote.tip("main")).toBe(mainBefore);
    const warning = run.annotations.find((a) => a.command === "warning" && a.message.includes("fork"));
    expect(warning?.message).toBe(
      "This pull request comes from a fork, so the action cannot push to it. The author should run `npx serviceprofile-sync sync` locally and push the result.",
    );
    expect(s.comments()[0]).toContain("comes from a fork");
    expect(run.summary).toContain("comes from a fork");
    expect(run.outputs).toMatchObject({ stale: "true", "commit-sha": "" });

    const strict = await s.runPr(node, { inputs: { commit: "true", "fail-on-stale": "true" } });
    expect(strict.code).toBe(1);
    expect(strict.failure).toContain("run `npx serviceprofile-sync sync` and commit the result");
  });

  it("regenerates on the new tip and retries once when the branch moves during the run", async () => {
    s = await createScenario();
    const head = await s.pushToPr(STALE_CHANGE);
    // Another push lands while the action runs: it adds a route of its own.
    moveBranchOnPush(s.remote, "feature", { "api/books.yaml": openapi({ ...BOOKS, "/books/{id}/reviews": { get: [200] }, "/books/{id}/cover": { get: [200] } }) }, 1);
    const run = await s.runPr(node, { inputs: { commit: "true" } });
    expect(run.failure).toBeUndefined();
    expect(run.code).toBe(0);
    const tip = s.remote.tip("feature");
    expect(run.outputs["commit-sha"]).toBe(tip);
    const parent = git(s.remote.origin, "rev-parse", `${tip}^`);
    expect(parent).not.toBe(head);
    expect(git(s.remote.origin, "log", "-1", "--format=%s", parent)).toBe("concurrent push 1");
    expect(changedFiles(s.remote.origin, tip)).toEqual([`${OUT}/booksapp/books.yaml`]);
    // Generated from the moved tip's spec, which has the extra route.
    expect(git(s.remote.origin, "show", `${tip}:${OUT}/booksapp/books.yaml`)).toContain("/books/[^/]*/cover");
    expect(run.stdout).toMatch(/"feature" moved from [0-9a-f]{7} to [0-9a-f]{7} during the run; regenerating on the new tip and retrying once/);
  });

  it("fails clearly, pushing nothing, when the branch keeps moving", async () => {
    s = await createScenario();
    await s.pushToPr(STALE_CHANGE);
    moveBranchOnPush(s.remote, "feature", { "README.md": "busy\n" }, 10);
    const run = await s.runPr(node, { inputs: { commit: "true" } });
    expect(run.code).toBe(1);
    expect(run.failure).toMatch(/"feature" moved again \(now [0-9a-f]{7}\) while the regenerated profiles were being pushed; nothing was pushed\. Re-run the workflow/);
    expect(git(s.remote.origin, "log", "-1", "--format=%an", "refs/heads/feature")).toBe("Other");
    expect(s.comments()[0]).toContain("Could not commit the regenerated profiles");
  });
});
