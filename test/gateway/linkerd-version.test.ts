/**
 * Output that is true for the Linkerd version you run (linkerd.version,
 * --linkerd-version): where timeouts go, which apiVersions are refused, and
 * the fields Linkerd never reads that must never be emitted. The per-version
 * goldens are test/golden/gateway/linkerd-<version>-*.
 */
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { fsReader } from "../../src/files/reader.js";
import { isSpecError } from "../../src/model/diagnostic.js";
import type { Route } from "../../src/model/route.js";
import { openApiRoutes } from "../../src/sources/openapi.js";
import { protoRoutes } from "../../src/sources/proto.js";
import { parseProfileText } from "../../src/sources/profile-file.js";
import { migrateProfile } from "../../src/migrate/convert.js";
import {
  apiVersionProblem,
  DEFAULT_LINKERD_VERSION,
  generateGatewayRoutes,
  LINKERD_VERSIONS,
  parseLinkerdVersion,
  readsRuleTimeouts,
  type GatewayOptions,
  type LinkerdVersion,
  type RouteObject,
} from "../../src/targets/gateway/index.js";

const FIXTURES = fileURLToPath(new URL("../fixtures/", import.meta.url));

/** Every route retryable and with a timeout, so every version's placement shows. */
function tuned(routes: Route[]): Route[] {
  return routes.map((r, i) => ({ ...r, isRetryable: true, timeout: `${i + 1}s` }));
}

async function booksapp(): Promise<{ service: string; routes: Route[] }[]> {
  const reader = fsReader(path.join(FIXTURES, "booksapp/swagger"));
  const out = [];
  for (const s of ["authors", "books", "webapp"]) out.push({ service: s, routes: tuned((await openApiRoutes(reader, `${s}.swagger`)).routes) });
  return out;
}

async function emojivoto(): Promise<{ service: string; routes: Route[] }[]> {
  const reader = fsReader(path.join(FIXTURES, "emojivoto"));
  const out = [];
  for (const f of ["Emoji.proto", "Voting.proto"]) out.push({ service: f === "Emoji.proto" ? "emoji-svc" : "voting-svc", routes: tuned((await protoRoutes(reader, [f], {})).routes) });
  return out;
}

function build(service: string, routes: Route[], options: GatewayOptions): RouteObject[] {
  return generateGatewayRoutes({ service, namespace: "ns", routes, options }).objects;
}

const rulesOf = (o: RouteObject) => o.spec.rules as Record<string, unknown>[];

describe("the Linkerd version setting", () => {
  it("knows 2.18, 2.19 and 2.20, and defaults to 2.20", () => {
    expect(LINKERD_VERSIONS).toEqual(["2.18", "2.19", "2.20"]);
    expect(DEFAULT_LINKERD_VERSION).toBe("2.20");
    expect(parseLinkerdVersion("2.19")).toBe("2.19");
    expect(parseLinkerdVersion("2.2")).toBeUndefined();
    expect(parseLinkerdVersion("2.17")).toBeUndefined();
  });

  it("rule timeouts only where the controller reads them", () => {
    // gateway.networking.k8s.io: convert_gateway_rule reads rules[].timeouts from version-2.20 only.
    expect(readsRuleTimeouts("v1", "2.18")).toBe(false);
    expect(readsRuleTimeouts("v1", "2.19")).toBe(false);
    expect(readsRuleTimeouts("v1", "2.20")).toBe(true);
    expect(readsRuleTimeouts(undefined, undefined)).toBe(true);
    // policy.linkerd.io: convert_linkerd_rule reads them at all three tags.
    for (const v of LINKERD_VERSIONS) expect(readsRuleTimeouts("linkerd", v)).toBe(true);
    expect(readsRuleTimeouts("v1beta1", undefined)).toBe(false);
  });

  it("refuses apiVersion v1beta1 with a Linkerd version, which watches only v1", () => {
    for (const v of LINKERD_VERSIONS) expect(apiVersionProblem("v1beta1", v)?.message).toContain(`Linkerd ${v} does not read apiVersion v1beta1`);
    expect(apiVersionProblem("v1beta1", undefined)).toBeUndefined();
    expect(apiVersionProblem("v1", "2.18")).toBeUndefined();
    expect(apiVersionProblem("linkerd", "2.18")).toBeUndefined();
    let caught: unknown;
    try {
      build("books", [{ name: "GET /a", match: { kind: "http", method: "GET", pathTemplate: "/a", pathRegex: "/a" }, statusClasses: [] }], { apiVersion: "v1beta1", linkerdVersion: "2.19" });
    } catch (err) {
      caught = err;
    }
    expect(isSpecError(caught)).toBe(true);
    expect((caught as Error).message).toContain("gateway.networking.k8s.io/v1");
  });

  it("policy.linkerd.io HTTPRoutes keep rule timeouts on every version", async () => {
    for (const v of LINKERD_VERSIONS) {
      for (const { service, routes } of await booksapp()) {
        const objects = build(service, routes, { apiVersion: "linkerd", linkerdVersion: v });
        expect(objects.every((o) => o.metadata.annotations?.["timeout.linkerd.io/request"] === undefined)).toBe(true);
        expect(objects.filter((o) => rulesOf(o).some((r) => r.timeouts !== undefined)).length).toBe(objects.length - 1);
      }
    }
  });
});

