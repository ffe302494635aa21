/**
 * One ServiceProfile -> Gateway API route objects, with everything the move
 * changes written down (../shared/reference/gateway-api-contract.md):
 *
 *  - profiles whose routes are all "method + a Linkerd template regex" (what
 *    `profile --open-api` writes) or all "POST + an exact /pkg.Service/Method"
 *    (what `profile --proto` writes) go through the Gateway API emitter, so
 *    they get exactly the objects `routes` gives for the spec;
 *  - any other profile (hand-written: all/any, several methods or paths,
 *    free regexes, no method) is built here: each route one rule whose
 *    matches are the terms of its condition; routes that can see the same
 *    request share an object in profile order (Linkerd keeps the first rule
 *    on a tie), and an earlier route whose match would score lower than a
 *    later overlapping one (no method, no path) gets the later route's
 *    method or path added so it still wins;
 *  - what cannot be carried over is a Loss naming its route.
 * Pure; every object is checked with validateRouteObject.
 */
import type { Diagnostic } from "../model/diagnostic.js";
import { SpecError } from "../model/diagnostic.js";
import { pathTemplateToRegex } from "../model/path-regex.js";
import { compileGatewayPathRegex, compileProfilePathRegex, rustTrim, proxyAnchoredPathRegex } from "../matching/proxy-regex.js";
import type { GrpcMatch, HttpMatch, Route, StatusClass } from "../model/route.js";
import type { ResponseClass, RouteSpec, ServiceProfile } from "../model/serviceprofile.js";
import { identityFromProfileName } from "../matching/authority.js";
import { compileRequestMatch } from "../matching/profile-match.js";
import { toAnnotationDuration, toGatewayDuration } from "../targets/gateway/durations.js";
import { apiVersions, type GatewayApiVersion } from "../targets/gateway/emit.js";
import { DEFAULT_ROUTE_LABEL, ROUTE_ANNOTATION, ROUTES_ANNOTATION } from "../model/gateway.js";
import { generateGatewayRoutes } from "../targets/gateway/index.js";
import { outputBundle, type GatewayApiBundle } from "../targets/gateway/bundles.js";
import { apiVersionProblem, readsRuleTimeouts, type LinkerdVersion } from "../targets/gateway/linkerd-version.js";
import { assignNames, defaultRouteName, readableName } from "../targets/gateway/names.js";
import { isAllowedExactPath } from "../targets/gateway/path-value.js";
import { spanningRegex, templateIntersection, templateSegments } from "../matching/template-paths.js";
import { classMatchesDefault, httpRetryCondition, RETRY_GRPC, RETRY_HTTP, TIMEOUT_REQUEST } from "../targets/gateway/retries.js";
import type { BackendRef, GrpcRoute, HttpRoute, HttpRouteMatch, HttpRouteRule, ParentRef, RouteObject } from "../model/gateway.js";
import { validateRouteObject } from "../targets/gateway/validate.js";
import { PrefixIndex } from "./candidates.js";
import { conditionDnf, hasTopLevelAlternation, literalOf, templateOf, TooLarge, type Term } from "./condition.js";
import { commonPath } from "./witness.js";

export interface MigrateOptions {
  apiVersion?: GatewayApiVersion;
  /** The Linkerd the routes are for (default 2.20): below 2.20 HTTPRoute timeouts are annotations. */
  linkerdVersion?: LinkerdVersion;
  /** The Gateway API CRDs the routes must pass (default: the bundle the Linkerd version ships, else v1.2.1-standard). */
  gatewayApiBundle?: GatewayApiBundle;
  /** parentRefs port, and the port of backendRefs whose authority names none. */
  port?: number;
  catchAll?: boolean;
}

export type LossKind =
  | "response-classes"
  | "retry-budget"
  | "grpc-retry-narrowed"
  | "not-condition"
  | "regex-rejected"
  | "regex-unchecked"
  | "several-paths"
  | "condition-too-large"
  | "route-dropped"
  | "dst-override"
  | "opaque-ports";

export interface Loss {
  kind: LossKind;
  /** The profile route it concerns; absent for profile-wide settings. */
  route?: string;
  message: string;
  /** JSON pointer into the profile. */
  pointer: string;
}

export interface Carried {
  route: string;
  /** The route object and rule it became. */
  object: string;
  rule: number;
  /** What of the route is in the rule: `GET /books/{id}`, `timeout 300ms`, `retry 5xx`, ... */
  fields: string[];
}

/** A regex carried over in other words, and why. */
export interface Rewrite {
  route: string;
  pathRegex: string;
  value: string;
  reason: string;
}

