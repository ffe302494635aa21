/**
 * The ServiceProfile shadowing lint: routes an earlier route makes
 * unreachable (the proxy takes the first route that matches), decided for
 * every possible request by the regex automata (tap/shadow.ts), no
 * recording needed. `linkerd profile` writes routes in byte order of their
 * paths, so `/books/{id}` lands before `/books/{id}.json` and the second can
 * never match; this says so, with both routes and an example request.
 *
 * Also the opt-in "specific-first" route order, which moves each shadowed
 * route in front of the routes that take its requests, so that none is
 * shadowed where such an order exists. The route set stays the same.
 */
import type { Diagnostic } from "../model/diagnostic.js";
import type { RouteSpec, ServiceProfile } from "../model/serviceprofile.js";
import { findShadowedRoutes, type ShadowFinding } from "../matching/shadow.js";
import { TemplateTrie } from "../matching/template-trie.js";
import { pathRegexTemplate } from "../model/path-regex.js";
import { quotedList, shorten } from "../model/shorten.js";
import { samplePath, sampleSegments, templateCovers, templateSegments, type Segment } from "../matching/template-paths.js";

/** `Diagnostic.code` of every warning this lint emits (the diff lists them apart, per profile). */
export const SHADOW_CODE = "route-shadowed";

export type RouteOrder = "linkerd" | "specific-first";
export const ROUTE_ORDERS: readonly RouteOrder[] = ["linkerd", "specific-first"];

export interface ShadowWarning {
  /** The route that can never match, and its index in the profile. */
  route: string;
  index: number;
  /** The earlier routes that take its requests (empty when it matches nothing at all). */
  by: string[];
  reason: ShadowFinding["reason"];
  /** `GET /books/.json`: a request the route would match. */
  example?: string;
  /** The earlier route that takes the example. */
  takenBy?: string;
}


function toWarning(f: ShadowFinding): ShadowWarning {
  const example = f.example ? `${f.example.method ? `${f.example.method} ` : ""}${f.example.path}` : undefined;
  return {
    route: f.route,
    index: f.index,
    by: f.by,
    reason: f.reason,
    ...(example !== undefined ? { example } : {}),
    ...(f.example ? { takenBy: f.example.takenBy } : {}),
  };
}

/** Parameter values that rarely equal a literal of another route. */
const SAMPLE_VALUES = ["1", "zq9x", "serviceprofile-sync-probe"];

