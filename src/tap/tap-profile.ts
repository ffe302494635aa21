/**
 * A ServiceProfile from a tap recording: stream -> events -> observed routes
 * -> Routes -> the same generateProfile as spec-made routes; optionally
 * merged into an existing profile, which keeps all its routes and gains
 * routes only for requests none of them matches.
 */
import type { Diagnostic } from "../model/diagnostic.js";
import { profileName } from "../model/names.js";
import type { Route } from "../model/route.js";
import type { RouteSpec, ServiceProfile } from "../model/serviceprofile.js";
import { generateProfile, routeToSpec } from "../targets/serviceprofile/emit.js";
import { TapRecordingParser, type TapReadSummary } from "../sources/tap/recording.js";
import { MAX_PATH_CHARS, MAX_PATH_SEGMENTS, TrafficAggregator, type ConsolidateMode, type ObservedRoute, type TrafficResult } from "./aggregate.js";
import { compileRoutes, firstMatch, matchPath, profileMethod } from "../matching/profile-match.js";
import { buildTapReport, type TapProfileReport } from "./report.js";
import { suggest } from "./suggest.js";
import { quotedShort } from "../model/shorten.js";
import { HTTPROUTE_METHODS, isHttpRouteMethod } from "../targets/gateway/methods.js";

export interface TapProfileInput {
  service: string;
  namespace: string;
  clusterDomain: string;
  routeLimit: number;
  consolidate: ConsolidateMode;
  applySuggestions: boolean;
  /** The recording's name (messages, route origins). */
  file: string;
  /** A profile to merge into. */
  existing?: { profile: ServiceProfile; file: string };
  /** What the routes become; decides which recorded methods can be routes (default "serviceprofile"). */
  target?: "serviceprofile" | "gateway";
}

/**
 * Whether a route of the target can name a recorded method. Methods are
 * compared byte for byte (gateway/methods.ts), so `get` is not GET. A
 * ServiceProfile condition's method is upper-cased by Linkerd's controller
 * (linkerd2 pkg/util/http.go, ParseMethod), so it can name PROPFIND but no
 * method with a lower-case letter; an HTTPRoute only the CRD's enum.
 */
export function routableMethod(target: "serviceprofile" | "gateway", method: string): boolean {
  return target === "gateway" ? isHttpRouteMethod(method) : method !== "" && profileMethod(method) === method;
}

export interface TapProfileResult {
  profile: ServiceProfile;
  /** The routes the profile was made of (the merged profile's own routes excluded), for other emitters. */
  routes: Route[];
  report: TapProfileReport;
  warnings: Diagnostic[];
  summary: TapReadSummary;
  traffic: TrafficResult;
}

/** The route with the suggested timeout and response classes written in. */
export function withSuggestions(o: ObservedRoute): Route {
  const method = o.route.match.kind === "http" ? o.route.match.method : "POST";
  let route = o.route;
  for (const s of suggest(method, o.stats, o.grpc)) {
    if (s.kind === "timeout") route = { ...route, timeout: s.timeout };
    if (s.kind === "responseClasses") route = { ...route, statusClasses: s.classes };
  }
  return route;
}

/** Appends routes to an existing profile; a name already taken gets " (observed)". */
export function mergeIntoProfile(existing: ServiceProfile, added: RouteSpec[], file: string): { profile: ServiceProfile; warnings: Diagnostic[] } {
  const warnings: Diagnostic[] = [];
  const taken = new Set((existing.spec.routes ?? []).map((r) => r.name));
  const renamed = added.map((r) => {
    if (!taken.has(r.name)) return r;
    let name = `${r.name} (observed)`;
    for (let i = 2; taken.has(name); i++) name = `${r.name} (observed ${i})`;
    warnings.push({
      severity: "warning",
      file,
      message: `the profile already has a route named "${r.name}" that does not match some recorded requests; the new route for them is named "${name}"`,
      hint: "check the existing route's condition: it may be meant to match these requests",
    });
    taken.add(name);
    return { ...r, name };
  });
  const { creationTimestamp: _ct, ...metadata } = existing.metadata as ServiceProfile["metadata"] & { creationTimestamp?: unknown };
  const routes = [...(existing.spec.routes ?? []), ...renamed];
  const spec = { ...existing.spec };
  if (routes.length) spec.routes = routes;
  return { profile: { ...existing, metadata, spec }, warnings };
}

