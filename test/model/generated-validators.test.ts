import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { Ajv } from "ajv";
import { validate as configValidator } from "../../src/generated/config-validator.js";
import { validate as profileValidator } from "../../src/generated/profile-validator.js";
import { profileObjectSchema } from "../../src/model/profile-schema.js";
import { profileFormats } from "../../src/model/profile-formats.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const configSchema = JSON.parse(readFileSync(new URL("../../schema/config.schema.json", import.meta.url), "utf8")) as object;

/** The errors a validator leaves, as plain data. */
function run(validate: { (data: unknown): boolean; errors?: unknown }, data: unknown): unknown {
  const ok = validate(data);
  return { ok, errors: ok ? null : JSON.parse(JSON.stringify(validate.errors)) };
}

describe("generated validators", () => {
  it("are what scripts/gen-validators.mjs generates from the current schemas", () => {
    // Exit status 1 (and the stale file named) when a schema changed without regenerating.
    execFileSync(process.execPath, ["scripts/gen-validators.mjs", "--check"], { cwd: root, encoding: "utf8" });
  });

  it("report exactly what the schema compiled at run time reports (config)", () => {
    const compiled = new Ajv({ allErrors: true, strict: true, strictRequired: false, verbose: true }).compile(configSchema);
    const service = { name: "web", namespace: "default", openapi: "api/web.yaml" };
    const cases: unknown[] = [
      { output: "deploy", services: [service] },
      { output: "", services: [{ ...service, name: "" }] },
      { output: "deploy", services: [{ ...service, proto: "a.proto" }], extra: 1 },
      { output: "deploy", services: [{ name: "web", namespace: "default" }], ignore: [""] },
      { output: "deploy", services: [{ ...service, basePath: "v1", routes: { "GET /": { responseClasses: [{ status: "6XX", isFailure: true }, { status: { min: 99, max: 700 } }] } } }] },
      { output: "😀", services: [{ ...service, namespace: "é", proto: [], retryBudget: { retryRatio: -1 } }] },
      { services: "none" },
      [],
      null,
    ];
    for (const data of cases) expect(run(configValidator, data), JSON.stringify(data)).toEqual(run(compiled, data));
  });

  it("report exactly what the schema compiled at run time reports (profile)", () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    for (const [name, format] of Object.entries(profileFormats)) ajv.addFormat(name, format);
    const compiled = ajv.compile(profileObjectSchema());
    const route = { name: "GET /books", condition: { method: "GET", pathRegex: "/books" } };
    const envelope = { apiVersion: "linkerd.io/v1alpha2", kind: "ServiceProfile", metadata: { name: "books.default.svc.cluster.local", namespace: "default" } };
    const cases: unknown[] = [
      { ...envelope, spec: { routes: [route], retryBudget: { retryRatio: 0.2, minRetriesPerSecond: 10, ttl: "10s" } } },
      { ...envelope, spec: { routes: [{ ...route, retries: 3, isRetryable: "yes" }] } },
      { ...envelope, spec: { routes: [{ condition: {}, responseClasses: [{ condition: { status: { min: 2 ** 31, max: 1.5 } } }] }] } },
      { ...envelope, spec: { retryBudget: { retryRatio: Infinity, minRetriesPerSecond: "x" } }, status: {} },
      { ...envelope, kind: "Service", metadata: { labels: { a: 1 } } },
      { ...envelope, spec: { dstOverrides: [{ authority: "a", weight: "1x" }, { authority: "b", weight: 3 }] } },
      "profile",
    ];
    for (const data of cases) expect(run(profileValidator, data), JSON.stringify(data)).toEqual(run(compiled, data));
  });
});
