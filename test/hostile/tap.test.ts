/** Hostile recordings: huge counts and odd requests never sink a profile or lie about what was left out. */
import { describe, expect, it } from "vitest";
import { tapProfile, type TapProfileInput } from "../../src/tap/tap-profile.js";
import { renderTapReportText } from "../../src/tap/report.js";
import { wideLines } from "../tap/helpers.js";
import { BOUND_MS } from "./helpers.js";

const base: TapProfileInput = {
  service: "webapp",
  namespace: "default",
  clusterDomain: "cluster.local",
  consolidate: "none",
  applySuggestions: false,
  routeLimit: 50,
  file: "rec.txt",
};

/** Request lines only (`-o wide`), produced lazily: 200,000 requests are never one string. */
function* requestLines(paths: Iterable<string>): Generator<string> {
  let stream = 0;
  for (const p of paths) yield wideLines({ stream: ++stream, path: p })[0]! + "\n";
}

function* distinctPaths(n: number): Generator<string> {
  for (let i = 0; i < n; i++) yield `/p/${i}`;
}

describe("tap: route limit counts", () => {
  it("200,000 distinct paths: the warning and the report count 199,950 left out", async () => {
    const r = await tapProfile(requestLines(distinctPaths(200_000)), base);
    expect(r.profile.spec.routes).toHaveLength(50);
    const warning = r.warnings.find((w) => /route limit/.test(w.message));
    expect(warning?.message).toBe("199950 observed route(s) were left out by the route limit of 50");
    expect(renderTapReportText(r.report)).toContain("left out by the route limit (199950):");
  }, BOUND_MS * 3);
});