export async function tapProfile(source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>, input: TapProfileInput): Promise<TapProfileResult> {
  const existingRoutes = input.existing ? compileRoutes(input.existing.profile) : [];
  const aggregator = new TrafficAggregator({
    consolidate: input.consolidate,
    file: input.file,
    acceptMethod: (method) => routableMethod(input.target ?? "serviceprofile", method),
    ...(input.existing ? { assign: (req) => firstMatch(existingRoutes, { method: req.method, path: matchPath(req.path) })?.name } : {}),
  });
  const parser = new TapRecordingParser((e) => aggregator.add(e), { file: input.file });
  for await (const chunk of source) parser.push(chunk);
  const summary = parser.end();
  const traffic = aggregator.finish({ routeLimit: input.routeLimit });

  const routes = traffic.routes.map((o) => (input.applySuggestions ? withSuggestions(o) : o.route));
  const warnings: Diagnostic[] = [...summary.warnings];
  let profile: ServiceProfile;
  if (input.existing) {
    const { profile: base, file } = input.existing;
    const expected = profileName(input.service, input.namespace, input.clusterDomain);
    if (base.metadata?.name !== expected) {
      warnings.push({
        severity: "warning",
        file,
        message: `the profile being merged is named "${base.metadata?.name}", not "${expected}"; its name and namespace are kept`,
        hint: "check the service, -n and --cluster-domain arguments",
      });
    }
    const merged = mergeIntoProfile(base, routes.map(routeToSpec), file);
    profile = merged.profile;
    warnings.push(...merged.warnings);
  } else {
    const built = generateProfile({ service: input.service, namespace: input.namespace, clusterDomain: input.clusterDomain, routes }, input.file);
    profile = built.profile;
    warnings.push(...built.warnings);
  }
  const limited = traffic.leftOut.length + traffic.untracked.routes;
  const notes: Diagnostic[] = [];
  if (traffic.totals.oversized > 0) {
    // Counted, never quoted: such a path can be megabytes long.
    notes.push({
      severity: "warning",
      file: input.file,
      message: `${traffic.totals.oversized} recorded request(s) skipped: path longer than ${MAX_PATH_CHARS} characters or ${MAX_PATH_SEGMENTS} segments`,
      hint: "such a path is no API route; the profile is made from the other requests",
    });
  }
  if (traffic.totals.unexpressedMethod) {
    const named = traffic.skippedMethods.map((m) => `${quotedShort(m.method)} (${m.requests})`).join(", ");
    // Only the first MAX_SKIPPED_METHODS methods are named; the others are counted together.
    const rest = traffic.totals.unexpressedMethod - traffic.skippedMethods.reduce((n, m) => n + m.requests, 0);
    const more = rest > 0 ? `, and ${rest} with other methods` : "";
    notes.push({
      severity: "warning",
      file: input.file,
      message: `${traffic.totals.unexpressedMethod} recorded request(s) skipped: their method cannot be named in ${input.target === "gateway" ? "an HTTPRoute match" : "a ServiceProfile route"}: ${named}${more}`,
      hint:
        input.target === "gateway"
          ? `an HTTPRoute names only ${[...HTTPROUTE_METHODS].join(", ")}, and methods are case-sensitive (\`get\` is not GET); the routes are made from the other requests`
          : "Linkerd upper-cases a route's method, and methods are case-sensitive (`get` is not GET); the profile is made from the other requests",
    });
  }
  if (limited > 0) {
    notes.push({
      severity: "warning",
      message: `${traffic.untracked.atLeast ? "at least " : ""}${limited} observed route(s) were left out by the route limit of ${input.routeLimit}`,
      hint: "see the report (--report) for which, or raise --tap-route-limit",
    });
  }
  const report = buildTapReport({
    file: input.file,
    summary,
    result: traffic,
    consolidate: input.consolidate,
    routeLimit: input.routeLimit,
    existing: existingRoutes.map((r) => ({ name: r.name, method: profileMethod(typeof r.spec.condition?.method === "string" ? r.spec.condition.method : "") })),
    warnings: warnings.filter((w) => !summary.warnings.includes(w)),
  });
  return { profile, routes, report, warnings: [...warnings, ...notes], summary, traffic };
}
