/**
 * The route guard: lints the HTTPRoute, GRPCRoute and ServiceProfile
 * manifests of a repository, generated or not, for what Linkerd does with
 * them. Which files: the config's `guard.include` globs (default: every
 * .yaml/.yml file git lists) and every file under the output directory,
 * minus `guard.exclude`; only files that name one of the kinds are parsed.
 */
import type { LinkerdVersion } from "../targets/gateway/linkerd-version.js";
import type { SourceReader } from "../files/reader.js";
import { byteOrder } from "../git.js";
import { globMatcher } from "../repo/glob.js";
import { mayHoldRoutes, parseManifests, type Manifest } from "./manifests.js";
import { effectiveSeverities, type GuardSeverity, type RuleId, type SeveritySetting } from "./rules.js";
import { grpcMatchesWithoutMethod, ignoredFields, nonIdempotentRetries, partialMatchRegexes, rejectedAnnotations, rejectedRegexes, unsupportedFilters, routeName, servicesOf, type RawFinding } from "./route-rules.js";
import { catchAllCoverage, httpRoutesHiddenByGrpc, profilesOverridingRoutes, serviceKeys, servicesWithoutCatchAll } from "./service-rules.js";
import { httpRoutesByServicePort } from "./service-groups.js";
import { tiesAcrossObjects } from "./tie-rules.js";
import { shadowedRules } from "./shadow-rules.js";

export const DEFAULT_GUARD_INCLUDE = ["*.yaml", "*.yml"];
/** Larger files are not read: route manifests are small, data dumps are not. */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

export interface GuardOptions {
  include?: readonly string[];
  exclude?: readonly string[];
  rules?: Readonly<Record<string, SeveritySetting>>;
  /** The config's output directory: its files are always read. */
  output?: string;
  /** The Linkerd the routes are for (the config's top-level linkerd.version); default the current release. */
  linkerdVersion?: LinkerdVersion;
}

export interface Finding {
  rule: RuleId;
  severity: GuardSeverity;
  file: string;
  line: number;
  column: number;
  message: string;
  hint: string;
}

/** The files the guard reads among `files` (repo-relative, .gitignore already applied). */
export function guardedFiles(files: readonly string[], options: GuardOptions = {}): string[] {
  const included = globMatcher([...(options.include ?? DEFAULT_GUARD_INCLUDE)]);
  const excluded = globMatcher([...(options.exclude ?? [])]);
  const out = options.output ? `${options.output.replace(/\/+$/, "")}/` : undefined;
  return files.filter((f) => (included(f) || (out !== undefined && f.startsWith(out) && /\.ya?ml$/i.test(f))) && !excluded(f));
}

/**
 * Reads and parses the guarded files: every file with an HTTPRoute or a
 * GRPCRoute, and a file of ServiceProfiles only when a profile there could be
 * for a Service that has routes. Profiles matter to one rule alone
 * (profile-overrides-routes), and a repository may hold thousands of them:
 * parsing YAML is most of the guard's time.
 */
export async function readManifests(reader: SourceReader, files: readonly string[]): Promise<Manifest[]> {
  const texts = await Promise.all(
    files.map(async (f) => {
      let data: Buffer | undefined;
      try {
        data = await reader.read(f);
      } catch {
        return undefined; // unreadable (a link leaving the repository): nothing Linkerd gets from here
      }
      if (data === undefined || data.length > MAX_MANIFEST_BYTES) return undefined;
      const text = data.toString("utf8");
      return mayHoldRoutes(text) ? { file: f, text } : undefined;
    }),
  );
  const routeFiles = texts.filter((t) => t !== undefined && ROUTE_KIND.test(t.text));
  const routes = routeFiles.flatMap((t) => parseManifests(t!.file, t!.text));
  const routed = new Set(routes.filter((m) => m.kind !== "ServiceProfile").flatMap((m) => serviceKeys(m).map((k) => k.svc)));
  const profiles = texts
    .filter((t) => t !== undefined && !ROUTE_KIND.test(t.text) && mayProfileRoutedService(t.text, routed))
    .flatMap((t) => parseManifests(t!.file, t!.text));
  return [...routes, ...profiles];
}

