/**
 * Does every request still reach the route the profile sent it to? The
 * profile side is the proxy's first match over full conditions (match.ts);
 * the Gateway API side is the selection model (targets/gateway/selection.ts).
 * The requests asked about come from the regex automata: a shortest path of
 * every route's every alternative, and of every pair of alternatives that
 * can see the same request, so a change anywhere in the route set shows up
 * with an example. Recorded traffic can be replayed the same way.
 */
import type { RequestMatch, ServiceProfile } from "../model/serviceprofile.js";
import { proxyAnchoredPathRegex } from "../matching/proxy-regex.js";
import { matchPath } from "../matching/profile-match.js";
import { DEFAULT_ROUTE_LABEL, ruleRouteName } from "../model/gateway.js";
import { linkerdOrder, selectRoute, type HttpRequest } from "../matching/gateway-selection.js";
import type { RouteObject } from "../model/gateway.js";
import { routeObjectIndex } from "./candidates.js";
import { conditionDnf, literalOf, TooLarge, type Term } from "./condition.js";
import { overlappingPairs, profilePicker, type Migration } from "./convert.js";
import { commonPath } from "./witness.js";

export interface PrecedenceChange {
  request: HttpRequest;
  /** The profile's first match; undefined: none ([DEFAULT]). */
  profile: string | undefined;
  /** The Gateway API pick: a route name, `[DEFAULT]` for the catch-all, undefined for a 404. */
  gateway: string | undefined;
  /** Objects that tied with the pick: creationTimestamp and name decide. */
  tieBreak: string[];
  /** Why, when the report knows (a route not migrated, a dropped `not`, a tie-break). */
  explanation?: string;
}

const OTHER_METHOD = "GET";

function termsOf(profile: ServiceProfile): { route: number; term: Term }[] {
  const out: { route: number; term: Term }[] = [];
  (profile.spec?.routes ?? []).forEach((spec, route) => {
    try {
      for (const term of conditionDnf(spec.condition).terms ?? []) out.push({ route, term });
    } catch (err) {
      if (!(err instanceof TooLarge)) throw err;
    }
  });
  return out;
}

function samplePath(t: Term): string | undefined {
  if (t.paths.length === 0) return "/";
  const lit = t.paths.length === 1 ? literalOf(t.paths[0]!) : undefined;
  if (lit !== undefined) return lit;
  const w = commonPath(t.paths.map(proxyAnchoredPathRegex));
  return w.result === "found" ? w.path : undefined;
}

function regexesIn(c: RequestMatch | undefined, out: string[] = [], depth = 0): string[] {
  if (!c || typeof c !== "object" || depth > 50) return out;
  if (typeof c.pathRegex === "string" && c.pathRegex !== "") out.push(c.pathRegex);
  for (const sub of [...(Array.isArray(c.all) ? c.all : []), ...(Array.isArray(c.any) ? c.any : []), ...(Array.isArray(c.not) ? c.not : c.not ? [c.not] : [])]) regexesIn(sub, out, depth + 1);
  return out;
}

