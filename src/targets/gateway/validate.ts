/**
 * Every HTTPRoute and GRPCRoute is checked before it is printed or written:
 *  1. against the openAPIV3Schema of the CRD of the chosen Gateway API bundle
 *     (./bundles.ts; v1.2.1 standard channel by default, schema/gateway-api/),
 *     compiled ahead of time into src/generated/*route-validator.js, strict
 *     about unknown fields. The bundle decides gateway.networking.k8s.io/v1
 *     objects; the older versions and policy.linkerd.io (below) are for
 *     CRDs of their own and stay on v1.2.1-standard;
 *  2. its metadata, as the API server checks ObjectMeta;
 *  3. in code, the CEL rules that matter and what Linkerd refuses or ignores
 *     (./validate-rules.ts, ./linkerd-annotations.ts).
 *
 * Older API versions are checked against the v1 schema of the same kind:
 * gateway.networking.k8s.io/v1beta1 HTTPRoute is served by the same v1.2.1 CRD
 * with an identical schema; v1alpha2 GRPCRoute is not in the standard channel,
 * but the experimental CRD Linkerd 2.17 installs (linkerd2 version-2.17,
 * charts/linkerd-crds/templates/gateway.networking.k8s.io_grpcroutes.yaml,
 * bundle v0.7.1) has the same structure. Linkerd's own policy.linkerd.io
 * v1beta3 HTTPRoute (linkerd2 version-2.20,
 * charts/linkerd-crds/templates/policy/httproute.yaml) has the same shape
 * with these differences, checked in code: at most 8 matches per rule (not
 * 64), filter types RequestHeaderModifier and RequestRedirect only on rules,
 * and no CEL rules (Linkerd's webhook checks paths and timeouts instead; the
 * v1 rules are stricter, so passing them is safe).
 */
import type { ErrorObject } from "ajv";
import * as httpSchemas from "../../generated/httproute-validator.js";
import * as grpcSchemas from "../../generated/grpcroute-validator.js";
import type { StandaloneValidate } from "../../generated/httproute-validator.js";
import { bundleLimits, DEFAULT_GATEWAY_API_BUNDLE, type GatewayApiBundle } from "./bundles.js";
import { joinPointer, splitPointer } from "../../model/diagnostic.js";
import { dns1123LabelErrors, dns1123SubdomainErrors } from "../../model/names.js";
import { linkerdAnnotationProblems } from "./linkerd-annotations.js";
import { specProblems, type RouteKind, type VersionLimits } from "./validate-rules.js";

export { isAllowedExactPath } from "./path-value.js";

export interface RouteProblem {
  /** JSON pointer into the route object. */
  pointer: string;
  message: string;
}

const GATEWAY = "gateway.networking.k8s.io";
const OLD_LINKERD_CRDS = "the Gateway API v0.7.1 CRDs Linkerd 2.15–2.17 install";

/** apiVersion -> kind -> what it is checked with. */
const VERSIONS: Record<string, Partial<Record<RouteKind, Omit<VersionLimits, "bundle" | "crd">>>> = {
  [`${GATEWAY}/v1`]: {
    HTTPRoute: { kind: "HTTPRoute", apiVersion: `${GATEWAY}/v1`, defaultParentGroup: GATEWAY, singleUnitRequestTimeout: true },
    GRPCRoute: { kind: "GRPCRoute", apiVersion: `${GATEWAY}/v1`, defaultParentGroup: GATEWAY },
  },
  [`${GATEWAY}/v1beta1`]: {
    HTTPRoute: {
      kind: "HTTPRoute",
      apiVersion: `${GATEWAY}/v1beta1`,
      defaultParentGroup: GATEWAY,
      maxMatchesPerRule: 8,
      matchesReason: OLD_LINKERD_CRDS,
      // linkerd2 version-2.17 policy-controller/k8s/index/src/outbound/index/http.rs:
      // `convert_gateway_rule` never reads rule.timeouts (only `convert_linkerd_rule`
      // does), and the v0.7.1 CRD has no timeouts field at all.
      timeoutsIgnored: `Linkerd before 2.20 ignores them (and ${OLD_LINKERD_CRDS} do not have the field); use the timeout.linkerd.io/request annotation, or apiVersion policy.linkerd.io/v1beta3`,
    },
  },
  [`${GATEWAY}/v1alpha2`]: {
    GRPCRoute: { kind: "GRPCRoute", apiVersion: `${GATEWAY}/v1alpha2`, defaultParentGroup: GATEWAY },
  },
  "policy.linkerd.io/v1beta3": {
    HTTPRoute: {
      kind: "HTTPRoute",
      apiVersion: "policy.linkerd.io/v1beta3",
      defaultParentGroup: "policy.linkerd.io",
      maxMatchesPerRule: 8,
      matchesReason: "Linkerd's HTTPRoute CRD",
      ruleFilterTypes: ["RequestHeaderModifier", "RequestRedirect"],
    },
  },
};

