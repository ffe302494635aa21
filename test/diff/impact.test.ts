/** One test per impact rule ID: the change that triggers it, and a near miss that does not. */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { RULES } from "../../src/guard/rules.js";
import { IMPACT_RULES } from "../../src/diff/impact.js";
import { REPO_ROOT } from "../helpers/runtimes.js";
import { classifyImpacts, IMPACT_RULE_IDS, introducedFindings, reportFindings, type ImpactInput } from "../../src/diff/impact.js";
import type { ProfileDiff, RouteSummary } from "../../src/diff/routes.js";
import type { RouteSetDiff, RuleSummary } from "../../src/diff/route-objects.js";
import type { CatchAllState, Finding } from "../../src/guard/guard.js";

const ID = { name: "books.booksapp.svc.cluster.local", namespace: "booksapp", service: "books", serviceNamespace: "booksapp", path: "deploy/booksapp/books.yaml" };
const ROUTES = { kind: "HTTPRoute" as const, service: "books", serviceNamespace: "booksapp", namespace: "booksapp", path: "deploy/booksapp/books.routes.yaml" };

function profile(p: Partial<ProfileDiff>): ProfileDiff {
  return { profile: ID, status: "changed", routesAdded: [], routesRemoved: [], routesChanged: [], ...p };
}
function routeSet(d: Partial<RouteSetDiff>): RouteSetDiff {
  return { routes: ROUTES, status: "changed", rulesAdded: [], rulesRemoved: [], rulesChanged: [], objectsAdded: [], objectsRemoved: [], ...d };
}
function route(name: string, r: Partial<RouteSummary> = {}): RouteSummary {
  return { name, method: name.split(" ")[0]!, pathRegex: "/x", isRetryable: false, timeout: null, responseClasses: [], ...r };
}
function rule(name: string, r: Partial<RuleSummary> = {}): RuleSummary {
  return { name, object: "books-x", matches: [`${name.split(" ")[0]} Exact ${name.split(" ")[1] ?? "/"}`], timeout: null, retry: null, timeoutIn: null, ...r };
}
const rules = (input: ImpactInput) => classifyImpacts(input).map((i) => `${i.severity} ${i.rule}`);

describe("impact rules", () => {
  it("has one test per rule ID below", () => {
    expect([...IMPACT_RULE_IDS].sort()).toEqual(["catch-all-removed", "retry-added-non-idempotent", "route-object-renamed", "route-removed", "switch-inert", "timeout-tightened"]);
  });

  it("catch-all-removed: a generated route file loses [DEFAULT]; its other removed routes then get 404", () => {
    const d = routeSet({ rulesRemoved: [rule("[DEFAULT]", { matches: ["*"] }), rule("GET /books")] });
    const impacts = classifyImpacts({ profiles: [], routeSets: [d] });
    expect(impacts.map((i) => `${i.severity} ${i.rule}`)).toEqual(["error catch-all-removed", "warning route-removed"]);
    expect(impacts[1]!.message).toContain("get 404");
    // A catch-all that is removed and added back (moved to another object) is not a removal.
    expect(rules({ profiles: [], routeSets: [routeSet({ rulesRemoved: [rule("[DEFAULT]")], rulesAdded: [rule("[DEFAULT]")] })] })).toEqual([]);
  });

  it("catch-all-removed: hand-written routes that covered every request at base and do not at head, with file and line", () => {
    const state = (covered: boolean): CatchAllState => ({ label: "Service web/web", covered, route: "web-api", file: "k8s/web.yaml", line: 9, column: 5 });
    const impacts = classifyImpacts({ profiles: [], routeSets: [], catchAll: { base: [state(true)], head: [state(false)] } });
    expect(impacts).toEqual([expect.objectContaining({ rule: "catch-all-removed", severity: "error", file: "k8s/web.yaml", line: 9, column: 5, service: "web/web" })]);
    // No catch-all at base either, or a Service new at head: not a removal (the guard's no-catch-all says it).
    expect(rules({ profiles: [], routeSets: [], catchAll: { base: [state(false)], head: [state(false)] } })).toEqual([]);
    expect(rules({ profiles: [], routeSets: [], catchAll: { base: [], head: [state(false)] } })).toEqual([]);
  });

  it("route-removed: a profile route or a rule removed from a profile or route file that stays", () => {
    expect(rules({ profiles: [profile({ routesRemoved: [route("GET /books")] })], routeSets: [routeSet({ rulesRemoved: [rule("GET /books")] })] })).toEqual(["warning route-removed", "warning route-removed"]);
    // A removed profile is a retarget or a removed service, not a route change.
    expect(rules({ profiles: [profile({ status: "removed", routesRemoved: [route("GET /books")] })], routeSets: [] })).toEqual([]);
  });

  it("timeout-tightened: a timeout added or shortened, not one lengthened", () => {
    const p = profile({ routesChanged: [{ name: "GET /books", changes: [{ field: "timeout", from: "2s", to: "500ms" }] }, { name: "GET /a", changes: [{ field: "timeout", from: "1s", to: "3s" }] }] });
    const d = routeSet({ rulesChanged: [{ name: "GET /books", changes: [{ field: "timeout", from: null, to: "1s" }] }, { name: "GET /b", changes: [{ field: "timeout", from: "1s", to: null }] }] });
    const impacts = classifyImpacts({ profiles: [p], routeSets: [d] });
    expect(impacts.map((i) => i.rule)).toEqual(["timeout-tightened", "timeout-tightened"]);
    expect(impacts.map((i) => i.message.replace(/.*timeout /, "").split(";")[0])).toEqual(["none → 1s", "2s → 500ms"]);
  });

  it("retry-added-non-idempotent: retries turned on for POST or PATCH, not for GET", () => {
    const p = profile({
      routesAdded: [route("POST /books", { isRetryable: true }), route("GET /books", { isRetryable: true })],
      routesChanged: [{ name: "PATCH /books/{id}", changes: [{ field: "isRetryable", from: false, to: true }] }],
    });
    const d = routeSet({
      rulesAdded: [rule("POST /orders", { retry: "http=5xx" })],
      rulesChanged: [
        { name: "GET /orders", changes: [{ field: "retry", from: null, to: "http=5xx" }] },
        { name: "orders", changes: [{ field: "retry", from: null, to: "http=5xx" }, { field: "matches", from: ["GET Exact /o"], to: ["PATCH Exact /o"] }] },
      ],
    });
    expect(rules({ profiles: [p], routeSets: [d] })).toEqual(Array(4).fill("warning retry-added-non-idempotent"));
  });

  it("route-object-renamed: rules moving between objects, grouped per old and new object, both named", () => {
    const d = routeSet({
      rulesChanged: [
        { name: "GET /books", changes: [{ field: "object", from: "books-get", to: "books-read" }] },
        { name: "GET /books/{id}", changes: [{ field: "object", from: "books-get", to: "books-read" }] },
      ],
    });
    const impacts = classifyImpacts({ profiles: [], routeSets: [d] });
    expect(impacts).toHaveLength(1);
    expect(impacts[0]).toMatchObject({ rule: "route-object-renamed", severity: "warning" });
    expect(impacts[0]!.message).toContain('from object books-get to books-read');
    expect(impacts[0]!.message).toContain('route_name="books-get"');
  });

  it("switch-inert: routes added while the service's ServiceProfile stays (target: both)", () => {
    expect(rules({ profiles: [], routeSets: [routeSet({ status: "added", alongsideProfile: true, rulesAdded: [rule("GET /books")] })] })).toEqual(["warning switch-inert"]);
    expect(rules({ profiles: [], routeSets: [routeSet({ status: "added", replacesProfile: true, rulesAdded: [rule("GET /books")] })] })).toEqual([]);
  });

  it("the config's severities apply, off leaves a rule out, and errors come first", () => {
    const input: ImpactInput = { profiles: [profile({ routesRemoved: [route("GET /books")] })], routeSets: [routeSet({ rulesRemoved: [rule("[DEFAULT]")] })] };
    expect(classifyImpacts(input).map((i) => i.rule)).toEqual(["catch-all-removed", "route-removed"]);
    expect(classifyImpacts(input, { "route-removed": "error", "catch-all-removed": "off" }).map((i) => `${i.severity} ${i.rule}`)).toEqual(["error route-removed"]);
  });
});

