/**
 * The built action on pull requests, run as the GitHub runner runs it (child
 * Node processes of Node 20 and Node 24) against real git remotes and a fake
 * GitHub API that only accepts requests GitHub's REST description allows.
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { requireFreshBundle } from "../action/harness.js";
import { AUTHORS, BOOKS, CONFIG, createScenario, openapi, OUT, type Scenario } from "../action/scenario.js";
import { commentMarker } from "../../src/github/comment.js";
import { runtimes } from "../helpers/runtimes.js";

beforeAll(() => requireFreshBundle());

const MARKER = commentMarker("serviceprofile-sync.yaml");

describe.each(runtimes())("action on pull_request ($name)", ({ node }) => {
  let s: Scenario;
  afterEach(async () => {
    expect(s.gh.violations).toEqual([]);
    await s.close();
  });

  it("creates the comment on the first run and updates it in place on the next", async () => {
    s = await createScenario();
    await s.pushToPr({ "api/books.yaml": openapi({ ...BOOKS, "/books/{id}/reviews": { get: [200] } }) }, { sync: true });
    const first = await s.runPr(node);
    expect(first.failure).toBeUndefined();
    expect(first.code).toBe(0);
    expect(first.outputs).toMatchObject({ stale: "false", changed: "true", "routes-added": "1", "routes-removed": "0", "routes-changed": "0", "commit-sha": "" });
    expect(s.gh.calls("issues/create-comment")).toHaveLength(1);
    const [body] = s.comments();
    expect(body!.startsWith(MARKER)).toBe(true);
    expect(body).toContain("GET /books/{id}/reviews");
    expect(first.outputs["comment-url"]).toMatch(/^https:\/\/github\.com\/acme\/shop\/pull\/7#issuecomment-\d+$/);
    expect(first.summary).toContain("GET /books/{id}/reviews");

    await s.pushToPr({ "api/authors.yaml": openapi({ "/authors": { get: [200] } }) }, { sync: true });
    const second = await s.runPr(node);
    expect(second.code).toBe(0);
    expect(second.outputs).toMatchObject({ "routes-added": "1", "routes-removed": "1" });
    expect(s.gh.calls("issues/create-comment")).toHaveLength(1);
    expect(s.gh.calls("issues/update-comment")).toHaveLength(1);
    const comments = s.comments();
    expect(comments).toHaveLength(1);
    expect(comments[0]).toContain("GET /authors/{id}");
    expect(second.outputs["comment-url"]).toBe(first.outputs["comment-url"]);
  });

  it("creates no comment when nothing changed and none exists", async () => {
    s = await createScenario();
    await s.pushToPr({ "README.md": "# shop\n\nNow with docs.\n" });
    const run = await s.runPr(node);
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ stale: "false", changed: "false", "comment-url": "" });
    expect(s.gh.calls("issues/list-comments")).toHaveLength(1);
    expect(s.gh.calls("issues/create-comment", "issues/update-comment")).toEqual([]);
    expect(run.summary).toContain("no profile changes");
  });

  it("updates the comment to say there are no route changes once a push removes them", async () => {
    s = await createScenario();
    await s.pushToPr({ "api/books.yaml": openapi({ ...BOOKS, "/books/{id}": { get: [200, 404], delete: [204] } }) }, { sync: true });
    expect((await s.runPr(node)).outputs.changed).toBe("true");
    expect(s.comments()[0]).toContain("DELETE /books/{id}");
    await s.pushToPr({ "api/books.yaml": openapi(BOOKS) }, { sync: true, message: "revert" });
    const run = await s.runPr(node);
    expect(run.outputs.changed).toBe("false");
    const comments = s.comments();
    expect(comments).toHaveLength(1);
    expect(comments[0]).not.toContain("DELETE /books/{id}");
    expect(comments[0]).toContain("no profile changes");
  });

  it("fails on stale manifests with an annotation on the stale file", async () => {
    s = await createScenario();
    // The spec changed but nobody ran sync.
    await s.pushToPr({ "api/books.yaml": openapi({ ...BOOKS, "/books": { get: [200], post: [201, 400, 500] } }) });
    const run = await s.runPr(node);
    expect(run.code).toBe(1);
    expect(run.outputs).toMatchObject({ stale: "true", files: `${OUT}/booksapp/books.yaml` });
    const stale = run.annotations.filter((a) => a.properties.title === "Stale ServiceProfile");
    expect(stale).toEqual([
      {
        command: "error",
        properties: { title: "Stale ServiceProfile", file: `${OUT}/booksapp/books.yaml`, line: "1" },
        message: `${OUT}/booksapp/books.yaml does not match what the specs generate. Run \`npx serviceprofile-sync sync\` and commit the result.`,
      },
    ]);
    expect(run.failure).toContain("1 generated file in deploy/serviceprofiles out of date; run `npx serviceprofile-sync sync`");
    expect(s.comments()[0]).toContain("npx serviceprofile-sync sync");
  });

  it("annotates a broken spec at head with file and line and still reports the other services", async () => {
    s = await createScenario();
    const broken = openapi(AUTHORS).replace('  /authors/{id}:\n', '  /authors/{id}:\n    get: [unclosed\n');
    await s.pushToPr({ "api/books.yaml": openapi({ ...BOOKS, "/books/{id}/reviews": { get: [200] } }), "api/authors.yaml": broken }, { message: "break authors" });
    const run = await s.runPr(node, { inputs: { "fail-on-stale": "false" } });
    expect(run.code).toBe(1);
    const errors = run.annotations.filter((a) => a.command === "error" && a.properties.file === "api/authors.yaml");
    expect(errors).toHaveLength(1);
    expect(Number(errors[0]!.properties.line)).toBeGreaterThan(0);
    expect(run.outputs["routes-added"]).toBe("1");
    expect(s.comments()[0]).toContain("GET /books/{id}/reviews");
    expect(s.comments()[0]).toContain("api/authors.yaml");
  });
  it("a service switched to Gateway API: the comment shows its HTTPRoutes, the deleted profile and the restart note", async () => {
    s = await createScenario();
    const config = CONFIG.replace("    openapi: api/books.yaml\n", "    openapi: api/books.yaml\n    target: gateway\n");
    await s.pushToPr({ "serviceprofile-sync.yaml": config }, { sync: true });
    const run = await s.runPr(node);
    expect(run.failure).toBeUndefined();
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ stale: "false", changed: "true", "rules-added": "4", "rules-removed": "0" });
    const [body] = s.comments();
    expect(body).toContain("HTTPRoutes of **`books.booksapp`** in `booksapp` — added (+4 rules)");
    expect(body).toContain("| + | `GET /books/{id}` | `books-get-books-id` | `GET RegularExpression ^/books/[^/]*$` | added |");
    expect(body).toContain("`books.booksapp.svc.cluster.local`** in `booksapp` — removed");
    expect(body).toContain("> [!IMPORTANT]");
    expect(body).toContain("#11032");
    expect(run.summary).toContain("Gateway API routes: 1 added (rules 4 added)");
  });
});
