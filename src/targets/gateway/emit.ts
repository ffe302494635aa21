/**
 * Routes -> Gateway API route objects (HTTPRoute from HTTP routes, GRPCRoute
 * from rpcs), following ../shared/reference/gateway-api-contract.md:
 *  - attached to the Service through parentRefs, no backendRefs;
 *  - `Exact` paths where the CRD allows them, otherwise an anchored regex;
 *  - one object per route by default, so metrics stay per route;
 *  - routes that can match the same request share one object with the
 *    ServiceProfile's first match first, so Linkerd's most-specific-match
 *    (where Exact and regex tie on length) picks what the profile picked;
 *  - where overlapping routes cannot share one (different annotations, more
 *    than 16), the later route's regex leaves out the earlier route's paths
 *    (disjoint.ts), so no winner rests on creationTimestamp;
 *  - a catch-all route last, so requests matching no route are not answered
 *    with 404 once routes exist.
 * Pure: the caller validates and renders.
 */
import { SpecError, type Diagnostic } from "../../model/diagnostic.js";
import type { GrpcMatch, HttpMatch, Route } from "../../model/route.js";
import type { RetryBudget } from "../../model/serviceprofile.js";
import { applyOverrides, type RouteOverrides } from "../../model/tuning.js";
import { toAnnotationDuration, toGatewayDuration } from "./durations.js";
import { assignNames, defaultRouteName, readableName } from "./names.js";
import { analyzeOverlaps, type Overlap } from "../../matching/overlap.js";
import { pathMatch } from "./paths.js";
import { disjointPathRegexes } from "./disjoint.js";
import { mergeDuplicateRoutes } from "../unique-routes.js";
import { shorten } from "../../model/shorten.js";
import { readsRuleTimeouts, type LinkerdVersion } from "./linkerd-version.js";
import { bundleLimits, outputBundle, type BundleLimits, type GatewayApiBundle } from "./bundles.js";
import {
  classMatchesDefault,
  DEFAULT_GRPC_RETRY,
  httpRetryCondition,
  RETRY_GRPC,
  RETRY_HTTP,
  RETRY_LIMIT,
  RETRY_TIMEOUT,
  TIMEOUT_REQUEST,
} from "./retries.js";
import type { GrpcRoute, GrpcRouteApiVersion, GrpcRouteRule, HttpRoute, HttpRouteApiVersion, HttpRouteRule, ParentRef, RouteObject } from "../../model/gateway.js";
import { DEFAULT_ROUTE_LABEL, ROUTE_ANNOTATION, ROUTES_ANNOTATION } from "../../model/gateway.js";

/** `v1` (Linkerd 2.18+), `v1beta1` (2.15–2.17: HTTPRoute v1beta1, GRPCRoute v1alpha2), `linkerd` (policy.linkerd.io/v1beta3 HTTPRoute). */
export type GatewayApiVersion = "v1" | "v1beta1" | "linkerd";
export const GATEWAY_API_VERSIONS: readonly GatewayApiVersion[] = ["v1", "v1beta1", "linkerd"];

export type Granularity = "route" | "packed";

export interface RetryOptions {
  /** `retry.linkerd.io/http` for retryable HTTP routes; default: the statuses the route counts as failures (5xx). */
  http?: string;
  /** `retry.linkerd.io/grpc` for retryable rpcs; default `unavailable`. */
  grpc?: string;
  /** `retry.linkerd.io/limit`: retries per request (Linkerd's default is 1). */
  limit?: number;
  /** `retry.linkerd.io/timeout`: per-try timeout, a Go duration. */
  timeout?: string;
}

export interface GatewayOptions {
  apiVersion?: GatewayApiVersion;
  /** The Linkerd release the output is for (default: the current one, 2.20): it decides where timeouts go. */
  linkerdVersion?: LinkerdVersion;
  /**
   * The Gateway API CRDs in the cluster (./bundles.ts): apiVersion v1 objects
   * are checked and packed against their limits. Default: the bundle the
   * chosen Linkerd version ships, else v1.2.1-standard.
   */
  gatewayApiBundle?: GatewayApiBundle;
  /** parentRefs port; without it the routes apply to every port of the Service. */
  port?: number;
  /** The catch-all route (default true). */
  catchAll?: boolean;
  granularity?: Granularity;
  retry?: RetryOptions;
}

