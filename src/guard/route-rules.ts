/**
 * The guard's checks of one route object at a time. Each names the linkerd2
 * code (tag version-2.20) whose behaviour it encodes.
 */
import { readsRuleTimeouts, type LinkerdVersion } from "../targets/gateway/linkerd-version.js";
import type { Manifest, FieldPath } from "./manifests.js";
import type { RuleId } from "./rules.js";
import { compileGatewayPathRegex } from "../matching/proxy-regex.js";
import { linkerdAnnotationProblems } from "../targets/gateway/linkerd-annotations.js";
import { splitPointer } from "../model/diagnostic.js";
import { partialMatchWitness } from "./regex-span.js";

/** A finding before its severity and position are settled. */
export interface RawFinding {
  rule: RuleId;
  manifest: Manifest;
  path: FieldPath;
  message: string;
  hint: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export function routeName(m: Manifest): string {
  const meta = isObj(m.value.metadata) ? m.value.metadata : {};
  return typeof meta.name === "string" ? meta.name : "(unnamed)";
}

/**
 * Whether Linkerd's outbound policy serves the route: a parentRef of kind
 * Service in the core group ("" or absent group count as core; a parentRef
 * without a kind is not a Service). policy-controller/k8s/index/src/outbound/
 * index.rs `is_parent_service`, `is_service` (version-2.20). Routes on a
 * Gateway belong to an ingress implementation and are not the guard's.
 */
export function servicesOf(m: Manifest): { name: string; namespace?: string; port?: number; index: number }[] {
  const out: { name: string; namespace?: string; port?: number; index: number }[] = [];
  const spec = isObj(m.value.spec) ? m.value.spec : {};
  list(spec.parentRefs).forEach((p, index) => {
    if (!isObj(p) || typeof p.kind !== "string" || p.kind.toLowerCase() !== "service" || typeof p.name !== "string") return;
    const group = p.group;
    if (group !== undefined && group !== null && !(typeof group === "string" && (group === "" || group.toLowerCase() === "core"))) return;
    out.push({ name: p.name, namespace: typeof p.namespace === "string" ? p.namespace : undefined, port: typeof p.port === "number" ? p.port : undefined, index });
  });
  return out;
}

function rules(m: Manifest): [Obj, number][] {
  const spec = isObj(m.value.spec) ? m.value.spec : {};
  return list(spec.rules).flatMap((r, i) => (isObj(r) ? [[r, i] as [Obj, number]] : []));
}

/**
 * The filter types the outbound policy converts; any other makes
 * `convert_gateway_filter` (HTTPRoute: policy-controller/k8s/index/src/
 * outbound/index/http.rs) or `convert_filter` (GRPCRoute: .../index/grpc.rs)
 * return an error (RequestMirror, URLRewrite, ExtensionRef by name, CORS,
 * ExternalAuth and anything newer as "unknown filter"), and the error drops the
 * whole route (version-2.20). CORS and ExternalAuth are not even in the
 * controller's Gateway API bindings (gateway-api 0.16): since linkerd2
 * 5dc0e2535 (#14844, in version-2.20) such a route is skipped when read;
 * before it, one such route anywhere failed the controller's HTTPRoute watch
 * and with it every route in the cluster (linkerd/linkerd2#14741).
 */
const SUPPORTED_FILTERS: Record<string, ReadonlySet<string>> = {
  HTTPRoute: new Set(["RequestHeaderModifier", "ResponseHeaderModifier", "RequestRedirect"]),
  GRPCRoute: new Set(["RequestHeaderModifier", "ResponseHeaderModifier"]),
};

export function unsupportedFilters(m: Manifest): RawFinding[] {
  const supported = SUPPORTED_FILTERS[m.kind];
  if (!supported) return [];
  const out: RawFinding[] = [];
  for (const [rule, i] of rules(m)) {
    list(rule.filters).forEach((f, j) => {
      if (!isObj(f) || typeof f.type !== "string" || supported.has(f.type)) return;
      out.push({
        rule: "route-filter-unsupported",
        manifest: m,
        path: ["spec", "rules", i, "filters", j, "type"],
        message: `${m.kind} ${routeName(m)}: Linkerd does not support the ${f.type} filter and drops the whole route (every rule of it)`,
        hint: `remove the ${f.type} filter from rules[${i}]${f.type === "CORS" || f.type === "ExternalAuth" ? " (below Linkerd 2.20 it stops every route in the cluster, linkerd/linkerd2#14741)" : ""}; keep it on a route a Gateway implementation serves`,
      });
    });
  }
  return out;
}

/**
 * Fields Linkerd never reads. `convert_gateway_rule` (outbound/index/http.rs,
 * version-2.20) takes only `timeouts.request` from a rule; nothing in the
 * policy controller reads a rule's `retry` or `sessionPersistence`: retries are
 * the retry.linkerd.io annotations of the whole route object. Before 2.20 a
 * gateway.networking.k8s.io HTTPRoute's `timeouts.request` is not read either
 * (linkerd/linkerd2#14750; the table in docs/gateway-api.md cites each tag),
 * while Linkerd's own policy.linkerd.io HTTPRoute reads it on every version.
 */
export function ignoredFields(m: Manifest, linkerdVersion?: LinkerdVersion): RawFinding[] {
  const out: RawFinding[] = [];
  const name = routeName(m);
  const requestTimeoutIgnored = m.kind === "HTTPRoute" && /^gateway\.networking\.k8s\.io\//.test(String(m.value.apiVersion ?? "")) && !readsRuleTimeouts("v1", linkerdVersion);
  for (const [rule, i] of rules(m)) {
    if (requestTimeoutIgnored && isObj(rule.timeouts) && rule.timeouts.request !== undefined) {
      out.push({
        rule: "field-ignored",
        manifest: m,
        path: ["spec", "rules", i, "timeouts", "request"],
        message: `${m.kind} ${name}: Linkerd ${linkerdVersion} ignores rules[${i}].timeouts.request on gateway.networking.k8s.io HTTPRoutes (read from 2.20 on); no timeout applies`,
        hint: "set the annotation timeout.linkerd.io/request on the route object (it applies to all its rules), or run Linkerd 2.20 and set linkerd: {version: \"2.20\"}",
      });
    }
    if (isObj(rule.timeouts) && rule.timeouts.backendRequest !== undefined) {
      out.push({
        rule: "field-ignored",
        manifest: m,
        path: ["spec", "rules", i, "timeouts", "backendRequest"],
        message: `${m.kind} ${name}: Linkerd ignores rules[${i}].timeouts.backendRequest; no per-attempt timeout applies`,
        hint: `set the annotation retry.linkerd.io/timeout on the route (a per-try timeout) and remove backendRequest`,
      });
    }
    if (rule.retry !== undefined) {
      out.push({
        rule: "field-ignored",
        manifest: m,
        path: ["spec", "rules", i, "retry"],
        message: `${m.kind} ${name}: Linkerd ignores rules[${i}].retry; requests are not retried`,
        hint: `use the annotations retry.linkerd.io/${m.kind === "GRPCRoute" ? "grpc" : "http"} and retry.linkerd.io/limit on the route object (they apply to all its rules) and remove retry`,
      });
    }
    if (rule.sessionPersistence !== undefined) {
      out.push({
        rule: "field-ignored",
        manifest: m,
        path: ["spec", "rules", i, "sessionPersistence"],
        message: `${m.kind} ${name}: Linkerd ignores rules[${i}].sessionPersistence; requests are balanced without affinity`,
        hint: "remove sessionPersistence: Linkerd has no session affinity",
      });
    }
  }
  return out;
}

/**
 * A GRPCRoute match without `method` (headers only, or `{}`): `try_match`
 * (policy-controller/k8s/index/src/routes/grpc.rs, version-2.20) passes
 * `method: None` on to the proxy, which rejects the whole outbound policy
 * for the Service (linkerd/linkerd2#14047), not just the route.
 */
export function grpcMatchesWithoutMethod(m: Manifest): RawFinding[] {
  if (m.kind !== "GRPCRoute") return [];
  const out: RawFinding[] = [];
  for (const [rule, i] of rules(m)) {
    list(rule.matches).forEach((match, j) => {
      if (!isObj(match) || match.method !== undefined) return;
      const what = list(match.headers).length ? "matches only headers" : "is empty";
      out.push({
        rule: "grpc-match-without-method",
        manifest: m,
        path: ["spec", "rules", i, "matches", j],
        message: `GRPCRoute ${routeName(m)}: rules[${i}].matches[${j}] ${what}; the proxy rejects the Service's whole policy (linkerd/linkerd2#14047)`,
        hint: `add method: {service: <package.Service>} to the match, or drop the matches list to match every call`,
      });
    });
  }
  return out;
}

/**
 * A `RegularExpression` path the proxy's regex engine (Rust `regex`, modelled
 * in src/matching/proxy-regex.ts) does not compile. `path_match`
 * (policy-controller/k8s/index/src/routes/http.rs, version-2.20) parses the
 * regex and fails the conversion, which drops the route.
 */
export function rejectedRegexes(m: Manifest): RawFinding[] {
  if (m.kind !== "HTTPRoute") return [];
  const out: RawFinding[] = [];
  for (const [rule, i] of rules(m)) {
    list(rule.matches).forEach((match, j) => {
      if (!isObj(match) || !isObj(match.path) || match.path.type !== "RegularExpression" || typeof match.path.value !== "string") return;
      const verdict = compileGatewayPathRegex(match.path.value);
      if (verdict.ok || verdict.kind !== "rejected") return;
      out.push({
        rule: "regex-rejected",
        manifest: m,
        path: ["spec", "rules", i, "matches", j, "path", "value"],
        message: `HTTPRoute ${routeName(m)}: the path regex ${JSON.stringify(match.path.value)} does not compile in Linkerd (${verdict.reason}); the route is dropped`,
        hint: "rewrite the regex in RE2 syntax (no look-around or backreferences), or use a PathPrefix or Exact match",
      });
    });
  }
  return out;
}

/**
 * A path regex whose leftmost-first match cannot span some path it matches
 * as a whole: the proxy (linkerd2-proxy release/v2.359.0, the one
 * version-2.20 ships, `linkerd/http/route/src/http/match/path.rs`,
 * `MatchPath::Regex`) runs `re.find` on the path and takes the match only
 * when it covers the whole path, so `/a/(b|bc)` does not match `/a/bc`.
 */
export function partialMatchRegexes(m: Manifest): RawFinding[] {
  if (m.kind !== "HTTPRoute") return [];
  const out: RawFinding[] = [];
  for (const [rule, i] of rules(m)) {
    list(rule.matches).forEach((match, j) => {
      if (!isObj(match) || !isObj(match.path) || match.path.type !== "RegularExpression" || typeof match.path.value !== "string") return;
      const value = match.path.value;
      const path = partialMatchWitness(value);
      if (path === undefined) return;
      out.push({
        rule: "regex-partial-match",
        manifest: m,
        path: ["spec", "rules", i, "matches", j, "path", "value"],
        message: `HTTPRoute ${routeName(m)}: the path regex ${JSON.stringify(value)} matches all of ${path}, but the proxy takes the regex's leftmost-first match, which stops short of the end, so ${path} does not match this rule`,
        hint: `anchor the regex: ^(?:${value})$ (or put longer alternatives first)`,
      });
    });
  }
  return out;
}

/** The annotation that says retrying a POST or PATCH route is intended (docs/guard.md#retry-non-idempotent). */
export const ALLOW_RETRY_ANNOTATION = "serviceprofile-sync.io/allow-retry";
const GENERATED_ROUTE = "serviceprofile-sync.io/route";
const GENERATED_ROUTES = "serviceprofile-sync.io/routes";
const RETRY_KEYS = ["retry.linkerd.io/http", "retry.linkerd.io/limit", "retry.linkerd.io/timeout"];
const NON_IDEMPOTENT = new Set(["POST", "PATCH"]);

/**
 * Retries on a route that matches POST or PATCH requests. Linkerd retries
 * whatever the route's retry annotations say, whatever the method
 * (`parse_http_retry`, outbound/index/http.rs, version-2.20: any of the
 * limit, timeout or conditions turns retries on), so a retried POST may run
 * twice. This is the guard's own policy, not a Linkerd error: the route
 * object's annotation serviceprofile-sync.io/allow-retry: "true" says the
 * retries are intended. Routes this tool generates (annotated
 * serviceprofile-sync.io/route or /routes) count as opted in: the generator
 * retries a route only when the spec (x-linkerd-retryable) or the config
 * (isRetryable) says so. GRPCRoutes are left out: every gRPC call is a POST.
 */
export function nonIdempotentRetries(m: Manifest): RawFinding[] {
  if (m.kind !== "HTTPRoute") return [];
  const meta = isObj(m.value.metadata) ? m.value.metadata : {};
  const annotations = isObj(meta.annotations) ? meta.annotations : {};
  const retryKey = RETRY_KEYS.find((k) => annotations[k] !== undefined && !(k === "retry.linkerd.io/limit" && /^\+?0+$/.test(String(annotations[k]))));
  if (retryKey === undefined || annotations[ALLOW_RETRY_ANNOTATION] === "true") return [];
  if (annotations[GENERATED_ROUTE] !== undefined || annotations[GENERATED_ROUTES] !== undefined) return [];
  const methods = new Set<string>();
  for (const [rule] of rules(m)) {
    for (const match of list(rule.matches)) if (isObj(match) && typeof match.method === "string" && NON_IDEMPOTENT.has(match.method)) methods.add(match.method);
  }
  if (!methods.size) return [];
  const which = [...methods].sort().join(" and ");
  return [
    {
      rule: "retry-non-idempotent",
      manifest: m,
      path: ["metadata", "annotations", retryKey],
      message: `HTTPRoute ${routeName(m)}: Linkerd retries its ${which} requests (${retryKey}), which may apply them twice`,
      hint: `remove the retry.linkerd.io annotations, or add the annotation ${ALLOW_RETRY_ANNOTATION}: "true" if the requests are safe to repeat`,
    },
  ];
}

/**
 * Retry and timeout annotations the admission webhook rejects and the
 * controller cannot parse (src/targets/gateway/linkerd-annotations.ts, which
 * cites policy-controller/runtime/src/admission.rs and the parsers at
 * version-2.20). The route is refused at apply, or dropped if it got in.
 */
export function rejectedAnnotations(m: Manifest): RawFinding[] {
  if (m.kind === "ServiceProfile") return [];
  const meta = isObj(m.value.metadata) ? m.value.metadata : {};
  if (!isObj(meta.annotations)) return [];
  return linkerdAnnotationProblems(meta.annotations, m.kind).map((p) => ({
    rule: "annotation-rejected" as const,
    manifest: m,
    path: splitPointer(p.pointer),
    message: `${m.kind} ${routeName(m)}: ${p.message}`,
    hint: "fix the value (see docs/guard.md#annotation-rejected for the formats Linkerd reads)",
  }));
}
