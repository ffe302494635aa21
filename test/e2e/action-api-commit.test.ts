/**
 * The built action with `commit-method: api`, under Node 20 and Node 24:
 * the commit goes through createCommitOnBranch on the fake GitHub API, which
 * validates every GraphQL operation against GitHub's schema and every REST
 * call against its OpenAPI description, and records the commit's tree.
 *
 * The bundles are built from the current sources into a temporary
 * directory, so these tests never depend on the committed dist/.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { git, moveBranch } from "../action/git-fixture.js";
import { BOOKS, createScenario, openapi, OUT, type Scenario } from "../action/scenario.js";
import { COMMIT_TRAILER } from "../../src/action/git-ops.js";
import { buildBundles, type Bundles } from "../helpers/bundles.js";
import { FAKE_BOT, FAKE_COMMITTER } from "../helpers/fake-graphql.js";
import { runtimes } from "../helpers/runtimes.js";

let bundles: Bundles;
beforeAll(() => {
  bundles = buildBundles();
});
afterAll(() => bundles?.cleanup());

const API = { commit: "true", "commit-method": "api" };
const STALE_CHANGE = { "api/books.yaml": openapi({ ...BOOKS, "/books/{id}/reviews": { get: [200] } }) };

/** The pull request drops authors, adds reviews and changes books: one file of each kind. */
const RESHAPE = {
  "serviceprofile-sync.yaml": `output: ${OUT}
services:
  - name: books
    namespace: booksapp
    openapi: api/books.yaml
  - name: reviews
    namespace: booksapp
    openapi: api/reviews.yaml
`,
  "api/reviews.yaml": openapi({ "/reviews": { get: [200] } }),
  ...STALE_CHANGE,
};

/** Every file under `dir`, relative to it, with its text. */
function filesUnder(root: string, dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(path.join(root, d))) {
      const rel = `${d}/${name}`;
      if (statSync(path.join(root, rel)).isDirectory()) walk(rel);
      else out[rel] = readFileSync(path.join(root, rel), "utf8");
    }
  };
  walk(dir);
  return out;
}

function under(tree: Record<string, string>, dir: string): Record<string, string> {
  return Object.fromEntries(Object.entries(tree).filter(([p]) => p.startsWith(`${dir}/`)));
}

