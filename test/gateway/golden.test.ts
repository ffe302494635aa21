/**
 * Gateway API golden files, reviewed by hand:
 *  - every OpenAPI and proto golden case (test/golden/openapi|proto/<case>)
 *    also has expected-routes.yaml: the same routes as HTTPRoutes/GRPCRoutes;
 *  - test/golden/gateway/<case> holds cases for the Gateway API rules alone
 *    (case.json: source, options, overrides, and an expected error).
 * A differing file fails; with SPS_REVIEW_DIR set, the actual text is written
 * there for review, never over the golden file.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { fsReader } from "../../src/files/reader.js";
import { isSpecError } from "../../src/model/diagnostic.js";
import type { StatusClass } from "../../src/model/route.js";
import { renderObjects } from "../../src/render.js";
import { openApiRoutes } from "../../src/sources/openapi.js";
import { protoRoutes } from "../../src/sources/proto.js";
import { generateGatewayRoutes, type GatewayOptions } from "../../src/targets/gateway/index.js";

const goldenRoot = fileURLToPath(new URL("../golden/", import.meta.url));
const reviewDir = process.env.SPS_REVIEW_DIR;

interface Case {
  root?: string;
  spec?: string;
  files?: string[];
  services?: string[];
  routeNames?: "short" | "service" | "full";
  basePath?: string;
  service?: string;
  namespace?: string;
  routeNamespace?: string;
  gateway?: GatewayOptions;
  overrides?: { defaults?: { timeout?: string; isRetryable?: boolean; responseClasses?: StatusClass[] }; routes?: Record<string, { timeout?: string; isRetryable?: boolean; responseClasses?: StatusClass[] }> };
  retryBudget?: { retryRatio: number; minRetriesPerSecond: number; ttl: string };
  routeOrder?: "linkerd" | "specific-first";
  /** Substrings of the expected generation error. */
  error?: string[];
  /** One entry per expected Gateway API warning: substrings of message + hint. */
  gatewayWarnings?: string[][];
}

function cases(kind: string): string[] {
  return readdirSync(path.join(goldenRoot, kind), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

async function routesFor(dir: string, c: Case) {
  const reader = fsReader(path.join(dir, c.root ?? "."));
  if (c.files) return protoRoutes(reader, c.files, { services: c.services, routeNames: c.routeNames });
  const spec = c.spec ?? (existsSync(path.join(dir, "spec.json")) ? "spec.json" : "spec.yaml");
  return openApiRoutes(reader, spec, c.basePath !== undefined ? { basePath: c.basePath } : {});
}

function compare(actual: string, file: string, review: string): void {
  const expected = existsSync(file) ? readFileSync(file, "utf8") : undefined;
  if (actual !== expected && reviewDir) {
    const out = path.join(reviewDir, review);
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, actual);
  }
  expect(expected, `${file} is missing (run with SPS_REVIEW_DIR=DIR to get the actual text)`).toBeDefined();
  expect(actual).toBe(expected);
}

async function run(kind: string, name: string, expectedName: string): Promise<void> {
  const dir = path.join(goldenRoot, kind, name);
  const c: Case = existsSync(path.join(dir, "case.json")) ? JSON.parse(readFileSync(path.join(dir, "case.json"), "utf8")) : {};
  const result = await routesFor(dir, c);
  const input = {
    service: c.service ?? "svc",
    namespace: c.namespace ?? "ns",
    routes: result.routes,
    source: c.spec ?? c.files?.[0] ?? "spec.yaml",
    ...(c.routeNamespace ? { routeNamespace: c.routeNamespace } : {}),
    ...(c.gateway ? { options: c.gateway } : {}),
    ...(c.overrides ? { overrides: c.overrides } : {}),
    ...(c.retryBudget ? { retryBudget: c.retryBudget } : {}),
    ...(c.routeOrder ? { routeOrder: c.routeOrder } : {}),
  };
  if (c.error) {
    let caught: unknown;
    try {
      generateGatewayRoutes(input);
    } catch (err) {
      caught = err;
    }
    expect(isSpecError(caught), String(caught)).toBe(true);
    for (const part of c.error) expect((caught as Error).message + "\n" + (isSpecError(caught) ? caught.diagnostic.hint : "")).toContain(part);
    return;
  }
  const built = generateGatewayRoutes(input);
  if (c.gatewayWarnings) {
    expect(built.warnings.map((w) => w.message)).toHaveLength(c.gatewayWarnings.length);
    c.gatewayWarnings.forEach((parts, i) => {
      for (const part of parts) expect(`${built.warnings[i]!.message}\n${built.warnings[i]!.hint ?? ""}`).toContain(part);
    });
  }
  compare(renderObjects(built.objects), path.join(dir, expectedName), `${kind}/${name}/${expectedName}`);
}

for (const kind of ["openapi", "proto"]) {
  describe(`Gateway API routes for the ${kind} golden cases`, () => {
    for (const name of cases(kind)) it(name, () => run(kind, name, "expected-routes.yaml"));
  });
}

describe("Gateway API golden cases", () => {
  it("finds the cases", () => expect(cases("gateway").length).toBeGreaterThanOrEqual(10));
  for (const name of cases("gateway")) it(name, () => run("gateway", name, "expected.yaml"));
});
