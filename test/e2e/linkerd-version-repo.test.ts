/**
 * Changing linkerd.version changes what a committed route file means: check
 * fails on it, and diff shows each timeout moving between the rule field and
 * the annotation, on a real git repository.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createGitRepo, type GitRepo } from "../helpers/gitrepo.js";
import { runCliInProcess } from "../helpers/cli.js";

let repo: GitRepo | undefined;
afterEach(() => {
  repo?.cleanup();
  repo = undefined;
});

const OUT = "deploy/linkerd";
const BOOKS = `openapi: 3.0.1
info: { title: books, version: "1" }
paths:
  /books:
    get:
      x-linkerd-timeout: 2s
      responses: { "200": { description: ok } }
  /books/{id}:
    get:
      x-linkerd-timeout: 5s
      responses: { "200": { description: ok } }
  /authors:
    get: { responses: { "200": { description: ok } } }
`;
const config = (linkerd: string) => `output: ${OUT}
target: gateway
${linkerd}services:
  - name: books
    namespace: booksapp
    openapi: api/books.yaml
`;

describe("linkerd.version in a repository", () => {
  it("2.20 -> 2.19: check fails, diff shows the timeouts moving to the annotation, sync makes it current", async () => {
    repo = createGitRepo({ files: { "api/books.yaml": BOOKS, "serviceprofile-sync.yaml": config('linkerd: { version: "2.20" }\n') } });
    expect((await runCliInProcess(["sync"], repo.dir)).code).toBe(0);
    const before = repo.read(`${OUT}/booksapp/books.routes.yaml`);
    expect(before).toContain("request: 2s");
    expect(before).not.toContain("timeout.linkerd.io/request");
    repo.commit("routes for 2.20");

    repo.write({ "serviceprofile-sync.yaml": config('linkerd: { version: "2.19" }\n') });
    const check = await runCliInProcess(["check"], repo.dir);
    expect(check.code).toBe(1);
    expect(check.stdout + check.stderr).toContain(`${OUT}/booksapp/books.routes.yaml`);

    const text = await runCliInProcess(["diff", "--base", "HEAD"], repo.dir);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("HTTPRoutes of books.booksapp in booksapp: changed");
    expect(text.stdout).toContain("~ GET /books\n      timeoutIn: rules[].timeouts.request -> annotation timeout.linkerd.io/request");
    expect(text.stdout).toContain("~ GET /books/{id}\n      timeoutIn: rules[].timeouts.request -> annotation timeout.linkerd.io/request");
    // A route without a timeout does not change.
    expect(text.stdout).not.toContain("~ GET /authors");
    const json = JSON.parse((await runCliInProcess(["diff", "--base", "HEAD", "--format", "json"], repo.dir)).stdout);
    expect(json.routeSets[0].rulesChanged).toEqual([
      { name: "GET /books", changes: [{ field: "timeoutIn", from: "rules[].timeouts.request", to: "annotation timeout.linkerd.io/request" }] },
      { name: "GET /books/{id}", changes: [{ field: "timeoutIn", from: "rules[].timeouts.request", to: "annotation timeout.linkerd.io/request" }] },
    ]);
    const md = await runCliInProcess(["diff", "--base", "HEAD", "--format", "markdown"], repo.dir);
    expect(md.stdout).toContain("timeoutIn: `rules[].timeouts.request` → `annotation timeout.linkerd.io/request`");

    expect((await runCliInProcess(["sync"], repo.dir)).code).toBe(0);
    expect(repo.read(`${OUT}/booksapp/books.routes.yaml`)).toContain("timeout.linkerd.io/request: 2s");
    expect((await runCliInProcess(["check"], repo.dir)).code).toBe(0);
  });

  it("leaving the version unset is 2.20: setting it to 2.18 makes the committed file stale", async () => {
    repo = createGitRepo({ files: { "api/books.yaml": BOOKS, "serviceprofile-sync.yaml": config("") } });
    expect((await runCliInProcess(["sync"], repo.dir)).code).toBe(0);
    expect(repo.read(`${OUT}/booksapp/books.routes.yaml`)).toContain("request: 5s");
    repo.commit("routes");
    repo.write({ "serviceprofile-sync.yaml": config('linkerd: { version: "2.18" }\n') });
    expect((await runCliInProcess(["check"], repo.dir)).code).toBe(1);
  });
});
