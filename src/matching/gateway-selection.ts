/**
 * A model of how Linkerd's proxy picks an HTTPRoute or GRPCRoute rule for a
 * request (linkerd2-proxy `linkerd/http/route/src`; contract "How Linkerd
 * picks a route"):
 *  - every rule of every route is tried; a rule's best match counts, and a
 *    rule without matches matches everything like `PathPrefix /`;
 *  - matches compare by path score, then header count, query-parameter count,
 *    then whether they name a method (HTTP); gRPC by service-name length,
 *    method-name length, header count;
 *  - path scores (`http/match/path.rs`, `match_length`): Exact its length,
 *    PathPrefix the trimmed prefix's length (segment-aware, `/` scores 1),
 *    RegularExpression the whole path's length when the leftmost match spans it;
 *  - ties keep the first candidate: routes in creationTimestamp, then
 *    namespace/name order, rules in their order.
 * Regexes run on RE2 semantics (re2js), as the proxy's Rust `regex` does.
 */
import { RE2JS } from "re2js";
import type { GrpcRoute, HttpRoute, HttpRouteMatch, RouteObject } from "../model/gateway.js";

export interface HttpRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
}

export interface Selected {
  route: RouteObject;
  rule: number;
  /** Other candidates in other route objects that scored the same: the pick rests on a tie-break. */
  tiedWith: RouteObject[];
}

type Score = number[];

function compareScores(a: Score, b: Score): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

const compiled = new Map<string, RE2JS | null>();

function regex(value: string): RE2JS | null {
  let re = compiled.get(value);
  if (re === undefined) {
    try {
      re = RE2JS.compile(value);
    } catch {
      re = null;
    }
    if (compiled.size > 10_000) compiled.clear();
    compiled.set(value, re);
  }
  return re;
}

function utf8Length(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/** The proxy's path score, or undefined when the path does not match. */
export function pathScore(match: HttpRouteMatch["path"], path: string): number | undefined {
  if (!match) return 1;
  const { type, value } = match;
  if (type === "Exact") return value === path ? utf8Length(value) : undefined;
  if (type === "PathPrefix") {
    if (value === "/") return 1;
    const prefix = value.replace(/\/+$/, "");
    const trimmed = path.replace(/\/+$/, "");
    if (!trimmed.startsWith(prefix)) return undefined;
    const suffix = trimmed.slice(prefix.length);
    return suffix === "" || suffix.startsWith("/") ? utf8Length(prefix) : undefined;
  }
  const re = regex(value);
  if (!re) return undefined; // the policy controller would not have sent it; treated as no match
  const m = re.matcher(path);
  if (!m.find()) return undefined;
  return m.start() === 0 && m.end() === path.length ? utf8Length(path) : undefined;
}

function headersMatch(match: HttpRouteMatch, request: HttpRequest): boolean {
  for (const h of match.headers ?? []) {
    const got = Object.entries(request.headers ?? {}).find(([k]) => k.toLowerCase() === h.name.toLowerCase())?.[1];
    if (got === undefined) return false;
    if ((h.type ?? "Exact") === "Exact" ? got !== h.value : !regex(h.value)?.matches(got)) return false;
  }
  return true;
}

function httpMatchScore(match: HttpRouteMatch, request: HttpRequest): Score | undefined {
  if (match.method && match.method !== request.method) return undefined;
  if (!headersMatch(match, request)) return undefined;
  const path = pathScore(match.path ?? { type: "PathPrefix", value: "/" }, request.path);
  if (path === undefined) return undefined;
  // Query parameters are not modelled: generated routes never match on them.
  if (match.queryParams?.length) return undefined;
  return [path, match.headers?.length ?? 0, 0, match.method ? 1 : 0];
}

function grpcMatchScore(m: NonNullable<GrpcRoute["spec"]["rules"][number]["matches"]>[number], request: HttpRequest): Score | undefined {
  if (request.method !== "POST") return undefined;
  const parts = request.path.split("/");
  if (parts.length !== 3 || parts[0] !== "") return undefined;
  const [, service = "", method = ""] = parts;
  const want = m.method ?? {};
  if (want.service !== undefined && want.service !== service) return undefined;
  if (want.method !== undefined && want.method !== method) return undefined;
  if ((m.headers?.length ?? 0) > 0 && !headersMatch({ headers: m.headers }, request)) return undefined;
  return [want.service?.length ?? 0, want.method?.length ?? 0, m.headers?.length ?? 0];
}

function ruleScore(route: RouteObject, rule: number, request: HttpRequest): Score | undefined {
  const r = route.spec.rules[rule]!;
  const matches = r.matches ?? [];
  if (route.kind === "HTTPRoute") {
    if (matches.length === 0) return [1, 0, 0, 0];
    let best: Score | undefined;
    for (const m of matches as HttpRouteMatch[]) {
      const s = httpMatchScore(m, request);
      if (s && (!best || compareScores(s, best) > 0)) best = s;
    }
    return best;
  }
  if (request.method !== "POST") return undefined;
  if (matches.length === 0) return [0, 0, 0];
  let best: Score | undefined;
  for (const m of (route as GrpcRoute).spec.rules[rule]!.matches!) {
    const s = grpcMatchScore(m, request);
    if (s && (!best || compareScores(s, best) > 0)) best = s;
  }
  return best;
}

/** Linkerd's order of routes: creationTimestamp (all equal here), then namespace/name. */
export function linkerdOrder<T extends RouteObject>(routes: readonly T[]): T[] {
  const key = (r: RouteObject) => `${r.metadata.namespace}/${r.metadata.name}`;
  return [...routes].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/**
 * The rule Linkerd would pick among `routes`, given in Linkerd's order (see
 * linkerdOrder). When only GRPCRoutes or only HTTPRoutes should be seen, the
 * caller passes only those (one route kind per port).
 */
export function selectRoute(routes: readonly RouteObject[], request: HttpRequest): Selected | undefined {
  let best: { route: RouteObject; rule: number; score: Score } | undefined;
  const tied: RouteObject[] = [];
  for (const route of routes) {
    for (let rule = 0; rule < route.spec.rules.length; rule++) {
      const score = ruleScore(route, rule, request);
      if (!score) continue;
      const cmp = best ? compareScores(score, best.score) : 1;
      if (cmp > 0) {
        best = { route, rule, score };
        tied.length = 0;
      } else if (cmp === 0 && best && route !== best.route && !tied.includes(route)) {
        tied.push(route);
      }
    }
  }
  return best ? { route: best.route, rule: best.rule, tiedWith: tied } : undefined;
}

export type { HttpRoute };
