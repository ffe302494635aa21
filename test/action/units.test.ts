import { beforeAll, describe, expect, it } from "vitest";
import { annotationsFor, capAnnotations, verificationAnnotations, type Annotation } from "../../src/action/annotations.js";
import type { ProfileDiff } from "../../src/diff/routes.js";
import { credentialArgs } from "../../src/action/git-ops.js";
import { createRemote, git, ISOLATED_GIT_ENV } from "./git-fixture.js";

beforeAll(() => {
  Object.assign(process.env, ISOLATED_GIT_ENV);
});

describe("annotations", () => {
  it("puts spec errors on their file, line and column, with the hint", () => {
    const [a] = annotationsFor({
      errors: [{ severity: "error", message: "bad", file: "api/a.yaml", line: 3, column: 5, hint: "fix it" }],
      warnings: [],
      stale: [],
      staleAsError: true,
      fixCommand: "npx serviceprofile-sync sync",
    });
    expect(a).toEqual({ level: "error", title: "ServiceProfile generation failed", message: "bad\nHint: fix it", file: "api/a.yaml", startLine: 3, startColumn: 5 });
  });

  it("makes stale files warnings when the run does not fail on them, except files it may not replace", () => {
    const list = annotationsFor({
      errors: [],
      warnings: [],
      stale: [
        { path: "deploy/a.yaml", kind: "stale" },
        { path: "deploy/b.yaml", kind: "missing" },
        { path: "deploy/c.yaml", kind: "not-owned" },
      ],
      staleAsError: false,
      fixCommand: "npx serviceprofile-sync sync",
    });
    expect(list.map((a) => [a.level, a.file, a.startLine])).toEqual([
      ["error", "deploy/c.yaml", 1],
      ["warning", "deploy/a.yaml", 1],
      ["warning", "deploy/b.yaml", undefined],
    ]);
  });

  it("warns on a profile's file about recorded requests it would leave unmatched, once per service, and about unusable recordings", () => {
    const groups = Array.from({ length: 7 }, (_, k) => ({ method: "GET", path: `/p${k}/{id}`, count: 7 - k, example: `/p${k}/1` }));
    const profile = (namespace: string): ProfileDiff => ({
      profile: { name: "books.booksapp.svc.cluster.local", namespace, service: "books", serviceNamespace: "booksapp", path: `deploy/${namespace}/books.yaml` },
      status: "changed",
      routesAdded: [],
      routesRemoved: [],
      routesChanged: [],
      verification: {
        requests: 100,
        matched: 72,
        unmatched: { requests: 28, groups },
        newlyUnmatched: { requests: 28, groups },
        neverHit: [],
        shadowed: [],
        recordings: [{ file: "tap/a.txt", format: "json", events: 300, truncated: false }],
        problems: [{ severity: "error", file: "tap/b.txt", message: "the tap recording tap/b.txt listed for booksapp/books does not exist in #7 (feature)" }],
      },
    });
    const list = verificationAnnotations([profile("booksapp"), profile("clients")]);
    expect(list).toEqual([
      {
        level: "warning",
        title: "Recorded requests lose their route",
        file: "deploy/booksapp/books.yaml",
        message:
          "28 of 100 recorded requests (tap/a.txt) would no longer match any route of books.booksapp.svc.cluster.local: " +
          "GET /p0/{id} (7, e.g. /p0/1); GET /p1/{id} (6, e.g. /p1/1); GET /p2/{id} (5, e.g. /p2/1); GET /p3/{id} (4, e.g. /p3/1); GET /p4/{id} (3, e.g. /p4/1); and 2 more paths.",
      },
      { level: "warning", title: "Tap recording not used", file: "tap/b.txt", message: "the tap recording tap/b.txt listed for booksapp/books does not exist in #7 (feature)" },
    ]);
    const none = profile("booksapp");
    none.verification = { ...none.verification!, newlyUnmatched: { requests: 0, groups: [] }, problems: [] };
    expect(verificationAnnotations([none])).toEqual([]);
  });

  it("keeps GitHub's ten per level, the tenth counting the rest", () => {
    const many: Annotation[] = Array.from({ length: 25 }, (_, i) => ({ level: "error", title: "t", message: `m${i}` }));
    const capped = capAnnotations([...many, { level: "warning", title: "w", message: "w" }]);
    expect(capped.filter((a) => a.level === "error")).toHaveLength(10);
    expect(capped[9]).toEqual({ level: "error", title: "16 more", message: "16 more errors are listed in the job summary." });
    expect(capped.filter((a) => a.level === "warning")).toHaveLength(1);
  });
});

describe("push credentials", () => {
  it("adds the token only for an https origin whose checkout kept no credentials", async () => {
    const remote = createRemote({ "a.txt": "a" });
    try {
      const dir = remote.clone("main");
      expect(await credentialArgs(dir, "tok")).toEqual([]); // file:// origin
      git(dir, "remote", "set-url", "origin", "https://github.com/acme/shop.git");
      expect(await credentialArgs(dir, undefined)).toEqual([]);
      const args = await credentialArgs(dir, "tok");
      expect(args).toEqual(["-c", `http.https://github.com/.extraheader=AUTHORIZATION: basic ${Buffer.from("x-access-token:tok").toString("base64")}`]);
      // What actions/checkout persists.
      git(dir, "config", "http.https://github.com/.extraheader", "AUTHORIZATION: basic ***");
      expect(await credentialArgs(dir, "tok")).toEqual([]);
    } finally {
      remote.cleanup();
    }
  });
});