/** Characters no request path the proxy sees holds: a route that needs one matches nothing. */
// eslint-disable-next-line no-control-regex -- control characters are what the proxy never sees in a path
const NOT_IN_PATHS = /[?#\x00-\x20\x7f]/;

/** A condition of just a method and a path regex (for-in: an Object.keys array per route was garbage). */
function onlyMethodAndPath(condition: Record<string, unknown>): boolean {
  for (const key in condition) if (Object.hasOwn(condition, key) && key !== "method" && key !== "pathRegex") return false;
  return true;
}

/**
 * The analysis, cut down to what can be shadowed. When every route is a
 * generated method + template regex, a route is shadowed only by earlier
 * routes whose templates meet its own, and a probe request that no earlier
 * route takes proves it reachable; the automata run only for the few routes
 * no cheap proof settles, over just the routes that meet them (a 758-route
 * spec took minutes over the whole profile).
 */
function shadowFindings(profile: Pick<ServiceProfile, "spec">): ShadowFinding[] {
  const routes = profile.spec?.routes ?? [];
  const shaped = routes.map((r) => {
    const c = r.condition as Record<string, unknown> | undefined;
    if (!c || !onlyMethodAndPath(c) || typeof c.method !== "string" || typeof c.pathRegex !== "string") return undefined;
    const regex = c.pathRegex.trim();
    const template = pathRegexTemplate(regex);
    return template === undefined ? undefined : { method: c.method.toUpperCase(), regex, template };
  });
  if (shaped.some((s) => s === undefined)) return findShadowedRoutes(profile).shadowed;
  const t = shaped as { method: string; regex: string; template: string }[];
  const out: ShadowFinding[] = [];
  // A literal the proxy never sees in a path (`#`, `?`, a space) or a path without its leading `/`:
  // the route matches nothing, and so covers nothing. Decided here, as the automata would.
  // The first route of each condition, by method and then regex (no "method regex" string per route).
  const firstWithCondition = new Map<string, Map<string, number>>();
  const reachable: number[] = [];
  t.forEach((r, i) => {
    let byRegex = firstWithCondition.get(r.method);
    if (!byRegex) firstWithCondition.set(r.method, (byRegex = new Map()));
    const same = byRegex.get(r.regex);
    if (same === undefined) byRegex.set(r.regex, i);
    const route = routes[i]!.name;
    if (r.template.startsWith("/") && !NOT_IN_PATHS.test(r.template)) {
      // The same condition as an earlier route (`/items/{id}` and `/items/{name}`): identical, its shortest request as the example.
      if (same !== undefined) out.push({ index: i, route, by: [routes[same]!.name], byIndex: [same], reason: "identical", example: { method: r.method, path: samplePath(r.template, ""), takenBy: routes[same]!.name } });
      else reachable.push(i);
      return;
    }
    out.push(same !== undefined ? { index: i, route, by: [routes[same]!.name], byIndex: [same], reason: "identical" } : { index: i, route, by: [], byIndex: [], reason: "matches-nothing" });
  });
  /** The findings for b, given the earlier routes (ascending) that meet it: the cheap proofs first, then the automata. */
  const shadowedBy = (b: number, earlier: number[]): ShadowFinding[] => {
    // A parameter segment of b that every earlier route pins to a literal: finitely many values
    // cannot cover infinitely many, so b keeps requests of its own.
    if (segments[b]!.some((seg, k) => seg.params > 0 && earlier.every((a) => segments[a]![k]!.params === 0))) return [];
    // The first earlier route that takes all of b's requests, as the automata would name it (b's shortest
    // request as the example); they run only when a route before it is not simply decided, or to see
    // whether several routes cover b together.
    let undecided = false;
    for (const a of earlier) {
      const covers = templateCovers(segments[a]!, segments[b]!);
      if (covers === undefined) {
        undecided = true;
        break;
      }
      if (covers) {
        return [{ index: b, route: routes[b]!.name, by: [routes[a]!.name], byIndex: [a], reason: "covered", example: { method: t[b]!.method, path: samplePath(t[b]!.template, ""), takenBy: routes[a]!.name } }];
      }
    }
    if (!undecided && earlier.length < 2) return [];
    const ids = [...earlier, b];
    return remap(findShadowedRoutes({ spec: { routes: ids.map((i) => routes[i]!) } }).shadowed.filter((f) => f.index === ids.length - 1), ids);
  };
  // Distinct literal paths never meet: without a parameter anywhere (every proto service) nothing else can
  // be shadowed. A template without a brace has none, and needs no parsing to tell.
  if (!reachable.some((i) => t[i]!.template.includes("{"))) return out.sort((a, b) => a.index - b.index);
  const literals = new Map<string, Segment>();
  const segments = t.map((r) => templateSegments(r.template, literals));
  if (!reachable.some((i) => segments[i]!.some((seg) => seg.params > 0))) return out.sort((a, b) => a.index - b.index);
  // Earlier routes only ever shadow later ones: walk in order, the trie holding the reachable routes so far.
  const trie = new TemplateTrie();
  for (const b of reachable) {
    const method = t[b]!.method;
    // A request of b that no earlier route matches proves it reachable: one trie lookup per probe,
    // which settles almost every route before anything is enumerated.
    const settled = SAMPLE_VALUES.some((v) => !trie.anyMeeting(method, sampleSegments(segments[b]!, v), b));
    if (!settled) out.push(...shadowedBy(b, trie.meeting(method, segments[b]!, b)));
    trie.add(b, method, segments[b]!);
  }
  return out.sort((a, b) => a.index - b.index);
}

function remap(findings: ShadowFinding[], ids: number[]): ShadowFinding[] {
  return findings.map((f) => ({ ...f, index: ids[f.index]!, byIndex: f.byIndex.map((i) => ids[i]!) }));
}

/** The profile's unreachable routes, in profile order. */
export function profileShadowing(profile: Pick<ServiceProfile, "spec">): ShadowWarning[] {
  return shadowFindings(profile).map(toWarning);
}

/** One line per warning, the same in every face (stderr, diff, PR comment). */
export function shadowLine(w: ShadowWarning): string {
  const e = w.example ? `, e.g. ${shorten(w.example)}${w.by.length > 1 && w.takenBy ? ` goes to "${shorten(w.takenBy)}"` : ""}` : "";
  const route = shorten(w.route);
  switch (w.reason) {
    case "identical":
      return `route "${route}" can never match: "${shorten(w.by[0] ?? "")}" comes first with the same condition${e}`;
    case "covered":
      return `route "${route}" can never match: "${shorten(w.by[0] ?? "")}" comes first and matches every request it matches${e}`;
    case "covered-together":
      return `route "${route}" can never match: the earlier routes ${quotedList(w.by)} together match every request it matches${e}`;
    case "matches-nothing":
      return `route "${route}" can never match: its condition matches no request at all`;
  }
}

const HINT =
  "the proxy takes the first route that matches: put the more specific route first (routeOrder: specific-first in the config, --route-order specific-first for profile), or narrow the earlier route's regex";

/** The warnings as diagnostics of the file the profile comes from. */
export function shadowDiagnostics(profile: Pick<ServiceProfile, "spec">, file?: string): Diagnostic[] {
  return profileShadowing(profile).map((w) => ({
    severity: "warning",
    code: SHADOW_CODE,
    message: shadowLine(w),
    ...(file !== undefined ? { file } : {}),
    hint: w.reason === "matches-nothing" ? "check the route's condition (a path regex must match a path starting with /)" : HINT,
  }));
}

/** Identifies a warning across two versions of a profile: the routes involved and why, not their positions. */
function key(w: ShadowWarning): string {
  return JSON.stringify([w.route, w.reason, [...w.by].sort()]);
}

/** Head's warnings that base does not have: what a change introduces. */
export function introducedShadowing(base: Pick<ServiceProfile, "spec"> | undefined, head: Pick<ServiceProfile, "spec"> | undefined): ShadowWarning[] {
  if (!head) return [];
  const before = new Set((base ? profileShadowing(base) : []).map(key));
  return profileShadowing(head).filter((w) => !before.has(key(w)));
}

/**
 * Routes reordered most specific first: each shadowed route moves in front
 * of the earliest route that takes its requests, until none moves. Routes
 * with the same condition, or that match nothing, stay where they are (no
 * order helps them); a move that would undo an earlier one is not made, so
 * this ends. Untouched routes keep their relative order.
 */
export function orderSpecificFirst(routes: RouteSpec[]): RouteSpec[] {
  const order = [...routes];
  const done = new Set<string>();
  for (let pass = 0; pass <= routes.length; pass++) {
    const findings = findShadowedRoutes({ spec: { routes: order } }).shadowed.filter((f) => f.reason === "covered" || f.reason === "covered-together");
    let moved = false;
    for (const f of findings) {
      const target = Math.min(...f.byIndex);
      const pair = `${f.route}\u0000${order[target]!.name}`;
      const undo = `${order[target]!.name}\u0000${f.route}`;
      if (done.has(undo) || done.has(pair)) continue;
      done.add(pair);
      const [route] = order.splice(f.index, 1);
      order.splice(target, 0, route!);
      moved = true;
      break; // indexes changed: look again
    }
    if (!moved) break;
  }
  return order;
}