describe.each(LINKERD_VERSIONS.map((v) => [v] as [LinkerdVersion]))("Linkerd %s on the booksapp and emojivoto fixtures", (version) => {
  for (const granularity of ["route", "packed"] as const) {
    it(`HTTPRoutes (${granularity}): timeouts where ${version} reads them, never rules[].retry`, async () => {
      for (const { service, routes } of await booksapp()) {
        const objects = build(service, routes, { linkerdVersion: version, granularity, retry: { limit: 2, timeout: "500ms" } });
        const withRoutes = objects.filter((o) => o.metadata.name !== `${service}-default`);
        expect(withRoutes.length).toBeGreaterThan(0);
        for (const o of objects) {
          expect(o.kind).toBe("HTTPRoute");
          // GEP-1731's rules[].retry and backendRequest are never read by Linkerd: never written.
          for (const r of rulesOf(o)) {
            expect(r).not.toHaveProperty("retry");
            expect((r.timeouts as Record<string, unknown> | undefined) ?? {}).not.toHaveProperty("backendRequest");
          }
          expect(o.metadata.annotations ?? {}).not.toHaveProperty("retry.linkerd.io/grpc");
        }
        for (const o of withRoutes) {
          const annotation = o.metadata.annotations?.["timeout.linkerd.io/request"];
          const ruleTimeouts = rulesOf(o).filter((r) => r.timeouts !== undefined).length;
          if (version === "2.20") {
            expect(annotation).toBeUndefined();
            expect(ruleTimeouts).toBe(rulesOf(o).length);
          } else {
            expect(annotation).toMatch(/^\d+(ms|s|m|h|d)$/);
            expect(ruleTimeouts).toBe(0);
          }
        }
      }
    });
  }

  it("GRPCRoutes: the timeout annotation on every version, never retry.linkerd.io/http or rules[].retry", async () => {
    for (const { service, routes } of await emojivoto()) {
      const objects = build(service, routes, { linkerdVersion: version, retry: { http: "5xx", limit: 2 } });
      for (const o of objects) {
        expect(o.kind).toBe("GRPCRoute");
        // grpc.rs reads retry.linkerd.io/grpc only; the http annotation would be ignored.
        expect(o.metadata.annotations ?? {}).not.toHaveProperty("retry.linkerd.io/http");
        for (const r of rulesOf(o)) {
          expect(r).not.toHaveProperty("retry");
          expect(r).not.toHaveProperty("timeouts");
        }
      }
      expect(objects.filter((o) => o.metadata.annotations?.["timeout.linkerd.io/request"] !== undefined)).toHaveLength(routes.length);
      expect(objects.filter((o) => o.metadata.annotations?.["retry.linkerd.io/grpc"] === "unavailable")).toHaveLength(routes.length);
    }
  });
});