export interface GatewayInput {
  service: string;
  namespace: string;
  /** Namespace the objects live in; another namespace makes them consumer routes. Default: `namespace`. */
  routeNamespace?: string;
  routes: Route[];
  retryBudget?: RetryBudget;
  overrides?: RouteOverrides;
  options?: GatewayOptions;
  /** The spec file, for messages. */
  source?: string;
}

export interface GatewayStats {
  objects: number;
  /** Objects whose name carries a hash (collision or length). */
  hashedNames: number;
  /** Path matches written as RegularExpression. */
  regexMatches: number;
  /** Objects holding several routes because they can match the same request. */
  overlapObjects: number;
  /** Overlapping pairs of routes in different objects made disjoint by a rewritten regex of the later route. */
  disjointPairs: number;
  /** Rules whose path regex was rewritten so (disjoint.ts). */
  disjointRules: number;
  /** Overlapping pairs of routes in different objects left to Linkerd's creationTimestamp-and-name tie-break (each warned about). */
  tieBreakPairs: number;
}

export interface BuiltRoutes {
  objects: RouteObject[];
  /** Per object, the route behind each of its rules (none for the catch-all): where a problem in a rule came from. */
  ruleRoutes: Route[][];
  warnings: Diagnostic[];
  stats: GatewayStats;
}


// Rules per route: `spec.rules` maxItems in every bundle (./bundles.ts).
const MAX_RULES = 16;

export function apiVersions(v: GatewayApiVersion = "v1"): { http: HttpRouteApiVersion; grpc: GrpcRouteApiVersion | undefined } {
  if (v === "v1beta1") return { http: "gateway.networking.k8s.io/v1beta1", grpc: "gateway.networking.k8s.io/v1alpha2" };
  if (v === "linkerd") return { http: "policy.linkerd.io/v1beta3", grpc: undefined };
  return { http: "gateway.networking.k8s.io/v1", grpc: "gateway.networking.k8s.io/v1" };
}

/** One route, ready to be a rule. */
interface Prepared {
  route: Route;
  /** Readable identity the object name is made of: `GET /books/{id}`, `Users Get`. */
  key: string;
  /** Unique identity, hashed into a name that would otherwise clash: `GET /books/{id}`, `/pkg.Users/Get`. */
  id: string;
  rule: HttpRouteRule | GrpcRouteRule;
  annotations: Record<string, string>;
  signature: string;
}

function routeError(route: Route, source: string | undefined, message: string, hint: string): SpecError {
  return new SpecError({ message: `route "${route.name}": ${message}`, file: route.origin?.file ?? source, pointer: route.origin?.pointer, line: route.origin?.line, hint });
}

function annotationDuration(value: string, what: string, route: Route | undefined, source: string | undefined): string {
  const d = toAnnotationDuration(value);
  if (d.ok) return d.value;
  const hint = "use a whole number of milliseconds or more, e.g. 250ms or 2s";
  if (route) throw routeError(route, source, `${what} ${d.error}`, hint);
  throw new SpecError({ message: `${what} ${d.error}`, file: source, hint });
}

function retryAnnotations(route: Route, grpc: boolean, retry: RetryOptions, source: string | undefined): Record<string, string> {
  if (!route.isRetryable) return {};
  const out: Record<string, string> = grpc ? { [RETRY_GRPC]: retry.grpc ?? DEFAULT_GRPC_RETRY } : { [RETRY_HTTP]: retry.http ?? httpRetryCondition(route.statusClasses) };
  if (retry.limit !== undefined) out[RETRY_LIMIT] = String(retry.limit);
  if (retry.timeout !== undefined) out[RETRY_TIMEOUT] = annotationDuration(retry.timeout, "the retry timeout", undefined, source);
  return out;
}

