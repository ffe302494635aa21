import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { RouteSpec, ServiceProfile } from "../../src/model/serviceprofile.js";
import { parseTapRecording } from "../../src/sources/tap/recording.js";
import { authorityHost, checkAuthority, identityFromProfileName } from "../../src/matching/authority.js";
import { applyThreshold, parseMaxUnmatched, verifyRecording, verifyRecordings } from "../../src/tap/verify.js";
import { renderVerifyJson, renderVerifyMarkdown } from "../../src/tap/verify-render.js";
import { runCliInProcess } from "../helpers/cli.js";
import { FIXTURES, jsonEvents, jsonRecording, wideRecording, type Req } from "./helpers.js";

function profile(routes: RouteSpec[], name = "webapp.default.svc.cluster.local"): ServiceProfile {
  return { apiVersion: "linkerd.io/v1alpha2", kind: "ServiceProfile", metadata: { name, namespace: "default" }, spec: { routes } };
}

const BOOKS: RouteSpec[] = [
  { name: "GET /books/{id}", condition: { method: "GET", pathRegex: "/books/[^/]*" } },
  { name: "POST /books/{id}/edit", condition: { method: "POST", pathRegex: "/books/[^/]*/edit" } },
  { name: "GET /books/new", condition: { method: "GET", pathRegex: "/books/new" } },
  { name: "DELETE anything", condition: { method: "DELETE" } },
];

function events(reqs: Req[]) {
  return parseTapRecording(jsonRecording(reqs)).events;
}

describe("verifyRecording", () => {
  const reqs: Req[] = [
    { stream: 1, path: "/books/1" },
    { stream: 2, path: "/books/new" },
    { stream: 3, method: "POST", path: "/books/2/edit" },
    { stream: 4, method: "POST", path: "/books/3/edit?draft=1" },
    { stream: 5, method: "PUT", path: "/books/4" },
    { stream: 6, method: "PUT", path: "/books/5" },
    { stream: 7, method: "GET", path: "/authors/7/edit" },
    { stream: 8, method: "DELETE", path: "/anything/at/all" },
    { stream: 9, path: "/books/9", direction: "OUTBOUND" },
  ];
  const report = verifyRecording(profile(BOOKS), events(reqs), { file: "p.yaml" });

  it("counts hits per route, first match wins, query strings ignored", () => {
    expect(report.routes.map((r) => [r.name, r.hits, r.example ?? null])).toEqual([
      ["GET /books/{id}", 2, "/books/1"],
      ["POST /books/{id}/edit", 2, "/books/2/edit"],
      ["GET /books/new", 0, null],
      ["DELETE anything", 1, "/anything/at/all"],
    ]);
    expect(report.totals).toEqual({ requests: 8, matched: 5, unmatched: 3, outboundIgnored: 1, unknownDirectionIgnored: 0, labelled: 0 });
  });

  it("groups unmatched requests by consolidated path", () => {
    expect(report.unmatched).toEqual([
      { key: "PUT /books/{id}", count: 2, example: "/books/4" },
      { key: "GET /authors/{id}/edit", count: 1, example: "/authors/7/edit" },
    ]);
  });

  it("lists routes never hit and routes that can never match", () => {
    expect(report.neverHit).toEqual(["GET /books/new"]);
    expect(report.shadowed).toEqual([
      { index: 2, route: "GET /books/new", by: ["GET /books/{id}"], byIndex: [0], reason: "covered", example: { method: "GET", path: "/books/new", takenBy: "GET /books/{id}" } },
    ]);
  });

  it("has no label comparison when the recording has no route labels", () => {
    expect(report.labelMismatches).toBeUndefined();
  });

  it("compares recorded rt_route labels with the routes the profile assigns now", () => {
    const labelled: Req[] = [
      { stream: 1, path: "/books/1", route: "GET /books/{id}" },
      { stream: 2, path: "/books/new", route: "GET /books/new" },
      { stream: 3, path: "/books/new", route: "GET /books/new" },
      { stream: 4, method: "PUT", path: "/books/4", route: "PUT /books/{id}" },
      { stream: 5, method: "DELETE", path: "/x" },
    ];
    for (const recording of [jsonRecording(labelled), wideRecording(labelled)]) {
      const r = verifyRecording(profile(BOOKS), parseTapRecording(recording).events);
      expect(r.totals.labelled).toBe(4);
      expect(r.labelMismatches).toEqual([
        { recorded: "GET /books/new", assigned: "GET /books/{id}", count: 2, example: "GET /books/new" },
        { recorded: null, assigned: "DELETE anything", count: 1, example: "DELETE /x" },
        { recorded: "PUT /books/{id}", assigned: null, count: 1, example: "PUT /books/4" },
      ]);
    }
  });

  it("flags requests for another authority", () => {
    const reqs2: Req[] = [
      { stream: 1, path: "/books/1", authority: "webapp" },
      { stream: 2, path: "/books/1", authority: "webapp.default:7000" },
      { stream: 3, path: "/books/1", authority: "webapp.default.svc" },
      { stream: 4, path: "/books/1", authority: "WEBAPP.default.svc.cluster.local.:80" },
      { stream: 5, path: "/books/1", authority: "webapp.staging:7000" },
      { stream: 6, path: "/books/1", authority: "webapp.staging:7000" },
      { stream: 7, path: "/books/1", authority: "10.1.3.74:7000" },
      { stream: 8, path: "/books/1", authority: "" },
      { stream: 9, path: "/books/1", authority: "[fd00::1]:7000" },
    ];
    const r = verifyRecording(profile(BOOKS), events(reqs2));
    expect(r.authorityMismatches).toEqual([
      { authority: "webapp.staging:7000", verdict: "other-service", count: 2, example: "GET /books/1" },
      { authority: "", verdict: "missing", count: 1, example: "GET /books/1" },
      { authority: "10.1.3.74:7000", verdict: "ip", count: 1, example: "GET /books/1" },
      { authority: "[fd00::1]:7000", verdict: "ip", count: 1, example: "GET /books/1" },
    ]);
  });

  it("finds requests a change would newly leave without a route", () => {
    const head = profile(BOOKS.filter((r) => r.name !== "POST /books/{id}/edit"));
    const r = verifyRecording(head, events(reqs), { baseline: profile(BOOKS) });
    expect(r.newlyUnmatched).toEqual([{ key: "POST /books/{id}/edit", count: 2, example: "/books/2/edit" }]);
    expect(renderVerifyMarkdown(r)).toContain("#### Requests that would newly match no route (2)");
  });

  it("warns when the profile's name is not a service FQDN", () => {
    const r = verifyRecording(profile(BOOKS, "webapp"), events(reqs));
    expect(r.warnings.map((w) => w.message)).toEqual([expect.stringContaining("never looks it up")]);
    expect(r.authorityMismatches).toEqual([]);
  });

  it("streams several recordings of either format into one report", async () => {
    const r = await verifyRecordings(profile(BOOKS), [
      { file: "a.json", data: jsonRecording(reqs) },
      { file: "b.txt", data: (async function* () { yield Buffer.from(wideRecording(reqs)); })() },
    ]);
    expect(r.recordings).toEqual([
      { file: "a.json", format: "json", events: 27, truncated: false },
      { file: "b.txt", format: "text", events: 27, truncated: false },
    ]);
    expect(r.totals.requests).toBe(2 * report.totals.requests);
    expect(r.routes.map((x) => x.hits)).toEqual(report.routes.map((x) => 2 * x.hits));
  });

  it("is versioned JSON", () => {
    expect(JSON.parse(renderVerifyJson(report))).toMatchObject({ version: 1, profile: { name: "webapp.default.svc.cluster.local", file: "p.yaml" } });
  });
});

