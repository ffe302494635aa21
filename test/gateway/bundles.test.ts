/**
 * The Gateway API bundle routes are checked against (gatewayAPI.bundle,
 * --gateway-api-bundle): an object valid under one bundle and refused under
 * another, with the bundle and the limit named; the default per Linkerd
 * version; the generated validators, one per bundle.
 */
import { describe, expect, it } from "vitest";
import * as http from "../../src/generated/httproute-validator.js";
import * as grpc from "../../src/generated/grpcroute-validator.js";
import { parseProfileText } from "../../src/sources/profile-file.js";
import { migrateProfile } from "../../src/migrate/convert.js";
import { isSpecError } from "../../src/model/diagnostic.js";
import { validateRouteObject } from "../../src/targets/gateway/validate.js";
import {
  bundleLimits,
  DEFAULT_GATEWAY_API_BUNDLE,
  GATEWAY_API_BUNDLES,
  LINKERD_VERSIONS,
  outputBundle,
  resolveBundle,
  type GatewayApiBundle,
} from "../../src/targets/gateway/index.js";

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const service = { group: "core", kind: "Service", name: "books" };
const exact = (n: number) => Array.from({ length: n }, (_, i) => ({ path: { type: "Exact", value: `/p${i}` } }));
const rpcs = (n: number) => Array.from({ length: n }, (_, i) => ({ method: { type: "Exact", service: "pkg.Books", method: `M${i}` } }));

function httpRoute(spec: Any): Any {
  return { apiVersion: "gateway.networking.k8s.io/v1", kind: "HTTPRoute", metadata: { name: "books", namespace: "shop" }, spec: { parentRefs: [{ ...service, port: 80 }], ...spec } };
}
function grpcRoute(spec: Any): Any {
  return { apiVersion: "gateway.networking.k8s.io/v1", kind: "GRPCRoute", metadata: { name: "books", namespace: "shop" }, spec: { parentRefs: [{ ...service, port: 80 }], ...spec } };
}

/** The bundles under which `obj` has problems, and the first problem's message for each. */
function refusedBy(obj: Any): Partial<Record<GatewayApiBundle, string>> {
  const out: Partial<Record<GatewayApiBundle, string>> = {};
  for (const b of GATEWAY_API_BUNDLES) {
    const problems = validateRouteObject(obj, b);
    if (problems.length) out[b] = `${problems[0]!.pointer}: ${problems[0]!.message}`;
  }
  return out;
}

describe("the default bundle", () => {
  it("is what the chosen Linkerd ships (v1.1.1-experimental at 2.18-2.20), else v1.2.1-standard; a named bundle wins", () => {
    expect(DEFAULT_GATEWAY_API_BUNDLE).toBe("v1.2.1-standard");
    expect(resolveBundle(undefined, undefined)).toBe("v1.2.1-standard");
    for (const v of LINKERD_VERSIONS) expect(resolveBundle(undefined, v)).toBe("v1.1.1-experimental");
    expect(resolveBundle("v1.5.1-standard", "2.20")).toBe("v1.5.1-standard");
  });

  it("applies to apiVersion v1 output only: v1beta1 and policy.linkerd.io stay on v1.2.1-standard", () => {
    expect(outputBundle({ linkerdVersion: "2.19" })).toBe("v1.1.1-experimental");
    expect(outputBundle({ apiVersion: "v1", gatewayApiBundle: "v1.3.0-standard" })).toBe("v1.3.0-standard");
    expect(outputBundle({ apiVersion: "linkerd", gatewayApiBundle: "v1.3.0-standard", linkerdVersion: "2.20" })).toBe("v1.2.1-standard");
    expect(outputBundle({ apiVersion: "v1beta1" })).toBe("v1.2.1-standard");
  });
});

describe("the generated validators", () => {
  it("export one validator per bundle, and validate for v1.2.1-standard", () => {
    for (const mod of [http, grpc] as Any[]) {
      for (const b of GATEWAY_API_BUNDLES) expect(typeof mod[b.replace(/[.-]/g, "_")], b).toBe("function");
      expect(mod.validate).toBe(mod.v1_2_1_standard);
    }
  });
});

