/**
 * The Gateway API shadowing lint: dead rules under the proxy's precedence
 * (score first, then rule order for ties), grouped by the rules that take
 * their requests, capped; and routeOrder specific-first for Gateway API.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { memoryReader } from "../../src/files/reader.js";
import { GATEWAY_SHADOW_CODE, gatewayShadowDiagnostics, gatewayShadowing, gatewayShadowLine, introducedGatewayShadowing, routesSpecificFirst } from "../../src/lint/gateway-shadowing.js";
import { openApiRoutes } from "../../src/sources/openapi.js";
import { generateGatewayRoutes } from "../../src/targets/gateway/index.js";
import { linkerdOrder, selectRoute } from "../../src/matching/gateway-selection.js";
import type { HttpRoute, HttpRouteMatch, RouteObject } from "../../src/model/gateway.js";

const WEBAPP = readFileSync(fileURLToPath(new URL("../fixtures/booksapp/swagger/webapp.swagger", import.meta.url)), "utf8");
/** booksapp's webapp with the JSON view of a book that books.swagger serves. */
const WEBAPP_JSON = WEBAPP.replace("  /books/{id}/edit:\n", "  /books/{id}.json:\n    get: {}\n\n  /books/{id}/edit:\n");

async function webappRoutes(spec: string, routeOrder?: "specific-first") {
  const { routes } = await openApiRoutes(memoryReader({ "webapp.swagger": spec }), "webapp.swagger");
  return generateGatewayRoutes({ service: "webapp", namespace: "booksapp", routes, source: "webapp.swagger", ...(routeOrder ? { routeOrder } : {}) });
}

function route(name: string, rules: HttpRouteMatch[][]): HttpRoute {
  return {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "HTTPRoute",
    metadata: { name, namespace: "ns" },
    spec: { parentRefs: [{ group: "core", kind: "Service", name: "svc" }], rules: rules.map((matches) => ({ matches })) },
  };
}
const re = (value: string, method?: string): HttpRouteMatch => ({ path: { type: "RegularExpression", value }, ...(method ? { method } : {}) });

describe("dead rules of booksapp's webapp", () => {
  it("GET /books/{id}.json inside webapp-get-books-id: its earlier rule always wins the tie", async () => {
    const built = await webappRoutes(WEBAPP_JSON);
    const groups = gatewayShadowing(built.objects);
    expect(groups).toEqual([
      {
        reason: "covered",
        by: [{ object: "webapp-get-books-id", rule: 0, route: "GET /books/{id}" }],
        dead: [{ object: "webapp-get-books-id", rule: 1, route: "GET /books/{id}.json" }],
        example: "GET /books/.json",
        takenBy: { object: "webapp-get-books-id", rule: 0, route: "GET /books/{id}" },
      },
    ]);
    // The selection model agrees: the example goes to the earlier rule.
    const picked = selectRoute(linkerdOrder(built.objects), { method: "GET", path: "/books/.json" })!;
    expect([picked.route.metadata.name, picked.rule]).toEqual(["webapp-get-books-id", 0]);
    const warning = built.warnings.find((w) => w.code === GATEWAY_SHADOW_CODE)!;
    expect(warning.message).toBe('rule "GET /books/{id}.json" (webapp-get-books-id rule 1) can never be picked: "GET /books/{id}" (webapp-get-books-id rule 0) takes every request it matches; e.g. GET /books/.json');
    expect(warning.hint).toContain("a tie goes to the earlier rule");
    expect(warning.file).toBe("webapp.swagger");
  });

  it("the fixture as it is has no dead rule", async () => {
    expect(gatewayShadowing((await webappRoutes(WEBAPP)).objects)).toEqual([]);
  });
});

