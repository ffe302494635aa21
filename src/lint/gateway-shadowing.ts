/**
 * The Gateway API shadowing lint: HTTPRoute rules Linkerd can never pick,
 * because other rules win every request they match. The ServiceProfile
 * lint's counterpart (profile-shadowing.ts), with the proxy's Gateway API
 * precedence (targets/gateway/selection.ts, linkerd2-proxy
 * `linkerd/http/route/src/http/match`): the longest path match wins, an
 * Exact path and a RegularExpression both count the whole path's length
 * (so they tie), then header count, query-parameter count, a method; ties
 * go to the earlier rule, objects by creationTimestamp then name. A rule
 * that loses only such a tie between objects is not reported: which object
 * is older differs between clusters.
 *
 * For the rules this models — one match of a method (or none) and an Exact
 * or whole-path RegularExpression, no headers or query parameters: every
 * rule serviceprofile-sync generates — the score of every matching rule is
 * the same for a given request, up to the method. So precedence among them
 * is a first-match order: rules naming a method in Linkerd's order, then the
 * rest. That order goes through the ServiceProfile lint's automata (decided
 * for every possible request, not sampled). As a guard on that translation,
 * the example requests of the first findings are replayed through the
 * selection model, which must pick another rule, or the finding is dropped
 * (all of them would cost a regex compile per rule: bounded, so the lint
 * stays linear and cheap). Rules outside the model are neither reported
 * nor counted as winners: what is reported is always true.
 *
 * Findings are grouped by the rules that take the requests, one line per
 * group, and the lines are capped with a count of the rest.
 */
import type { Diagnostic } from "../model/diagnostic.js";
import { quoteMeta } from "../model/path-regex.js";
import type { Route } from "../model/route.js";
import type { RouteSpec } from "../model/serviceprofile.js";
import { ruleRouteName } from "../model/gateway.js";
import { linkerdOrder, selectRoute } from "../matching/gateway-selection.js";
import type { HttpRoute, RouteObject } from "../model/gateway.js";
import { orderSpecificFirst, profileShadowing, type ShadowWarning } from "./profile-shadowing.js";

/** `Diagnostic.code` of this lint's warnings (the diff lists them apart, per route set). */
export const GATEWAY_SHADOW_CODE = "rule-shadowed";

/** Lines of findings shown per route set; the rest are counted. */
export const MAX_SHADOW_LINES = 10;
/** Rules named per line; the rest are counted. */
const MAX_NAMES = 10;
/** Findings whose example is replayed through the selection model (the first ones, which the lines show). */
const MAX_REPLAYED = 50;

export interface RuleRef {
  /** metadata.name of the object. */
  object: string;
  /** Index into spec.rules (as `verify` counts them). */
  rule: number;
  /** The route the rule stands for (serviceprofile-sync annotations), when known. */
  route?: string;
}

export interface GatewayShadowGroup {
  reason: ShadowWarning["reason"];
  /** The rules that take the requests (several for "covered-together"; none for "matches-nothing"). */
  by: RuleRef[];
  /** The rules that can never be picked because of them, in Linkerd's order. */
  dead: RuleRef[];
  /** A request of the first dead rule. */
  example?: string;
  /** The rule the selection model picks for the example (for the first findings only: see MAX_REPLAYED). */
  takenBy?: RuleRef;
}

interface Modelled {
  ref: RuleRef;
  object: HttpRoute;
  method?: string;
  pathRegex: string;
}

/**
 * A RegularExpression the proxy runs unanchored, matching only when its
 * leftmost-first match spans the path: for `^X$` without an alternation any
 * match spans, so it means what the ServiceProfile regex `X` means (anchored
 * for you). Undefined for anything else.
 */
function wholePathRegex(value: string): string | undefined {
  const bare = value.replace(/\\./g, "");
  if (!bare.startsWith("^") || !bare.endsWith("$") || bare.includes("|")) return undefined;
  return value.slice(1, -1);
}

function modelled(object: HttpRoute, rule: number): Modelled | undefined {
  const matches = object.spec.rules[rule]?.matches ?? [];
  if (matches.length !== 1) return undefined;
  const m = matches[0]!;
  if (m.headers?.length || m.queryParams?.length || !m.path) return undefined;
  const pathRegex = m.path.type === "Exact" ? quoteMeta(m.path.value) : m.path.type === "RegularExpression" ? wholePathRegex(m.path.value) : undefined;
  if (pathRegex === undefined) return undefined;
  const route = ruleRouteName(object, rule);
  return { ref: { object: object.metadata.name, rule, ...(route !== undefined ? { route } : {}) }, object, ...(m.method ? { method: m.method } : {}), pathRegex };
}