const ROUTE_KIND = /^[ \t]*["']?kind["']?[ \t]*:[ \t]*["']?(?:HTTPRoute|GRPCRoute)["']?[ \t]*(?:#.*)?$/m;

/** Whether a `name:` of the text reads `<service>.<namespace>.svc.…` for a Service with routes (a cheap test before parsing). */
function mayProfileRoutedService(text: string, routed: ReadonlySet<string>): boolean {
  if (routed.size === 0) return false;
  for (const m of text.matchAll(/^[ \t]*["']?name["']?[ \t]*:[ \t]*["']?([^.\s"'#]+)\.([^.\s"'#]+)\.svc\./gm)) {
    if (routed.has(`${m[2]}/${m[1]}`)) return true;
  }
  return false;
}

/** Every finding over the manifests, with the configured severities ("off" rules left out), sorted by file, line, column, rule. */
export function lintManifests(manifests: readonly Manifest[], ruleSettings: Readonly<Record<string, SeveritySetting>> = {}, linkerdVersion?: LinkerdVersion): Finding[] {
  // Only routes Linkerd's outbound policy serves (a Service parent).
  const served = manifests.filter((m) => m.kind !== "ServiceProfile" && servicesOf(m).length > 0);
  const raw: RawFinding[] = [];
  for (const m of served) {
    raw.push(...unsupportedFilters(m), ...ignoredFields(m, linkerdVersion), ...grpcMatchesWithoutMethod(m), ...rejectedRegexes(m), ...partialMatchRegexes(m), ...rejectedAnnotations(m), ...nonIdempotentRetries(m));
  }
  const dropped = new Set(raw.filter((f) => f.rule === "route-filter-unsupported" || f.rule === "regex-rejected").map((f) => f.manifest));
  const kept = served.filter((m) => !dropped.has(m));
  raw.push(...servicesWithoutCatchAll(served, dropped), ...httpRoutesHiddenByGrpc(kept));
  // Precedence among the routes the proxy gets: not those a GRPCRoute hides.
  const hidden = new Set(raw.filter((f) => f.rule === "grpc-hides-http").map((f) => f.manifest));
  const byPort = httpRoutesByServicePort(kept.filter((m) => !hidden.has(m)));
  raw.push(...tiesAcrossObjects(byPort), ...shadowedRules(byPort));
  raw.push(...profilesOverridingRoutes([...kept, ...manifests.filter((m) => m.kind === "ServiceProfile")]));

  const severities = effectiveSeverities(ruleSettings);
  const out: Finding[] = [];
  for (const f of raw) {
    const severity = severities.get(f.rule);
    if (severity === undefined || severity === "off") continue;
    const pos = f.manifest.position(f.path);
    out.push({ rule: f.rule, severity, file: f.manifest.file, line: pos.line, column: pos.column, message: f.message, hint: f.hint });
  }
  return out.sort(compareFindings);
}

function compareFindings(a: Finding, b: Finding): number {
  return byteOrder(a.file, b.file) || a.line - b.line || a.column - b.column || byteOrder(a.rule, b.rule) || byteOrder(a.message, b.message);
}

/** Reads the repository's route manifests and lints them. */
export async function guardRepository(reader: SourceReader, files: readonly string[], options: GuardOptions = {}): Promise<Finding[]> {
  return lintManifests(await readManifests(reader, guardedFiles(files, options)), options.rules, options.linkerdVersion);
}

/** Whether a Service (port)'s HTTPRoutes, as written, match every request; where the first of them attaches to it. */
export interface CatchAllState {
  /** `Service ns/name` or `Service ns/name port 8080`. */
  label: string;
  covered: boolean;
  /** The first route of the Service: its name, file and the position of its parentRef. */
  route: string;
  file: string;
  line: number;
  column: number;
}

export interface GuardResult {
  findings: Finding[];
  catchAll: CatchAllState[];
}

/**
 * The guard as `diff` runs it at each side: the findings, and per Service
 * whether its routes have a catch-all (every route counted, dropped or not,
 * so removing the catch-all shows even on a route the controller drops).
 */
export async function guardSide(reader: SourceReader, files: readonly string[], options: GuardOptions = {}): Promise<GuardResult> {
  const manifests = await readManifests(reader, guardedFiles(files, options));
  const served = manifests.filter((m) => m.kind !== "ServiceProfile" && servicesOf(m).length > 0);
  const catchAll = catchAllCoverage(served).map((g): CatchAllState => {
    const first = g.routes[0]!;
    const pos = first.manifest.position(["spec", "parentRefs", first.parentIndex]);
    return { label: g.label, covered: g.miss === undefined, route: routeName(first.manifest), file: first.manifest.file, line: pos.line, column: pos.column };
  });
  return { findings: lintManifests(manifests, options.rules, options.linkerdVersion), catchAll };
}