describe("the proxy's precedence, not first match", () => {
  it("a rule naming a method beats an earlier one that names none", () => {
    const objects = [route("a-any", [[re("^/x/[^/]*$")]]), route("b-get", [[re("^/x/[^/]*$", "GET")]])];
    // First match would call b-get dead; Linkerd scores the method first.
    expect(gatewayShadowing(objects)).toEqual([]);
  });

  it("a rule without a method is dead when method rules cannot take it, but an earlier such rule can", () => {
    const objects = [route("a", [[re("^/x/[^/]*$")], [re("^/x/1$")]])];
    expect(gatewayShadowing(objects).map(gatewayShadowLine)).toEqual(['rule a rule 1 can never be picked: a rule 0 takes every request it matches; e.g. /x/1']);
  });

  it("a tie between objects is not reported: the older object wins, and which is older differs between clusters", () => {
    const objects = [route("svc-b", [[re("^/x/[^/]*$", "GET")]]), route("svc-a", [[re("^/x/[^/]*$", "GET")]])];
    expect(gatewayShadowing(objects)).toEqual([]);
    // Within one object the earlier rule always wins the same tie.
    expect(gatewayShadowing([route("svc-a", [[re("^/x/[^/]*$", "GET")], [re("^/x/[^/]*$", "GET")]])]).map(gatewayShadowLine)).toEqual([
      "rule svc-a rule 1 can never be picked: svc-a rule 0 has the same match and wins the tie; e.g. GET /x/",
    ]);
  });

  it("a rule with headers neither shadows nor is reported (it outscores only requests carrying them)", () => {
    const withHeader: HttpRouteMatch = { ...re("^/x/[^/]*$", "GET"), headers: [{ name: "x-canary", value: "1" }] };
    expect(gatewayShadowing([route("a", [[withHeader], [re("^/x/[^/]*$", "GET")]])])).toEqual([]);
  });

  it("an unanchored regex is left out rather than guessed", () => {
    expect(gatewayShadowing([route("a", [[re("/x/.*", "GET")], [re("^/x/1$", "GET")]])])).toEqual([]);
  });

  it("GRPCRoutes: exact names never shadow each other", () => {
    const grpc = { apiVersion: "gateway.networking.k8s.io/v1", kind: "GRPCRoute", metadata: { name: "g", namespace: "ns" }, spec: { parentRefs: [], rules: [{ matches: [{ method: { type: "Exact", service: "a.B", method: "C" } }] }] } } as unknown as RouteObject;
    expect(gatewayShadowing([grpc])).toEqual([]);
  });
});

describe("grouping and caps", () => {
  it("one line per shadowing rule, however many rules it makes dead", () => {
    const rules = [[re("^/x/[^/]*$", "GET")], ...Array.from({ length: 30 }, (_, k) => [re(`^/x/${k}$`, "GET")])];
    const groups = gatewayShadowing([route("a", rules)]);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.dead).toHaveLength(30);
    const [line] = gatewayShadowDiagnostics([route("a", rules)]).map((d) => d.message);
    expect(line).toMatch(/^30 rules can never be picked: a rule 0 takes every request they match: a rule 1, a rule 2, .*a rule 10 and 20 more; e\.g\. GET \/x\/0$/);
  });

  it("at most ten lines, then one that counts the rest", () => {
    const objects = Array.from({ length: 25 }, (_, k) => route(`r${String(k).padStart(2, "0")}`, [[re(`^/y${k}/[^/]*$`, "GET")], [re(`^/y${k}/1$`, "GET")]]));
    const ds = gatewayShadowDiagnostics(objects, "spec.yaml");
    expect(ds).toHaveLength(11);
    expect(ds[10]!.message).toBe("… and 15 more rules that can never be picked (15 more groups)");
    expect(ds.every((d) => d.code === GATEWAY_SHADOW_CODE && d.file === "spec.yaml")).toBe(true);
  });

  it("a change reports only the dead rules it introduces", async () => {
    const before = (await webappRoutes(WEBAPP_JSON)).objects;
    expect(introducedGatewayShadowing(before, before)).toEqual([]);
    expect(introducedGatewayShadowing((await webappRoutes(WEBAPP)).objects, before).map((g) => g.dead[0]!.route)).toEqual(["GET /books/{id}.json"]);
  });
});

describe("routeOrder specific-first for Gateway API", () => {
  it("puts the narrower route first in the shared object, so no rule is dead; the same routes and objects", async () => {
    const linkerd = await webappRoutes(WEBAPP_JSON);
    const built = await webappRoutes(WEBAPP_JSON, "specific-first");
    expect(built.warnings.filter((w) => w.code === GATEWAY_SHADOW_CODE)).toEqual([]);
    expect(gatewayShadowing(built.objects)).toEqual([]);
    expect(built.objects.map((o) => o.metadata.name)).toEqual(linkerd.objects.map((o) => o.metadata.name));
    const obj = built.objects.find((o) => o.metadata.name === "webapp-get-books-id")!;
    expect(obj.metadata.annotations!["serviceprofile-sync.io/routes"]).toBe('["GET /books/{id}.json","GET /books/{id}"]');
    const picked = selectRoute(linkerdOrder(built.objects), { method: "GET", path: "/books/7.json" })!;
    expect([picked.route.metadata.name, picked.rule]).toEqual(["webapp-get-books-id", 0]);
  });

  it("leaves gRPC routes as they are", () => {
    const grpc = [{ name: "A", match: { kind: "grpc", service: "p.S", method: "A", path: "/p.S/A" }, isRetryable: false, statusClasses: [] }];
    expect(routesSpecificFirst(grpc as never)).toEqual(grpc);
  });
});
