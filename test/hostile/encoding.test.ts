/**
 * Paths as clients send them: a spec path with non-ASCII characters becomes
 * routes that match the percent-encoded request path the proxy sees, checked
 * with the project's model of the proxy's regex engine.
 */
import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { compileGatewayPathRegex, compileProfilePathRegex } from "../../src/matching/proxy-regex.js";
import { clientPathRegex, encodeNonAscii } from "../../src/model/client-path.js";
import { pathTemplateToRegex } from "../../src/model/path-regex.js";
import { selectRoute } from "../../src/matching/gateway-selection.js";
import type { RouteObject } from "../../src/model/gateway.js";
import { wideRecording } from "../tap/helpers.js";
import { BOUND_MS, cli, tempRepo } from "./helpers.js";

function spec(...paths: string[]): string {
  return `openapi: 3.0.0\ninfo: {title: t, version: "1"}\npaths:\n${paths.map((p) => `  ${JSON.stringify(p)}:\n    get:\n      responses: {"200": {description: ok}}\n`).join("")}`;
}

/** What a client (curl, a browser, Go's net/url) puts on the request line for this path. */
function sent(path: string, lowerHex = false): string {
  const upper = encodeURI(path);
  return lowerHex ? upper.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()) : upper;
}

function profileRegexMatches(regex: string, path: string): boolean {
  const v = compileProfilePathRegex(regex);
  if (!v.ok) throw new Error(v.reason);
  return v.matcher.test(path);
}

describe("non-ASCII spec paths", () => {
  it("the ServiceProfile regex matches the request path as sent, in either hex case", async () => {
    const repo = tempRepo({ noGit: true });
    repo.write({ "api.yaml": spec("/café/日本", "/naïve/{id}/ß") });
    const r = await cli(repo, "profile", "--open-api", "api.yaml", "web");
    expect(r.code, r.stderr).toBe(0);
    const routes = (parse(r.stdout) as { spec: { routes: { name: string; condition: { pathRegex: string } }[] } }).spec.routes;
    const byName = new Map(routes.map((x) => [x.name, x.condition.pathRegex]));
    const cafe = byName.get("GET /café/日本")!;
    expect(cafe).toBe("/caf%[Cc]3%[Aa]9/%[Ee]6%97%[Aa]5%[Ee]6%9[Cc]%[Aa][Cc]");
    expect(profileRegexMatches(cafe, sent("/café/日本"))).toBe(true);
    expect(profileRegexMatches(cafe, "/caf%C3%A9/%E6%97%A5%E6%9C%AC")).toBe(true);
    expect(profileRegexMatches(cafe, sent("/café/日本", true))).toBe(true);
    expect(profileRegexMatches(cafe, "/caf%C3%A9/%E6%97%A5%E6%9C%AD")).toBe(false);
    const naive = byName.get("GET /naïve/{id}/ß")!;
    expect(profileRegexMatches(naive, sent("/naïve/42/ß"))).toBe(true);
    expect(profileRegexMatches(naive, sent("/naïve/42/ß", true))).toBe(true);
  }, BOUND_MS);

  it("one notice per spec, with the count, on one line", async () => {
    const repo = tempRepo({ noGit: true });
    repo.write({ "api.yaml": spec("/café/日本", "/naïve/{id}/ß", "/ascii") });
    const r = await cli(repo, "profile", "--open-api", "api.yaml", "web");
    const notices = r.stderr.split("\n").filter((l) => /non-ASCII/.test(l));
    expect(notices).toEqual([
      'api.yaml: warning: 2 route path(s) with non-ASCII characters are matched as clients send them, percent-encoded UTF-8 (either hex case), e.g. "/café/日本" as "/caf%C3%A9/%E6%97%A5%E6%9C%AC" (at /paths/~1café~1日本/get)',
    ]);
  }, BOUND_MS);

  it("HTTPRoutes: Exact in upper-case hex (the CRD's charset), regexes in either case; the proxy's selection picks them for the sent path", async () => {
    const repo = tempRepo({ noGit: true });
    repo.write({ "api.yaml": spec("/café/日本", "/naïve/{id}") });
    const r = await cli(repo, "routes", "--open-api", "api.yaml", "web");
    expect(r.code, r.stderr).toBe(0);
    const objects = parseAllDocuments(r.stdout).map((d) => d.toJS() as RouteObject);
    const paths = objects.flatMap((o) => o.spec.rules.flatMap((rule) => ("matches" in rule ? (rule.matches ?? []) : []).map((m) => (m as { path?: { type: string; value: string } }).path)));
    expect(paths).toContainEqual({ type: "Exact", value: "/caf%C3%A9/%E6%97%A5%E6%9C%AC" });
    const regex = paths.find((p) => p?.type === "RegularExpression")!.value;
    const v = compileGatewayPathRegex(regex);
    expect(v.ok && v.matcher.test(sent("/naïve/7", true)) && v.matcher.test(sent("/naïve/7"))).toBe(true);
    const pick = (path: string) => selectRoute(objects, { method: "GET", path })?.route.metadata.annotations?.["serviceprofile-sync.io/route"];
    expect(pick(sent("/café/日本"))).toBe("GET /café/日本");
    expect(pick(sent("/naïve/7", true))).toBe("GET /naïve/{id}");
    expect(pick("/other")).toBe("[DEFAULT]");
  }, BOUND_MS);

  it("verify --profile counts recorded encoded requests as matched by the generated routes", async () => {
    const repo = tempRepo({ noGit: true });
    repo.write({ "api.yaml": spec("/café/{id}") });
    const profile = await cli(repo, "profile", "--open-api", "api.yaml", "webapp");
    expect(profile.code, profile.stderr).toBe(0);
    repo.write({
      "profile.yaml": profile.stdout,
      "rec.txt": wideRecording([
        { stream: 1, path: "/caf%C3%A9/1" },
        { stream: 2, path: "/caf%c3%a9/2" },
      ]),
    });
    const r = await cli(repo, "verify", "--profile", "profile.yaml", "--tap", "rec.txt", "--format", "json");
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { totals: { matched: number; unmatched: number }; routes: { name: string; hits: number }[] };
    expect(report.totals).toMatchObject({ matched: 2, unmatched: 0 });
    expect(report.routes).toMatchObject([{ name: "GET /café/{id}", hits: 2 }]);
  }, BOUND_MS);

  it("ASCII paths keep exactly Linkerd's regex; a long non-ASCII path stays linear", () => {
    for (const p of ["/books/{id}", "/a%2Fb/{x}.json", "/x+y/(z)"]) {
      expect(clientPathRegex(p)).toBe(pathTemplateToRegex(p));
      expect(encodeNonAscii(p)).toBe(p);
    }
    const long = "/" + "é".repeat(200_000);
    const t0 = performance.now();
    expect(clientPathRegex(long).length).toBe(1 + 200_000 * 12);
    expect(encodeNonAscii(long)).toBe("/" + "%C3%A9".repeat(200_000));
    expect(performance.now() - t0).toBeLessThan(BOUND_MS);
  }, BOUND_MS);
});