function prepare(route: Route, input: GatewayInput): Prepared {
  const retry = input.options?.retry ?? {};
  if (route.match.kind === "grpc") {
    const m: GrpcMatch = route.match;
    const annotations = retryAnnotations(route, true, retry, input.source);
    // GRPCRoute has no timeouts field in the v1.2.1 standard channel: Linkerd's annotation carries it.
    if (route.timeout !== undefined) annotations[TIMEOUT_REQUEST] = annotationDuration(route.timeout, "timeout", route, input.source);
    const rule: GrpcRouteRule = { matches: [{ method: { type: "Exact", service: m.service, method: m.method } }] };
    const simple = m.service.slice(m.service.lastIndexOf(".") + 1);
    return { route, key: `${simple} ${m.method}`, id: m.path, rule, annotations, signature: JSON.stringify(annotations) };
  }
  const m: HttpMatch = route.match;
  const rule: HttpRouteRule = { matches: [{ path: pathMatch(m.pathTemplate, m.pathRegex), method: m.method }] };
  const annotations = retryAnnotations(route, false, retry, input.source);
  // Linkerd before 2.20 reads no rule timeouts on gateway.networking.k8s.io routes: the annotation
  // carries it (policy-controller/k8s/index/src/outbound/index/http.rs, see linkerd-version.ts).
  if (route.timeout !== undefined && !readsRuleTimeouts(input.options?.apiVersion, input.options?.linkerdVersion)) {
    annotations[TIMEOUT_REQUEST] = annotationDuration(route.timeout, "timeout", route, input.source);
  } else if (route.timeout !== undefined) {
    const d = toGatewayDuration(route.timeout);
    if (!d.ok) throw routeError(route, input.source, `timeout ${d.error}`, "use a whole number of milliseconds or more, e.g. 250ms or 1m30s");
    rule.timeouts = { request: d.value };
  }
  // `GET /` reads as `<service>-get-root`, not `<service>-get`.
  return { route, key: `${m.method} ${m.pathTemplate === "/" ? "root" : m.pathTemplate}`, id: `${m.method} ${m.pathTemplate}`, rule, annotations, signature: JSON.stringify(annotations) };
}

/** `Diagnostic.code` of what a ServiceProfile said that the routes cannot (the diff lists them per route set, with the change). */
export const LOSS_CODE = "not-carried-over";

function warn(input: GatewayInput, message: string, hint: string, route?: Route, code?: string): Diagnostic {
  return { severity: "warning", message, hint, file: route?.origin?.file ?? input.source, ...(route?.origin?.pointer ? { pointer: route.origin.pointer } : {}), ...(code ? { code } : {}) };
}

