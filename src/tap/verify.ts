/**
 * Replaying a tap recording against a profile, offline: which route each
 * recorded inbound request gets (match.ts: exactly the proxy's choice), and
 * what that says about the profile:
 *
 *  - hits per route, and routes never hit;
 *  - requests no route matches, grouped by consolidated path (the grouping of
 *    `profile --tap`), with counts and an example;
 *  - routes that can never match (shadow.ts), and routes the proxy drops;
 *  - when the recording carries route labels (`rt_route`), requests whose
 *    recorded route differs from the one the profile assigns now;
 *  - requests whose `:authority` is not the profile's service;
 *  - with a baseline profile, requests the baseline routes and this one does
 *    not ("newly unmatched": what a change would break).
 *
 * Pure: events in, report out. `RecordingVerifier` takes events one at a
 * time so a recording of any size streams through.
 */
import type { Diagnostic } from "../model/diagnostic.js";
import type { ServiceProfile } from "../model/serviceprofile.js";
import type { TapEvent } from "../sources/tap/event.js";
import { TapRecordingParser, type TapReadSummary } from "../sources/tap/recording.js";
import { checkAuthority, identityFromProfileName, type AuthorityVerdict, type ProfileIdentity } from "../matching/authority.js";
import { compileRoutes, matchPath, RouteTable, type CompiledRoute, type MatchRequest } from "../matching/profile-match.js";
import { PathTrie, templateText } from "./path-trie.js";
import { findShadowedRoutes, type ShadowAnalysis } from "../matching/shadow.js";

export const VERIFY_REPORT_VERSION = 1;

export interface RouteHits {
  index: number;
  name: string;
  hits: number;
  /** First recorded path that hit the route. */
  example?: string;
  /** Why the proxy drops the route or parts of its condition. */
  problems: string[];
  /** True when the proxy cannot use the route at all. */
  dropped: boolean;
}

export interface RequestGroup {
  /** `METHOD /consolidated/{id}/path`. */
  key: string;
  count: number;
  example: string;
}

export interface LabelMismatch {
  /** The route recorded by the proxy; null when the request had none. */
  recorded: string | null;
  /** The route this profile assigns; null when none matches. */
  assigned: string | null;
  count: number;
  example: string;
}

export interface AuthorityMismatch {
  authority: string;
  verdict: Exclude<AuthorityVerdict, "ok">;
  count: number;
  example: string;
}

export interface UnmatchedThreshold {
  /** As given: "5" or "2.5%". */
  given: string;
  /** The largest number of unmatched requests allowed. */
  allowed: number;
  exceeded: boolean;
}

export interface VerifyReport {
  version: typeof VERIFY_REPORT_VERSION;
  profile: { name: string; namespace: string; file?: string };
  recordings: { file: string; format: string; events: number; truncated: boolean }[];
  totals: {
    /** Inbound requests replayed. */
    requests: number;
    matched: number;
    unmatched: number;
    outboundIgnored: number;
    unknownDirectionIgnored: number;
    /** Requests that carried a recorded route label. */
    labelled: number;
  };
  routes: RouteHits[];
  unmatched: RequestGroup[];
  neverHit: string[];
  shadowed: ShadowAnalysis["shadowed"];
  undecided: ShadowAnalysis["undecided"];
  /** Present when the recording carries route labels. */
  labelMismatches?: LabelMismatch[];
  authorityMismatches: AuthorityMismatch[];
  /** Present with a baseline profile. */
  newlyUnmatched?: RequestGroup[];
  threshold?: UnmatchedThreshold;
  warnings: Diagnostic[];
}

export interface VerifyOptions {
  /** The profile's file, for the report. */
  file?: string;
  /** Another profile (e.g. the base of a change) to compare against. */
  baseline?: Pick<ServiceProfile, "spec">;
  /** Distinct values before a path position folds (grouping of unmatched requests). */
  distinctValues?: number;
}

/** `--max-unmatched`: a count ("5") or a percentage of the replayed requests ("2.5%"). */
export function parseMaxUnmatched(text: string): { count: number } | { percent: number } | undefined {
  const t = text.trim();
  const pct = /^(\d+(?:\.\d+)?)%$/.exec(t);
  if (pct) return Number(pct[1]) <= 100 ? { percent: Number(pct[1]) } : undefined;
  return /^\d+$/.test(t) ? { count: Number(t) } : undefined;
}

