import { describe, expect, it } from "vitest";
import { ContextError, parseEvent, readContext } from "../../src/github/context.js";
import { envInput, inputEnvName, InputError, readInputs } from "../../src/action/inputs.js";
import { pullRequestPayload, pushPayload } from "./payloads.js";

const shop = { owner: "acme", name: "shop" };
const A = "a".repeat(40);
const B = "b".repeat(40);

function env(extra: Record<string, string> = {}) {
  return { GITHUB_EVENT_NAME: "pull_request", GITHUB_REPOSITORY: "acme/shop", GITHUB_WORKSPACE: "/w", GITHUB_EVENT_PATH: "/event.json", ...extra };
}

describe("event -> context", () => {
  it("reads a same-repository pull request", () => {
    const payload = pullRequestPayload({ number: 7, base: { ref: "main", sha: A, repo: shop }, head: { ref: "feature/x", sha: B, repo: shop } });
    const ctx = readContext(env({ GITHUB_RUN_ID: "42", GITHUB_API_URL: "http://127.0.0.1:1/" }), () => JSON.stringify(payload));
    expect(ctx.repository).toEqual({ owner: "acme", repo: "shop", fullName: "acme/shop" });
    expect(ctx.apiUrl).toBe("http://127.0.0.1:1");
    expect(ctx.runUrl).toBe("https://github.com/acme/shop/actions/runs/42");
    expect(ctx.event).toEqual({
      kind: "pull_request",
      eventName: "pull_request",
      number: 7,
      base: { ref: "main", sha: A, repo: "acme/shop" },
      head: { ref: "feature/x", sha: B, repo: "acme/shop" },
      isFork: false,
    });
  });

  it("recognises a fork, and a deleted fork", () => {
    const fork = pullRequestPayload({ number: 8, base: { ref: "main", sha: A, repo: shop }, head: { ref: "main", sha: B, repo: { owner: "mallory", name: "shop" } } });
    expect(parseEvent("pull_request", fork, {})).toMatchObject({ isFork: true, head: { repo: "mallory/shop" } });
    const gone = pullRequestPayload({ number: 9, base: { ref: "main", sha: A, repo: shop }, head: { ref: "x", sha: B, repo: null } });
    expect(parseEvent("pull_request", gone, {})).toMatchObject({ isFork: true, head: { repo: undefined } });
  });

  it("does not take a repository that is itself a fork for a fork pull request", () => {
    const payload = pullRequestPayload({ number: 7, base: { ref: "main", sha: A, repo: shop }, head: { ref: "x", sha: B, repo: shop } });
    payload.pull_request.head.repo!.fork = true;
    expect(parseEvent("pull_request", payload, {})).toMatchObject({ isFork: false });
  });

  it("reads a push, a new branch and a tag", () => {
    expect(parseEvent("push", pushPayload({ ref: "refs/heads/main", before: A, after: B, repo: shop }), {})).toEqual({
      kind: "push",
      eventName: "push",
      branch: "main",
      before: A,
      after: B,
    });
    expect(parseEvent("push", pushPayload({ ref: "refs/heads/new", before: "0".repeat(40), after: B, repo: shop }), {})).toMatchObject({ before: undefined });
    expect(parseEvent("push", pushPayload({ ref: "refs/tags/v1", before: A, after: B, repo: shop }), {})).toMatchObject({ branch: undefined });
  });

  it("takes other events' branch from GITHUB_REF", () => {
    expect(parseEvent("workflow_dispatch", {}, { GITHUB_REF: "refs/heads/release" })).toEqual({ kind: "other", eventName: "workflow_dispatch", branch: "release" });
  });

  it("says clearly when it is not running as an action", () => {
    expect(() => readContext({}, () => "")).toThrow(ContextError);
    expect(() => readContext({}, () => "")).toThrow(/GITHUB_EVENT_NAME is not set: this program runs as a GitHub Action step/);
    expect(() => readContext(env(), () => "{not json")).toThrow(/cannot read the event payload/);
    expect(() => readContext(env(), () => "{}")).toThrow(/no pull request number/);
  });
});

describe("inputs", () => {
  const pr = parseEvent("pull_request", pullRequestPayload({ number: 1, base: { ref: "main", sha: A, repo: shop }, head: { ref: "x", sha: B, repo: shop } }), {});
  const push = parseEvent("push", pushPayload({ ref: "refs/heads/main", before: A, after: B, repo: shop }), {});
  const read = (values: Record<string, string>, event = pr) => readInputs(envInput(Object.fromEntries(Object.entries(values).map(([k, v]) => [inputEnvName(k), v]))), event);

  it("names variables the way the runner does", () => {
    expect(inputEnvName("fail-on-stale")).toBe("INPUT_FAIL-ON-STALE");
    expect(inputEnvName("working directory")).toBe("INPUT_WORKING_DIRECTORY");
  });

  it("defaults by event: comment on pull requests, fail on stale unless committing", () => {
    expect(read({})).toMatchObject({ comment: true, commit: false, failOnStale: true, workingDirectory: ".", config: undefined, base: undefined });
    expect(read({}, push)).toMatchObject({ comment: false, failOnStale: true });
    expect(read({ commit: "true" })).toMatchObject({ commit: true, failOnStale: false });
    expect(read({ commit: "true", "fail-on-stale": "true" })).toMatchObject({ failOnStale: true });
    expect(read({ comment: "auto" }, push)).toMatchObject({ comment: false });
    expect(read({ comment: "FALSE" })).toMatchObject({ comment: false });
  });

  it("refuses what it cannot read", () => {
    expect(() => read({ commit: "yes" })).toThrow(InputError);
    expect(() => read({ commit: "yes" })).toThrow('input "commit" must be true, false or auto, not "yes"');
    expect(() => read({ "working-directory": "../elsewhere" })).toThrow(/must stay inside the workspace/);
    expect(() => read({ "max-unmatched": "some" })).toThrow('input "max-unmatched" must be a count (0, 25) or a percentage (0.5%), not "some"');
    expect(() => read({ "max-unmatched": "150%" })).toThrow(InputError);
  });

  it("reads max-unmatched as a count or a percentage, and none by default", () => {
    expect(read({}).maxUnmatched).toBeUndefined();
    expect(read({ "max-unmatched": "0" }).maxUnmatched).toEqual({ given: "0", limit: { count: 0 } });
    expect(read({ "max-unmatched": "0.5%" }).maxUnmatched).toEqual({ given: "0.5%", limit: { percent: 0.5 } });
  });
});