/** What a ServiceProfile said that Gateway API routes cannot: reported, never dropped silently. */
function lossWarnings(input: GatewayInput, routes: Route[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (input.retryBudget) {
    out.push(
      warn(
        input,
        `service ${input.service}: retryBudget is not carried over: Gateway API routes have no retry budget`,
        "Linkerd bounds retries per request with retry.linkerd.io/limit (retry.limit in the config) instead",
        undefined,
        LOSS_CODE,
      ),
    );
  }
  for (const r of routes) {
    const custom = r.statusClasses.filter((c) => !classMatchesDefault(c));
    if (custom.length === 0) continue;
    const list = custom.map((c) => `${c.min === c.max ? c.min : `${c.min}-${c.max}`} ${c.isFailure ? "failure" : "success"}`).join(", ");
    out.push(
      warn(
        input,
        `service ${input.service}, route "${r.name}": response classes (${list}) are not carried over: Linkerd counts 5xx, and only 5xx, as failures for Gateway API routes`,
        r.isRetryable ? `the failure statuses still decide what is retried (${RETRY_HTTP})` : "success rates of this route will be counted with Linkerd's default classes",
        r,
        LOSS_CODE,
      ),
    );
  }
  return out;
}

/** An overlap group whose routes land in different objects, with the pairs that do. */
interface SplitGroup {
  pairs: Overlap[];
  size: number;
}

/** Units that must stay one object (an overlap group with equal annotations), in route order; and the groups that could not. */
function units(prepared: Prepared[]): { units: { members: Prepared[]; overlap: boolean }[]; http: Prepared[]; splits: SplitGroup[] } {
  const http = prepared.filter((p) => p.route.match.kind === "http");
  const splits: SplitGroup[] = [];
  if (http.length === 0) return { units: prepared.map((p) => ({ members: [p], overlap: false })), http, splits };
  const analysis = analyzeOverlaps(http.map((p) => ({ method: (p.route.match as HttpMatch).method, template: (p.route.match as HttpMatch).pathTemplate })));
  const out: { members: Prepared[]; overlap: boolean }[] = [];
  // Each group's overlapping pairs, sorted out once (not once per group: that was groups x pairs).
  const groupOf = new Map<number, number[]>();
  for (const group of analysis.groups) for (const i of group) groupOf.set(i, group);
  const pairsOf = new Map<number[], Overlap[]>();
  for (const o of analysis.overlaps) {
    const group = groupOf.get(o.first)!;
    const list = pairsOf.get(group);
    if (list) list.push(o);
    else pairsOf.set(group, [o]);
  }
  for (const group of analysis.groups) {
    // Most routes overlap nothing: one unit of their own, nothing to compare.
    if (group.length === 1) {
      out.push({ members: [http[group[0]!]!], overlap: false });
      continue;
    }
    const members = group.map((i) => http[i]!);
    const signatures = [...new Set(members.map((m) => m.signature))];
    const first = out.length;
    for (const sig of signatures) {
      const same = members.filter((m) => m.signature === sig);
      for (let k = 0; k < same.length; k += MAX_RULES) out.push({ members: same.slice(k, k + MAX_RULES), overlap: same.length > 1 });
    }
    if (signatures.length === 1 && members.length <= MAX_RULES) continue;
    // Overlapping routes in different objects: the winner rests on creationTimestamp and name.
    // Pairs never leave their group, so only this group's units need numbering.
    const chunkOf = new Map<Prepared, number>();
    for (let n = first; n < out.length; n++) for (const m of out[n]!.members) chunkOf.set(m, n);
    const split = (pairsOf.get(group) ?? []).filter((o) => chunkOf.get(http[o.first]!) !== chunkOf.get(http[o.second]!));
    if (split.length) splits.push({ pairs: split, size: group.length });
  }
  return { units: out, http, splits };
}

/**
 * Gives the later route of each split pair a regex disjoint from the earlier
 * route's paths where one fits the budget (disjoint.ts), so the pair no longer
 * rests on creationTimestamp; warns about the pairs left, one warning per group.
 * Returns how many pairs were made disjoint and how many were left.
 */
function separate(input: GatewayInput, http: Prepared[], splits: SplitGroup[], warnings: Diagnostic[]): { disjointPairs: number; disjointRules: number; tieBreakPairs: number } {
  const all = splits.flatMap((s) => s.pairs);
  const rewritten = disjointPathRegexes(
    http.map((p) => ({ template: (p.route.match as HttpMatch).pathTemplate, pathRegex: (p.route.match as HttpMatch).pathRegex })),
    all,
  );
  for (const [i, value] of rewritten) {
    const match = (http[i]!.rule as HttpRouteRule).matches![0]!;
    match.path = { type: "RegularExpression", value };
  }
  let tieBreakPairs = 0;
  for (const s of splits) {
    const left = s.pairs.filter((o) => !rewritten.has(o.second));
    tieBreakPairs += left.length;
    if (left.length) warnings.push(overlapWarning(input, http, left, s.size));
  }
  return { disjointPairs: all.length - tieBreakPairs, disjointRules: rewritten.size, tieBreakPairs };
}

/** Pairs of one overlap group named in its warning; the rest are counted, so the text grows with the group, not its pairs. */
const PAIRS_NAMED = 5;

/**
 * One warning per overlap group whose routes land in different objects. A
 * single pair keeps the one-pair sentence; a bigger group names its first
 * pairs and counts the others (300 overlapping routes made 22,440 pairs).
 */
function overlapWarning(input: GatewayInput, http: Prepared[], split: Overlap[], groupSize: number): Diagnostic {
  const pair = (o: (typeof split)[number]) => {
    const a = http[o.first]!;
    const b = http[o.second]!;
    const why = a.signature !== b.signature ? "their retry or timeout annotations differ" : `more than ${MAX_RULES} routes overlap`;
    return { a, b, why, example: `${(a.route.match as HttpMatch).method} ${shorten(o.example)}` };
  };
  const first = pair(split[0]!);
  // Below Linkerd 2.20 a timeout is an annotation of the whole object, so different timeouts split a group too.
  const timeoutsDiffer = split.some((o) => http[o.first]!.annotations[TIMEOUT_REQUEST] !== http[o.second]!.annotations[TIMEOUT_REQUEST]);
  const newer = `; Linkerd 2.20 reads per-rule timeouts on apiVersion v1 routes (linkerd: { version: "2.20" }), which do not split objects`;
  const hint = timeoutsDiffer ? `give the two routes the same timeout and retry settings, or make their paths disjoint${newer}` : "give the two routes the same retry settings, or make their paths disjoint";
  if (split.length === 1) {
    return warn(
      input,
      `service ${input.service}: routes "${shorten(first.a.route.name)}" and "${shorten(first.b.route.name)}" can match the same request (e.g. ${first.example}) but cannot share one HTTPRoute (${first.why}); Linkerd then picks between them by creationTimestamp and name, not as the ServiceProfile's first match ("${shorten(first.a.route.name)}") did`,
      hint,
      first.b.route,
      LOSS_CODE,
    );
  }
  const named = split.slice(0, PAIRS_NAMED).map((o) => {
    const p = pair(o);
    return `"${shorten(p.a.route.name)}" before "${shorten(p.b.route.name)}" (e.g. ${p.example}; ${p.why})`;
  });
  const rest = split.length - named.length;
  return warn(
    input,
    `service ${input.service}: ${split.length} pairs of routes in an overlap group of ${groupSize} routes can match the same request but cannot share one HTTPRoute; Linkerd then picks between each pair by creationTimestamp and name, not as the ServiceProfile's first match did: ${named.join("; ")}${rest ? `; and ${rest} more pairs` : ""}`,
    timeoutsDiffer ? `give overlapping routes the same timeout and retry settings, or make their paths disjoint${newer}` : "give overlapping routes the same retry settings, or make their paths disjoint",
    first.b.route,
    LOSS_CODE,
  );
}

function generality(p: Prepared): [number, number] {
  if (p.route.match.kind !== "http") return [0, 0];
  const t = p.route.match.pathTemplate;
  const params = t.match(/\{[^}]*\}/g) ?? [];
  return [params.length, -(t.length - params.join("").length)];
}

