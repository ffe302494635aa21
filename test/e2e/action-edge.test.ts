/**
 * The built action at its edges: refused permissions, shallow and full
 * checkouts, a diff too big for one comment, push events, and two configs
 * in one repository.
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { ACTION_BUNDLE, requireFreshBundle } from "../action/harness.js";
import { git } from "../action/git-fixture.js";
import { BOOKS, changedFiles, CONFIG, createScenario, openapi, OUT, PR, type Scenario } from "../action/scenario.js";
import { COMMENT_BODY_LIMIT, commentMarker } from "../../src/github/comment.js";
import { DIFF_SCHEMA_VERSION } from "../../src/diff/routes.js";
import { runtimes } from "../helpers/runtimes.js";

beforeAll(() => requireFreshBundle());

const CHANGE = { "api/books.yaml": openapi({ ...BOOKS, "/books/{id}/reviews": { get: [200] } }) };

/** An API with `n` resources of three routes each. */
function bigApi(n: number, codes: number[]): string {
  const paths: Record<string, Record<string, number[]>> = {};
  for (let i = 0; i < n; i++) paths[`/inventory/resource-number-${i}/{id}`] = { get: codes, put: codes, delete: codes };
  return openapi(paths);
}

describe.each(runtimes())("action edges ($name)", ({ node }) => {
  let s: Scenario;
  afterEach(async () => {
    if (!s) return;
    expect(s.gh.violations).toEqual([]);
    await s.close();
  });

  it("fails at once, saying why, outside a runner", () => {
    s = undefined as unknown as Scenario;
    let out = "";
    let status = 0;
    try {
      execFileSync(node, [ACTION_BUNDLE], { env: { PATH: process.env.PATH ?? "" }, encoding: "utf8", timeout: 20_000 });
    } catch (err) {
      out = (err as { stdout: string }).stdout;
      status = (err as { status: number }).status;
    }
    expect(status).toBe(1);
    expect(out).toBe("::error::GITHUB_EVENT_NAME is not set: this program runs as a GitHub Action step (uses: ...), not on its own\n");
  });

  it("says how to start when the checkout has no config", async () => {
    s = await createScenario();
    await s.pushToPr(CHANGE, { sync: true });
    const run = await s.runPr(node, { inputs: { config: "nowhere/profiles.yaml" } });
    expect(run.code).toBe(1);
    expect(run.failure).toBe('config file "nowhere/profiles.yaml" does not exist in the checkout');
    expect(s.gh.requests).toEqual([]);
  });

  it("names pull-requests: write when GitHub refuses the comment", async () => {
    s = await createScenario();
    await s.pushToPr(CHANGE, { sync: true });
    s.gh.fail({ operationId: "issues/create-comment", status: 403, message: "Resource not accessible by integration" });
    const run = await s.runPr(node);
    expect(run.code).toBe(1);
    expect(run.failure).toContain('GitHub refused to comment on pull request #7 (403: Resource not accessible by integration). The token needs "pull-requests: write"');
    expect(run.failure).toContain("permissions:\n  contents: read\n  pull-requests: write");
    // Everything else was still reported.
    expect(run.outputs).toMatchObject({ changed: "true", "routes-added": "1", "comment-url": "" });
    expect(run.summary).toContain("GET /books/{id}/reviews");
  });

  it("only warns when a fork's read-only token cannot comment", async () => {
    s = await createScenario({ fork: true });
    await s.pushToPr(CHANGE, { sync: true });
    s.gh.fail({ operationId: "issues/list-comments", status: 403, message: "Resource not accessible by integration" });
    const run = await s.runPr(node);
    expect(run.code).toBe(0);
    const warning = run.annotations.find((a) => a.command === "warning" && a.message.includes("pull-requests: write"));
    expect(warning?.message).toContain("On pull requests from forks GitHub gives the workflow a read-only token");
  });

  it("fetches the base into a shallow checkout and keeps it shallow; a full checkout needs no fetch", async () => {
    s = await createScenario();
    await s.pushToPr(CHANGE, { sync: true });
    const shallow = await s.runPr(node);
    expect(shallow.code).toBe(0);
    expect(git(shallow.workspace, "rev-parse", "--is-shallow-repository")).toBe("true");
    expect(git(shallow.workspace, "cat-file", "-t", s.remote.tip("main"))).toBe("commit");
    expect(shallow.outputs["routes-added"]).toBe("1");
    const report = shallow.report as { schemaVersion: number; base: { commit: string }; profiles: unknown[] };
    expect(report.schemaVersion).toBe(DIFF_SCHEMA_VERSION);
    expect(report.base.commit).toBe(s.remote.tip("main"));
    expect(report.profiles).toHaveLength(1);
    const full = await s.runPr(node, { shallow: false });
    expect(full.code).toBe(0);
    expect(full.outputs["routes-added"]).toBe("1");
    expect(full.report).toEqual(shallow.report);
  });

  it("keeps a huge diff's comment under GitHub's limit and says what it left out", async () => {
    s = await createScenario({ files: { "api/books.yaml": bigApi(900, [200]) } });
    await s.pushToPr({ "api/books.yaml": bigApi(900, [200, 404, 503]) }, { sync: true });
    const run = await s.runPr(node);
    expect(run.code).toBe(0);
    expect(Number(run.outputs["routes-changed"])).toBe(2700);
    const [body] = s.comments();
    expect(body!.length).toBeLessThanOrEqual(COMMENT_BODY_LIMIT);
    expect(body!.startsWith(commentMarker("serviceprofile-sync.yaml"))).toBe(true);
    expect(body).toContain("routes: 2700 changed");
    // The profile stays, its table cut row by row to fit.
    expect(body).toContain("#### **`books.booksapp.svc.cluster.local`** in `booksapp` — changed (~2700 routes)");
    expect(body).toMatch(/\| \| … \d+ more route changes left out to fit \| \| \| \|/);
    expect(body).toContain("the job summary of the [workflow run](https://github.com/acme/shop/actions/runs/4242) has all of it");
    expect(body).toContain("<sub>serviceprofile-sync");
    // The job summary has room for every row.
    expect(run.summary).toContain("`PUT /inventory/resource-number-899/{id}`");
  });

  it("on push: checks for stale manifests and commits to the pushed branch", async () => {
    s = await createScenario();
    const before = s.remote.tip("main");
    s.remote.push("edit the spec, forget sync", CHANGE);
    const check = await s.runPush(node, "main", before);
    expect(check.code).toBe(1);
    expect(check.outputs).toMatchObject({ stale: "true", "routes-added": "1", "comment-url": "" });
    expect(s.gh.requests).toEqual([]);

    const pushed = s.remote.tip("main");
    const fix = await s.runPush(node, "main", before, { inputs: { commit: "true" } });
    expect(fix.code).toBe(0);
    const tip = s.remote.tip("main");
    expect(git(s.remote.origin, "rev-parse", `${tip}^`)).toBe(pushed);
    expect(fix.outputs["commit-sha"]).toBe(tip);
    expect(changedFiles(s.remote.origin, tip)).toEqual([`${OUT}/booksapp/books.yaml`]);
  });

  it("keeps one comment per config when two jobs run on one pull request", async () => {
    const payments = CONFIG.replace(/output: .*/, "output: payments/deploy").replace("api/books.yaml", "payments/api/books.yaml").replace(/\n {2}- name: authors[\s\S]*$/, "\n");
    s = await createScenario({
      files: { "payments/serviceprofile-sync.yaml": payments, "payments/api/books.yaml": openapi(BOOKS) },
      extraConfigs: ["payments/serviceprofile-sync.yaml"],
    });
    await s.pushToPr({ "payments/api/books.yaml": openapi({ ...BOOKS, "/refunds": { post: [201] } }), ...CHANGE }, { sync: true });
    const root = await s.runPr(node);
    const sub = await s.runPr(node, { inputs: { "working-directory": "payments" } });
    expect([root.code, sub.code]).toEqual([0, 0]);
    const comments = s.gh.comments(PR);
    expect(comments).toHaveLength(2);
    expect(comments[0]!.body.startsWith(commentMarker("serviceprofile-sync.yaml"))).toBe(true);
    expect(comments[1]!.body.startsWith(commentMarker("payments/serviceprofile-sync.yaml"))).toBe(true);
    expect(comments[1]!.body).toContain("POST /refunds");
    expect(comments[0]!.body).not.toContain("POST /refunds");
    // Re-running both updates each in place.
    await s.runPr(node, { inputs: { "working-directory": "payments" } });
    await s.runPr(node);
    expect(s.gh.comments(PR)).toHaveLength(2);
  });
});
