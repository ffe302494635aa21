import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { RouteSpec, ServiceProfile } from "../../src/model/serviceprofile.js";
import { verifyHeadProfile, type RecordingOpener } from "../../src/diff/verification.js";
import { fileStreamOpener } from "../../src/files/file-stream.js";
import { many, tapText } from "./recording.js";

function profile(routes: RouteSpec[]): ServiceProfile {
  return { apiVersion: "linkerd.io/v1alpha2", kind: "ServiceProfile", metadata: { name: "books.booksapp.svc.cluster.local", namespace: "booksapp" }, spec: { routes } };
}

const LIST: RouteSpec = { name: "GET /books", condition: { method: "GET", pathRegex: "/books" } };
const ONE: RouteSpec = { name: "GET /books/{id}", condition: { method: "GET", pathRegex: "/books/[^/]*" } };
const DELETE: RouteSpec = { name: "DELETE /books/{id}", condition: { method: "DELETE", pathRegex: "/books/[^/]*" } };
const BASE = profile([LIST, ONE, DELETE]);
// Head drops GET /books/{id}, and adds a route an earlier one hides.
const HEAD = profile([LIST, DELETE, { name: "DELETE /books/{id} again", condition: { method: "DELETE", pathRegex: "/books/[0-9]+" } }]);

const TRAFFIC = tapText([
  ...many(3, "GET", (k) => `/books/${k}`),
  { path: "/books" },
  { path: "/books" },
  { method: "DELETE", path: "/books/9" },
  { path: "/healthz" },
  { path: "/books/1", direction: "out" },
]);

function memory(files: Record<string, string>): RecordingOpener {
  return async (p) => (p in files ? Buffer.from(files[p]!) : undefined);
}

const target = { head: HEAD, base: BASE, service: "booksapp/books", where: "WORKTREE" };

describe("verifyHeadProfile", () => {
  it("counts the requests base routes and head does not, grouped by consolidated path", async () => {
    const v = await verifyHeadProfile({ ...target, recordings: ["tap/books.txt"] }, memory({ "tap/books.txt": TRAFFIC }));
    expect(v).toEqual({
      requests: 7,
      matched: 3,
      unmatched: {
        requests: 4,
        groups: [
          { method: "GET", path: "/books/{id}", count: 3, example: "/books/1" },
          { method: "GET", path: "/healthz", count: 1, example: "/healthz" },
        ],
      },
      newlyUnmatched: { requests: 3, groups: [{ method: "GET", path: "/books/{id}", count: 3, example: "/books/1" }] },
      neverHit: ["DELETE /books/{id} again"],
      shadowed: [{ route: "DELETE /books/{id} again", reason: "covered", by: ["DELETE /books/{id}"] }],
      recordings: [{ file: "tap/books.txt", format: "text", events: 24, truncated: false }],
      problems: [],
    });
  });

  it("reads a stream chunk by chunk with the same result as the whole file", async () => {
    const whole = await verifyHeadProfile({ ...target, recordings: ["r"] }, memory({ r: TRAFFIC }));
    const bytes = Buffer.from(TRAFFIC);
    const streamed = await verifyHeadProfile({ ...target, recordings: ["r"] }, async () =>
      (async function* () {
        // Odd chunk sizes split lines and multi-byte characters (µ).
        for (let i = 0; i < bytes.length; i += 7) yield bytes.subarray(i, i + 7);
      })(),
    );
    expect(streamed).toEqual(whole);
  });

  it("has nothing newly unmatched for a profile head adds", async () => {
    const v = await verifyHeadProfile({ ...target, base: undefined, recordings: ["r"] }, memory({ r: TRAFFIC }));
    expect(v.newlyUnmatched).toEqual({ requests: 0, groups: [] });
    expect(v.unmatched.requests).toBe(4);
  });

  it("reports a missing, an unreadable and a non-recording file as errors and still replays the others", async () => {
    const open: RecordingOpener = async (p) => {
      if (p === "tap/broken.txt") throw new Error("EACCES: permission denied");
      return memory({ "tap/books.txt": TRAFFIC, "tap/notes.md": "# not a recording\n" })(p);
    };
    const v = await verifyHeadProfile({ ...target, recordings: ["tap/gone.txt", "tap/broken.txt", "tap/notes.md", "tap/books.txt"] }, open);
    expect(v.requests).toBe(7);
    expect(v.newlyUnmatched.requests).toBe(3);
    expect(v.recordings.map((r) => r.file)).toEqual(["tap/books.txt"]);
    expect(v.problems).toHaveLength(3);
    expect(v.problems.every((d) => d.severity === "error")).toBe(true);
    expect(v.problems.map((d) => d.file)).toEqual(["tap/gone.txt", "tap/broken.txt", "tap/notes.md"]);
    expect(v.problems[0]!.message).toBe("the tap recording tap/gone.txt listed for booksapp/books does not exist in the work tree");
    expect(v.problems[0]!.hint).toContain("tap: list");
    expect(v.problems[1]!.message).toBe("could not read the tap recording tap/broken.txt: EACCES: permission denied");
    expect(v.problems[2]!.message).toContain("not a tap recording");
    expect(v.problems[2]!.line).toBe(1);
  });

  it("keeps the events read before a stream fails, and says it failed", async () => {
    const open: RecordingOpener = async () =>
      (async function* () {
        yield Buffer.from(tapText([{ method: "DELETE", path: "/books/1" }]));
        throw new Error("connection reset");
      })();
    const v = await verifyHeadProfile({ ...target, recordings: ["r"] }, open);
    expect(v.requests).toBe(1);
    expect(v.problems).toEqual([{ severity: "error", file: "r", message: "could not read the tap recording r: connection reset" }]);
  });

  it("passes on warnings about a recording's content (a cut-off last event)", async () => {
    const cut = TRAFFIC + "req id=0:99 proxy=in src=1.2.3.4:1 dst=1.2.3.5:2 tls=true :method=GET :authority=b :path=/bo";
    const v = await verifyHeadProfile({ ...target, recordings: ["r"] }, memory({ r: cut }));
    expect(v.recordings[0]!.truncated).toBe(true);
    expect(v.problems).toHaveLength(1);
    expect(v.problems[0]).toMatchObject({ severity: "warning", file: "r" });
  });
});

describe("fileStreamOpener", () => {
  const root = mkdtempSync(path.join(tmpdir(), "sps-stream-"));
  const outside = mkdtempSync(path.join(tmpdir(), "sps-outside-"));
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });
  mkdirSync(path.join(root, "tap"));
  writeFileSync(path.join(root, "tap/books.txt"), TRAFFIC);
  writeFileSync(path.join(outside, "secret.txt"), TRAFFIC);
  symlinkSync(path.join(outside, "secret.txt"), path.join(root, "tap/link.txt"));
  const open = fileStreamOpener(root);

  it("streams a file in chunks", async () => {
    const stream = await open("tap/books.txt");
    const chunks: Buffer[] = [];
    for await (const c of stream!) chunks.push(Buffer.from(c));
    expect(Buffer.concat(chunks).toString("utf8")).toBe(TRAFFIC);
  });

  it("returns undefined for a missing file and refuses what is not a file inside the root", async () => {
    expect(await open("tap/none.txt")).toBeUndefined();
    await expect(open("tap")).rejects.toThrow('"tap" is a directory, not a file');
    await expect(open("tap/link.txt")).rejects.toThrow("outside the repository");
    await expect(open("../x")).rejects.toThrow("leaves the repository");
  });
});
