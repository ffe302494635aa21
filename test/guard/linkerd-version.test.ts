/**
 * The guard checks hand-written routes for the Linkerd the config names
 * (linkerd.version): before 2.20 a gateway.networking.k8s.io HTTPRoute's
 * rules[].timeouts.request is not read, so it is a field Linkerd ignores.
 */
import { describe, expect, it } from "vitest";
import { lintManifests } from "../../src/guard/guard.js";
import { parseManifests } from "../../src/guard/manifests.js";

const route = (apiVersion: string) => `apiVersion: ${apiVersion}
kind: HTTPRoute
metadata:
  name: books
  namespace: booksapp
spec:
  parentRefs:
  - group: core
    kind: Service
    name: books
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /
    timeouts:
      request: 2s
`;

const ignored = (apiVersion: string, version?: "2.18" | "2.19" | "2.20") =>
  lintManifests(parseManifests("books.yaml", route(apiVersion)), {}, version).filter((f) => f.rule === "field-ignored");

describe("the guard for a Linkerd version", () => {
  it("reports rule timeouts of a gateway.networking.k8s.io HTTPRoute below 2.20, at the field", () => {
    for (const version of ["2.18", "2.19"] as const) {
      const [f, ...rest] = ignored("gateway.networking.k8s.io/v1", version);
      expect(rest).toEqual([]);
      expect(f).toMatchObject({ severity: "warning", file: "books.yaml", line: 17, column: 7 });
      expect(f!.message).toBe(`HTTPRoute books: Linkerd ${version} ignores rules[0].timeouts.request on gateway.networking.k8s.io HTTPRoutes (read from 2.20 on); no timeout applies`);
      expect(f!.hint).toContain("timeout.linkerd.io/request");
    }
  });

  it("says nothing on 2.20 (the default) or for Linkerd's own HTTPRoute, which every version reads", () => {
    expect(ignored("gateway.networking.k8s.io/v1", "2.20")).toEqual([]);
    expect(ignored("gateway.networking.k8s.io/v1")).toEqual([]);
    expect(ignored("policy.linkerd.io/v1beta3", "2.18")).toEqual([]);
  });
});