export function applyThreshold(report: VerifyReport, given: string): UnmatchedThreshold {
  const limit = parseMaxUnmatched(given);
  if (!limit) throw new Error(`invalid --max-unmatched "${given}"`);
  const allowed = "count" in limit ? limit.count : Math.floor((limit.percent / 100) * report.totals.requests);
  const threshold = { given, allowed, exceeded: report.totals.unmatched > allowed };
  report.threshold = threshold;
  return threshold;
}

/** Deterministic order, independent of locale. */
function byBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

class Grouper {
  private readonly trie: PathTrie;
  constructor(distinctValues?: number) {
    this.trie = new PathTrie(distinctValues);
  }
  add(method: string, path: string, seq: number, recorded: string): void {
    this.trie.add(method, path.startsWith("/") ? path : `/${path}`, seq, recorded);
  }
  groups(): RequestGroup[] {
    return this.trie
      .finish()
      .map((g) => ({ key: `${g.method} ${templateText(g.segments)}`, count: g.stats.requests, example: g.stats.examples[0] ?? "" }))
      .sort((a, b) => b.count - a.count || byBytes(a.key, b.key));
  }
}

/** Distinct requests remembered per route set; beyond this the memo starts over (recordings repeat paths a lot). */
const MEMO_LIMIT = 50_000;

/**
 * The route a request gets, remembered per distinct method and path: the
 * answer is a pure function of the two, and the proxy's regex engine (re2js)
 * costs more per test than JavaScript's RegExp.
 */
class RouteChooser {
  private readonly table: RouteTable;
  private readonly memo = new Map<string, number>();
  constructor(private readonly routes: CompiledRoute[]) {
    this.table = new RouteTable(routes);
  }
  choose(req: MatchRequest): CompiledRoute | undefined {
    const key = `${req.method}\u0000${req.path}`;
    let id = this.memo.get(key);
    if (id === undefined) {
      id = this.table.match(req)?.index ?? -1;
      if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
      this.memo.set(key, id);
    }
    return id < 0 ? undefined : this.routes[id];
  }
}

export class RecordingVerifier {
  private readonly routes: CompiledRoute[];
  private readonly chooser: RouteChooser;
  private readonly baseline: RouteChooser | undefined;
  private readonly identity: ProfileIdentity | undefined;
  private readonly hits: number[];
  private readonly examples: (string | undefined)[];
  private readonly unmatched: Grouper;
  private readonly newlyUnmatched: Grouper | undefined;
  private readonly labels = new Map<string, LabelMismatch>();
  private readonly authorities = new Map<string, AuthorityMismatch>();
  private readonly totals: VerifyReport["totals"] = { requests: 0, matched: 0, unmatched: 0, outboundIgnored: 0, unknownDirectionIgnored: 0, labelled: 0 };
  private readonly recordings: VerifyReport["recordings"] = [];
  private readonly warnings: Diagnostic[] = [];

  constructor(
    private readonly profile: ServiceProfile,
    private readonly options: VerifyOptions = {},
  ) {
    this.routes = compileRoutes(profile);
    this.chooser = new RouteChooser(this.routes);
    this.baseline = options.baseline ? new RouteChooser(compileRoutes(options.baseline)) : undefined;
    this.identity = identityFromProfileName(profile.metadata?.name ?? "");
    this.hits = this.routes.map(() => 0);
    this.examples = this.routes.map(() => undefined);
    this.unmatched = new Grouper(options.distinctValues);
    this.newlyUnmatched = options.baseline ? new Grouper(options.distinctValues) : undefined;
  }

