/**
 * Hostile duplicates across inputs: the same route from two spec files.
 * Object names stay unique per kind and namespace in every output; identical
 * copies merge, differing copies are an error naming both files.
 */
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { mergeDuplicateRoutes } from "../../src/targets/unique-routes.js";
import type { Route } from "../../src/model/route.js";
import { SpecError } from "../../src/model/diagnostic.js";
import { BOUND_MS, cli, tempRepo } from "./helpers.js";

const ORDERS = `syntax = "proto3";
package shop.v1;
service Orders {
  rpc Get(Req) returns (Res);
  rpc List(Req) returns (Res);
}
message Req {}
message Res {}
`;
const ORDERS_IDEMPOTENT_GET = ORDERS.replace("rpc Get(Req) returns (Res);", "rpc Get(Req) returns (Res) { option idempotency_level = IDEMPOTENT; }");

/** `Kind namespace/name` of every object in a YAML stream; a ServiceProfile also lists its route names. */
function identities(text: string): string[] {
  return parseAllDocuments(text).flatMap((d) => {
    const o = d.toJS() as { kind: string; metadata: { name: string; namespace: string }; spec?: { routes?: { name: string; condition: { pathRegex: string } }[] } };
    const own = `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`;
    return o.kind === "ServiceProfile" ? (o.spec?.routes ?? []).map((r) => `${own} route ${r.condition.pathRegex}`) : [own];
  });
}

function expectUnique(list: string[]): void {
  expect(list.length).toBeGreaterThan(0);
  expect(new Set(list).size, list.join("\n")).toBe(list.length);
}

describe("the same proto service in two --proto files", () => {
  it("routes prints each GRPCRoute once", async () => {
    const repo = tempRepo({ files: { "a.proto": ORDERS, "b.proto": ORDERS } });
    const r = await cli(repo, "routes", "--proto", "a.proto", "--proto", "b.proto", "orders");
    expect(r.code, r.stderr).toBe(0);
    expectUnique(identities(r.stdout));
    expect(identities(r.stdout)).toHaveLength(3); // Get, List, the catch-all
    expect(r.stderr).toBe("");
  }, BOUND_MS);

  it("profile lists each rpc once, with no shadowing or name-clash warning", async () => {
    const repo = tempRepo({ files: { "a.proto": ORDERS, "b.proto": ORDERS } });
    for (const names of ["short", "full"]) {
      const r = await cli(repo, "profile", "--route-names", names, "--proto", "a.proto", "--proto", "b.proto", "orders");
      expect(r.code, r.stderr).toBe(0);
      expectUnique(identities(r.stdout));
      expect(identities(r.stdout)).toHaveLength(2);
      expect(r.stderr).toBe("");
    }
  }, BOUND_MS);

  it("differing copies are an error naming both files and what differs; stdout stays empty", async () => {
    const repo = tempRepo({ files: { "a.proto": ORDERS, "c.proto": ORDERS_IDEMPOTENT_GET } });
    for (const command of ["routes", "profile"]) {
      const r = await cli(repo, command, "--proto", "a.proto", "--proto", "c.proto", "orders");
      expect(r.code).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/rpc \/shop\.v1\.Orders\/Get is defined in both a\.proto:4 and c\.proto:4, differently: isRetryable false vs true/);
      expect(r.stderr).toMatch(/^error: c\.proto:4: /);
      expect(r.stderr).toMatch(/hint: /);
    }
  }, BOUND_MS);

  it("sync and check, for a service listing both files, write unique names", async () => {
    const config = `output: deploy\nservices:\n  - name: orders\n    namespace: shop\n    proto: [a.proto, b.proto]\n    target: both\n`;
    const repo = tempRepo({ files: { "serviceprofile-sync.yaml": config, "a.proto": ORDERS, "b.proto": ORDERS } });
    const r = await cli(repo, "sync");
    expect(r.code, r.stderr).toBe(0);
    expectUnique(identities(repo.read("deploy/shop/orders.routes.yaml")));
    expect(identities(repo.read("deploy/shop/orders.routes.yaml"))).toHaveLength(3);
    expectUnique(identities(repo.read("deploy/shop/orders.yaml")));
    expect((await cli(repo, "check")).code).toBe(0);
  }, BOUND_MS);

  it("sync refuses differing copies and names both files", async () => {
    const config = `output: deploy\nservices:\n  - name: orders\n    namespace: shop\n    proto: [a.proto, c.proto]\n    target: gateway\n`;
    const repo = tempRepo({ files: { "serviceprofile-sync.yaml": config, "a.proto": ORDERS, "c.proto": ORDERS_IDEMPOTENT_GET } });
    const r = await cli(repo, "sync");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/defined in both a\.proto:4 and c\.proto:4/);
    expect(repo.exists("deploy/shop/orders.routes.yaml")).toBe(false);
  }, BOUND_MS);
});

