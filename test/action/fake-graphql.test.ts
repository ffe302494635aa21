import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CREATE_COMMIT_MUTATION } from "../../src/action/api-commit.js";
import { startFakeGitHub, type FakeGitHub } from "../helpers/fake-github.js";

// The fake's GraphQL contract: what GitHub's schema refuses, it refuses.
describe("fake GitHub GraphQL API", () => {
  let gh: FakeGitHub;
  beforeEach(async () => {
    gh = await startFakeGitHub({ owner: "acme", repo: "shop" });
  });
  afterEach(async () => {
    await gh.close();
  });

  const post = (query: string, variables: unknown) =>
    fetch(`${gh.url}/graphql`, { method: "POST", headers: { authorization: "token t", "content-type": "application/json" }, body: JSON.stringify({ query, variables }) });

  const input = { branch: { repositoryNameWithOwner: "acme/shop", branchName: "main" }, expectedHeadOid: "a".repeat(40), message: { headline: "m" } };

  it("flags a field GitHub's schema does not have", async () => {
    const res = await post("mutation ($input: CreateCommitOnBranchInput!) { createCommitOnBranch(input: $input) { commit { sha } } }", { input });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { errors: unknown[] }).errors).toHaveLength(1);
    expect(gh.violations).toEqual(['POST /graphql: the query breaks GitHub\'s schema: Cannot query field "sha" on type "Commit".']);
  });

  it("flags variables that do not fit the declared input type", async () => {
    await post(CREATE_COMMIT_MUTATION, { input: { ...input, message: { body: "no headline" }, branchName: "x" } });
    expect(gh.violations).toEqual([
      'POST /graphql: variable $input.message: Field "headline" of required type "String!" was not provided.',
      'POST /graphql: variable $input: Field "branchName" is not defined by type "CreateCommitOnBranchInput". Did you mean "branch"?',
    ]);
  });

  it("flags a missing required variable, and contents that are not base64", async () => {
    await post(CREATE_COMMIT_MUTATION, {});
    await post(CREATE_COMMIT_MUTATION, { input: { ...input, fileChanges: { additions: [{ path: "a.yaml", contents: "not base64!" }] } } });
    expect(gh.violations).toEqual([
      "POST /graphql: variable $input of type CreateCommitOnBranchInput! is required",
      "POST /graphql: contents of a.yaml are not RFC 4648 base64",
    ]);
  });
});
