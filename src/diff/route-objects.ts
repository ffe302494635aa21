/**
 * The semantic diff of a service's generated Gateway API routes in one
 * namespace (one `<service>.routes.yaml`): rules are compared by the route
 * they stand for (the serviceprofile-sync.io/route(s) annotation), never as
 * YAML text, so a rule that moved into another object shows as a change of
 * its object, not as a removal and an addition.
 */
import { DEFAULT_ROUTE_LABEL, ROUTE_ANNOTATION, ROUTES_ANNOTATION } from "../model/gateway.js";
import { RETRY_GRPC, RETRY_HTTP, RETRY_LIMIT, RETRY_TIMEOUT, TIMEOUT_REQUEST } from "../targets/gateway/retries.js";
import type { GrpcRouteRule, HttpRouteRule, RouteObject } from "../model/gateway.js";
import type { GatewayShadowGroup } from "../lint/gateway-shadowing.js";
import type { Diagnostic } from "../model/diagnostic.js";
import type { ProfileVerification } from "./verification-section.js";

export interface RouteSetIdentity {
  kind: "HTTPRoute" | "GRPCRoute";
  service: string;
  serviceNamespace: string;
  /** Namespace the route objects live in (a client namespace makes them consumer routes). */
  namespace: string;
  /** Repo path of the generated file (head's, else base's). */
  path: string;
}

export interface RuleSummary {
  /** The route's own name (`GET /books/{id}`); `[DEFAULT]` for the catch-all. */
  name: string;
  /** metadata.name of the object holding the rule: what Linkerd's route metrics are labelled with. */
  object: string;
  /** One line per match: `GET Exact /books`, `GET RegularExpression ^/books/[^/]*$`, `shop.v1.Orders/Get`, `*`. */
  matches: string[];
  /** The request timeout (rules[].timeouts.request, or timeout.linkerd.io/request); null for none. */
  timeout: string | null;
  /** The retry annotations in one line (`http=5xx limit=3 timeout=500ms`); null for no retries. */
  retry: string | null;
  /**
   * Where the timeout is written: Linkerd before 2.20 reads only the annotation on
   * gateway.networking.k8s.io routes, so a move between the two is a change of meaning.
   */
  timeoutIn: "rules[].timeouts.request" | "annotation timeout.linkerd.io/request" | null;
}

export type RuleField = "object" | "matches" | "timeout" | "timeoutIn" | "retry";

export interface RuleFieldChange {
  field: RuleField;
  from: unknown;
  to: unknown;
}

export interface RuleChange {
  name: string;
  changes: RuleFieldChange[];
}

export interface RouteSetDiff {
  routes: RouteSetIdentity;
  status: "added" | "removed" | "changed";
  rulesAdded: RuleSummary[];
  rulesRemoved: RuleSummary[];
  rulesChanged: RuleChange[];
  /** Objects added or removed by name (a rename shows here and as `object` changes). */
  objectsAdded: string[];
  objectsRemoved: string[];
  /** Set when the service's ServiceProfile in that namespace is removed in the same change (an added route set, or one kept from target: both). */
  replacesProfile?: boolean;
  /** Set when head also generates a ServiceProfile for the service in that namespace: it wins while it exists. */
  alongsideProfile?: boolean;
  /**
   * What head's routes cannot carry over (a retry budget, response classes, a first-match order),
   * when base's routes did not lose it already: listed with the change that causes it, once.
   */
  losses?: Diagnostic[];
  /** Rules of head's routes that Linkerd can never pick and base's could (lint/gateway-shadowing.ts), grouped. */
  shadowing?: GatewayShadowGroup[];
  /** Present when head's config lists tap recordings for the service: head's routes replayed against them (unmatched: would get 404). */
  verification?: ProfileVerification;
}

function matchLines(route: RouteObject, rule: HttpRouteRule | GrpcRouteRule): string[] {
  const matches = rule.matches ?? [];
  if (matches.length === 0) return ["*"];
  if (route.kind === "GRPCRoute") {
    return (rule as GrpcRouteRule).matches!.map((m) => `${m.method?.service ?? "*"}/${m.method?.method ?? "*"}`);
  }
  return (rule as HttpRouteRule).matches!.map((m) => [m.method ?? "*", m.path ? `${m.path.type} ${m.path.value}` : "PathPrefix /"].join(" "));
}