describe.each(runtimes())("action with commit-method: api ($name)", ({ node }) => {
  let s: Scenario | undefined;
  afterEach(async () => {
    if (!s) return;
    try {
      expect(s.gh.violations).toEqual([]);
    } finally {
      await s.close();
      s = undefined;
    }
  });

  it("records one commit whose tree has exactly the added, changed and deleted manifests; the re-run is a no-op", async () => {
    s = await createScenario({ bundles });
    const head = await s.pushToPr(RESHAPE);
    const run = await s.runPr(node, { inputs: API });
    expect(run.failure).toBeUndefined();
    expect(run.code).toBe(0);
    expect(s.gh.commits).toHaveLength(1);
    const c = s.gh.commits[0]!;
    const tip = s.remote.tip("feature");
    expect(c).toMatchObject({
      branch: "feature",
      expectedHeadOid: head,
      parent: head,
      oid: tip,
      added: [`${OUT}/booksapp/reviews.yaml`],
      modified: [`${OUT}/booksapp/books.yaml`, `${OUT}/kustomization.yaml`],
      deleted: [`${OUT}/booksapp/authors.yaml`],
      message: `Regenerate Linkerd ServiceProfiles\n\n${COMMIT_TRAILER}`,
      author: `${FAKE_BOT.name} <${FAKE_BOT.email}>`,
      committer: `${FAKE_COMMITTER.name} <${FAKE_COMMITTER.email}>`,
    });
    expect(run.outputs).toMatchObject({ "commit-sha": tip, stale: "false" });
    expect(run.outputs.files?.split("\n")).toEqual([...c.added, ...c.modified, ...c.deleted].sort());

    // Outside the manifests directory the tree is the pull request's head, untouched ...
    const headFiles = git(s.remote.origin, "ls-tree", "-r", "--name-only", head).split("\n");
    const outside = Object.keys(c.tree).filter((p) => !p.startsWith(`${OUT}/`));
    expect(outside).toEqual(headFiles.filter((p) => !p.startsWith(`${OUT}/`)));
    for (const p of outside) expect(c.tree[p]!.trimEnd(), p).toBe(git(s.remote.origin, "show", `${head}:${p}`));
    // ... and inside it is exactly what a developer's `sync` writes for that head.
    const dev = s.remote.clone(head);
    execFileSync(process.execPath, [bundles.cli, "sync"], { cwd: dev, encoding: "utf8", stdio: "pipe" });
    expect(under(c.tree, OUT)).toEqual(filesUnder(dev, OUT));

    expect(s.comments()[0]).toContain(`Committed \`${tip.slice(0, 7)}\` to \`feature\``);
    expect(s.gh.calls("graphql/createCommitOnBranch")).toHaveLength(1);

    // The commit starts another run (with an App token): nothing to do, no second commit.
    const again = await s.runPr(node, { inputs: API });
    expect(again.code).toBe(0);
    expect(again.outputs).toMatchObject({ "commit-sha": "", stale: "false", files: "" });
    expect(s.gh.commits).toHaveLength(1);
  });

  it("does not commit on top of its own API commit, even when the checkout is still stale", async () => {
    s = await createScenario({ bundles });
    await s.pushToPr(STALE_CHANGE);
    await s.runPr(node, { inputs: API });
    const ours = s.remote.tip("feature");
    s.remote.seed.git("checkout", "-q", "main");
    s.remote.push("authors without sync", { "api/authors.yaml": openapi({ "/authors": { get: [200, 500] } }) });
    s.remote.seed.git("checkout", "-q", "feature");
    const run = await s.runPr(node, { inputs: API });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`the tip of feature (${ours.slice(0, 7)}) is this action's own commit; not committing again`);
    expect(s.remote.tip("feature")).toBe(ours);
    expect(s.gh.commits).toHaveLength(1);
  });

  it("regenerates on the new tip and retries once when expectedHeadOid is stale", async () => {
    s = await createScenario({ bundles });
    const head = await s.pushToPr(STALE_CHANGE);
    const remote = s.remote;
    // Another push lands between the action's fetch and its mutation, adding a route of its own.
    s.gh.beforeCommit(() => void moveBranch(remote, "feature", { "api/books.yaml": openapi({ ...BOOKS, "/books/{id}/reviews": { get: [200] }, "/books/{id}/cover": { get: [200] } }) }), 1);
    const run = await s.runPr(node, { inputs: API });
    expect(run.failure).toBeUndefined();
    expect(run.code).toBe(0);
    const calls = s.gh.calls("graphql/createCommitOnBranch");
    expect(calls).toHaveLength(2);
    const sent = calls.map((r) => (r.body as { variables: { input: { expectedHeadOid: string } } }).variables.input.expectedHeadOid);
    expect(sent[0]).toBe(head);
    const moved = git(remote.origin, "rev-parse", `${s.remote.tip("feature")}^`);
    expect(sent[1]).toBe(moved);
    expect(s.gh.commits).toHaveLength(1);
    expect(s.gh.commits[0]).toMatchObject({ parent: moved, modified: [`${OUT}/booksapp/books.yaml`], added: [], deleted: [] });
    expect(s.gh.commits[0]!.tree[`${OUT}/booksapp/books.yaml`]).toContain("/books/[^/]*/cover");
    expect(run.outputs["commit-sha"]).toBe(s.gh.commits[0]!.oid);
    expect(run.stdout).toMatch(/"feature" moved from [0-9a-f]{7} to [0-9a-f]{7} during the run; regenerating on the new tip and retrying once/);
  });

  it("fails clearly, committing nothing, when the branch moves again", async () => {
    s = await createScenario({ bundles });
    await s.pushToPr(STALE_CHANGE);
    const remote = s.remote;
    let n = 0;
    s.gh.beforeCommit(() => void moveBranch(remote, "feature", { "README.md": `busy ${++n}\n` }), 5);
    const run = await s.runPr(node, { inputs: API });
    expect(run.code).toBe(1);
    expect(run.failure).toMatch(/"feature" moved again \(now [0-9a-f]{7}\) while the regenerated profiles were being pushed; nothing was pushed\. Re-run the workflow/);
    expect(s.gh.calls("graphql/createCommitOnBranch")).toHaveLength(2);
    expect(s.gh.commits).toEqual([]);
    expect(git(remote.origin, "log", "-1", "--format=%an", "refs/heads/feature")).toBe("Other");
    expect(run.outputs["commit-sha"]).toBe("");
    expect(s.comments()[0]).toContain("Could not commit the regenerated profiles");
  });

  it("names contents: write when GitHub refuses the commit", async () => {
    s = await createScenario({ bundles });
    await s.pushToPr(STALE_CHANGE);
    s.gh.fail({ operationId: "graphql/createCommitOnBranch", status: 200, graphqlType: "FORBIDDEN", message: "Resource not accessible by integration" });
    const run = await s.runPr(node, { inputs: API });
    expect(run.code).toBe(1);
    expect(run.failure).toContain('GitHub refused the commit to "feature" (Resource not accessible by integration). The token needs "contents: write"; give the job:\npermissions:\n  contents: write');
    expect(s.gh.commits).toEqual([]);
    expect(run.outputs).toMatchObject({ "commit-sha": "", stale: "true" });
  });

  it("never commits to a fork", async () => {
    s = await createScenario({ bundles, fork: true });
    await s.pushToPr(STALE_CHANGE);
    const run = await s.runPr(node, { inputs: API });
    expect(run.code).toBe(0);
    expect(s.gh.calls("graphql/createCommitOnBranch")).toEqual([]);
    expect(run.annotations.some((a) => a.command === "warning" && a.message.includes("comes from a fork"))).toBe(true);
  });

  it("refuses an unknown commit-method", async () => {
    s = await createScenario({ bundles });
    await s.pushToPr(STALE_CHANGE);
    const run = await s.runPr(node, { inputs: { commit: "true", "commit-method": "rest" } });
    expect(run.code).toBe(1);
    expect(run.failure).toBe('input "commit-method" must be git or api, not "rest"');
    expect(s.gh.requests).toEqual([]);
  });
});
