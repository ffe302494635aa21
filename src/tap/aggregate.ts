/**
 * Tap events -> observed routes, in one pass and bounded memory.
 *
 * Only inbound requests count (what the tapped pod serves), as in Linkerd.
 * Responses are joined to their request by stream (event.ts), giving status
 * codes and latency per route.
 *
 * consolidate "none" reproduces `linkerd viz profile --tap` exactly: `/` is
 * skipped, one route per distinct method+path as recorded (query included),
 * and the kept routes are the first `routeLimit` distinct ones in the order
 * they were seen: Linkerd stops reading the tap at that point (a limit of 0
 * still keeps the first route, since Linkerd checks the limit after adding).
 * Routes are sorted by name.
 *
 * consolidate "auto" drops query strings, folds varying segments into
 * parameters (path-trie.ts), keeps gRPC paths as they are, keeps `/`, and
 * when there are more routes than the limit keeps the most requested ones
 * (ties: by name). Routes are sorted by name, then any route whose observed
 * requests an earlier route would take is moved in front of it, so no
 * generated route is dead on arrival.
 */
import type { TapEvent, TapRequestEvent } from "../sources/tap/event.js";
import { streamKey } from "../sources/tap/event.js";
import type { Route } from "../model/route.js";
import { pathTemplateToRegex } from "../model/path-regex.js";
import { compileTemplate, templateMatches, type CompiledTemplate } from "../matching/template-match.js";
import { DEFAULT_DISTINCT_VALUES, PathTrie, templateText } from "./path-trie.js";
import { isGrpcRequest, stripQuery } from "./segments.js";
import { addExample, countGrpcStatus, countStatus, live, newStats, type RouteStats } from "./stats.js";

export type ConsolidateMode = "auto" | "none";

export interface AggregateOptions {
  consolidate: ConsolidateMode;
  /** Distinct literal segments at one position before they fold into `{name}` (auto). */
  distinctValues?: number;
  /**
   * Requests an existing profile already routes (merge): return that route's
   * name and the request is counted for it instead of making a new route.
   */
  assign?: (request: TapRequestEvent) => string | undefined;
  /** Recording name, for the routes' origin. */
  file?: string;
  /**
   * Whether the output can name this method (as recorded: methods are
   * case-sensitive); a request whose method it cannot is skipped and counted,
   * one odd request never sinks the run. Default: every method.
   */
  acceptMethod?: (method: string) => boolean;
  /** In-flight requests remembered for joining responses. */
  maxPending?: number;
}

export interface ObservedRoute {
  route: Route;
  stats: RouteStats;
  /** Whether the route is gRPC (no response classes are suggested for it). */
  grpc: boolean;
}

export interface TrafficTotals {
  events: number;
  /** Inbound request events considered. */
  requests: number;
  outbound: number;
  /** Requests with an unknown direction (`proxy=???`). */
  unknownDirection: number;
  /** `/` requests skipped (parity mode). */
  root: number;
  /** Requests whose path is empty (or, when consolidating, does not start with "/"). */
  badPath: number;
  /** Requests skipped because their path is longer than MAX_PATH_CHARS or deeper than MAX_PATH_SEGMENTS. */
  oversized: number;
  /** Inbound requests routed to an existing profile route (merge). */
  assigned: number;
  /** Requests skipped because the output cannot name their method (AggregateOptions.acceptMethod); set only when some were. */
  unexpressedMethod?: number;
  /** Requests with no response event in the recording. */
  withoutResponse: number;
  /** Response events whose request is not in the recording. */
  orphanResponses: number;
}