export interface Migration {
  file: string;
  profile: { name: string; namespace: string };
  service: string;
  namespace: string;
  kind: "HTTPRoute" | "GRPCRoute";
  /** `emitter`: every route maps onto the route model; `direct`: rules built from the conditions. */
  via: "emitter" | "direct";
  objects: RouteObject[];
  carried: Carried[];
  lost: Loss[];
  rewrites: Rewrite[];
  /** The emitter's notes and anything else worth telling (ReferenceGrant needs, restarts). */
  notes: Diagnostic[];
  /** Route names not migrated at all (dropped by the proxy already, or lost). */
  unmigrated: string[];
}

/** linkerd/linkerd2 controller/api/destination/profile_translator.go (version-2.20), defaultRetryBudget. */
export const DEFAULT_RETRY_BUDGET = "retryRatio 0.2, minRetriesPerSecond 10, ttl 10s";

/**
 * The gRPC statuses a ServiceProfile retry covered. The proxy Linkerd 2.20
 * ships (linkerd/linkerd2-proxy release/v2.359.0, named in linkerd2's
 * .proxy-version) classifies a profile route's gRPC response in
 * linkerd/app/core/src/classify.rs: a responseClass that matches the HTTP
 * status decides, else a grpc-status (headers or trailers) is a failure when
 * it is in client_policy::grpc::Codes::default()
 * (linkerd/proxy/client-policy/src/grpc.rs): DataLoss, DeadlineExceeded,
 * Internal, PermissionDenied, Unavailable, Unknown. The profile retry
 * (linkerd/app/outbound/src/http/retry.rs) retries exactly those failures.
 * retry.linkerd.io/grpc can name only cancelled, deadline-exceeded,
 * internal, resource-exhausted and unavailable (linkerd2 version-2.20
 * policy-controller/k8s/index/src/outbound/index/grpc.rs), so the closest
 * equivalent keeps three and loses three.
 */
export const PROFILE_GRPC_RETRY = "deadline-exceeded,internal,unavailable";
const GRPC_RETRY_NOT_NAMEABLE = "unknown, permission-denied and data-loss";

const GRPC_PATH = /^\/([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\/([A-Za-z_][A-Za-z0-9_]*)$/;

function statusClassesOf(classes: ResponseClass[] | undefined): { classes: StatusClass[]; custom: string[] } {
  const out: StatusClass[] = [];
  const custom: string[] = [];
  for (const rc of classes ?? []) {
    const c = rc?.condition;
    const keys = c && typeof c === "object" ? Object.keys(c) : [];
    if (keys.length === 1 && keys[0] === "status" && c!.status && typeof c!.status === "object") {
      const sc = { min: c!.status.min ?? 100, max: c!.status.max ?? 599, isFailure: rc.isFailure === true };
      out.push(sc);
      if (!classMatchesDefault(sc)) custom.push(`${sc.min === sc.max ? sc.min : `${sc.min}-${sc.max}`} ${sc.isFailure ? "failure" : "success"}`);
    } else custom.push(`${JSON.stringify(c)} ${rc?.isFailure ? "failure" : "success"}`);
  }
  return { classes: out, custom };
}

/** `svc.ns.svc.cluster.local:8080`, `svc.ns:8080`, `svc:8080` -> a backendRef; undefined for anything else. */
export function backendFromAuthority(authority: string, namespace: string, port: number | undefined): BackendRef | { error: string } {
  const m = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)(?:\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)(?:\.svc(?:\.[a-z0-9.-]+)?)?)?(?::(\d+))?$/.exec(authority.trim().toLowerCase());
  if (!m) return { error: `"${authority}" is not a Kubernetes Service authority (name[.namespace[.svc.cluster-domain]][:port])` };
  const p = m[5] !== undefined ? Number(m[5]) : port;
  if (p === undefined || p < 1 || p > 65535) return { error: `"${authority}" has no port, and a Service backendRef needs one (pass --port)` };
  const ns = m[3];
  return { kind: "Service", name: m[1]!, ...(ns !== undefined && ns !== namespace ? { namespace: ns } : {}), port: p };
}