function retryLine(annotations: Record<string, string>): string | null {
  const parts: string[] = [];
  if (annotations[RETRY_HTTP] !== undefined) parts.push(`http=${annotations[RETRY_HTTP]}`);
  if (annotations[RETRY_GRPC] !== undefined) parts.push(`grpc=${annotations[RETRY_GRPC]}`);
  if (annotations[RETRY_LIMIT] !== undefined) parts.push(`limit=${annotations[RETRY_LIMIT]}`);
  if (annotations[RETRY_TIMEOUT] !== undefined) parts.push(`timeout=${annotations[RETRY_TIMEOUT]}`);
  return parts.length ? parts.join(" ") : null;
}

/** Every rule of a route set, keyed by the route it stands for. */
export function ruleSummaries(objects: readonly RouteObject[]): Map<string, RuleSummary> {
  const out = new Map<string, RuleSummary>();
  for (const o of objects) {
    const annotations = o.metadata.annotations ?? {};
    let names: string[];
    try {
      names = annotations[ROUTES_ANNOTATION] !== undefined ? (JSON.parse(annotations[ROUTES_ANNOTATION]) as string[]) : [annotations[ROUTE_ANNOTATION] ?? o.metadata.name];
    } catch {
      names = [];
    }
    o.spec.rules.forEach((rule, i) => {
      const name = names[i] ?? `${o.metadata.name}[${i}]`;
      const httpTimeout = (rule as HttpRouteRule).timeouts?.request;
      out.set(name, {
        name,
        object: o.metadata.name,
        matches: matchLines(o, rule),
        timeout: httpTimeout ?? annotations[TIMEOUT_REQUEST] ?? null,
        retry: retryLine(annotations),
        timeoutIn: httpTimeout !== undefined ? "rules[].timeouts.request" : annotations[TIMEOUT_REQUEST] !== undefined ? "annotation timeout.linkerd.io/request" : null,
      });
    });
  }
  return out;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function diffRouteSet(identity: RouteSetIdentity, base: readonly RouteObject[] | undefined, head: readonly RouteObject[] | undefined): RouteSetDiff | undefined {
  const a = ruleSummaries(base ?? []);
  const b = ruleSummaries(head ?? []);
  const rulesAdded = [...b.values()].filter((r) => !a.has(r.name));
  const rulesRemoved = [...a.values()].filter((r) => !b.has(r.name));
  const rulesChanged: RuleChange[] = [];
  for (const [name, to] of b) {
    const from = a.get(name);
    if (!from) continue;
    const changes: RuleFieldChange[] = [];
    for (const field of ["object", "matches", "timeout", "retry"] as const) if (!same(from[field], to[field])) changes.push({ field, from: from[field], to: to[field] });
    // A timeout added or removed says so above; one that stays but moves is a change of its own.
    if (from.timeout !== null && to.timeout !== null && from.timeoutIn !== to.timeoutIn) changes.push({ field: "timeoutIn", from: from.timeoutIn, to: to.timeoutIn });
    if (changes.length) rulesChanged.push({ name, changes });
  }
  const namesA = new Set((base ?? []).map((o) => o.metadata.name));
  const namesB = new Set((head ?? []).map((o) => o.metadata.name));
  const objectsAdded = [...namesB].filter((n) => !namesA.has(n));
  const objectsRemoved = [...namesA].filter((n) => !namesB.has(n));
  const status = base === undefined ? "added" : head === undefined ? "removed" : "changed";
  if (status === "changed" && !rulesAdded.length && !rulesRemoved.length && !rulesChanged.length && !objectsAdded.length && !objectsRemoved.length) return undefined;
  return { routes: identity, status, rulesAdded, rulesRemoved, rulesChanged, objectsAdded, objectsRemoved };
}

export function isCatchAll(r: RuleSummary): boolean {
  return r.name === DEFAULT_ROUTE_LABEL;
}
