import { describe, expect, it } from "vitest";
import { diffProfile, diffRoute, type ProfileIdentity } from "../../src/diff/routes.js";
import type { RouteSpec, ServiceProfile } from "../../src/model/serviceprofile.js";

const id: ProfileIdentity = { name: "books.booksapp.svc.cluster.local", namespace: "booksapp", service: "books", serviceNamespace: "booksapp", path: "out/booksapp/books.yaml" };

function route(name: string, extra: Partial<RouteSpec> = {}): RouteSpec {
  const [method, path] = name.split(" ");
  return { name, condition: { method: method!, pathRegex: path!.replace(/\{[^}]*\}/g, "[^/]*") }, ...extra };
}

function profile(routes: RouteSpec[], extra: Partial<ServiceProfile["spec"]> = {}, name = id.name): ServiceProfile {
  return { apiVersion: "linkerd.io/v1alpha2", kind: "ServiceProfile", metadata: { name, namespace: "booksapp" }, spec: { routes, ...extra } };
}

describe("diffRoute", () => {
  it("reports each changed field from -> to", () => {
    const a = route("GET /books/{id}", { responseClasses: [{ condition: { status: { min: 500, max: 500 } }, isFailure: true }] });
    const b: RouteSpec = {
      name: "GET /books/{id}",
      condition: { method: "PUT", pathRegex: "/v2/books/[^/]*" },
      isRetryable: true,
      timeout: "2s",
      responseClasses: [{ condition: { status: { min: 404, max: 404 } } }, { condition: { status: { min: 500, max: 599 } }, isFailure: true }],
    };
    expect(diffRoute(a, b)).toEqual([
      { field: "method", from: "GET", to: "PUT" },
      { field: "pathRegex", from: "/books/[^/]*", to: "/v2/books/[^/]*" },
      { field: "isRetryable", from: false, to: true },
      { field: "timeout", from: null, to: "2s" },
      {
        field: "responseClasses",
        from: [{ status: "500", isFailure: true }],
        to: [
          { status: "404", isFailure: false },
          { status: "500-599", isFailure: true },
        ],
      },
    ]);
    expect(diffRoute(a, structuredClone(a))).toEqual([]);
  });

  it("compares compound conditions as a whole", () => {
    const a: RouteSpec = { name: "x", condition: { all: [{ method: "GET" }, { pathRegex: "/a" }] } };
    const b: RouteSpec = { name: "x", condition: { all: [{ method: "GET" }, { pathRegex: "/b" }] } };
    expect(diffRoute(a, b).map((c) => c.field)).toEqual(["condition"]);
  });
});

describe("diffProfile", () => {
  it("lists added, removed and changed routes and retry budget changes", () => {
    const base = profile([route("GET /books"), route("DELETE /books/{id}"), route("POST /books")]);
    const head = profile([route("GET /books", { timeout: "1s" }), route("POST /books"), route("GET /authors")], {
      retryBudget: { retryRatio: 0.2, minRetriesPerSecond: 10, ttl: "10s" },
    });
    const d = diffProfile(id, base, head)!;
    expect(d.status).toBe("changed");
    expect(d.routesAdded.map((r) => r.name)).toEqual(["GET /authors"]);
    expect(d.routesRemoved.map((r) => r.name)).toEqual(["DELETE /books/{id}"]);
    expect(d.routesChanged).toEqual([{ name: "GET /books", changes: [{ field: "timeout", from: null, to: "1s" }] }]);
    expect(d.retryBudget).toEqual({ from: null, to: { retryRatio: 0.2, minRetriesPerSecond: 10, ttl: "10s" } });
    expect(d.routeOrderChanged).toBeUndefined();
  });

  it("is undefined for equal profiles, and notices reordering and renames", () => {
    const a = profile([route("GET /a"), route("GET /b")]);
    expect(diffProfile(id, a, structuredClone(a))).toBeUndefined();
    expect(diffProfile(id, a, profile([route("GET /b"), route("GET /a")]))!.routeOrderChanged).toBe(true);
    expect(diffProfile(id, a, profile([route("GET /a"), route("GET /b")], {}, "books.booksapp.svc.example.org"))!.name).toEqual({
      from: "books.booksapp.svc.cluster.local",
      to: "books.booksapp.svc.example.org",
    });
  });

  it("treats a missing side as an added or removed profile with all its routes", () => {
    const p = profile([route("GET /a")]);
    expect(diffProfile(id, undefined, p)).toMatchObject({ status: "added", routesAdded: [{ name: "GET /a", method: "GET", pathRegex: "/a" }], routesRemoved: [] });
    expect(diffProfile(id, p, undefined)).toMatchObject({ status: "removed", routesAdded: [], routesRemoved: [{ name: "GET /a" }] });
  });

  it("compares repeated route names by occurrence", () => {
    const a = profile([route("GET /a"), route("GET /a", { timeout: "1s" })]);
    const b = profile([route("GET /a"), route("GET /a", { timeout: "2s" })]);
    expect(diffProfile(id, a, b)!.routesChanged.map((r) => r.name)).toEqual(["GET /a#2"]);
  });
});
