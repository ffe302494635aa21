import { describe, expect, it } from "vitest";
import { buildProfile, generateProfile } from "../../src/targets/serviceprofile/emit.js";
import { applyOverrides } from "../../src/model/tuning.js";
import type { Route } from "../../src/model/route.js";
import { isSpecError } from "../../src/model/diagnostic.js";

function route(name: string, extra: Partial<Route> = {}): Route {
  const [method, path] = name.split(" ") as [string, string];
  return { name, match: { kind: "http", method, pathTemplate: path, pathRegex: path }, statusClasses: [{ min: 500, max: 500, isFailure: true }], ...extra };
}

describe("applyOverrides", () => {
  const routes = [route("GET /a", { timeout: "2s" }), route("GET /b", { isRetryable: false }), route("GET /c")];

  it("lets a route's entry beat the spec, and the spec beat the defaults", () => {
    const { routes: tuned } = applyOverrides(routes, {
      defaults: { timeout: "5s", isRetryable: true },
      routes: { "GET /a": { timeout: "300ms" } },
    });
    expect(tuned.map((r) => [r.name, r.timeout, r.isRetryable])).toEqual([
      ["GET /a", "300ms", true],
      ["GET /b", "5s", false],
      ["GET /c", "5s", true],
    ]);
  });

  it("puts a route's extra classes first (they win) and the defaults' last", () => {
    const { routes: tuned } = applyOverrides([route("GET /c")], {
      defaults: { responseClasses: [{ min: 400, max: 499, isFailure: true }] },
      routes: { "GET /c": { responseClasses: [{ min: 404, max: 404, isFailure: false }] } },
    });
    expect(tuned[0]!.statusClasses).toEqual([
      { min: 404, max: 404, isFailure: false },
      { min: 500, max: 500, isFailure: true },
      { min: 400, max: 499, isFailure: true },
    ]);
  });

  it("warns about an entry that matches no route", () => {
    const { warnings } = applyOverrides(routes, { routes: { "GET /zzz": { timeout: "1s" } } });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toBe('the override for route "GET /zzz" matches no generated route');
  });
});

describe("buildProfile / generateProfile", () => {
  it("names the profile after the service FQDN and puts it in the chosen namespace", () => {
    const { profile } = buildProfile({ service: "books", namespace: "booksapp", profileNamespace: "web", clusterDomain: "example.org", routes: [] });
    expect(profile.metadata).toEqual({ name: "books.booksapp.svc.example.org", namespace: "web" });
    expect(profile.spec).toEqual({});
  });

  it("maps routes without Linkerd's omitted fields (no isRetryable: false, no empty classes)", () => {
    const { profile } = buildProfile({ service: "s", namespace: "n", routes: [route("GET /x", { statusClasses: [], isRetryable: false })] });
    expect(profile.spec.routes).toEqual([{ name: "GET /x", condition: { method: "GET", pathRegex: "/x" } }]);
  });

  it("gives gRPC routes the POST method", () => {
    const grpc: Route = { name: "Get", match: { kind: "grpc", service: "p.S", method: "Get", path: "/p.S/Get", pathRegex: "/p\\.S/Get" }, statusClasses: [] };
    expect(buildProfile({ service: "s", namespace: "n", routes: [grpc] }).profile.spec.routes![0]!.condition).toEqual({ method: "POST", pathRegex: "/p\\.S/Get" });
  });

  it("refuses invalid names with Linkerd's messages", () => {
    expect(() => generateProfile({ service: "Bad_Name", namespace: "n", routes: [] })).toThrow(/invalid service "Bad_Name"/);
  });

  it("refuses a profile that fails validation, naming the field and pointing at the route in the input", () => {
    try {
      generateProfile({ service: "s", namespace: "n", routes: [route("GET /x", { timeout: "soon", origin: { file: "api.yaml", pointer: "/paths/~1x/get" } })] }, "api.yaml");
      expect.unreachable();
    } catch (err) {
      expect(isSpecError(err)).toBe(true);
      if (isSpecError(err)) {
        expect(err.diagnostic.file).toBe("api.yaml");
        expect(err.diagnostic.pointer).toBe("/paths/~1x/get");
        expect(err.diagnostic.message).toContain("/spec/routes/0/timeout: ");
      }
    }
  });
});