export interface TrafficResult {
  /** Routes for the profile, in profile order. */
  routes: ObservedRoute[];
  /** Routes beyond the limit, most requested first. */
  leftOut: ObservedRoute[];
  /** The first MAX_SKIPPED_METHODS distinct methods skipped (acceptMethod), with their request counts; the rest are only in totals. */
  skippedMethods: { method: string; requests: number }[];
  /**
   * Distinct routes not even tracked (parity mode beyond MAX_TRACKED), and their requests.
   * `atLeast`: more distinct paths than could be counted; `routes` is a lower bound.
   */
  untracked: { routes: number; requests: number; atLeast?: boolean };
  /** Figures for existing routes (merge), by route name. */
  assigned: Map<string, RouteStats>;
  totals: TrafficTotals;
}

type Pending =
  | {
      stats: RouteStats;
      grpc: boolean;
      /** Latency to the response headers, in µs, when seen. */
      headersUs?: number;
      responded: boolean;
      skipped?: undefined;
    }
  | { skipped: true };

const DEFAULT_MAX_PENDING = 100_000;
/** Parity mode keeps one record per distinct path; beyond this many, new paths are only counted. */
const MAX_TRACKED = 50_000;
/**
 * One odd request must never sink a profile: a path beyond these bounds is no
 * API route (8 KiB is the usual request-line limit of HTTP servers) and is
 * skipped and counted instead of becoming a route as long as itself.
 */
export const MAX_PATH_CHARS = 8192;
export const MAX_PATH_SEGMENTS = 256;

/** Distinct skipped methods named in messages; the others are only counted (a recording can hold any number). */
export const MAX_SKIPPED_METHODS = 5;

/** Untracked paths are counted by a 53-bit hash each (not their text); beyond this many, "at least". */
const MAX_UNTRACKED_COUNTED = 2_000_000;

export class TrafficAggregator {
  private readonly mode: ConsolidateMode;
  private readonly assign: AggregateOptions["assign"];
  private readonly acceptMethod: AggregateOptions["acceptMethod"];
  private readonly skippedMethods = new Map<string, number>();
  private readonly file: string | undefined;
  private readonly maxPending: number;
  private readonly trie: PathTrie;
  /** auto: gRPC paths; none: every route; key `METHOD path`. */
  private readonly exact = new Map<string, { method: string; path: string; stats: RouteStats; grpc: boolean }>();
  private readonly assigned = new Map<string, RouteStats>();
  private readonly pending = new Map<string, Pending>();
  private untracked: TrafficResult["untracked"] = { routes: 0, requests: 0 };
  private readonly untrackedHashes = new Set<number>();
  private readonly totals: TrafficTotals = { events: 0, requests: 0, outbound: 0, unknownDirection: 0, root: 0, badPath: 0, oversized: 0, assigned: 0, withoutResponse: 0, orphanResponses: 0 };

  constructor(options: AggregateOptions) {
    this.mode = options.consolidate;
    this.assign = options.assign;
    this.acceptMethod = options.acceptMethod;
    this.file = options.file;
    this.maxPending = options.maxPending ?? DEFAULT_MAX_PENDING;
    this.trie = new PathTrie(options.distinctValues ?? DEFAULT_DISTINCT_VALUES);
  }

  add(event: TapEvent): void {
    this.totals.events++;
    if (event.direction !== "inbound") {
      if (event.kind === "request") {
        if (event.direction === "outbound") this.totals.outbound++;
        else this.totals.unknownDirection++;
      }
      return;
    }
    if (event.kind === "request") this.request(event);
    else if (event.kind === "response") {
      const p = this.pending.get(streamKey(event));
      if (!p) {
        this.totals.orphanResponses++;
        return;
      }
      if (p.skipped) return;
      p.responded = true;
      if (!p.grpc) countStatus(p.stats, event.status);
      if (event.sinceRequestInitUs !== undefined) p.headersUs = event.sinceRequestInitUs;
    } else {
      const key = streamKey(event);
      const p = this.pending.get(key);
      if (!p) {
        this.totals.orphanResponses++;
        return;
      }
      this.pending.delete(key);
      if (p.skipped) return;
      if (p.grpc && event.grpcStatus !== undefined) countGrpcStatus(p.stats, event.grpcStatus);
      const total = event.sinceRequestInitUs ?? (p.headersUs !== undefined && event.sinceResponseInitUs !== undefined ? p.headersUs + event.sinceResponseInitUs : p.headersUs);
      if (total !== undefined) live(p.stats).latency.add(total);
      if (!p.responded && !p.grpc) this.totals.withoutResponse++;
    }
  }