function refKey(r: RuleRef): string {
  return `${r.object}\u0000${r.rule}`;
}

function parseExample(example: string, fallbackMethod: string): { method: string; path: string } {
  const space = example.indexOf(" ");
  return space > 0 && !example.startsWith("/") ? { method: example.slice(0, space), path: example.slice(space + 1) } : { method: fallbackMethod, path: example };
}

/** The rules of a route set Linkerd can never pick, grouped by the rules that take their requests. */
export function gatewayShadowing(objects: readonly RouteObject[]): GatewayShadowGroup[] {
  // One route kind per port: with any GRPCRoute the HTTPRoutes are not used, and gRPC rules match exact names.
  if (objects.length === 0 || objects.some((o) => o.kind !== "HTTPRoute")) return [];
  const ordered = linkerdOrder(objects as HttpRoute[]);
  const rules: Modelled[] = [];
  for (const o of ordered) for (let i = 0; i < o.spec.rules.length; i++) rules.push(...[modelled(o, i)].filter((m): m is Modelled => m !== undefined));
  // A method outscores no method on the same path: those rules come after every rule naming one.
  const precedence = [...rules.filter((r) => r.method !== undefined), ...rules.filter((r) => r.method === undefined)];
  const specs: RouteSpec[] = precedence.map((r, i) => ({ name: String(i), condition: { ...(r.method ? { method: r.method } : {}), pathRegex: r.pathRegex } }));
  const groups = new Map<string, GatewayShadowGroup>();
  let replayed = 0;
  for (const w of profileShadowing({ spec: { routes: specs } })) {
    const dead = precedence[Number(w.route)]!;
    const by = w.by.map((n) => precedence[Number(n)]!);
    // Between objects, equal scores go to the older object (creationTimestamp), then the name: a rule
    // beaten only that way is not dead on every cluster, and the tie is reported where it is made
    // (the emitter's overlap warning). Dead for sure: beaten within its own object, or outscored (a method).
    if (!by.every((b) => b.object === dead.object || (b.method !== undefined && dead.method === undefined))) continue;
    let takenBy: RuleRef | undefined;
    if (w.example !== undefined && replayed++ < MAX_REPLAYED) {
      // The selection model must agree: among the objects involved, another rule takes the example.
      const involved = new Set([dead.object, ...by.map((b) => b.object)]);
      const picked = selectRoute(
        ordered.filter((o) => involved.has(o)),
        parseExample(w.example, dead.method ?? "GET"),
      );
      if (!picked || (picked.route === dead.object && picked.rule === dead.ref.rule)) continue;
      const route = ruleRouteName(picked.route, picked.rule);
      takenBy = { object: picked.route.metadata.name, rule: picked.rule, ...(route !== undefined ? { route } : {}) };
    }
    const key = `${w.reason}\u0001${by.map((b) => refKey(b.ref)).join("\u0001")}`;
    const group = groups.get(key);
    if (group) group.dead.push(dead.ref);
    else groups.set(key, { reason: w.reason, by: by.map((b) => b.ref), dead: [dead.ref], ...(w.example !== undefined ? { example: w.example } : {}), ...(takenBy ? { takenBy } : {}) });
  }
  const position = new Map(rules.map((r, i) => [refKey(r.ref), i]));
  const at = (r: RuleRef) => position.get(refKey(r)) ?? 0;
  for (const g of groups.values()) g.dead.sort((a, b) => at(a) - at(b));
  return [...groups.values()].sort((a, b) => at(a.dead[0]!) - at(b.dead[0]!));
}

/** `"GET /books/{id}" (webapp-get-books-id rule 1)`, or `webapp-get-books-id rule 1` for a rule of no known route. */
export function ruleName(r: RuleRef): string {
  return r.route !== undefined ? `"${r.route}" (${r.object} rule ${r.rule})` : `${r.object} rule ${r.rule}`;
}

function nameList(refs: RuleRef[]): string {
  const shown = refs.slice(0, MAX_NAMES).map(ruleName).join(", ");
  return refs.length > MAX_NAMES ? `${shown} and ${refs.length - MAX_NAMES} more` : shown;
}

