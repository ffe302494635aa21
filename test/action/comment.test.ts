import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { commentApi, createClient, PermissionError } from "../../src/github/api.js";
import {
  COMMENT_BODY_LIMIT,
  commentMarker,
  fitCommentBody,
  upsertStickyComment,
  withMarker,
  type CommentApi,
} from "../../src/github/comment.js";
import { startFakeGitHub, type FakeGitHub } from "../helpers/fake-github.js";

// The sticky comment through the real octokit client against the fake API.
describe("sticky comment", () => {
  let gh: FakeGitHub;
  let api: CommentApi;
  const warnings: string[] = [];
  beforeEach(async () => {
    gh = await startFakeGitHub({ owner: "acme", repo: "shop" });
    api = commentApi(createClient("t0ken", gh.url, { warning: (m) => warnings.push(m) }, { throttle: false }), { owner: "acme", repo: "shop" });
  });
  afterEach(async () => {
    expect(gh.violations).toEqual([]);
    await gh.close();
  });

  const marker = commentMarker("serviceprofile-sync.yaml");

  it("creates one comment, then updates it in place", async () => {
    const first = await upsertStickyComment(api, { issue: 3, marker, body: "one", createIfMissing: true });
    expect(first.action).toBe("created");
    const second = await upsertStickyComment(api, { issue: 3, marker, body: "two", createIfMissing: true });
    expect(second).toMatchObject({ action: "updated", id: first.action === "created" ? first.id : -1 });
    expect(gh.comments(3).map((c) => c.body)).toEqual([`${marker}\ntwo`]);
    expect(gh.calls("issues/create-comment")).toHaveLength(1);
    expect(gh.calls("issues/update-comment")).toHaveLength(1);
  });

  it("does not create a comment when there is nothing to say, but still updates an existing one", async () => {
    expect(await upsertStickyComment(api, { issue: 3, marker, body: "quiet", createIfMissing: false })).toEqual({ action: "skipped" });
    expect(gh.comments(3)).toEqual([]);
    await upsertStickyComment(api, { issue: 3, marker, body: "loud", createIfMissing: true });
    await upsertStickyComment(api, { issue: 3, marker, body: "no route changes", createIfMissing: false });
    expect(gh.comments(3).map((c) => c.body)).toEqual([`${marker}\nno route changes`]);
  });

  it("leaves an identical comment alone", async () => {
    await upsertStickyComment(api, { issue: 3, marker, body: "same", createIfMissing: true });
    const again = await upsertStickyComment(api, { issue: 3, marker, body: "same", createIfMissing: true });
    expect(again.action).toBe("unchanged");
    expect(gh.calls("issues/update-comment")).toHaveLength(0);
  });

  it("finds its comment past the first page", async () => {
    for (let i = 0; i < 230; i++) gh.addComment(3, `chatter ${i}`, "someone");
    gh.addComment(3, withMarker(marker, "old"));
    const outcome = await upsertStickyComment(api, { issue: 3, marker, body: "new", createIfMissing: true });
    expect(outcome.action).toBe("updated");
    const lists = gh.calls("issues/list-comments");
    expect(lists.map((r) => r.query.page ?? "1")).toEqual(["1", "2", "3"]);
    expect(lists.every((r) => r.query.per_page === "100")).toBe(true);
    expect(gh.comments(3).filter((c) => c.body.includes(marker)).map((c) => c.body)).toEqual([`${marker}\nnew`]);
  });

  it("keeps one comment per config: two configs do not fight", async () => {
    const other = commentMarker("services/payments/serviceprofile-sync.yaml");
    expect(other).not.toBe(marker);
    await upsertStickyComment(api, { issue: 3, marker, body: "a", createIfMissing: true });
    await upsertStickyComment(api, { issue: 3, marker: other, body: "b", createIfMissing: true });
    await upsertStickyComment(api, { issue: 3, marker, body: "a2", createIfMissing: true });
    expect(gh.comments(3).map((c) => c.body)).toEqual([`${marker}\na2`, `${other}\nb`]);
  });

  it("names pull-requests: write when GitHub refuses with 403", async () => {
    gh.fail({ operationId: "issues/create-comment", status: 403, message: "Resource not accessible by integration" });
    const err = await upsertStickyComment(api, { issue: 3, marker, body: "x", createIfMissing: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermissionError);
    expect((err as PermissionError).permission).toBe("pull-requests: write");
    expect((err as Error).message).toContain("Resource not accessible by integration");
    expect((err as Error).message).toContain("pull-requests: write");
    // A plain 403 is not a rate limit: exactly one attempt.
    expect(gh.calls("issues/create-comment")).toHaveLength(1);
  });
});

describe("comment marker and size", () => {
  it("keeps an HTML comment intact whatever the config path", () => {
    const m = commentMarker("a--b/c-->d.yaml");
    expect(m.startsWith("<!-- ")).toBe(true);
    expect(m.endsWith(" -->")).toBe(true);
    expect(m.slice(4, -3)).not.toContain("--");
    expect(m.slice(4, -3)).not.toContain(">");
  });

  it("trims an oversized body under the limit, closing open blocks", () => {
    const big = "<details><summary>x</summary>\n\n```\n" + "line of a very long report\n".repeat(5000);
    const fitted = fitCommentBody(big);
    expect(fitted.length).toBeLessThanOrEqual(COMMENT_BODY_LIMIT);
    expect(fitted).toContain("cut to fit");
    expect((fitted.match(/```/g) ?? []).length % 2).toBe(0);
    expect(fitted).toContain("</details>");
    expect(fitCommentBody("small")).toBe("small");
  });
});