/** The requests worth asking about for a profile. */
export function probeRequestsFor(profile: ServiceProfile): HttpRequest[] {
  const out: HttpRequest[] = [];
  const seen = new Set<string>();
  const add = (method: string, path: string) => {
    const key = `${method} ${path}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ method, path });
  };
  // The same regex comes back as a term and inside its condition: one witness search each.
  const samples = new Map<string, string | undefined>();
  const sampleOf = (t: Term) => {
    const key = JSON.stringify(t.paths);
    if (!samples.has(key)) samples.set(key, samplePath(t));
    return samples.get(key);
  };
  const terms = termsOf(profile);
  const methods = [...new Set(terms.map((t) => t.term.method ?? OTHER_METHOD))];
  // Every regex anywhere in a condition (inside `not` too): the requests a dropped part decided.
  for (const spec of profile.spec?.routes ?? []) {
    for (const re of regexesIn(spec.condition)) {
      const p = sampleOf({ paths: [re] });
      if (p !== undefined) for (const m of methods) add(m, p);
    }
  }
  for (const { term } of terms) {
    const p = sampleOf(term);
    if (p !== undefined) add(term.method ?? OTHER_METHOD, p);
  }
  // Every pair of alternatives of different routes that can see the same request.
  for (const o of overlappingPairs(terms.map((t) => ({ owner: t.route, term: t.term })))) add(o.example.method ?? OTHER_METHOD, o.example.path);
  add(OTHER_METHOD, "/serviceprofile-sync/unmatched");
  add("POST", "/serviceprofile.sync.Unknown/Call");
  return out;
}

export interface Replayer {
  /** One request: undefined when both sides agree. */
  check(request: HttpRequest): PrecedenceChange | undefined;
}

/** Compares the profile's pick with Linkerd's Gateway API pick over the migrated objects. */
export function replayer(profile: ServiceProfile, migration: Pick<Migration, "objects" | "kind" | "lost" | "unmigrated">): Replayer {
  const pick = profilePicker(profile);
  const ordered = linkerdOrder(migration.objects);
  // selectRoute over the objects that can match the path, in the same order, picks what it picks over all of them.
  const index = routeObjectIndex(ordered);
  const grpc = migration.kind === "GRPCRoute";
  const notLost = new Set(migration.lost.filter((l) => l.kind === "not-condition").map((l) => l.route));
  const unmigrated = new Set(migration.unmigrated);
  return {
    check(request) {
      // A GRPCRoute port carries gRPC only: POST requests are the ones that tell.
      if (grpc && request.method !== "POST") return undefined;
      const want = pick(request);
      const picked = selectRoute(
        index.candidates(request.path).map((i) => ordered[i]!),
        request,
      );
      // With no route attached Linkerd keeps its default route.
      const got = migration.objects.length === 0 ? DEFAULT_ROUTE_LABEL : picked ? ruleRouteName(picked.route, picked.rule) : undefined;
      const expected = want ?? DEFAULT_ROUTE_LABEL;
      const tie = picked ? picked.tiedWith.map((o) => o.metadata.name) : [];
      if (got === expected && tie.length === 0) return undefined;
      let explanation: string | undefined;
      if (want !== undefined && unmigrated.has(want)) explanation = `route "${want}" is not migrated`;
      else if (got !== undefined && notLost.has(got)) explanation = `route "${got}" lost its \`not\` condition and now also takes this request`;
      else if (got === undefined) explanation = grpc ? "no GRPCRoute matches and there is no catch-all: the proxy answers with an error status" : "no HTTPRoute matches and there is no catch-all: the proxy answers 404";
      else if (tie.length) explanation = `${picked!.route.metadata.name} ties with ${tie.join(", ")}; Linkerd picks by creationTimestamp, then name`;
      return { request, profile: want, gateway: got, tieBreak: tie, ...(explanation ? { explanation } : {}) };
    },
  };
}

export function precedenceChanges(profile: ServiceProfile, migration: Migration, requests: HttpRequest[] = probeRequestsFor(profile)): PrecedenceChange[] {
  const r = replayer(profile, migration);
  return requests.map((q) => r.check(q)).filter((c): c is PrecedenceChange => c !== undefined);
}

export interface TapReplay {
  requests: number;
  /** Requests whose route differs (404s included). */
  changed: number;
  /** Requests no migrated route matches (no catch-all). */
  notFound: number;
  /** Requests that keep their route only by a creationTimestamp/name tie-break. */
  tieBreaks: number;
  /** The most frequent changes, with counts. */
  examples: (PrecedenceChange & { count: number })[];
}

/** Accumulates recorded inbound requests. */
export class TapReplayer {
  private readonly r: Replayer;
  private readonly counts = new Map<string, PrecedenceChange & { count: number }>();
  readonly result: TapReplay = { requests: 0, changed: 0, notFound: 0, tieBreaks: 0, examples: [] };

  constructor(profile: ServiceProfile, migration: Migration) {
    this.r = replayer(profile, migration);
  }

  add(method: string, recordedPath: string): void {
    this.result.requests++;
    const c = this.r.check({ method, path: matchPath(recordedPath) });
    if (!c) return;
    if (c.gateway === (c.profile ?? DEFAULT_ROUTE_LABEL)) {
      this.result.tieBreaks++;
      return;
    }
    this.result.changed++;
    if (c.gateway === undefined) this.result.notFound++;
    const key = `${c.profile}\u0000${c.gateway}`;
    const e = this.counts.get(key);
    if (e) e.count++;
    else if (this.counts.size < 1000) this.counts.set(key, { ...c, count: 1 });
  }

  finish(): TapReplay {
    this.result.examples = [...this.counts.values()].sort((a, b) => b.count - a.count).slice(0, 20);
    return this.result;
  }
}

export type { RouteObject };
