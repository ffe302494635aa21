/** Hostile recordings: huge counts and odd requests never sink a profile or lie about what was left out. */
import { describe, expect, it } from "vitest";
import { tapProfile, type TapProfileInput } from "../../src/tap/tap-profile.js";
import { renderTapReportText } from "../../src/tap/report.js";
import { wideLines } from "../tap/helpers.js";
import { pathTemplateToRegex } from "../../src/model/path-regex.js";
import { compileFullMatch } from "../../src/matching/proxy-regex.js";
import { compileTemplate, templateMatches } from "../../src/matching/template-match.js";
import { BOUND_MS, cli, tempRepo } from "./helpers.js";

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

describe("tap: odd requests are skipped and counted, never sink the profile", () => {
  const shapes: Record<string, string> = {
    "33 KB of dots": "/files/" + "a.".repeat(16_500),
    "33 KB of non-ASCII": "/files/" + "\u00e9".repeat(33_000),
    "12,000 segments": "/files/" + "ab/".repeat(12_000),
    "300 short segments": "/x".repeat(300),
  };
  for (const [name, odd] of Object.entries(shapes)) {
    it(`profile --tap with one request of ${name}: exit 0, short stderr with the count`, async () => {
      const repo = tempRepo({ noGit: true });
      const lines = [odd, "/books", "/books/1", odd + "x", "/books"].map((p, i) => wideLines({ stream: i + 1, path: p })[0]!);
      repo.write({ "rec.txt": lines.join("\n") + "\n" });
      for (const consolidate of ["auto", "none"]) {
        const r = await cli(repo, "profile", "--tap", "rec.txt", "--consolidate", consolidate, "webapp");
        expect(r.code, r.stderr.slice(0, 300)).toBe(0);
        expect(r.stderr).toContain("2 recorded request(s) skipped: path longer than 8192 characters or 256 segments");
        expect(r.stderr.length).toBeLessThan(1000);
        expect(r.stdout).toContain("name: GET /books");
        expect(r.stdout.length).toBeLessThan(2000);
      }
    }, BOUND_MS);
  }

  it("paths just within the bounds, full of regex metacharacters, still make routes", async () => {
    const long = "/files/" + "a(b)[c]*{d}".repeat(700);
    const lines = [long, long, "/books"].map((p, i) => wideLines({ stream: i + 1, path: p })[0]!);
    const r = await tapProfile([lines.join("\n") + "\n"], { ...base, consolidate: "auto" });
    expect(r.traffic.totals.oversized).toBe(0);
    expect(r.profile.spec.routes?.map((x) => x.name)).toContain("GET /books");
    expect(r.profile.spec.routes).toHaveLength(2);
  }, BOUND_MS);

  it("the template matcher agrees with Linkerd's PathToRegex on odd templates", () => {
    const templates = ["/a/{id}", "/a{x}b", "/{a}{b}c", "/x/{id}.json", "/a{/}b", "/{", "/}", "/a{b", "/{x}/{y}/z", "/a{}{}a", "/", "/ab{x}ab{y}ab"];
    const paths = ["/a/1", "/a/", "/a/1/2", "/ab", "/axb", "/ac", "/c", "/xyc", "/x/1.json", "/x/.json", "/x/1.jsonx", "/a/b", "/{", "/}", "/a{b", "/1/2/z", "/aa", "/aaa", "/", "/abab", "/ababab", "/abxabyab", "/abab/ab"];
    for (const t of templates) {
      const re = compileFullMatch(pathTemplateToRegex(t))!;
      const c = compileTemplate(t);
      for (const p of paths) expect(templateMatches(c, p), `${t} vs ${p}`).toBe(re.test(p));
    }
  }, BOUND_MS);
});
