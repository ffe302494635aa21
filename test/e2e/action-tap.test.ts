/**
 * The built action on a pull request whose config lists a tap recording for
 * a service: the comment says which recorded requests the change would
 * leave without a route, and the step reports how many as an output.
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { requireFreshBundle } from "../action/harness.js";
import { BOOKS, CONFIG, createScenario, openapi, OUT, type Scenario } from "../action/scenario.js";
import { runtimes } from "../helpers/runtimes.js";
import type { DiffReport } from "../../src/diff/routes.js";
import { many, tapText } from "../diff/recording.js";

beforeAll(() => requireFreshBundle());

const WITH_TAP = CONFIG.replace("    openapi: api/books.yaml\n", "    openapi: api/books.yaml\n    tap: [tap/books.txt]\n");

const RECORDING = tapText([
  ...many(6, "GET", (k) => `/books/${40 + k}`),
  ...many(2, "GET", () => "/books"),
  { method: "POST", path: "/books" },
  { method: "GET", path: "/ready" },
]);

describe.each(runtimes())("action with tap recordings ($name)", ({ node }) => {
  let s: Scenario;
  afterEach(async () => {
    expect(s.gh.violations).toEqual([]);
    await s.close();
  });

  it("comments the recorded requests a removed route would leave unmatched and sets unmatched-requests", async () => {
    expect(WITH_TAP).toContain("tap: [tap/books.txt]");
    s = await createScenario({ files: { "serviceprofile-sync.yaml": WITH_TAP, "tap/books.txt": RECORDING } });
    await s.pushToPr({ "api/books.yaml": openapi({ "/books": BOOKS["/books"] }) }, { sync: true, message: "drop GET /books/{id}" });
    const run = await s.runPr(node);
    expect(run.failure).toBeUndefined();
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ changed: "true", "routes-removed": "1", "unmatched-requests": "6" });

    const [comment] = s.comments();
    expect(comment).toContain("**Recorded traffic:** ⚠️ 6 of 10 recorded requests would no longer match any route; 1 other matches no route at base either.");
    expect(comment).toContain("<details><summary>6 requests that would newly match no route, by path</summary>");
    expect(comment).toContain("| 6 | GET | `/books/{id}` | `/books/41` |");
    expect(comment).toContain("- replayed `tap/books.txt` (30 events)");
    expect(run.summary).toContain("6 of 10 recorded requests would no longer match any route");

    const warning = run.annotations.find((a) => a.properties.title === "Recorded requests lose their route");
    expect(warning).toEqual({
      command: "warning",
      properties: { title: "Recorded requests lose their route", file: `${OUT}/booksapp/books.yaml` },
      message: "6 of 10 recorded requests (tap/books.txt) would no longer match any route of books.booksapp.svc.cluster.local: GET /books/{id} (6, e.g. /books/41).",
    });

    const report = run.report as DiffReport;
    expect(report.summary.newlyUnmatchedRequests).toBe(6);
    expect(report.profiles.find((p) => p.profile.service === "books")!.verification!.newlyUnmatched).toEqual({
      requests: 6,
      groups: [{ method: "GET", path: "/books/{id}", count: 6, example: "/books/41" }],
    });
  });

  it("fails the step when newly unmatched requests exceed max-unmatched, and not within it", async () => {
    s = await createScenario({ files: { "serviceprofile-sync.yaml": WITH_TAP, "tap/books.txt": RECORDING } });
    await s.pushToPr({ "api/books.yaml": openapi({ "/books": BOOKS["/books"] }) }, { sync: true, message: "drop GET /books/{id}" });
    const strict = await s.runPr(node, { inputs: { "max-unmatched": "5" } });
    expect(strict.code).toBe(1);
    expect(strict.failure).toContain('6 recorded requests would no longer match any route (max-unmatched: 5)');
    expect(strict.outputs["unmatched-requests"]).toBe("6");
    const lenient = await s.runPr(node, { inputs: { "max-unmatched": "60%" } });
    expect(lenient.code).toBe(0);
    const tight = await s.runPr(node, { inputs: { "max-unmatched": "50%" } });
    expect(tight.code).toBe(1);
  });

  it("says 0 and replays nothing when the change does not touch a service with recordings", async () => {
    s = await createScenario({ files: { "serviceprofile-sync.yaml": WITH_TAP, "tap/books.txt": RECORDING } });
    await s.pushToPr({ "api/authors.yaml": openapi({ "/authors": { get: [200] } }) }, { sync: true });
    const run = await s.runPr(node);
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ changed: "true", "unmatched-requests": "0" });
    expect(s.comments()[0]).not.toContain("Recorded traffic");
    expect((run.report as DiffReport).profiles.every((p) => p.verification === undefined)).toBe(true);
  });
});
