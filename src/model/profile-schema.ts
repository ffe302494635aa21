/**
 * The JSON Schema every generated profile is checked against: the CRD's
 * openAPIV3Schema for `spec`, made strict about unknown fields as Linkerd's
 * own UnmarshalStrict is, inside the envelope the API server fixes.
 *
 * Only scripts/gen-validators.mjs uses this at build time: the CLI runs the
 * validator generated from it (src/generated/profile-validator.js), so it
 * never compiles a schema at start.
 */
import crdSchema from "./serviceprofile-crd-v1alpha2.json" with { type: "json" };

type Schema = Record<string, unknown>;

/** Adds `additionalProperties: false` to every object schema that lists its properties. */
function strictCopy(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strictCopy);
  if (schema === null || typeof schema !== "object") return schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema as Schema)) {
    out[key] = key === "properties" ? Object.fromEntries(Object.entries(value as Schema).map(([k, v]) => [k, strictCopy(v)])) : strictCopy(value);
  }
  if (out.properties && !out["x-kubernetes-preserve-unknown-fields"]) out.additionalProperties = false;
  return out;
}

export function profileObjectSchema(): Schema {
  // The CRD schema covers `spec`; the object's envelope is fixed by the API server.
  return {
    type: "object",
    required: ["apiVersion", "kind", "metadata", "spec"],
    additionalProperties: false,
    properties: {
      apiVersion: { const: "linkerd.io/v1alpha2" },
      kind: { const: "ServiceProfile" },
      metadata: {
        type: "object",
        required: ["name"],
        properties: {
          name: { type: "string" },
          namespace: { type: "string" },
          labels: { type: "object", additionalProperties: { type: "string" } },
          annotations: { type: "object", additionalProperties: { type: "string" } },
        },
        additionalProperties: false,
      },
      spec: strictCopy((crdSchema as Schema & { properties: { spec: unknown } }).properties.spec),
    },
  };
}