function mostGeneral(members: Prepared[]): Prepared {
  let best = members[0]!;
  for (const m of members.slice(1)) {
    const [a, b] = generality(m);
    const [c, d] = generality(best);
    if (a > c || (a === c && b > d)) best = m;
  }
  return best;
}

/** Packs units into objects of at most 16 rules and, where the bundle limits them, 128 matches; equal annotations only; order kept. */
function pack(all: { members: Prepared[]; overlap: boolean }[], limits: BundleLimits): { members: Prepared[]; overlap: boolean }[] {
  const maxMatches = limits.maxTotalMatches ?? Infinity;
  const bins: { members: Prepared[]; overlap: boolean }[] = [];
  const open = new Map<string, { members: Prepared[]; overlap: boolean }>();
  for (const u of all) {
    const sig = u.members[0]!.signature;
    let bin = open.get(sig);
    const matches = (b: { members: Prepared[] }) => b.members.reduce((n, m) => n + (m.rule.matches?.length ?? 0), 0);
    if (!bin || bin.members.length + u.members.length > limits.maxRules || matches(bin) + matches(u) > maxMatches) {
      bin = { members: [], overlap: false };
      bins.push(bin);
      open.set(sig, bin);
    }
    bin.members.push(...u.members);
    bin.overlap ||= u.overlap;
  }
  return bins;
}

