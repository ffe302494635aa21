/**
 * The library API (src/index.ts) on the sources: each function gives what
 * the matching CLI command prints, and bad input fails the documented way.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import {
  diffPlans,
  generateGatewayRoutes,
  generateServiceProfile,
  isSpecError,
  memoryReader,
  planRepository,
  render,
  renderDiff,
  SpecError,
} from "../src/index.js";

const BOOKS = `openapi: 3.0.3
info: { title: books, version: "1" }
paths:
  /books:
    get:
      responses: { "200": { description: ok } }
  /books/{id}:
    delete:
      responses: { "204": { description: gone } }
`;

const PROTO = `syntax = "proto3";
package shop.v1;
service Orders {
  rpc Get (Req) returns (Res);
}
message Req {}
message Res {}
`;

const CONFIG = `output: deploy
services:
  - name: books
    namespace: booksapp
    openapi: api/books.yaml
`;

describe("generateServiceProfile", () => {
  it("takes a spec's text, or a reader and a path, with the same result", async () => {
    const fromText = await generateServiceProfile({ kind: "openapi", text: BOOKS, path: "api/books.yaml" }, { service: "books", namespace: "booksapp" });
    const fromReader = await generateServiceProfile({ kind: "openapi", reader: memoryReader({ "api/books.yaml": BOOKS }), path: "api/books.yaml" }, { service: "books", namespace: "booksapp" });
    expect(fromReader).toEqual(fromText);
    expect(fromText.profile.metadata).toEqual({ name: "books.booksapp.svc.cluster.local", namespace: "booksapp" });
    expect(fromText.profile.spec.routes?.map((r) => r.name)).toEqual(["GET /books", "DELETE /books/{id}"]);
    expect(fromText.inputs).toEqual(["api/books.yaml"]);
  });

  it("reads proto, with Linkerd's route names by default", async () => {
    const { profile } = await generateServiceProfile({ kind: "proto", text: PROTO }, { service: "orders", namespace: "shop", clusterDomain: "example.org" });
    expect(profile.metadata.name).toBe("orders.shop.svc.example.org");
    expect(profile.spec.routes?.map((r) => [r.name, r.condition.pathRegex])).toEqual([["Get", "/shop\\.v1\\.Orders/Get"]]);
  });

  it("throws a placed SpecError for a broken spec and for a bad name, a TypeError for a wrong call", async () => {
    const broken = await generateServiceProfile({ kind: "openapi", text: "openapi: 3.0.3\npaths: []\n", path: "api/x.yaml" }, { service: "books", namespace: "booksapp" }).catch((e: unknown) => e);
    expect(isSpecError(broken)).toBe(true);
    expect((broken as SpecError).diagnostic).toMatchObject({ file: "api/x.yaml", line: 2 });
    const badName = await generateServiceProfile({ kind: "openapi", text: BOOKS }, { service: "Books_1", namespace: "booksapp" }).catch((e: unknown) => e);
    expect(badName).toBeInstanceOf(SpecError);
    await expect(generateServiceProfile({ kind: "openapi" }, { service: "b", namespace: "n" })).rejects.toThrow(TypeError);
    await expect(generateServiceProfile({ kind: "openapi", reader: memoryReader({}) }, { service: "b", namespace: "n" })).rejects.toThrow("needs its path");
  });
});

describe("generateGatewayRoutes", () => {
  it("gives HTTPRoutes for an OpenAPI spec, renderable as one YAML stream", async () => {
    const { objects } = await generateGatewayRoutes({ kind: "openapi", text: BOOKS }, { service: "books", namespace: "booksapp" });
    expect(objects.length).toBeGreaterThan(0);
    expect(new Set(objects.map((o) => o.kind))).toEqual(new Set(["HTTPRoute"]));
    const text = render(objects);
    expect(text.match(/^kind: HTTPRoute$/gm)).toHaveLength(objects.length);
    expect(text.match(/^---$/gm) ?? []).toHaveLength(objects.length - 1);
    expect(JSON.parse(render(objects, { format: "json" }))).toMatchObject({ apiVersion: "v1", kind: "List", items: objects });
  });
});

describe("planRepository and diffPlans", () => {
  it("plans a directory as sync would write it, and diffs two plans route by route", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "sps-api-"));
    try {
      mkdirSync(path.join(dir, "api"));
      writeFileSync(path.join(dir, "serviceprofile-sync.yaml"), CONFIG);
      writeFileSync(path.join(dir, "api/books.yaml"), BOOKS);
      const base = await planRepository(dir);
      expect(base.config).toBe("serviceprofile-sync.yaml");
      expect(base.outputDir).toBe("deploy");
      expect([...base.files.keys()].sort()).toEqual(["deploy/booksapp/books.yaml", "deploy/kustomization.yaml"]);
      expect(base.profiles.map((p) => [p.path, p.profile.metadata.name])).toEqual([["deploy/booksapp/books.yaml", "books.booksapp.svc.cluster.local"]]);

      const head = await planRepository(
        memoryReader({ "serviceprofile-sync.yaml": CONFIG.replace("books.yaml", "v2.yaml"), "api/v2.yaml": BOOKS.replace("/books/{id}:", "/books/{id}/cover:") }),
      );
      const report = diffPlans(base, head, { base: "main", head: "feature" });
      expect(report.summary).toMatchObject({ profilesChanged: 1, routesAdded: 1, routesRemoved: 1, routesChanged: 0, profilesUnchanged: 0 });
      expect(report.profiles[0]!.routesAdded.map((r) => r.name)).toEqual(["DELETE /books/{id}/cover"]);
      expect(renderDiff(report)).toContain("DELETE /books/{id}/cover");
      expect(JSON.parse(renderDiff(report, "json"))).toMatchObject({ schemaVersion: 1, base: { ref: "main" }, head: { ref: "feature" } });
      // The same plan twice: nothing changed.
      expect(diffPlans(base, base).summary).toMatchObject({ profilesChanged: 0, profilesUnchanged: 1 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reports a service that fails to generate instead of throwing, and throws for a broken config", async () => {
    const plan = await planRepository(memoryReader({ "serviceprofile-sync.yaml": CONFIG, "api/books.yaml": "openapi: 3.0.3\npaths: []\n" }));
    expect(plan.failed.map((f) => [f.service, f.namespace])).toEqual([["books", "booksapp"]]);
    expect(plan.profiles).toEqual([]);
    const report = diffPlans(plan, plan);
    expect(report.errors.map((e) => e.side)).toEqual(["base", "head"]);
    await expect(planRepository(memoryReader({ "serviceprofile-sync.yaml": "output: deploy\n" }))).rejects.toSatisfy(isSpecError);
  });
});
