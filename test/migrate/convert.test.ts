/**
 * Golden tests of migrate: a hand-written profile that uses every
 * conversion rule, its objects and its report in the three formats, and
 * focused tests of each rule.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { renderObjects } from "../../src/render.js";
import { parseProfileText } from "../../src/sources/profile-file.js";
import { backendFromAuthority, gatewayPath, migrateProfile, quantityMilli } from "../../src/migrate/convert.js";
import { conditionDnf, literalOf, templateOf } from "../../src/migrate/condition.js";
import { precedenceChanges, probeRequestsFor } from "../../src/migrate/precedence.js";
import { MIGRATE_REPORT_VERSION, renderMigrateReport, summarize, switchCommands, type ProfileReport } from "../../src/migrate/report.js";
import { readProfiles } from "../../src/migrate/input.js";
import { pathTemplateToRegex } from "../../src/model/path-regex.js";
import { compileGatewayPathRegex, compileProfilePathRegex } from "../../src/matching/proxy-regex.js";

const dir = fileURLToPath(new URL("./golden/", import.meta.url));
const update = process.env.UPDATE_GOLDEN === "1";

function golden(name: string, actual: string): void {
  if (update) writeFileSync(dir + name, actual);
  expect(actual).toBe(readFileSync(dir + name, "utf8"));
}

function report(file: string, text: string): { objects: string; reports: ProfileReport[] } {
  const { profile } = parseProfileText(text, file);
  const m = migrateProfile(profile, file);
  const probes = probeRequestsFor(profile);
  const { unmigrated: _u, ...rest } = m;
  const r: ProfileReport = { ...rest, objects: m.objects.map((o) => o.metadata.name), precedence: { probes: probes.length, changes: precedenceChanges(profile, m, probes) } };
  return { objects: renderObjects(m.objects), reports: [r] };
}

describe("migrate golden: a hand-written profile", () => {
  const text = readFileSync(dir + "handwritten.yaml", "utf8");
  const { objects, reports } = report("handwritten.yaml", text);
  const full = { version: MIGRATE_REPORT_VERSION, profiles: reports, totals: summarize(reports), switch: switchCommands(reports) } as const;
  it("objects", () => golden("handwritten.routes.yaml", objects));
  it("text report", () => golden("handwritten.report.txt", renderMigrateReport(full, "text", { verbose: true })));
  it("markdown report", () => golden("handwritten.report.md", renderMigrateReport(full, "markdown", { verbose: true })));
  it("JSON report", () => golden("handwritten.report.json", renderMigrateReport(full, "json")));
  it("names every loss with its route", () => {
    const kinds = reports[0]!.lost.map((l) => `${l.kind}:${l.route ?? ""}`);
    expect(kinds).toEqual(
      expect.arrayContaining(["retry-budget:", "opaque-ports:", "dst-override:", "response-classes:GET books", "not-condition:not-admin", "several-paths:two-paths", "regex-rejected:lookahead"]),
    );
  });
  it("explains every precedence change", () => {
    const changes = reports[0]!.precedence.changes;
    expect(changes.some((c) => c.request.path === "/a/admin" && c.gateway === "not-admin")).toBe(true);
    expect(changes.every((c) => c.explanation !== undefined)).toBe(true);
  });
});

describe("conversion rules", () => {
  it("a literal regex becomes Exact; `/a/(b|bc)` is wrapped so the leftmost-first match must span", () => {
    expect(gatewayPath("/health").path).toEqual({ type: "Exact", value: "/health" });
    expect(gatewayPath("^/v1\\.0/x$").path).toEqual({ type: "Exact", value: "/v1.0/x" });
    const v = gatewayPath("/a/(b|bc)").path.value;
    expect(v).toBe("^(?:/a/(b|bc))$");
    const re = compileGatewayPathRegex(v);
    expect(re.ok && re.matcher.test("/a/bc")).toBe(true);
    // The value as written would not match: the leftmost-first match is /a/b.
    const raw = compileGatewayPathRegex("/a/(b|bc)");
    expect(raw.ok && raw.matcher.test("/a/bc")).toBe(false);
  });

  it("a top-level alternation keeps the proxy's concatenated anchors", () => {
    const g = gatewayPath("/x|/y");
    expect(g.rewrite).toMatch(/\^\/x\|\/y\$/);
    const gw = compileGatewayPathRegex(g.path.value);
    const sp = compileProfilePathRegex("/x|/y");
    for (const p of ["/x", "/xz", "/zz/y", "/y/z", "/q"]) expect(gw.ok && gw.matcher.test(p), p).toBe(sp.ok && sp.matcher.test(p));
  });

  it("all/any expand to alternatives; two methods at once match nothing; all: [] holds; any: [] does not", () => {
    expect(conditionDnf({ all: [{ method: "get" }, { any: [{ pathRegex: "/a" }, { pathRegex: "/b" }] }] }).terms).toEqual([
      { method: "GET", paths: ["/a"] },
      { method: "GET", paths: ["/b"] },
    ]);
    expect(conditionDnf({ all: [{ method: "GET" }, { method: "POST" }] }).terms).toEqual([]);
    expect(conditionDnf({ all: [] }).terms).toEqual([{ paths: [] }]);
    expect(conditionDnf({ any: [] }).terms).toEqual([]);
    expect(conditionDnf({ not: { method: "GET" } }).droppedNot).toBe(true);
  });

  it("a regex the proxy rejects is dropped inside all, as the proxy drops it; alone it drops the route", () => {
    const d = conditionDnf({ all: [{ method: "GET" }, { pathRegex: "/x/\\1" }] });
    expect(d.terms).toEqual([{ method: "GET", paths: [] }]);
    expect(d.problems[0]).toMatch(/does not compile/);
    expect(conditionDnf({ pathRegex: "/(?=a)" }).terms).toBeUndefined();
  });

  it("templates come back from Linkerd's regexes, with the names the route name gives", () => {
    expect(templateOf(pathTemplateToRegex("/books/{id}.json"), pathTemplateToRegex, "/books/{id}.json")).toBe("/books/{id}.json");
    expect(templateOf("/books/[^/]*/edit", pathTemplateToRegex)).toBe("/books/{p1}/edit");
    expect(templateOf("/books/\\d+", pathTemplateToRegex)).toBeUndefined();
    expect(literalOf("/a\\.b")).toBe("/a.b");
    expect(literalOf("/a.b")).toBeUndefined();
  });

  it("dstOverrides: authorities and quantities", () => {
    expect(backendFromAuthority("web-v2.shop.svc.cluster.local:8080", "shop", undefined)).toEqual({ kind: "Service", name: "web-v2", port: 8080 });
    expect(backendFromAuthority("web.other:80", "shop", undefined)).toEqual({ kind: "Service", name: "web", namespace: "other", port: 80 });
    expect(backendFromAuthority("web", "shop", 9090)).toEqual({ kind: "Service", name: "web", port: 9090 });
    expect(backendFromAuthority("web", "shop", undefined)).toHaveProperty("error");
    expect([quantityMilli("500m"), quantityMilli(1), quantityMilli("0.25"), quantityMilli("x")]).toEqual([500, 1000, 250, undefined]);
  });

  it("gRPC: POST to exact /pkg.Service/Method routes become GRPCRoutes with retries and timeouts as annotations", () => {
    const { profile } = parseProfileText(
      `apiVersion: linkerd.io/v1alpha2
kind: ServiceProfile
metadata: {name: voting.emojivoto.svc.cluster.local, namespace: emojivoto}
spec:
  routes:
  - {name: VoteDog, condition: {method: POST, pathRegex: '/emojivoto\\.v1\\.VotingService/VoteDog'}, isRetryable: true, timeout: 2s}
`,
      "g.yaml",
    );
    const m = migrateProfile(profile, "g.yaml");
    expect(m.kind).toBe("GRPCRoute");
    // The statuses the profile retried that retry.linkerd.io/grpc can name (linkerd2-proxy release/v2.359.0 classify.rs).
    expect(m.objects[0]!.metadata.annotations).toMatchObject({ "retry.linkerd.io/grpc": "deadline-exceeded,internal,unavailable", "timeout.linkerd.io/request": "2s" });
    expect(m.objects.at(-1)!.metadata.name).toBe("voting-default");
    expect(precedenceChanges(profile, m)).toEqual([]);
    // The rest is a change, named with its route, once.
    const narrowed = m.lost.filter((l) => l.kind === "grpc-retry-narrowed");
    expect(narrowed).toEqual([expect.objectContaining({ route: "VoteDog", pointer: "/spec/routes/0/isRetryable" })]);
    expect(narrowed[0]!.message).toMatch(/no longer unknown, permission-denied and data-loss/);
    // No retryBudget: Linkerd's default budget bounded these retries, and it goes (linkerd2 version-2.20 profile_translator.go).
    const budget = m.lost.filter((l) => l.kind === "retry-budget");
    expect(budget).toHaveLength(1);
    expect(budget[0]!.message).toMatch(/default budget \(retryRatio 0\.2, minRetriesPerSecond 10, ttl 10s\)/);
  });

  it("no retryBudget and nothing retryable: the default budget bounded nothing, so nothing is said", () => {
    const { profile } = parseProfileText(
      "apiVersion: linkerd.io/v1alpha2\nkind: ServiceProfile\nmetadata: {name: web.shop.svc.cluster.local, namespace: shop}\nspec:\n  routes:\n  - {name: a, condition: {method: GET, pathRegex: /a}}\n",
      "n.yaml",
    );
    expect(migrateProfile(profile, "n.yaml").lost).toEqual([]);
  });

  it("--no-catch-all: unmatched requests are reported as 404s", () => {
    const { profile } = parseProfileText(readFileSync(dir + "handwritten.yaml", "utf8"), "h.yaml");
    const m = migrateProfile(profile, "h.yaml", { catchAll: false });
    const c = precedenceChanges(profile, m).find((x) => x.request.path === "/serviceprofile-sync/unmatched");
    expect(c?.gateway).toBeUndefined();
    expect(c?.explanation).toMatch(/404/);
  });
});

describe("input", () => {
  it("reads a --- stream and reports errors with the line in the whole file", () => {
    const text = "kind: ServiceProfile\napiVersion: linkerd.io/v1alpha2\nmetadata: {name: a.b.svc.cluster.local, namespace: b}\nspec: {}\n---\nkind: ServiceProfile\nspec:\n  routes: [\n";
    expect(() => readProfiles(text, "two.yaml")).toThrowError(expect.objectContaining({ diagnostic: expect.objectContaining({ file: "two.yaml", line: expect.any(Number) }) }));
    try {
      readProfiles(text, "two.yaml");
    } catch (err) {
      expect((err as { diagnostic: { line: number } }).diagnostic.line).toBeGreaterThanOrEqual(6);
    }
    expect(readProfiles(text.split("---")[0]!, "one.yaml")).toHaveLength(1);
  });
});