  private request(event: TapRequestEvent): void {
    const stats = this.routeStats(event);
    const key = streamKey(event);
    this.pending.delete(key);
    // A skipped request is still remembered, so that its response is not taken for an orphan.
    this.pending.set(key, stats ? { stats: stats.stats, grpc: stats.grpc, responded: false } : { skipped: true });
    if (this.pending.size > this.maxPending) {
      // The oldest request never got its end event; stop waiting for it.
      const oldest = this.pending.keys().next().value as string;
      this.finishPending(this.pending.get(oldest)!);
      this.pending.delete(oldest);
    }
  }

  private routeStats(event: TapRequestEvent): { stats: RouteStats; grpc: boolean } | undefined {
    const { method, path } = event;
    if (this.mode === "none" && path === "/") {
      this.totals.root++;
      return undefined;
    }
    if (path === "" || (this.mode === "auto" && !path.startsWith("/"))) {
      this.totals.badPath++;
      return undefined;
    }
    if (isOversized(path)) {
      this.totals.oversized++;
      return undefined;
    }
    this.totals.requests++;
    const grpc = isGrpcRequest(method, path, event.contentType);
    const existing = this.assign?.(event);
    if (existing !== undefined) {
      this.totals.assigned++;
      let stats = this.assigned.get(existing);
      if (!stats) {
        stats = newStats(event.seq);
        this.assigned.set(existing, stats);
      }
      stats.requests++;
      addExample(stats, path);
      return { stats, grpc };
    }
    if (this.acceptMethod && !this.acceptMethod(method)) {
      // Not a route the output can hold: counted, after merge (whose routes may take it by path alone).
      this.totals.unexpressedMethod = (this.totals.unexpressedMethod ?? 0) + 1;
      const seen = this.skippedMethods.get(method);
      if (seen !== undefined) this.skippedMethods.set(method, seen + 1);
      else if (this.skippedMethods.size < MAX_SKIPPED_METHODS) this.skippedMethods.set(method, 1);
      return undefined;
    }
    if (this.mode === "auto" && !grpc) return { stats: this.trie.add(method, stripQuery(path), event.seq, path), grpc };
    const exactPath = this.mode === "auto" ? stripQuery(path) : path;
    const name = `${method} ${exactPath}`;
    let entry = this.exact.get(name);
    if (!entry) {
      if (this.exact.size >= MAX_TRACKED) {
        this.untracked.requests++;
        if (this.untrackedHashes.size < MAX_UNTRACKED_COUNTED) this.untrackedHashes.add(hash53(name));
        else if (!this.untrackedHashes.has(hash53(name))) this.untracked.atLeast = true;
        return undefined;
      }
      entry = { method, path: exactPath, stats: newStats(event.seq), grpc };
      this.exact.set(name, entry);
    }
    entry.stats.requests++;
    addExample(entry.stats, path);
    return { stats: entry.stats, grpc };
  }

  private finishPending(p: Pending): void {
    if (p.skipped) return;
    if (p.headersUs !== undefined) live(p.stats).latency.add(p.headersUs);
    if (!p.responded && !p.grpc) this.totals.withoutResponse++;
  }