describe("overlap groups below 2.20", () => {
  const route = (name: string, template: string, regex: string, timeout?: string): Route => ({
    name,
    match: { kind: "http", method: "GET", pathTemplate: template, pathRegex: regex },
    statusClasses: [],
    ...(timeout ? { timeout } : {}),
  });
  const routes = [route("GET /books/new", "/books/new", "/books/new", "2s"), route("GET /books/{id}", "/books/{id}", "/books/[^/]*", "5s")];

  it("2.20: one object, per-rule timeouts, no warning", () => {
    const built = generateGatewayRoutes({ service: "books", namespace: "ns", routes, options: { linkerdVersion: "2.20" } });
    expect(built.warnings).toEqual([]);
    expect(built.objects).toHaveLength(2);
    expect(built.objects[0]!.spec.rules).toHaveLength(2);
  });

  it("2.18: different timeouts split the group, and the later route's regex leaves out the earlier one's paths", () => {
    const built = generateGatewayRoutes({ service: "books", namespace: "ns", routes, options: { linkerdVersion: "2.18" } });
    expect(built.objects.map((o) => o.metadata.annotations?.["timeout.linkerd.io/request"])).toEqual(["2s", "5s", undefined]);
    expect(built.warnings).toEqual([]);
    expect((built.objects[1]!.spec.rules[0]!.matches![0] as { path?: { value: string } }).path?.value).toBe("^/books/(?:[^/n][^/]*|n(?:[^/e][^/]*|e(?:[^/w][^/]*|w[^/]+)?)?)?$");
  });

  it("2.18: where no disjoint regex fits the budget, the warning names both routes", () => {
    const long = `/books/${"new".repeat(20)}`;
    const beyond = [route(`GET ${long}`, long, long, "2s"), routes[1]!];
    const built = generateGatewayRoutes({ service: "books", namespace: "ns", routes: beyond, options: { linkerdVersion: "2.18" } });
    expect(built.warnings).toHaveLength(1);
    expect(built.warnings[0]!.message).toContain(`routes "GET ${long}" and "GET /books/{id}" can match the same request`);
    expect(built.warnings[0]!.hint).toContain("Linkerd 2.20 reads per-rule timeouts");
  });

  it("2.19: equal timeouts keep the group in one object, the annotation on it", () => {
    const same = routes.map((r) => ({ ...r, timeout: "3s" }));
    const built = generateGatewayRoutes({ service: "books", namespace: "ns", routes: same, options: { linkerdVersion: "2.19" } });
    expect(built.warnings).toEqual([]);
    expect(built.objects[0]!.spec.rules).toHaveLength(2);
    expect(built.objects[0]!.metadata.annotations?.["timeout.linkerd.io/request"]).toBe("3s");
  });
});

describe("migrate and the Linkerd version", () => {
  const profile = (routes: string) =>
    parseProfileText(
      `apiVersion: linkerd.io/v1alpha2
kind: ServiceProfile
metadata: { name: books.booksapp.svc.cluster.local, namespace: booksapp }
spec:
  routes:
${routes}`,
      "books.yaml",
    ).profile;
  const templated = profile(`  - name: GET /books/{id}
    condition: { method: GET, pathRegex: "/books/[^/]*" }
    timeout: 1500ms`);
  // A regex no template describes goes the direct way, with its own emission.
  const direct = profile(`  - name: books
    condition: { all: [ { method: GET }, { pathRegex: "/books/(a|b)+" } ] }
    timeout: 2s`);

  for (const [label, p] of [["through the emitter", templated], ["directly", direct]] as const) {
    it(`${label}: the annotation below 2.20, the rule field on 2.20`, () => {
      for (const v of LINKERD_VERSIONS) {
        const m = migrateProfile(p, "books.yaml", { linkerdVersion: v });
        expect(m.via).toBe(label === "directly" ? "direct" : "emitter");
        const o = m.objects[0]!;
        const rule = o.spec.rules[0] as Record<string, unknown>;
        if (v === "2.20") {
          expect(rule.timeouts).toBeDefined();
          expect(o.metadata.annotations?.["timeout.linkerd.io/request"]).toBeUndefined();
        } else {
          expect(rule.timeouts).toBeUndefined();
          expect(o.metadata.annotations?.["timeout.linkerd.io/request"]).toMatch(/^(1500ms|2s)$/);
        }
      }
    });
  }

  it("refuses v1beta1 with a Linkerd version", () => {
    expect(() => migrateProfile(templated, "books.yaml", { apiVersion: "v1beta1", linkerdVersion: "2.20" })).toThrow(/does not read apiVersion v1beta1/);
  });
});
