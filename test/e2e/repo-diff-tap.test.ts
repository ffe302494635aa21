/**
 * `diff` with tap recordings listed in the config, on real git repositories:
 * the head profile of a changed service is replayed against its recordings
 * and the requests that would lose their route are reported.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createGitRepo, type GitRepo } from "../helpers/gitrepo.js";
import { runCliInProcess } from "../helpers/cli.js";
import type { DiffReport } from "../../src/diff/routes.js";
import { many, tapText } from "../diff/recording.js";

let repo: GitRepo;
afterEach(() => repo?.cleanup());

function openapi(paths: Record<string, string[]>): string {
  let text = `openapi: 3.0.1\ninfo: { title: t, version: "1" }\npaths:\n`;
  for (const [p, methods] of Object.entries(paths)) {
    text += `  ${p}:\n`;
    for (const m of methods) text += `    ${m}:\n      responses:\n        "200": { description: ok }\n`;
  }
  return text;
}

const BOOKS = { "/books": ["get", "post"], "/books/{id}": ["get", "delete"] };

const CONFIG = `output: deploy/sp
services:
  - name: books
    namespace: booksapp
    openapi: api/books.yaml
    tap: [tap/books.txt]
  - name: authors
    namespace: booksapp
    openapi: api/authors.yaml
    tap: [tap/authors-never-recorded.txt]
`;

const TRAFFIC = tapText([
  ...many(4, "GET", (k) => `/books/${1000 + k}`),
  { method: "GET", path: "/books/7?format=json" },
  ...many(3, "GET", () => "/books"),
  { method: "POST", path: "/books" },
  { method: "DELETE", path: "/books/12" },
  { method: "GET", path: "/metrics" },
  { method: "GET", path: "/books/3", direction: "out" },
]);

/** main: config, specs, the recording and the synced manifests; then a branch that drops GET /books/{id}. */
async function setup(): Promise<GitRepo> {
  const r = createGitRepo({
    files: {
      "serviceprofile-sync.yaml": CONFIG,
      "api/books.yaml": openapi(BOOKS),
      "api/authors.yaml": openapi({ "/authors": ["get"] }),
      "tap/books.txt": TRAFFIC,
    },
  });
  repo = r;
  expect((await runCliInProcess(["sync"], r.dir)).code).toBe(0);
  r.commit("sync");
  r.git("checkout", "-q", "-b", "feature");
  r.write({ "api/books.yaml": openapi({ "/books": ["get", "post"], "/books/{id}": ["delete"] }) });
  expect((await runCliInProcess(["sync"], r.dir)).code).toBe(0);
  return r;
}

async function diff(format: string, ...args: string[]) {
  return runCliInProcess(["diff", "--base", "main", "--format", format, ...args], repo.dir);
}

describe("diff with tap recordings", () => {
  it("reports the recorded requests a removed route leaves unmatched (work tree and committed head alike)", async () => {
    await setup();
    const run = await diff("json");
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as DiffReport;
    // authors did not change: it is not replayed, so its missing recording is not even opened.
    expect(report.profiles.map((p) => p.profile.service)).toEqual(["books"]);
    const [books] = report.profiles;
    expect(books!.routesRemoved.map((r) => r.name)).toEqual(["GET /books/{id}"]);
    expect(books!.verification).toEqual({
      requests: 11,
      matched: 5,
      unmatched: {
        requests: 6,
        groups: [
          { method: "GET", path: "/books/{id}", count: 5, example: "/books/1001" },
          { method: "GET", path: "/metrics", count: 1, example: "/metrics" },
        ],
      },
      newlyUnmatched: { requests: 5, groups: [{ method: "GET", path: "/books/{id}", count: 5, example: "/books/1001" }] },
      neverHit: [],
      shadowed: [],
      recordings: [{ file: "tap/books.txt", format: "text", events: 36, truncated: false }],
      problems: [],
    });
    expect(report.summary.newlyUnmatchedRequests).toBe(5);

    // The same from git objects: head as a committed ref.
    repo.commit("drop GET /books/{id}");
    repo.checkout("main");
    const fromRef = JSON.parse((await diff("json", "--head", "feature")).stdout) as DiffReport;
    expect(fromRef.profiles[0]!.verification).toEqual(books!.verification);
  });

  it("shows it in the markdown comment and the terminal listing", async () => {
    await setup();
    const md = await diff("markdown");
    expect(md.code).toBe(0);
    expect(md.stdout).toContain("**Recorded traffic:** ⚠️ 5 of 11 recorded requests would no longer match any route; 1 other matches no route at base either.");
    expect(md.stdout).toContain("<details><summary>5 requests that would newly match no route, by path</summary>");
    expect(md.stdout).toContain("| 5 | GET | `/books/{id}` | `/books/1001` |");
    expect(md.stdout).toContain("5 recorded requests would no longer match any route; findings: 1 warning**");
    expect(md.stdout).toContain("| ⚠️ warning | `route-removed` | `deploy/sp/booksapp/books.yaml` | ServiceProfile books.booksapp.svc.cluster.local in booksapp: route GET /books/{id} is removed;");
    const text = await diff("text");
    expect(text.stdout).toContain("  recorded traffic: 5 of 11 recorded requests would no longer match any route");
    expect(text.stdout).toContain("      5  GET /books/{id}  e.g. /books/1001\n");
  });

  it("reports a missing recording of a changed service as an error of that service and still compares the rest", async () => {
    await setup();
    repo.write({ "api/authors.yaml": openapi({ "/authors": ["get", "post"] }) });
    expect((await runCliInProcess(["sync"], repo.dir)).code).toBe(0);
    const run = await diff("json");
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as DiffReport;
    const authors = report.profiles.find((p) => p.profile.service === "authors")!;
    expect(authors.routesAdded.map((r) => r.name)).toEqual(["POST /authors"]);
    expect(authors.verification).toMatchObject({ requests: 0, recordings: [], newlyUnmatched: { requests: 0, groups: [] } });
    expect(authors.verification!.problems).toEqual([
      {
        severity: "error",
        file: "tap/authors-never-recorded.txt",
        message: "the tap recording tap/authors-never-recorded.txt listed for booksapp/authors does not exist in the work tree",
        hint: "commit the recording, or correct the path in the service's tap: list; paths are relative to the repository root",
      },
    ]);
    expect(report.profiles.find((p) => p.profile.service === "books")!.verification!.newlyUnmatched.requests).toBe(5);
    const md = await diff("markdown");
    expect(md.stdout).toContain("- could not use a recording: `tap/authors-never-recorded.txt: the tap recording");
  });

  it("replays nothing when no service lists recordings", async () => {
    await setup();
    repo.write({ "serviceprofile-sync.yaml": CONFIG.replace(/ {4}tap: .*\n/g, "") });
    const report = JSON.parse((await diff("json")).stdout) as DiffReport;
    expect(report.profiles).toHaveLength(1);
    expect(report.profiles[0]).not.toHaveProperty("verification");
    expect(report.summary).not.toHaveProperty("newlyUnmatchedRequests");
  });
});