  finish(options: { routeLimit: number }): TrafficResult {
    for (const p of this.pending.values()) this.finishPending(p);
    this.pending.clear();
    this.untracked.routes = this.untrackedHashes.size;
    const observed: ObservedRoute[] = [];
    for (const { method, path, stats, grpc } of this.exact.values()) {
      // Linkerd's PathToRegex: QuoteMeta, then any `\{...\}` in the path becomes `[^/]*`.
      observed.push({ route: this.makeRoute(method, path, pathTemplateToRegex(path)), stats: live(stats), grpc });
    }
    if (this.mode === "auto") {
      for (const g of this.trie.finish()) {
        const template = templateText(g.segments);
        observed.push({ route: this.makeRoute(g.method, template, pathTemplateToRegex(template)), stats: live(g.stats), grpc: false });
      }
    }
    const { kept, leftOut } = this.mode === "none" ? limitFirstSeen(observed, options.routeLimit) : limitMostRequested(observed, options.routeLimit);
    kept.sort((a, b) => byName(a.route.name, b.route.name));
    return {
      routes: this.mode === "auto" ? unshadow(kept) : kept,
      leftOut,
      skippedMethods: [...this.skippedMethods].map(([method, requests]) => ({ method, requests })),
      untracked: this.untracked,
      assigned: new Map([...this.assigned].map(([k, v]) => [k, live(v)])),
      totals: this.totals,
    };
  }

  private makeRoute(method: string, pathTemplate: string, pathRegex: string): Route {
    return {
      name: `${method} ${pathTemplate}`,
      match: { kind: "http", method, pathTemplate, pathRegex },
      statusClasses: [],
      ...(this.file !== undefined ? { origin: { file: this.file } } : {}),
    };
  }
}

function isOversized(path: string): boolean {
  if (path.length > MAX_PATH_CHARS) return true;
  let slashes = 0;
  for (let i = path.indexOf("/"); i !== -1; i = path.indexOf("/", i + 1)) if (++slashes > MAX_PATH_SEGMENTS) return true;
  return false;
}

/**
 * Two FNV-1a lanes folded into a 53-bit integer: distinct paths are counted
 * without keeping their text (collisions are negligible at MAX_UNTRACKED_COUNTED).
 */
function hash53(text: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return (a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff);
}

/** Go's sort.Strings order: by UTF-8 bytes (UTF-16 order differs only beyond the BMP). */
function byName(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

function limitFirstSeen(routes: ObservedRoute[], limit: number): { kept: ObservedRoute[]; leftOut: ObservedRoute[] } {
  const ordered = [...routes].sort((a, b) => a.stats.firstSeq - b.stats.firstSeq);
  const n = Math.max(limit, 1);
  return { kept: ordered.slice(0, n), leftOut: byRequests(ordered.slice(n)) };
}

function limitMostRequested(routes: ObservedRoute[], limit: number): { kept: ObservedRoute[]; leftOut: ObservedRoute[] } {
  const ordered = byRequests(routes);
  return { kept: ordered.slice(0, limit), leftOut: ordered.slice(limit) };
}

function byRequests(routes: ObservedRoute[]): ObservedRoute[] {
  return [...routes].sort((a, b) => b.stats.requests - a.stats.requests || byName(a.route.name, b.route.name));
}

/**
 * Moves each route in front of the first earlier route that would take one of its observed requests.
 * The templates come from recorded paths, so they are matched without building a regex (template-match.ts).
 */
export function unshadow(routes: ObservedRoute[]): ObservedRoute[] {
  const out: ObservedRoute[] = [];
  const compiled = new Map<ObservedRoute, CompiledTemplate>();
  const templateOf = (o: ObservedRoute, template: string) => {
    let c = compiled.get(o);
    if (!c) compiled.set(o, (c = compileTemplate(template)));
    return c;
  };
  for (const r of routes) {
    const examples = r.stats.examples.map(stripQuery);
    const at = out.findIndex((earlier) => {
      if (earlier.route.match.kind !== "http" || r.route.match.kind !== "http" || earlier.route.match.method !== r.route.match.method) return false;
      const template = templateOf(earlier, earlier.route.match.pathTemplate);
      return examples.some((p) => templateMatches(template, p));
    });
    if (at < 0) out.push(r);
    else out.splice(at, 0, r);
  }
  return out;
}
