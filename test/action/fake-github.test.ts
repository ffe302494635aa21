import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeGitHub, type FakeGitHub } from "../helpers/fake-github.js";

// The fake's own contract: it refuses what GitHub's description does not allow.
describe("fake GitHub API", () => {
  let gh: FakeGitHub;
  beforeEach(async () => {
    gh = await startFakeGitHub({ owner: "acme", repo: "shop" });
  });
  afterEach(async () => {
    await gh.close();
  });

  const call = (method: string, p: string, body?: unknown, headers: Record<string, string> = { authorization: "token t" }) =>
    fetch(`${gh.url}${p}`, {
      method,
      headers: { ...headers, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it("accepts a described operation and records it", async () => {
    const res = await call("POST", "/repos/acme/shop/issues/7/comments", { body: "hi" });
    expect(res.status).toBe(201);
    expect(gh.violations).toEqual([]);
    expect(gh.requests).toHaveLength(1);
    expect(gh.requests[0]).toMatchObject({ operationId: "issues/create-comment", template: "/repos/{owner}/{repo}/issues/{issue_number}/comments", status: 201 });
    expect(gh.comments(7).map((c) => c.body)).toEqual(["hi"]);
  });

  it("flags a path that is not in the description", async () => {
    const res = await call("POST", "/repos/acme/shop/pulls/7/sticky-comments", { body: "hi" });
    expect(res.status).toBe(404);
    expect(gh.violations).toEqual(["POST /repos/acme/shop/pulls/7/sticky-comments: no such operation in GitHub's REST description"]);
  });

  it("flags a method the path does not have", async () => {
    await call("PUT", "/repos/acme/shop/issues/7/comments", { body: "hi" });
    expect(gh.violations[0]).toMatch(/no such operation/);
  });

  it("flags a missing required body field and a wrongly typed one", async () => {
    expect((await call("POST", "/repos/acme/shop/issues/7/comments", { text: "hi" })).status).toBe(422);
    expect((await call("PATCH", "/repos/acme/shop/issues/comments/1000", { body: 5 })).status).toBe(422);
    expect(gh.violations).toEqual([
      'POST /repos/acme/shop/issues/7/comments: required body field "body" is missing',
      'PATCH /repos/acme/shop/issues/comments/1000: body field "body" has the wrong type',
    ]);
  });

  it("flags undeclared query parameters and non-integer path parameters", async () => {
    await call("GET", "/repos/acme/shop/issues/7/comments?per_page=5&sort=asc");
    await call("GET", "/repos/acme/shop/issues/seven/comments");
    expect(gh.violations).toEqual([
      'GET /repos/acme/shop/issues/7/comments: query parameter "sort" is not declared',
      "GET /repos/acme/shop/issues/seven/comments: path parameter issue_number is not an integer",
    ]);
  });

  it("flags real operations it does not model instead of pretending", async () => {
    const res = await call("GET", "/repos/acme/shop/pulls/7");
    expect(res.status).toBe(501);
    expect(gh.violations).toEqual(["GET /repos/acme/shop/pulls/7: operation pulls/get is not modelled by the fake"]);
  });

  it("requires authentication like GitHub", async () => {
    const res = await call("GET", "/repos/acme/shop/issues/7/comments", undefined, {});
    expect(res.status).toBe(401);
  });

  it("paginates with Link headers", async () => {
    for (let i = 0; i < 5; i++) gh.addComment(7, `c${i}`, "someone");
    const first = await call("GET", "/repos/acme/shop/issues/7/comments?per_page=2");
    expect(((await first.json()) as { body: string }[]).map((c) => c.body)).toEqual(["c0", "c1"]);
    const link = first.headers.get("link")!;
    expect(link).toContain('page=2>; rel="next"');
    expect(link).toContain('page=3>; rel="last"');
    const last = await call("GET", "/repos/acme/shop/issues/7/comments?per_page=2&page=3");
    expect(((await last.json()) as { body: string }[]).map((c) => c.body)).toEqual(["c4"]);
    expect(last.headers.get("link")).not.toContain('rel="next"');
  });

  it("answers an injected failure", async () => {
    gh.fail({ operationId: "issues/create-comment", status: 403, message: "Resource not accessible by integration", times: 1 });
    expect((await call("POST", "/repos/acme/shop/issues/7/comments", { body: "a" })).status).toBe(403);
    expect((await call("POST", "/repos/acme/shop/issues/7/comments", { body: "a" })).status).toBe(201);
    expect(gh.violations).toEqual([]);
  });
});