describe("two services whose route objects meet", () => {
  const openapi = (path: string) => `openapi: 3.0.0\ninfo: {title: t, version: "1"}\npaths:\n  ${path}:\n    get:\n      responses: {"200": {description: ok}}\n`;
  const config = `output: deploy\ntarget: gateway\nservices:\n  - name: web\n    namespace: app\n    openapi: api/web.yaml\n  - name: web-get\n    namespace: app\n    openapi: api/web-get.yaml\n`;

  it("sync refuses the later one, naming both services and their specs, and writes the other", async () => {
    const repo = tempRepo({ files: { "serviceprofile-sync.yaml": config, "api/web.yaml": openapi("/get/x"), "api/web-get.yaml": openapi("/x") } });
    const r = await cli(repo, "sync");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("services web (app) (api/web.yaml) and web-get (app) (api/web-get.yaml) both generate HTTPRoute app/web-get-get-x");
    expect(r.stderr).toMatch(/serviceprofile-sync\.yaml:\d+/);
    expect(identities(repo.read("deploy/app/web.routes.yaml"))).toContain("HTTPRoute app/web-get-get-x");
    expect(repo.exists("deploy/app/web-get.routes.yaml")).toBe(false);
  }, BOUND_MS);

  it("names stay unique when they do not meet", async () => {
    const repo = tempRepo({ files: { "serviceprofile-sync.yaml": config, "api/web.yaml": openapi("/get/y"), "api/web-get.yaml": openapi("/x") } });
    const r = await cli(repo, "sync");
    expect(r.code, r.stderr).toBe(0);
    expectUnique([...identities(repo.read("deploy/app/web.routes.yaml")), ...identities(repo.read("deploy/app/web-get.routes.yaml"))]);
  }, BOUND_MS);
});

describe("mergeDuplicateRoutes", () => {
  const route = (file: string, extra: Partial<Route> = {}): Route => ({
    name: "GET /x",
    match: { kind: "http", method: "GET", pathTemplate: "/x", pathRegex: "/x" },
    statusClasses: [],
    origin: { file, pointer: "/paths/~1x/get" },
    ...extra,
  });

  it("keeps copies within one file (the lint's business) and merges identical ones across files", () => {
    expect(mergeDuplicateRoutes([route("a"), route("a")])).toHaveLength(2);
    expect(mergeDuplicateRoutes([route("a"), route("b"), route("a", { name: "GET /y", match: { kind: "http", method: "GET", pathTemplate: "/y", pathRegex: "/y" } })])).toHaveLength(2);
  });

  it("names both inputs and every field that differs", () => {
    let err: unknown;
    try {
      mergeDuplicateRoutes([route("a.yaml"), route("b.yaml", { timeout: "2s", statusClasses: [{ min: 500, max: 599, isFailure: true }] })]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SpecError);
    const d = (err as SpecError).diagnostic;
    expect(d.message).toBe('route GET /x is defined in both a.yaml and b.yaml, differently: response classes none vs 500-599 failure; timeout unset vs "2s"');
    expect([d.file, d.pointer]).toEqual(["b.yaml", "/paths/~1x/get"]);
  });

  it("is linear: 50,000 copies from two files merge quickly", () => {
    const many: Route[] = [];
    for (let i = 0; i < 25_000; i++) {
      const r = route("a", { name: `GET /r${i}`, match: { kind: "http", method: "GET", pathTemplate: `/r${i}`, pathRegex: `/r${i}` } });
      many.push(r, { ...r, origin: { file: "b" } });
    }
    expect(mergeDuplicateRoutes(many)).toHaveLength(25_000);
  }, BOUND_MS);
});