  add(event: TapEvent): void {
    if (event.kind !== "request") return;
    if (event.direction === "outbound") {
      this.totals.outboundIgnored++;
      return;
    }
    if (event.direction !== "inbound") {
      this.totals.unknownDirectionIgnored++;
      return;
    }
    this.totals.requests++;
    const path = matchPath(event.path);
    const req = { method: event.method, path };
    const route = this.chooser.choose(req);
    if (route) {
      this.totals.matched++;
      this.hits[route.index]!++;
      this.examples[route.index] ??= event.path;
    } else {
      this.totals.unmatched++;
      this.unmatched.add(event.method, path, event.seq, event.path);
      if (this.baseline && this.newlyUnmatched && this.baseline.choose(req)) this.newlyUnmatched.add(event.method, path, event.seq, event.path);
    }
    const recorded = event.route ?? null;
    if (recorded !== null) this.totals.labelled++;
    const assigned = route?.name ?? null;
    if (recorded !== assigned) {
      const key = `${recorded}\u0000${assigned}`;
      const m = this.labels.get(key) ?? { recorded, assigned, count: 0, example: `${event.method} ${event.path}` };
      m.count++;
      this.labels.set(key, m);
    }
    if (this.identity) {
      const verdict = checkAuthority(event.authority, this.identity);
      if (verdict !== "ok") {
        const a = this.authorities.get(event.authority) ?? { authority: event.authority, verdict, count: 0, example: `${event.method} ${event.path}` };
        a.count++;
        this.authorities.set(event.authority, a);
      }
    }
  }

  /** Notes one recording's parse summary (call after feeding its events). */
  recording(file: string, summary: TapReadSummary): void {
    this.recordings.push({ file, format: summary.format ?? "empty", events: summary.stats.events, truncated: summary.truncated });
    this.warnings.push(...summary.warnings);
  }

  finish(): VerifyReport {
    const shadow = findShadowedRoutes(this.profile);
    const routes: RouteHits[] = this.routes.map((r, i) => ({
      index: r.index,
      name: r.name,
      hits: this.hits[i]!,
      ...(this.examples[i] !== undefined ? { example: this.examples[i] } : {}),
      problems: r.problems,
      dropped: r.matcher === undefined,
    }));
    const report: VerifyReport = {
      version: VERIFY_REPORT_VERSION,
      profile: { name: this.profile.metadata?.name ?? "", namespace: this.profile.metadata?.namespace ?? "", ...(this.options.file !== undefined ? { file: this.options.file } : {}) },
      recordings: this.recordings,
      totals: this.totals,
      routes,
      unmatched: this.unmatched.groups(),
      neverHit: routes.filter((r) => r.hits === 0).map((r) => r.name),
      shadowed: shadow.shadowed,
      undecided: shadow.undecided,
      authorityMismatches: [...this.authorities.values()].sort((a, b) => b.count - a.count || byBytes(a.authority, b.authority)),
      warnings: [...this.warnings],
    };
    if (this.totals.labelled > 0) {
      report.labelMismatches = [...this.labels.values()].sort((a, b) => b.count - a.count || byBytes(a.recorded ?? "", b.recorded ?? "") || byBytes(a.assigned ?? "", b.assigned ?? ""));
    }
    if (this.newlyUnmatched) report.newlyUnmatched = this.newlyUnmatched.groups();
    if (!this.identity) {
      report.warnings.push({
        severity: "warning",
        ...(this.options.file !== undefined ? { file: this.options.file } : {}),
        message: `the profile's name "${report.profile.name}" is not <service>.<namespace>.svc.<cluster domain>, so the proxy never looks it up; authorities were not checked`,
        hint: "name the profile after the service's fully qualified name, e.g. webapp.default.svc.cluster.local",
      });
    }
    return report;
  }
}

/** Replays recorded events against a profile. */
export function verifyRecording(profile: ServiceProfile, events: Iterable<TapEvent>, options: VerifyOptions = {}): VerifyReport {
  const v = new RecordingVerifier(profile, options);
  for (const e of events) v.add(e);
  return v.finish();
}

export interface RecordingInput {
  /** Name for the report and messages. */
  file: string;
  /** The recording: all of it, or a stream of chunks (any size streams in bounded memory). */
  data: Uint8Array | string | AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;
}

/** Streams recordings (either format) through a verifier: what `verify`, `diff` and the Action call. */
export async function verifyRecordings(profile: ServiceProfile, recordings: RecordingInput[], options: VerifyOptions = {}): Promise<VerifyReport> {
  const verifier = new RecordingVerifier(profile, options);
  for (const rec of recordings) {
    const parser = new TapRecordingParser((e) => verifier.add(e), { file: rec.file });
    const data = rec.data;
    if (typeof data === "string" || data instanceof Uint8Array) parser.push(data);
    else for await (const chunk of data) parser.push(chunk);
    verifier.recording(rec.file, parser.end());
  }
  return verifier.finish();
}