/** One line per group, the same in every face (stderr, diff, PR comment). */
export function gatewayShadowLine(g: GatewayShadowGroup): string {
  const one = g.dead.length === 1;
  const subject = one ? `rule ${ruleName(g.dead[0]!)} can never be picked` : `${g.dead.length} rules can never be picked`;
  const them = one ? "it matches" : "they match";
  const list = one ? "" : `: ${nameList(g.dead)}`;
  const taker = g.takenBy && (g.by.length !== 1 || refKey(g.takenBy) !== refKey(g.by[0]!)) ? ` goes to ${ruleName(g.takenBy)}` : "";
  const example = g.example ? `; e.g. ${g.example}${taker}` : "";
  switch (g.reason) {
    case "identical":
      return `${subject}: ${ruleName(g.by[0]!)} has the same match and wins the tie${list}${example}`;
    case "covered":
      return `${subject}: ${ruleName(g.by[0]!)} takes every request ${them}${list}${example}`;
    case "covered-together":
      return `${subject}: ${nameList(g.by)} together take every request ${them}${list}${example}`;
    case "matches-nothing":
      return `${subject}: ${one ? "its match matches" : "their matches match"} no request path${list}`;
  }
}

/** The lines for a list of groups: at most `max`, then one line counting the rest. */
export function gatewayShadowLines(groups: readonly GatewayShadowGroup[], max = MAX_SHADOW_LINES): string[] {
  const lines = groups.slice(0, max).map(gatewayShadowLine);
  const rest = groups.slice(max);
  if (rest.length) {
    const rules = rest.reduce((n, g) => n + g.dead.length, 0);
    lines.push(`… and ${rules} more ${rules === 1 ? "rule" : "rules"} that can never be picked (${rest.length} more ${rest.length === 1 ? "group" : "groups"})`);
  }
  return lines;
}

export const GATEWAY_SHADOW_HINT =
  "Linkerd picks the longest path match (an Exact path and a RegularExpression both count the whole path, so they tie), then the most headers, query parameters, a method; a tie goes to the earlier rule. Put the narrower route first (routeOrder: specific-first in the config, --route-order specific-first for routes), or narrow the wider route's path";

/** The findings as warnings of the file the routes come from, capped as gatewayShadowLines caps them. */
export function gatewayShadowDiagnostics(objects: readonly RouteObject[], file?: string): Diagnostic[] {
  const groups = gatewayShadowing(objects);
  return gatewayShadowLines(groups).map((message, i) => ({
    severity: "warning",
    code: GATEWAY_SHADOW_CODE,
    message,
    ...(file !== undefined ? { file } : {}),
    // The line counting the rest has no hint of its own: the lines above give it.
    ...(i >= MAX_SHADOW_LINES ? {} : groups[i]?.reason === "matches-nothing" ? { hint: "check the rule's path (a request path starts with /)" } : { hint: GATEWAY_SHADOW_HINT }),
  }));
}

/** Identifies a dead rule across two versions of a route set: by its route (else its place) and why, not by position. */
function deadKey(g: GatewayShadowGroup, r: RuleRef): string {
  const name = (x: RuleRef) => x.route ?? `${x.object}[${x.rule}]`;
  return JSON.stringify([name(r), g.reason, g.by.map(name).sort()]);
}

/** Head's dead rules that base does not have: what a change introduces, still grouped. */
export function introducedGatewayShadowing(base: readonly RouteObject[] | undefined, head: readonly RouteObject[] | undefined): GatewayShadowGroup[] {
  if (!head) return [];
  const before = new Set((base ? gatewayShadowing(base) : []).flatMap((g) => g.dead.map((r) => deadKey(g, r))));
  const out: GatewayShadowGroup[] = [];
  for (const g of gatewayShadowing(head)) {
    const dead = g.dead.filter((r) => !before.has(deadKey(g, r)));
    if (dead.length) out.push({ ...g, dead });
  }
  return out;
}

/**
 * `routeOrder: specific-first` for Gateway API routes. The proxy's score
 * decides before rule order does, but every rule generated for overlapping
 * routes ties with the others on score (an Exact path and a RegularExpression
 * both count the whole path), and overlapping routes share one object in the
 * order given: so the order decides, and the ServiceProfile's specific-first
 * order (each shadowed route moved in front of those that take its requests)
 * carries over. gRPC rules match exact names and never overlap: unchanged.
 */
export function routesSpecificFirst(routes: readonly Route[]): Route[] {
  const specs: RouteSpec[] = [];
  for (const [i, r] of routes.entries()) {
    if (r.match.kind !== "http") return [...routes];
    specs.push({ name: String(i), condition: { method: r.match.method, pathRegex: r.match.pathRegex } });
  }
  return orderSpecificFirst(specs).map((s) => routes[Number(s.name)]!);
}
