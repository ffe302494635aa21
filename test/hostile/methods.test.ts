/**
 * Hostile methods in a recording: one request with a method the output cannot
 * name (PROPFIND for an HTTPRoute, a lower-case `get` for either target) is
 * skipped and counted with one warning; the run never aborts over it.
 */
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { wideRecording } from "../tap/helpers.js";
import { tapProfile } from "../../src/tap/tap-profile.js";
import { BOUND_MS, cli, tempRepo } from "./helpers.js";

function recording(methods: string[]): string {
  return wideRecording(methods.map((method, i) => ({ stream: i + 1, method, path: i % 2 ? "/books" : "/books/1" })));
}

function matchesOf(yamlText: string): string[] {
  return parseAllDocuments(yamlText).flatMap((d) => {
    const o = d.toJS() as { spec: { rules: { matches?: { method?: string; path?: { value: string } }[] }[] } };
    return o.spec.rules.flatMap((r) => (r.matches ?? []).map((m) => `${m.method ?? "*"} ${m.path?.value ?? ""}`));
  });
}

describe("routes --tap with methods an HTTPRoute cannot name", () => {
  for (const consolidate of ["auto", "none"]) {
    it(`PROPFIND, a lower-case get and a 10,000-character method are skipped and counted, once (--consolidate ${consolidate})`, async () => {
      const repo = tempRepo({ noGit: true });
      const long = "X".repeat(10_000);
      repo.write({ "rec.txt": recording(["GET", "PROPFIND", "get", "POST", "PROPFIND", long, "GET"]) });
      const r = await cli(repo, "routes", "--tap", "rec.txt", "--consolidate", consolidate, "webapp");
      expect(r.code, r.stderr.slice(0, 500)).toBe(0);
      const warnings = r.stderr.split("\n").filter((l) => /skipped: their method/.test(l));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('4 recorded request(s) skipped: their method cannot be named in an HTTPRoute match: "PROPFIND" (2), "get" (1), "XXX');
      expect(warnings[0]).toMatch(/"XXX+"…\(10000 chars\) \(1\)/);
      expect(r.stderr.length).toBeLessThan(1000);
      const matches = matchesOf(r.stdout);
      expect(matches.some((m) => /^GET \^?\/books/.test(m))).toBe(true);
      expect(matches.some((m) => /^POST \^?\/books/.test(m))).toBe(true);
      expect(matches.every((m) => /^(GET|POST|\*) /.test(m))).toBe(true);
    }, BOUND_MS);
  }

  it("a recording of nothing but PROPFIND gives only the catch-all, with the warning", async () => {
    const repo = tempRepo({ noGit: true });
    repo.write({ "rec.txt": recording(["PROPFIND", "PROPFIND"]) });
    const r = await cli(repo, "routes", "--tap", "rec.txt", "webapp");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("2 recorded request(s) skipped");
    expect(matchesOf(r.stdout)).toEqual([]);
  }, BOUND_MS);

  it("the text report counts them", async () => {
    const repo = tempRepo({ noGit: true });
    repo.write({ "rec.txt": recording(["GET", "PROPFIND"]) });
    const r = await cli(repo, "routes", "--tap", "rec.txt", "--report", "-", "webapp");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("skipped for a method the output cannot name: 1");
  }, BOUND_MS);
});

describe("profile --tap and methods", () => {
  it("keeps PROPFIND (a ServiceProfile can name it) and skips a lower-case get, which Linkerd would read as GET", async () => {
    const r = await tapProfile([recording(["GET", "PROPFIND", "get", "Get"])], {
      service: "webapp",
      namespace: "default",
      clusterDomain: "cluster.local",
      consolidate: "none",
      applySuggestions: false,
      routeLimit: 50,
      file: "rec.txt",
    });
    expect((r.profile.spec.routes ?? []).map((x) => x.condition.method).sort()).toEqual(["GET", "PROPFIND"]);
    const w = r.warnings.filter((x) => /skipped: their method/.test(x.message));
    expect(w.map((x) => x.message)).toEqual(['2 recorded request(s) skipped: their method cannot be named in a ServiceProfile route: "get" (1), "Get" (1)']);
  }, BOUND_MS);

  it("names at most five methods and counts the rest: the warning does not grow with the recording", async () => {
    const methods = Array.from({ length: 2000 }, (_, i) => `m${i}`);
    const r = await tapProfile([recording(methods)], {
      service: "webapp",
      namespace: "default",
      clusterDomain: "cluster.local",
      consolidate: "auto",
      applySuggestions: false,
      routeLimit: 50,
      file: "rec.txt",
      target: "gateway",
    });
    const w = r.warnings.find((x) => /skipped: their method/.test(x.message))!;
    expect(w.message).toMatch(/^2000 recorded request\(s\) skipped: .*"m4" \(1\), and 1995 with other methods$/);
    expect(w.message.length).toBeLessThan(300);
  }, BOUND_MS);
});