describe("authorities", () => {
  it("strips ports, brackets and trailing dots", () => {
    expect(authorityHost("Webapp.Default:7000")).toBe("webapp.default");
    expect(authorityHost("[::1]:80")).toBe("::1");
    expect(authorityHost("webapp.default.svc.cluster.local.")).toBe("webapp.default.svc.cluster.local");
  });

  it("accepts the four names of a service, in a custom cluster domain too", () => {
    const id = identityFromProfileName("api.shop.svc.example.org")!;
    expect(id).toEqual({ service: "api", namespace: "shop", clusterDomain: "example.org" });
    for (const a of ["api", "api.shop", "api.shop.svc", "api.shop.svc.example.org:8080"]) expect(checkAuthority(a, id)).toBe("ok");
    expect(checkAuthority("api.shop.svc.cluster.local", id)).toBe("other-service");
  });
});

describe("--max-unmatched", () => {
  it("parses counts and percentages", () => {
    expect(parseMaxUnmatched("0")).toEqual({ count: 0 });
    expect(parseMaxUnmatched("12")).toEqual({ count: 12 });
    expect(parseMaxUnmatched("2.5%")).toEqual({ percent: 2.5 });
    expect(parseMaxUnmatched("-1")).toBeUndefined();
    expect(parseMaxUnmatched("101%")).toBeUndefined();
    expect(parseMaxUnmatched("five")).toBeUndefined();
  });

  it("fails only when unmatched requests exceed the threshold", () => {
    const reqs: Req[] = Array.from({ length: 40 }, (_, i) => ({ stream: i + 1, path: i < 2 ? `/nope/${i}` : `/books/${i}` }));
    const make = () => verifyRecording(profile(BOOKS), events(reqs));
    expect(applyThreshold(make(), "0")).toEqual({ given: "0", allowed: 0, exceeded: true });
    expect(applyThreshold(make(), "2")).toEqual({ given: "2", allowed: 2, exceeded: false });
    expect(applyThreshold(make(), "5%")).toEqual({ given: "5%", allowed: 2, exceeded: false });
    expect(applyThreshold(make(), "4%")).toEqual({ given: "4%", allowed: 1, exceeded: true });
  });
});