export function buildGatewayRoutes(input: GatewayInput): BuiltRoutes {
  const options = input.options ?? {};
  const versions = apiVersions(options.apiVersion);
  const { routes, warnings: overrideWarnings } = applyOverrides(mergeDuplicateRoutes(input.routes, input.source), input.overrides);
  const warnings: Diagnostic[] = [...overrideWarnings];
  const kinds = new Set(routes.map((r) => r.match.kind));
  if (kinds.size > 1) {
    throw new SpecError({
      message: `service ${input.service} has both HTTP and gRPC routes: Linkerd uses only the GRPCRoutes of a port that has any`,
      file: input.source,
      hint: "generate the two kinds for different Services or ports",
    });
  }
  const grpc = kinds.has("grpc");
  if (grpc && !versions.grpc) {
    throw new SpecError({
      message: `service ${input.service}: policy.linkerd.io has no GRPCRoute`,
      file: input.source,
      hint: "use apiVersion v1 (Linkerd 2.18+) or v1beta1 (Linkerd 2.15-2.17) for gRPC services",
    });
  }
  warnings.push(...lossWarnings(input, routes));

  const prepared = routes.map((r) => prepare(r, input));
  const split = units(prepared);
  let grouped = split.units;
  const separated = separate(input, split.http, split.splits, warnings);
  const packed = options.granularity === "packed";
  if (packed) grouped = pack(grouped, bundleLimits(outputBundle(options)));

  const catchAllName = defaultRouteName(input.service);
  const bases = grouped.map((u, n) => {
      if (packed) return { base: `${input.service}-routes${n === 0 ? "" : `-${n + 1}`}`, key: u.members.map((m) => m.id).join("\n") };
      // A group is named after its most general route (most parameters, then fewest literal
      // characters): adding a more specific route to it keeps the name dashboards know.
      const named = mostGeneral(u.members);
      return { base: readableName(input.service, named.key), key: named.id };
  });
  const names = assignNames(bases, new Set([catchAllName]));

  const routeNamespace = input.routeNamespace ?? input.namespace;
  const parentRef: ParentRef = { group: "core", kind: "Service", name: input.service };
  if (routeNamespace !== input.namespace) parentRef.namespace = input.namespace;
  if (options.port !== undefined) parentRef.port = options.port;

  const objects: RouteObject[] = [];
  const ruleRoutes: Route[][] = [];
  let regexMatches = 0;
  const object = (name: string, annotations: Record<string, string>, rules: (HttpRouteRule | GrpcRouteRule)[]): RouteObject => {
    const metadata = { name, namespace: routeNamespace, annotations };
    const spec = { parentRefs: [{ ...parentRef }], rules };
    return grpc
      ? ({ apiVersion: versions.grpc!, kind: "GRPCRoute", metadata, spec } as GrpcRoute)
      : ({ apiVersion: versions.http, kind: "HTTPRoute", metadata, spec } as HttpRoute);
  };
  grouped.forEach((u, n) => {
    const annotations: Record<string, string> = { ...u.members[0]!.annotations };
    if (u.members.length === 1) annotations[ROUTE_ANNOTATION] = u.members[0]!.route.name;
    else annotations[ROUTES_ANNOTATION] = JSON.stringify(u.members.map((m) => m.route.name));
    for (const m of u.members) for (const match of (m.rule as HttpRouteRule).matches ?? []) if (match.path?.type === "RegularExpression") regexMatches++;
    objects.push(object(names[n]!, annotations, u.members.map((m) => m.rule)));
    ruleRoutes.push(u.members.map((m) => m.route));
  });

  if (objects.length > 0) {
    if (options.catchAll === false) {
      warnings.push(
        warn(
          input,
          `service ${input.service}: no catch-all route: once any route is attached, the proxy answers requests that match none of them with ${grpc ? "a gRPC error status" : "404"}`,
          "keep catchAll on unless the routes list every path the service serves",
        ),
      );
    } else {
      const rule: HttpRouteRule | GrpcRouteRule = grpc ? {} : { matches: [{ path: { type: "PathPrefix", value: "/" } }] };
      objects.push(object(catchAllName, { [ROUTE_ANNOTATION]: DEFAULT_ROUTE_LABEL }, [rule]));
      ruleRoutes.push([]);
    }
  }

  return {
    objects,
    ruleRoutes,
    warnings,
    stats: {
      objects: objects.length,
      hashedNames: names.filter((name, n) => name !== bases[n]!.base).length,
      regexMatches,
      overlapObjects: grouped.filter((u) => u.overlap).length,
      ...separated,
    },
  };
}