describe("limits that differ between bundles", () => {
  it("HTTPRoute matches per rule: 8 in v1.1.1-experimental, 64 in the standard channel", () => {
    expect(refusedBy(httpRoute({ rules: [{ matches: exact(9) }] }))).toEqual({
      "v1.1.1-experimental": "/spec/rules/0/matches: matches has 9 entries, but the HTTPRoute CRD of Gateway API v1.1.1-experimental allows at most 8",
    });
    expect(refusedBy(httpRoute({ rules: [{ matches: exact(8) }] }))).toEqual({});
  });

  it("GRPCRoute matches per rule: 8 up to v1.2.1, 64 from v1.3.0", () => {
    expect(refusedBy(grpcRoute({ rules: [{ matches: rpcs(9) }] }))).toEqual({
      "v1.1.1-experimental": "/spec/rules/0/matches: matches has 9 entries, but the GRPCRoute CRD of Gateway API v1.1.1-experimental allows at most 8",
      "v1.2.1-standard": "/spec/rules/0/matches: matches has 9 entries, but the GRPCRoute CRD of Gateway API v1.2.1-standard allows at most 8",
    });
  });

  it("matches per route: at most 128 in the standard channel, no such rule in v1.1.1-experimental", () => {
    // 64 + 64 + 1 (a rule without matches counts as one) is only possible where rules take 64 matches.
    const refused = refusedBy(grpcRoute({ rules: [{ matches: rpcs(64) }, { matches: rpcs(64) }, { matches: rpcs(1) }] }));
    for (const b of ["v1.3.0-standard", "v1.4.1-standard", "v1.5.1-standard"] as const) {
      expect(refused[b]).toBe(`/spec/rules: the route has 129 matches in all (a rule without matches counts as one), but the GRPCRoute CRD of Gateway API ${b} allows at most 128 across its rules; split it into several objects`);
    }
    expect(bundleLimits("v1.1.1-experimental").maxTotalMatches).toBeUndefined();
    expect(validateRouteObject(grpcRoute({ rules: [{ matches: rpcs(64) }, { matches: rpcs(64) }] }), "v1.3.0-standard")).toEqual([]);
  });

  it("parentRefs to one Service on two ports: told apart by v1.1.1-experimental only", () => {
    const twoPorts = httpRoute({ parentRefs: [{ ...service, port: 80 }, { ...service, port: 8080 }] });
    const refused = refusedBy(twoPorts);
    expect(Object.keys(refused)).toEqual(["v1.2.1-standard", "v1.3.0-standard", "v1.4.1-standard", "v1.5.1-standard"]);
    expect(refused["v1.4.1-standard"]).toBe(
      '/spec/parentRefs/1: parentRefs 0 and 1 reference the same parent (Service "books"): the HTTPRoute CRD of Gateway API v1.4.1-standard does not tell them apart by port, so attach once (without port for every port) or use one route object per port',
    );
    // The experimental rule: a port on both or neither, and not the same one twice.
    expect(refusedBy(httpRoute({ parentRefs: [{ ...service, port: 80 }, { ...service }] }))["v1.1.1-experimental"]).toBe(
      '/spec/parentRefs/1: parentRefs 0 and 1 reference the same parent (Service "books") and only one has a port: give both one, or neither (the HTTPRoute CRD of Gateway API v1.1.1-experimental)',
    );
    expect(refusedBy(httpRoute({ parentRefs: [{ ...service, port: 80 }, { ...service, port: 80 }] }))["v1.1.1-experimental"]).toBe(
      '/spec/parentRefs/1: parentRefs 0 and 1 reference the same parent (Service "books") with the same sectionName and port: the HTTPRoute CRD of Gateway API v1.1.1-experimental refuses the repeat; attach once',
    );
  });

  it("fields one bundle has and another has not: rules[].name from v1.4.1; HTTPRoute rules must not be empty from v1.5.1", () => {
    const named = refusedBy(httpRoute({ rules: [{ name: "get-books", matches: exact(1) }] }));
    expect(Object.keys(named)).toEqual(["v1.1.1-experimental", "v1.2.1-standard", "v1.3.0-standard"]);
    expect(named["v1.2.1-standard"]).toBe('/spec/rules/0/name: unknown field "name": the HTTPRoute CRD of Gateway API v1.2.1-standard has no such field here, and the API server would drop it');
    expect(refusedBy(httpRoute({ rules: [] }))).toEqual({ "v1.5.1-standard": "/spec/rules: rules needs at least 1 entry" });
  });
});

describe("a migrated profile, valid under one bundle and refused under another", () => {
  const any = Array.from({ length: 9 }, (_, i) => `          - pathRegex: /v${i}/books\n            method: GET`).join("\n");
  const text = `apiVersion: linkerd.io/v1alpha2
kind: ServiceProfile
metadata:
  name: books.shop.svc.cluster.local
  namespace: shop
spec:
  routes:
    - name: health
      condition: { method: GET, pathRegex: /health }
    - name: books
      condition:
        any:
${any}
`;
  const { profile } = parseProfileText(text, "books.sp.yaml");

  it("9 alternatives make a rule of 9 matches: fine for v1.2.1-standard (the default without a Linkerd version)", () => {
    const m = migrateProfile(profile, "books.sp.yaml");
    expect(m.objects.flatMap((o) => o.spec.rules.map((r: Any) => r.matches?.length))).toContain(9);
    expect(migrateProfile(profile, "books.sp.yaml", { linkerdVersion: "2.20", gatewayApiBundle: "v1.2.1-standard" }).objects).toEqual(m.objects);
  });

  it("refused for v1.1.1-experimental (what Linkerd ships, the default with a Linkerd version), naming the bundle, the limit and the profile route", () => {
    for (const options of [{ gatewayApiBundle: "v1.1.1-experimental" as const }, { linkerdVersion: "2.20" as const }]) {
      let err: unknown;
      try {
        migrateProfile(profile, "books.sp.yaml", options);
      } catch (e) {
        err = e;
      }
      expect(isSpecError(err)).toBe(true);
      const d = (err as { diagnostic: Any }).diagnostic;
      expect(d.message).toContain("matches has 9 entries, but the HTTPRoute CRD of Gateway API v1.1.1-experimental allows at most 8");
      expect(d.message).toContain('made from profile route "books"');
      expect(d.file).toBe("books.sp.yaml");
      expect(d.pointer).toBe("/spec/routes/1");
    }
  });
});