describe("verify command", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "tap-verify-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const profileYaml = `apiVersion: linkerd.io/v1alpha2
kind: ServiceProfile
metadata:
  name: webapp.default.svc.cluster.local
  namespace: default
spec:
  routes:
  - name: GET /books/{id}
    condition:
      method: GET
      pathRegex: /books/[^/]*
`;
  writeFileSync(path.join(dir, "profile.yaml"), profileYaml);
  const reqs: Req[] = [{ stream: 1, path: "/books/1" }, { stream: 2, path: "/books/2" }, { stream: 3, path: "/authors/3" }, { stream: 4, path: "/books/4" }];
  writeFileSync(path.join(dir, "rec.json"), jsonRecording(reqs));

  it("exits 1 when more requests than allowed match no route, 0 otherwise", async () => {
    const strict = await runCliInProcess(["verify", "--profile", "profile.yaml", "--tap", "rec.json"], dir);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain("3 of 4 inbound requests matched a route; 1 (25%) matched none: FAIL (at most 0 allowed by --max-unmatched 0)");
    expect((await runCliInProcess(["verify", "--profile", "profile.yaml", "--tap", "rec.json", "--max-unmatched", "1"], dir)).code).toBe(0);
    expect((await runCliInProcess(["verify", "--profile", "profile.yaml", "--tap", "rec.json", "--max-unmatched", "25%"], dir)).code).toBe(0);
    expect((await runCliInProcess(["verify", "--profile", "profile.yaml", "--tap", "rec.json", "--max-unmatched", "24%"], dir)).code).toBe(1);
  });

  it("reads the recording from stdin and prints JSON", async () => {
    const run = await runCliInProcess(["verify", "--profile", "profile.yaml", "--tap", "-", "--format", "json", "--max-unmatched", "1"], dir, { stdin: jsonEvents({ stream: 1, path: "/books/1" }).join("\n") });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ recordings: [{ file: "stdin", format: "json", events: 3 }], totals: { requests: 1, matched: 1 } });
  });

  it("rejects wrong usage with exit 2", async () => {
    expect((await runCliInProcess(["verify", "--tap", "rec.json"], dir)).code).toBe(2);
    expect((await runCliInProcess(["verify", "--profile", "profile.yaml"], dir)).code).toBe(2);
    const bad = await runCliInProcess(["verify", "--profile", "profile.yaml", "--tap", "rec.json", "--max-unmatched", "lots"], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--max-unmatched must be a count");
  });

  it("reports a missing recording as an input error", async () => {
    const run = await runCliInProcess(["verify", "--profile", "profile.yaml", "--tap", "missing.json"], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('tap recording "missing.json" does not exist');
  });

  it("takes the profile and the recordings of a configured service", async () => {
    const repo = path.join(dir, "repo");
    mkdirSync(path.join(repo, "deploy/profiles/default"), { recursive: true });
    mkdirSync(path.join(repo, "traffic"), { recursive: true });
    writeFileSync(path.join(repo, "serviceprofile-sync.yaml"), "output: deploy/profiles\nservices:\n  - name: webapp\n    namespace: default\n    openapi: webapp.yaml\n    tap: [traffic/webapp.tap.txt]\n");
    writeFileSync(path.join(repo, "deploy/profiles/default/webapp.yaml"), profileYaml);
    copyFileSync(path.join(FIXTURES, "booksapp-webapp.tap.wide.txt"), path.join(repo, "traffic/webapp.tap.txt"));
    const run = await runCliInProcess(["verify", "--service", "default/webapp", "--root", ".", "--max-unmatched", "100%"], repo);
    expect(run.stderr).not.toContain("error:");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("profile webapp.default.svc.cluster.local (deploy/profiles/default/webapp.yaml)");
    expect(run.stdout).toContain("recording traffic/webapp.tap.txt (text, 139 events, last event cut off)");
    const unknown = await runCliInProcess(["verify", "--service", "nope", "--root", "."], repo);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('has no service "nope"');
  });

  it("verifies the service's own profile, not a client namespace's copy listed before it", async () => {
    const repo = path.join(dir, "repo-clients");
    mkdirSync(path.join(repo, "deploy/profiles/default"), { recursive: true });
    mkdirSync(path.join(repo, "traffic"), { recursive: true });
    writeFileSync(
      path.join(repo, "serviceprofile-sync.yaml"),
      "output: deploy/profiles\nservices:\n  - name: webapp\n    namespace: default\n    openapi: webapp.yaml\n    profileNamespaces: [aaa-clients, default]\n    tap: [traffic/webapp.tap.txt]\n",
    );
    writeFileSync(path.join(repo, "deploy/profiles/default/webapp.yaml"), profileYaml);
    copyFileSync(path.join(FIXTURES, "booksapp-webapp.tap.wide.txt"), path.join(repo, "traffic/webapp.tap.txt"));
    const run = await runCliInProcess(["verify", "--service", "webapp", "--root", ".", "--max-unmatched", "100%"], repo);
    expect(run.stderr).not.toContain("error:");
    expect(run.stdout).toContain("(deploy/profiles/default/webapp.yaml)");
  });
});