const SUPPORTED = Object.entries(VERSIONS)
  .flatMap(([v, kinds]) => Object.keys(kinds).map((k) => `${v} ${k}`))
  .join(", ");

/** The generated module's export for a bundle: `v1_2_1_standard`. */
const exportName = (bundle: GatewayApiBundle) => bundle.replace(/[.-]/g, "_") as keyof typeof httpSchemas & keyof typeof grpcSchemas;

function schemaFor(kind: RouteKind, bundle: GatewayApiBundle): StandaloneValidate {
  return (kind === "HTTPRoute" ? httpSchemas : grpcSchemas)[exportName(bundle)];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Problems with one route object; empty when it may be printed or written.
 * `bundle`: the Gateway API CRDs gateway.networking.k8s.io/v1 objects must
 * pass (default v1.2.1-standard).
 */
export function validateRouteObject(obj: unknown, bundle: GatewayApiBundle = DEFAULT_GATEWAY_API_BUNDLE): RouteProblem[] {
  if (!isObj(obj)) return [{ pointer: "", message: "a route object must be a mapping with apiVersion, kind, metadata and spec" }];
  const { apiVersion, kind } = obj;
  const kinds = typeof apiVersion === "string" && Object.hasOwn(VERSIONS, apiVersion) ? VERSIONS[apiVersion] : undefined;
  const found = kinds && typeof kind === "string" && Object.hasOwn(kinds, kind) ? kinds[kind as RouteKind] : undefined;
  if (!found) {
    return [
      {
        pointer: kinds ? "/kind" : "/apiVersion",
        message: `${JSON.stringify(apiVersion ?? null)} ${JSON.stringify(kind ?? null)} is not a route this project emits; expected one of: ${SUPPORTED}`,
      },
    ];
  }
  const chosen = found.apiVersion === `${GATEWAY}/v1` ? bundle : DEFAULT_GATEWAY_API_BUNDLE;
  const limits: VersionLimits = {
    ...found,
    bundle: bundleLimits(chosen),
    crd: found.apiVersion === `${GATEWAY}/v1` ? `the ${found.kind} CRD of Gateway API ${chosen}` : `the ${found.kind} CRD`,
  };
  const schema = schemaFor(limits.kind, chosen);
  const problems = schema(obj) ? [] : (schema.errors ?? []).map((e) => schemaProblem(e, valueAt(obj, e.instancePath), limits));
  // concat, not push(...): a hostile list can yield more problems than a call takes arguments.
  return dedupe(problems.concat(metadataProblems(obj.metadata, limits.kind), specProblems(obj.spec, limits)));
}

function dedupe(problems: RouteProblem[]): RouteProblem[] {
  if (problems.length < 2) return problems;
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.pointer}\n${p.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

const GATEWAY_DURATION_PATTERN = "^([0-9]{1,5}(h|m|s|ms)){1,4}$";

function describeValue(v: unknown): string {
  const text = JSON.stringify(v);
  return text !== undefined && text.length <= 80 ? text : Array.isArray(v) ? "a list" : typeof v;
}

const TYPE_WORDS: Record<string, string> = { object: "a mapping", array: "a list", string: "a string", integer: "an integer", number: "a number", boolean: "true or false" };

function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  if (typeof v === "number") return Number.isInteger(v) ? "an integer" : "a number";
  return typeof v === "boolean" ? "a boolean" : `a ${typeof v}`;
}

/** `rules`, `entry 2 of hostnames`, ...: the field a pointer ends at, for messages (the pointer itself goes alongside). */
function fieldName(pointer: string): string {
  const tokens = splitPointer(pointer);
  const last = tokens.at(-1);
  if (last === undefined) return "the object";
  if (/^[0-9]+$/.test(last)) return tokens.length > 1 ? `entry ${last} of ${tokens.at(-2)}` : `entry ${last}`;
  return last;
}

/** The value a schema error is about (the generated validators are not `verbose`, to stay small). */
function valueAt(root: unknown, pointer: string): unknown {
  let v = root;
  for (const token of splitPointer(pointer)) v = isObj(v) || Array.isArray(v) ? (v as Record<string, unknown>)[token] : undefined;
  return v;
}

/** ajv's error in words a user reads, at the field it is about. */
function schemaProblem(e: ErrorObject, data: unknown, limits: VersionLimits): RouteProblem {
  const at = e.instancePath;
  const where = fieldName(at);
  const p = e.params as Record<string, unknown>;
  const crd = limits.crd;
  switch (e.keyword) {
    case "additionalProperties": {
      const field = String(p.additionalProperty);
      return { pointer: joinPointer(at, field), message: `unknown field "${field}": ${crd} has no such field here, and the API server would drop it` };
    }
    case "required":
      return { pointer: joinPointer(at, String(p.missingProperty)), message: `missing required field "${String(p.missingProperty)}"` };
    case "type":
      return { pointer: at, message: `${where} must be ${TYPE_WORDS[String(p.type)] ?? String(p.type)}, not ${typeName(data)}` };
    case "enum":
      return { pointer: at, message: `${describeValue(data)} is not allowed here; use one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}` };
    case "maxLength":
      return { pointer: at, message: `${where} is too long: ${crd} allows at most ${String(p.limit)} characters` };
    case "minLength":
      return { pointer: at, message: p.limit === 1 ? `${where} must not be empty` : `${where} must have at least ${String(p.limit)} characters` };
    case "maxItems":
      return { pointer: at, message: `${where} has ${Array.isArray(data) ? data.length : "too many"} entries, but ${crd} allows at most ${String(p.limit)}${/\/rules$/.test(at) ? ": split the rules over several objects" : ""}` };
    case "minItems":
      return { pointer: at, message: `${where} needs at least ${String(p.limit)} ${p.limit === 1 ? "entry" : "entries"}` };
    case "pattern":
      if (p.pattern === GATEWAY_DURATION_PATTERN) {
        return { pointer: at, message: `${describeValue(data)} is not a Gateway API duration: one to four parts of 1 to 5 digits and a unit h, m, s or ms, like 300ms or 1m30s` };
      }
      return { pointer: at, message: `${describeValue(data)} is not allowed here: it must match ${String(p.pattern)}` };
    case "minimum":
    case "maximum":
      return { pointer: at, message: `${describeValue(data)} is out of range: ${where} must be ${e.keyword === "minimum" ? "at least" : "at most"} ${String(p.limit)}` };
    case "format":
      return { pointer: at, message: `${describeValue(data)} is not ${p.format === "int32" ? "a 32-bit integer" : p.format === "int64" ? "a 64-bit integer" : `a valid ${String(p.format)}`}` };
    default:
      return { pointer: at, message: `${where} ${e.message ?? `fails the ${e.keyword} rule`}` };
  }
}

// ObjectMeta's fields (k8s.io/apimachinery metav1.ObjectMeta): anything else is pruned.
const OBJECT_META_FIELDS = new Set([
  "name",
  "generateName",
  "namespace",
  "selfLink",
  "uid",
  "resourceVersion",
  "generation",
  "creationTimestamp",
  "deletionTimestamp",
  "deletionGracePeriodSeconds",
  "labels",
  "annotations",
  "ownerReferences",
  "finalizers",
  "managedFields",
]);
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
// apimachinery's TotalAnnotationSizeLimitB: keys and values together, in bytes.
const MAX_ANNOTATION_BYTES = 256 * 1024;

/** apimachinery's IsQualifiedName: an optional DNS subdomain prefix and '/', then a name of at most 63 characters. */
function qualifiedNameError(key: string): string | undefined {
  const slash = key.indexOf("/");
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (prefix !== undefined) {
    if (prefix === "") return "the prefix before '/' is empty";
    const errs = dns1123SubdomainErrors(prefix);
    if (errs.length) return `the prefix ${JSON.stringify(prefix)} ${errs[0]}`;
  }
  if (name === "") return "the name is empty";
  if (name.length > 63) return "the name after the prefix must be no more than 63 characters";
  if (!QUALIFIED_NAME.test(name)) return "the name must consist of letters, digits, '-', '_' or '.', and start and end with a letter or digit";
  return undefined;
}

function metadataProblems(meta: unknown, kind: RouteKind): RouteProblem[] {
  if (meta === undefined) return [{ pointer: "/metadata", message: `the ${kind} has no metadata: it needs a name and a namespace` }];
  if (!isObj(meta)) return [{ pointer: "/metadata", message: `metadata must be a mapping, not ${typeName(meta)}` }];
  const out: RouteProblem[] = [];
  for (const field of Object.keys(meta)) {
    if (!OBJECT_META_FIELDS.has(field)) out.push({ pointer: joinPointer("/metadata", field), message: `unknown field "${field}" in metadata: the API server would drop it` });
  }
  if (typeof meta.name !== "string" || meta.name === "") {
    out.push({ pointer: "/metadata/name", message: `the ${kind} has no name` });
  } else {
    const errs = dns1123SubdomainErrors(meta.name);
    if (errs.length) out.push({ pointer: "/metadata/name", message: `invalid name ${JSON.stringify(meta.name)}: ${errs.join("; ")}` });
  }
  if (typeof meta.namespace !== "string" || meta.namespace === "") {
    // A route without one lands in whatever namespace kubectl is pointed at, which decides whom it applies to.
    out.push({ pointer: "/metadata/namespace", message: `the ${kind} has no namespace: it decides which clients the route applies to, so it must be written out` });
  } else {
    const errs = dns1123LabelErrors(meta.namespace);
    if (errs.length) out.push({ pointer: "/metadata/namespace", message: `invalid namespace ${JSON.stringify(meta.namespace)}: ${errs.join("; ")}` });
  }
  if (meta.labels !== undefined) labelProblems(meta.labels, out);
  if (meta.annotations !== undefined) annotationProblems(meta.annotations, kind, out);
  return out;
}

function labelProblems(labels: unknown, out: RouteProblem[]): void {
  if (!isObj(labels)) return void out.push({ pointer: "/metadata/labels", message: `labels must be a mapping of strings, not ${typeName(labels)}` });
  for (const [key, value] of Object.entries(labels)) {
    const at = joinPointer("/metadata/labels", key);
    const keyErr = qualifiedNameError(key);
    if (keyErr) out.push({ pointer: at, message: `label key ${JSON.stringify(key)} is not valid: ${keyErr}` });
    if (typeof value !== "string") out.push({ pointer: at, message: `label ${JSON.stringify(key)} must have a string value, not ${typeName(value)}` });
    else if (value.length > 63 || (value !== "" && !QUALIFIED_NAME.test(value))) {
      out.push({ pointer: at, message: `label value ${describeValue(value)} is not valid: at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit` });
    }
  }
}

/** Annotation keys repeat on every object of a run: each is checked once (bounded, a hostile input may bring many). */
const annotationKeyErrors = new Map<string, string | undefined>();

function annotationKeyError(key: string): string | undefined {
  if (annotationKeyErrors.has(key)) return annotationKeyErrors.get(key);
  const err = qualifiedNameError(key);
  if (annotationKeyErrors.size >= 1000) annotationKeyErrors.clear();
  annotationKeyErrors.set(key, err);
  return err;
}

function annotationProblems(annotations: unknown, kind: RouteKind, out: RouteProblem[]): void {
  if (!isObj(annotations)) return void out.push({ pointer: "/metadata/annotations", message: `annotations must be a mapping of strings, not ${typeName(annotations)}` });
  let bytes = 0;
  for (const [key, value] of Object.entries(annotations)) {
    const at = () => joinPointer("/metadata/annotations", key);
    const keyErr = annotationKeyError(key);
    if (keyErr) out.push({ pointer: at(), message: `annotation key ${JSON.stringify(key)} is not valid: ${keyErr}` });
    if (typeof value !== "string") out.push({ pointer: at(), message: `annotation ${JSON.stringify(key)} must have a string value, not ${typeName(value)} (quote it in YAML)` });
    else bytes += Buffer.byteLength(key) + Buffer.byteLength(value);
  }
  if (bytes > MAX_ANNOTATION_BYTES) out.push({ pointer: "/metadata/annotations", message: `the annotations take ${bytes} bytes; Kubernetes allows at most ${MAX_ANNOTATION_BYTES}` });
  out.push(...linkerdAnnotationProblems(annotations, kind));
}