describe("guard findings in the diff", () => {
  const finding = (rule: Finding["rule"], message: string, line = 1): Finding => ({ rule, severity: "warning", file: "k8s/web.yaml", line, column: 1, message, hint: "h" });

  it("lists only the findings base does not have, matched by rule, file and message (lines may move)", () => {
    const base = [finding("field-ignored", "HTTPRoute a: retry", 3)];
    const head = [finding("field-ignored", "HTTPRoute a: retry", 7), finding("no-catch-all", "Service web/web: no route")];
    expect(introducedFindings(base, head)).toEqual({ introduced: [head[1]], preExisting: 1 });
  });

  it("says a removed catch-all once: the impact, not also the guard's no-catch-all", () => {
    const state = (covered: boolean): CatchAllState => ({ label: "Service web/web", covered, route: "web", file: "k8s/web.yaml", line: 9, column: 5 });
    const f = reportFindings({ profiles: [], routeSets: [], catchAll: { base: [state(true)], head: [state(false)] }, guard: { base: [], head: [finding("no-catch-all", "Service web/web: no route matches every request")] } });
    expect(f.impacts.map((i) => i.rule)).toEqual(["catch-all-removed"]);
    expect(f.guard).toEqual([]);
    expect({ errors: f.errors, warnings: f.warnings }).toEqual({ errors: 1, warnings: 0 });
  });

  it("says routes inert behind a ServiceProfile once: switch-inert, not also the guard's profile-overrides-routes", () => {
    const d = routeSet({ status: "added", alongsideProfile: true, rulesAdded: [rule("GET /books")] });
    const overrides = finding("profile-overrides-routes", "ServiceProfile books.booksapp.svc.cluster.local: while it has routes, Linkerd's proxies use it for Service booksapp/books and ignore the Service's HTTPRoutes (e.g. x)");
    const other = finding("profile-overrides-routes", "ServiceProfile web.web.svc.cluster.local: while it has routes, Linkerd's proxies use it for Service web/web and ignore the Service's HTTPRoutes (e.g. y)");
    const f = reportFindings({ profiles: [], routeSets: [d], guard: { base: [], head: [overrides, other] } });
    expect(f.impacts.map((i) => i.rule)).toEqual(["switch-inert"]);
    expect(f.guard).toEqual([other]);
  });
});

describe("docs/guard.md", () => {
  it("has one table of every rule ID, the guard's then the impact rules', each with its default severity", () => {
    const text = readFileSync(path.join(REPO_ROOT, "docs/guard.md"), "utf8");
    const rows = [...text.matchAll(/^\| `([a-z-]+)` \| (error|warning|info) \|/gm)].map((m) => `${m[1]} ${m[2]}`);
    expect(rows).toEqual([...RULES, ...IMPACT_RULES].map((r) => `${r.id} ${r.severity}`));
  });
});