/** Kubernetes quantity (`1`, `500m`, `0.5`, `1k`) -> milli-units, or undefined. */
export function quantityMilli(q: number | string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(m|k|M)?$/.exec(String(q).trim());
  if (!m) return undefined;
  const scale = m[2] === "m" ? 1 : m[2] === "k" ? 1e6 : m[2] === "M" ? 1e9 : 1000;
  const v = Math.round(Number(m[1]) * scale);
  return Number.isFinite(v) ? v : undefined;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

function backendRefs(profile: ServiceProfile, namespace: string, options: MigrateOptions, lost: Loss[]): BackendRef[] | undefined {
  const overrides = profile.spec.dstOverrides;
  if (!Array.isArray(overrides) || overrides.length === 0) return undefined;
  const refs: (BackendRef & { milli: number })[] = [];
  overrides.forEach((o, i) => {
    const b = backendFromAuthority(String(o?.authority ?? ""), namespace, options.port);
    const milli = quantityMilli(o?.weight ?? "");
    if ("error" in b || milli === undefined) {
      lost.push({ kind: "dst-override", message: `dstOverrides[${i}] is not carried over: ${"error" in b ? b.error : `weight ${JSON.stringify(o?.weight)} is not a quantity`}`, pointer: `/spec/dstOverrides/${i}` });
      return;
    }
    refs.push({ ...b, milli });
  });
  if (refs.length === 0) return undefined;
  // Gateway API weights are integers up to 1,000,000: milli-units, reduced by their common divisor.
  const d = refs.reduce((g, r) => gcd(g, r.milli), 0) || 1;
  return refs.map(({ milli, ...r }) => ({ ...r, weight: milli / d }));
}

/** The Gateway API path match for one profile pathRegex, and the reason when its text had to change. */
export function gatewayPath(pathRegex: string): { path: NonNullable<HttpRouteMatch["path"]>; rewrite?: string } {
  const literal = literalOf(pathRegex);
  if (literal !== undefined && isAllowedExactPath(literal)) return { path: { type: "Exact", value: literal } };
  const anchored = proxyAnchoredPathRegex(pathRegex);
  const inner = anchored.slice(1, -1);
  const cleanEnd = !/(^|[^\\])(\\\\)*\\\$$/.test(anchored);
  if (!hasTopLevelAlternation(rustTrim(pathRegex)) && cleanEnd) return { path: { type: "RegularExpression", value: spanningRegex(inner) } };
  // The proxy anchors by concatenation (`^a|b$`): only this wrapping keeps what it matched.
  return {
    path: { type: "RegularExpression", value: `^(?s:.*?)(?:${anchored})(?s:.*)$` },
    rewrite: hasTopLevelAlternation(rustTrim(pathRegex))
      ? `the proxy reads it as ${anchored}: the first branch anchored at the start only, the last at the end only; carried over with that meaning`
      : `it ends in a quoted \\$, so the proxy adds no $ (${anchored} matches any path that starts so); carried over with that meaning`,
  };
}

interface Unit {
  index: number;
  spec: RouteSpec;
  terms: Term[];
  rule: HttpRouteRule;
  annotations: Record<string, string>;
  signature: string;
  fields: string[];
}

function retryAnnotations(spec: RouteSpec, classes: StatusClass[], grpc: boolean): Record<string, string> {
  if (spec.isRetryable !== true) return {};
  return grpc ? { [RETRY_GRPC]: PROFILE_GRPC_RETRY } : { [RETRY_HTTP]: httpRetryCondition(classes) };
}

function termMatch(t: Term): HttpRouteMatch {
  return { ...(t.paths[0] !== undefined ? { path: gatewayPath(t.paths[0]).path } : {}), ...(t.method !== undefined ? { method: t.method } : {}) };
}

function termRegex(t: Term): string | undefined {
  return t.paths[0] === undefined ? undefined : proxyAnchoredPathRegex(t.paths[0]);
}

/** A request both terms match (method, path), or undefined; "unknown" is taken as an overlap. */
export function termsOverlap(a: Term, b: Term): { method?: string; path: string } | undefined {
  if (a.method !== undefined && b.method !== undefined && a.method !== b.method) return undefined;
  const method = a.method ?? b.method;
  const la = a.paths[0] !== undefined ? literalOf(a.paths[0]) : undefined;
  const lb = b.paths[0] !== undefined ? literalOf(b.paths[0]) : undefined;
  if (la !== undefined && lb !== undefined) return la === lb ? { ...(method ? { method } : {}), path: la } : undefined;
  // Two Linkerd template regexes: the segment walk the emitter uses, no automata needed.
  const tta = a.paths[0] !== undefined ? templateOf(rustTrim(a.paths[0]), pathTemplateToRegex) : undefined;
  const ttb = b.paths[0] !== undefined ? templateOf(rustTrim(b.paths[0]), pathTemplateToRegex) : undefined;
  if (tta !== undefined && ttb !== undefined) {
    const path = templateIntersection(templateSegments(tta), templateSegments(ttb));
    return path === undefined ? undefined : { ...(method ? { method } : {}), path };
  }
  // A literal against a regex: one run of the proxy's engine decides.
  const one = la !== undefined && b.paths[0] !== undefined ? { lit: la, re: b.paths[0] } : lb !== undefined && a.paths[0] !== undefined ? { lit: lb, re: a.paths[0] } : undefined;
  if (one) {
    const v = compileProfilePathRegex(one.re);
    if (v.ok) return v.matcher.test(one.lit) ? { ...(method ? { method } : {}), path: one.lit } : undefined;
  }
  const regexes = [termRegex(a), termRegex(b)].filter((r): r is string => r !== undefined);
  const w = commonPath(regexes);
  if (w.result === "none") return undefined;
  return { ...(method ? { method } : {}), path: w.result === "found" ? w.path : (la ?? lb ?? "/") };
}

/** A literal path prefix every path of the term starts with ("" when unknown). */
function prefixOf(t: Term): string {
  const re = t.paths[0];
  if (re === undefined) return "";
  const lit = literalOf(re);
  if (lit !== undefined) return lit;
  const trimmed = rustTrim(re).replace(/^\^/, "");
  if (hasTopLevelAlternation(trimmed)) return "";
  let out = "";
  for (let i = 0; i < trimmed.length; i++) {
    const c = trimmed[i]!;
    const next = trimmed[i + 1] ?? "";
    let ch: string | undefined;
    if (c === "\\" && /[^A-Za-z0-9]/.test(next)) {
      ch = next;
      i++;
    } else if (!/[\\.+*?()[\]{}^$|]/.test(c)) ch = c;
    if (ch === undefined || /[*?{]/.test(trimmed[i + 1] ?? "")) break;
    out += ch;
  }
  return out;
}

class UnionFind {
  private readonly p: number[];
  constructor(n: number) {
    this.p = Array.from({ length: n }, (_, i) => i);
  }
  find(x: number): number {
    while (this.p[x] !== x) x = this.p[x] = this.p[this.p[x]!]!;
    return x;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.p[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

/**
 * Overlapping term pairs between owners (routes), found through a sorted
 * prefix list: only terms one of whose literal prefixes starts the other's
 * are compared, so disjoint literal paths cost a sort.
 */
export function overlappingPairs(items: readonly { owner: number; term: Term }[]): { a: number; b: number; ta: Term; tb: Term; example: { method?: string; path: string } }[] {
  // An owner's terms are distinct (conditionDnf dedupes them), so a term's position names it in the pair's key.
  const entries = items.map((x, id) => ({ ui: x.owner, t: x.term, id, prefix: prefixOf(x.term) }));
  entries.sort((x, y) => (x.prefix < y.prefix ? -1 : x.prefix > y.prefix ? 1 : x.ui - y.ui));
  const out: { a: number; b: number; ta: Term; tb: Term; example: { method?: string; path: string } }[] = [];
  const seen = new Set<string>();
  // Two terms can overlap only if one prefix starts the other: in sorted order they are then neighbours in a run.
  for (let i = 0; i < entries.length; i++) {
    const x = entries[i]!;
    for (let j = i + 1; j < entries.length && entries[j]!.prefix.startsWith(x.prefix); j++) {
      const y = entries[j]!;
      if (x.ui === y.ui) continue;
      const [first, second] = x.ui < y.ui ? [x, y] : [y, x];
      const key = `${first.id},${second.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const example = termsOverlap(first.t, second.t);
      if (example) out.push({ a: first.ui, b: second.ui, ta: first.t, tb: second.t, example });
    }
  }
  return out;
}

const MAX_RULES = 16;

function routeKey(spec: RouteSpec): string {
  return spec.name === "/" ? "root" : spec.name;
}

/** Converts one parsed profile. Throws SpecError when the profile's name is not a service's. */
export function migrateProfile(profile: ServiceProfile, file: string, options: MigrateOptions = {}): Migration {
  const unread = apiVersionProblem(options.apiVersion, options.linkerdVersion);
  if (unread) throw new SpecError({ ...unread, file });
  const id = identityFromProfileName(profile.metadata?.name ?? "");
  if (!id) {
    throw new SpecError({
      message: `the profile's name "${profile.metadata?.name ?? ""}" is not <service>.<namespace>.svc.<cluster domain>, so it names no Service to attach routes to`,
      file,
      pointer: "/metadata/name",
      hint: "name the profile after the service's fully qualified name, e.g. webapp.default.svc.cluster.local",
    });
  }
  const routeNamespace = profile.metadata?.namespace || id.namespace;
  const specs = profile.spec?.routes ?? [];
  const lost: Loss[] = [];
  const rewrites: Rewrite[] = [];
  const notes: Diagnostic[] = [];
  const unmigrated: string[] = [];

  if (profile.spec?.retryBudget) {
    lost.push({ kind: "retry-budget", message: "retryBudget is not carried over: Gateway API routes have no retry budget; Linkerd bounds retries per request (retry.linkerd.io/limit, default 1)", pointer: "/spec/retryBudget" });
  } else if (specs.some((s) => s?.isRetryable === true)) {
    // Without a retryBudget the destination controller still sent one (defaultRetryBudget in
    // linkerd/linkerd2 controller/api/destination/profile_translator.go, tag version-2.20).
    lost.push({
      kind: "retry-budget",
      message: `the profile has no retryBudget, so its retries were bounded by Linkerd's default budget (${DEFAULT_RETRY_BUDGET}); Gateway API routes have no retry budget: each request is retried up to retry.linkerd.io/limit times (default 1), however many others are retried`,
      pointer: "/spec",
    });
  }
  if (Array.isArray(profile.spec?.opaquePorts) && profile.spec.opaquePorts.length) {
    lost.push({ kind: "opaque-ports", message: "opaquePorts is not carried over: routes cannot say it; annotate the Service or workload with config.linkerd.io/opaque-ports", pointer: "/spec/opaquePorts" });
  }
  const backends = backendRefs(profile, id.namespace, options, lost);

  // Each route's condition as terms; losses per route.
  const prepared: { index: number; spec: RouteSpec; terms: Term[]; classes: StatusClass[] }[] = [];
  specs.forEach((spec, index) => {
    const at = `/spec/routes/${index}`;
    const { classes, custom } = statusClassesOf(spec.responseClasses);
    if (custom.length) {
      lost.push({
        kind: "response-classes",
        route: spec.name,
        message: `response classes (${custom.join(", ")}) are not carried over: Linkerd counts 5xx, and only 5xx, as failures for Gateway API routes${spec.isRetryable ? `; the failure statuses still decide what is retried (${RETRY_HTTP})` : ""}`,
        pointer: `${at}/responseClasses`,
      });
    }
    let dnf;
    try {
      dnf = conditionDnf(spec.condition);
    } catch (err) {
      if (!(err instanceof TooLarge)) throw err;
      lost.push({ kind: "condition-too-large", route: spec.name, message: `the condition expands to more than 64 alternatives, more than one rule can match; the route is not migrated`, pointer: `${at}/condition` });
      unmigrated.push(spec.name);
      return;
    }
    for (const p of dnf.problems) lost.push({ kind: "regex-rejected", route: spec.name, message: `${p}; the migrated route leaves that part out as well`, pointer: `${at}/condition` });
    for (const r of dnf.unchecked) lost.push({ kind: "regex-unchecked", route: spec.name, message: `pathRegex ${JSON.stringify(r)} uses syntax this engine cannot evaluate: carried over as written, not checked`, pointer: `${at}/condition` });
    if (dnf.droppedNot) {
      lost.push({ kind: "not-condition", route: spec.name, message: "its `not` condition is not carried over: Gateway API matches cannot negate, so the migrated route also matches the requests the `not` excluded", pointer: `${at}/condition` });
    }
    if (dnf.terms === undefined) {
      lost.push({ kind: "route-dropped", route: spec.name, message: "the proxy drops this route (nothing of its condition compiles), so it is not migrated", pointer: `${at}/condition` });
      unmigrated.push(spec.name);
      return;
    }
    const several = dnf.terms.filter((t) => t.paths.length > 1);
    if (several.length) {
      lost.push({ kind: "several-paths", route: spec.name, message: `its condition requires ${several[0]!.paths.length} pathRegex values at once (all), which one Gateway API match cannot say; the route is not migrated`, pointer: `${at}/condition` });
      unmigrated.push(spec.name);
      return;
    }
    prepared.push({ index, spec, terms: dnf.terms, classes });
  });

  const base = { file, profile: { name: profile.metadata.name, namespace: routeNamespace }, service: id.service, namespace: id.namespace, lost, rewrites, notes, unmigrated };
  const viaEmitter = emitterRoutes(prepared);
  if (viaEmitter) {
    const built = generateGatewayRoutes({
      service: id.service,
      namespace: id.namespace,
      routeNamespace,
      routes: viaEmitter,
      source: file,
      options: {
        ...(options.apiVersion ? { apiVersion: options.apiVersion } : {}),
        ...(options.linkerdVersion ? { linkerdVersion: options.linkerdVersion } : {}),
        ...(options.gatewayApiBundle ? { gatewayApiBundle: options.gatewayApiBundle } : {}),
        ...(options.port !== undefined ? { port: options.port } : {}),
        catchAll: options.catchAll !== false,
        retry: { grpc: PROFILE_GRPC_RETRY },
      },
    });
    // Losses are reported above with their pointers; the emitter's other notes are kept.
    notes.push(...built.warnings.filter((w) => !/are not carried over/.test(w.message)));
    const objects = withBackends(built.objects, backends);
    const kind = viaEmitter[0]?.match.kind === "grpc" ? "GRPCRoute" : "HTTPRoute";
    if (kind === "GRPCRoute") {
      for (const p of prepared) {
        if (p.spec.isRetryable !== true) continue;
        lost.push({
          kind: "grpc-retry-narrowed",
          route: p.spec.name,
          message: `retries narrowed: the profile retried gRPC statuses unknown, deadline-exceeded, internal, permission-denied, unavailable and data-loss; retry.linkerd.io/grpc can name only some of them, so the route retries ${PROFILE_GRPC_RETRY} and no longer ${GRPC_RETRY_NOT_NAMEABLE}`,
          pointer: `/spec/routes/${p.index}/isRetryable`,
        });
      }
    }
    return { ...base, kind, via: "emitter", objects: checked(objects, file, options, prepared), carried: carriedOf(objects, prepared) };
  }

  const direct = buildDirect(prepared, id.service, id.namespace, routeNamespace, options, rewrites, notes);
  return { ...base, kind: "HTTPRoute", via: "direct", objects: checked(withBackends(direct, backends), file, options, prepared), carried: carriedOf(withBackends(direct, backends), prepared) };
}

/** The routes as Route objects, when every one is a template regex with a method, or every one an exact rpc. */
function emitterRoutes(prepared: { spec: RouteSpec; terms: Term[]; classes: StatusClass[] }[]): Route[] | undefined {
  if (prepared.length === 0) return [];
  const single = prepared.every((p) => p.terms.length === 1 && p.terms[0]!.method !== undefined && p.terms[0]!.paths.length === 1);
  if (!single) return undefined;
  const rpc = prepared.map((p) => {
    const t = p.terms[0]!;
    const lit = literalOf(t.paths[0]!);
    // `POST /api/request` named as an HTTP route (what an OpenAPI profile writes) stays HTTP.
    const m = t.method === "POST" && lit !== undefined && p.spec.name !== `POST ${lit}` ? GRPC_PATH.exec(lit) : null;
    return m ? { service: m[1]!, method: m[2]!, path: lit! } : undefined;
  });
  const base = (p: (typeof prepared)[number]) => ({
    name: p.spec.name,
    statusClasses: p.classes,
    ...(p.spec.isRetryable === true ? { isRetryable: true } : {}),
    ...(typeof p.spec.timeout === "string" ? { timeout: p.spec.timeout } : {}),
  });
  if (rpc.every((r) => r !== undefined)) {
    return prepared.map((p, i) => ({ ...base(p), match: { kind: "grpc", ...rpc[i]!, pathRegex: p.terms[0]!.paths[0]! } satisfies GrpcMatch }));
  }
  const out: Route[] = [];
  for (const p of prepared) {
    const t = p.terms[0]!;
    const regex = rustTrim(t.paths[0]!);
    const named = /^[A-Z]+ (\/.*)$/.exec(p.spec.name)?.[1];
    const template = templateOf(regex, pathTemplateToRegex, named);
    if (template === undefined) return undefined;
    out.push({ ...base(p), match: { kind: "http", method: t.method!, pathTemplate: template, pathRegex: regex } satisfies HttpMatch });
  }
  return out;
}

function buildDirect(
  prepared: { index: number; spec: RouteSpec; terms: Term[]; classes: StatusClass[] }[],
  service: string,
  namespace: string,
  routeNamespace: string,
  options: MigrateOptions,
  rewrites: Rewrite[],
  notes: Diagnostic[],
): RouteObject[] {
  const versions = apiVersions(options.apiVersion);
  const units: Unit[] = prepared.map((p) => {
    const rule: HttpRouteRule = { matches: p.terms.map(termMatch) };
    const annotations = retryAnnotations(p.spec, p.classes, false);
    const fields: string[] = p.terms.map((t) => `${t.method ?? "any method"} ${t.paths[0] ?? "any path"}`);
    for (const t of p.terms) {
      const g = t.paths[0] !== undefined ? gatewayPath(t.paths[0]) : undefined;
      if (g?.rewrite && !rewrites.some((r) => r.route === p.spec.name && r.pathRegex === t.paths[0])) rewrites.push({ route: p.spec.name, pathRegex: t.paths[0]!, value: g.path.value, reason: g.rewrite });
    }
    if (typeof p.spec.timeout === "string") {
      if (!readsRuleTimeouts(options.apiVersion, options.linkerdVersion)) {
        const d = toAnnotationDuration(p.spec.timeout);
        if (!d.ok) throw new SpecError({ message: `route "${p.spec.name}": timeout ${d.error}`, pointer: `/spec/routes/${p.index}/timeout`, hint: "use whole milliseconds or more" });
        annotations[TIMEOUT_REQUEST] = d.value;
      } else {
        const d = toGatewayDuration(p.spec.timeout);
        if (!d.ok) throw new SpecError({ message: `route "${p.spec.name}": timeout ${d.error}`, pointer: `/spec/routes/${p.index}/timeout`, hint: "use whole milliseconds or more" });
        rule.timeouts = { request: d.value };
      }
      fields.push(`timeout ${p.spec.timeout}`);
    }
    if (annotations[RETRY_HTTP]) fields.push(`retry ${annotations[RETRY_HTTP]}`);
    return { index: p.index, spec: p.spec, terms: p.terms, rule, annotations, signature: JSON.stringify(annotations), fields };
  });

  const pairs = overlappingPairs(units.flatMap((u, owner) => u.terms.map((term) => ({ owner, term }))));
  const uf = new UnionFind(units.length);
  for (const o of pairs) uf.union(o.a, o.b);
  const groups = new Map<number, number[]>();
  units.forEach((_, i) => {
    const r = uf.find(i);
    const g = groups.get(r);
    if (g) g.push(i);
    else groups.set(r, [i]);
  });
  // One object per group and annotation set, profile order inside, at most 16 rules.
  const objectsOf: number[][] = [];
  for (const members of [...groups.values()].sort((a, b) => a[0]! - b[0]!)) {
    const bySig = new Map<string, number[]>();
    for (const m of members) {
      const same = bySig.get(units[m]!.signature);
      if (same) same.push(m);
      else bySig.set(units[m]!.signature, [m]);
    }
    for (const same of bySig.values()) for (let k = 0; k < same.length; k += MAX_RULES) objectsOf.push(same.slice(k, k + MAX_RULES));
    if (bySig.size > 1 || members.length > MAX_RULES) {
      notes.push({
        severity: "warning",
        message: `service ${service}: routes ${members.map((m) => `"${units[m]!.spec.name}"`).slice(0, 4).join(", ")}${members.length > 4 ? " ..." : ""} can match the same requests but cannot share one HTTPRoute (${bySig.size > 1 ? "their retry or timeout annotations differ" : "more than 16 of them"}); where they tie, Linkerd picks by creationTimestamp and name`,
        hint: "the precedence changes below list the requests this moves",
      });
    }
  }
  // Promote earlier rules so that they outscore nothing less than a later overlapping rule of the same object.
  const objectOf = new Map<number, number>();
  objectsOf.forEach((ms, n) => ms.forEach((m) => objectOf.set(m, n)));
  for (const o of pairs) {
    if (objectOf.get(o.a) !== objectOf.get(o.b)) continue;
    if ((o.ta.method !== undefined || o.tb.method === undefined) && (o.ta.paths[0] !== undefined || o.tb.paths[0] === undefined)) continue;
    const promoted = termMatch({ ...(o.ta.method ?? o.tb.method ? { method: o.ta.method ?? o.tb.method } : {}), paths: [o.ta.paths[0] ?? o.tb.paths[0]!].filter((p) => p !== undefined) as string[] });
    const rule = units[o.a]!.rule;
    if (!rule.matches!.some((m) => JSON.stringify(m) === JSON.stringify(promoted))) rule.matches!.push(promoted);
  }

  const catchAllName = defaultRouteName(service);
  const names = assignNames(
    objectsOf.map((ms) => ({ base: readableName(service, routeKey(units[ms[0]!]!.spec)), key: units[ms[0]!]!.spec.name })),
    new Set([catchAllName]),
  );
  const parentRef: ParentRef = { group: "core", kind: "Service", name: service };
  if (routeNamespace !== namespace) parentRef.namespace = namespace;
  if (options.port !== undefined) parentRef.port = options.port;
  const make = (name: string, annotations: Record<string, string>, rules: HttpRouteRule[]): HttpRoute => ({
    apiVersion: versions.http,
    kind: "HTTPRoute",
    metadata: { name, namespace: routeNamespace, annotations },
    spec: { parentRefs: [{ ...parentRef }], rules },
  });
  const objects: RouteObject[] = objectsOf.map((ms, n) => {
    const annotations = { ...units[ms[0]!]!.annotations };
    if (ms.length === 1) annotations[ROUTE_ANNOTATION] = units[ms[0]!]!.spec.name;
    else annotations[ROUTES_ANNOTATION] = JSON.stringify(ms.map((m) => units[m]!.spec.name));
    return make(names[n]!, annotations, ms.map((m) => units[m]!.rule));
  });
  if (objects.length > 0 && options.catchAll !== false) objects.push(make(catchAllName, { [ROUTE_ANNOTATION]: DEFAULT_ROUTE_LABEL }, [{ matches: [{ path: { type: "PathPrefix", value: "/" } }] }]));
  if (objects.length > 0 && options.catchAll === false) {
    notes.push({ severity: "warning", message: `service ${service}: no catch-all route: once any route is attached, the proxy answers requests that match none of them with 404`, hint: "keep the catch-all unless the routes list every path the service serves" });
  }
  return objects;
}

function withBackends(objects: RouteObject[], backends: BackendRef[] | undefined): RouteObject[] {
  if (!backends) return objects;
  return objects.map((o) => ({ ...o, spec: { ...o.spec, rules: o.spec.rules.map((r) => ({ ...r, backendRefs: backends.map((b) => ({ ...b })) })) } }) as RouteObject);
}

/**
 * Every object checked against the chosen bundle's CRD; a problem in a rule
 * points at the profile route the rule was made from (the object's route
 * annotations list them in rule order).
 */
function checked(objects: RouteObject[], file: string, options: MigrateOptions, prepared: { index: number; spec: RouteSpec }[]): RouteObject[] {
  const bundle = outputBundle(options);
  for (const o of objects) {
    const problems = validateRouteObject(o, bundle);
    for (const m of o.kind === "HTTPRoute" ? (o as HttpRoute).spec.rules.flatMap((r) => r.matches ?? []) : []) {
      if (m.path?.type === "RegularExpression" && !compileGatewayPathRegex(m.path.value).ok) problems.push({ pointer: "", message: `regex ${m.path.value} does not compile on the proxy's engine` });
    }
    if (problems.length === 0) continue;
    const source = profileRouteOf(o, problems, prepared);
    throw new SpecError({
      message: `the migrated ${o.kind} ${o.metadata.name} would be invalid: ${problems
        .slice(0, 5)
        .map((p) => `${p.pointer}: ${p.message}`)
        .join("; ")}${source ? `; made from profile route ${JSON.stringify(source.spec.name)}` : ""}`,
      file,
      ...(source ? { pointer: `/spec/routes/${source.index}` } : {}),
      hint: "the profile route behind it needs a change the converter cannot make; fix it in the profile and run migrate again",
    });
  }
  return objects;
}

/** The profile route behind the first problem in a rule, if any. */
function profileRouteOf<P extends { spec: RouteSpec }>(o: RouteObject, problems: { pointer: string }[], prepared: P[]): P | undefined {
  const many = o.metadata.annotations?.[ROUTES_ANNOTATION];
  const names: string[] = many !== undefined ? (JSON.parse(many) as string[]) : [o.metadata.annotations?.[ROUTE_ANNOTATION] ?? ""];
  for (const p of problems) {
    const rule = /^\/spec\/rules\/(\d+)(\/|$)/.exec(p.pointer);
    const name = rule ? names[Number(rule[1])] : undefined;
    const found = name !== undefined ? prepared.find((x) => x.spec.name === name) : undefined;
    if (found) return found;
  }
  return undefined;
}

function carriedOf(objects: RouteObject[], prepared: { spec: RouteSpec; terms: Term[] }[]): Carried[] {
  const byName = new Map(prepared.map((p) => [p.spec.name, p]));
  const out: Carried[] = [];
  for (const o of objects) {
    const many = o.metadata.annotations?.[ROUTES_ANNOTATION];
    const names: string[] = many !== undefined ? (JSON.parse(many) as string[]) : [o.metadata.annotations?.[ROUTE_ANNOTATION] ?? ""];
    names.forEach((name, rule) => {
      const p = byName.get(name);
      if (!p) return;
      const r = o.spec.rules[rule] as HttpRouteRule & { matches?: unknown[] };
      const fields = p.terms.map((t) => `${t.method ?? "any method"} ${t.paths[0] ?? "any path"}`);
      if (p.spec.timeout) fields.push(`timeout ${p.spec.timeout}`);
      const retry = o.metadata.annotations?.[RETRY_HTTP] ?? o.metadata.annotations?.[RETRY_GRPC];
      if (p.spec.isRetryable && retry) fields.push(`retry ${retry}`);
      if (r.backendRefs?.length) fields.push(`${r.backendRefs.length} backendRefs`);
      out.push({ route: name, object: o.metadata.name, rule, fields });
    });
  }
  return out;
}

/**
 * A literal prefix of every path the route's condition can match ("" when
 * unknown): its terms match at least what the proxy's matcher does, except
 * for regexes this engine cannot evaluate, which get "".
 */
function routePrefixes(spec: RouteSpec): string[] {
  try {
    const dnf = conditionDnf(spec.condition);
    if (dnf.terms === undefined || dnf.unchecked.length) return [""];
    return dnf.terms.map(prefixOf);
  } catch (err) {
    if (!(err instanceof TooLarge)) throw err;
    return [""];
  }
}

/** The profile's own pick for a request, as the proxy makes it: first match, full conditions. */
export function profilePicker(profile: ServiceProfile): (req: { method: string; path: string }) => string | undefined {
  const specs = profile.spec?.routes ?? [];
  const routes = specs.map((spec) => ({ name: spec.name, m: compileRequestMatch(spec.condition) }));
  // Only routes whose literal prefix starts the path can match it: asking those, in profile order, is the first match.
  const index = new PrefixIndex();
  specs.forEach((spec, i) => routePrefixes(spec).forEach((p) => index.add(p, i)));
  return (req) => {
    for (const i of index.candidates(req.path)) if (routes[i]!.m?.(req)) return routes[i]!.name;
    return undefined;
  };
}

export type { GrpcRoute };
