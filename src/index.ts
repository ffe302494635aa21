/**
 * The library API: what `import ... from "serviceprofile-sync"` gives.
 *
 * Small on purpose, and stable (docs/api.md says what counts as a breaking
 * change). Each function composes the same engine modules the CLI and the
 * Action call: sources -> routes, profile.ts -> a validated ServiceProfile,
 * render.ts -> text, repo/plan.ts -> a repository's desired files,
 * diff/routes.ts -> the versioned diff report, tap/verify.ts -> the replay
 * of a recording. Internals stay free to move: only what is exported here
 * is the contract.
 */
import { diffProfile, summarize, compareProfileDiffs, DIFF_SCHEMA_VERSION, type DiffReport, type ProfileDiff, type ServiceErrors } from "./diff/routes.js";
import { renderJson, renderMarkdown, renderText } from "./diff/report.js";
import { fsReader, memoryReader as memoryFiles, type SourceReader } from "./files/reader.js";
import type { Diagnostic } from "./model/diagnostic.js";
import { profileName } from "./model/names.js";
import type { SourceResult } from "./model/route.js";
import type { ServiceProfile } from "./model/serviceprofile.js";
import { generateProfile } from "./targets/serviceprofile/emit.js";
import { renderObject, renderObjects } from "./render.js";
import { loadConfig } from "./repo/config.js";
import { plan } from "./repo/plan.js";
import { openApiRoutes } from "./sources/openapi.js";
import { protoRoutes } from "./sources/proto.js";
import { generateGatewayRoutes as buildGatewayRoutes, type GatewayOptions } from "./targets/gateway/index.js";
import type { RouteObject } from "./model/gateway.js";
import { verifyRecordings, type RecordingInput, type VerifyReport } from "./tap/verify.js";
import { renderVerify } from "./tap/verify-render.js";
import { checkValueNesting } from "./files/nesting.js";

export type { Diagnostic, Severity } from "./model/diagnostic.js";
export { SpecError, isSpecError, formatDiagnostic } from "./model/diagnostic.js";
export type { ServiceProfile, RouteSpec, ResponseClass, RetryBudget } from "./model/serviceprofile.js";
export type { SourceReader } from "./files/reader.js";
export type { DiffReport, ProfileDiff, RouteChange, FieldChange, RouteSummary, DiffSummary } from "./diff/routes.js";
export type { VerifyReport, RecordingInput } from "./tap/verify.js";
export type { GatewayOptions } from "./targets/gateway/index.js";
export type { RouteObject, HttpRoute, GrpcRoute } from "./model/gateway.js";
export { DIFF_SCHEMA_VERSION } from "./diff/routes.js";
export { VERIFY_REPORT_VERSION } from "./tap/verify.js";

// ---------------------------------------------------------------- readers

/** Files under a directory; paths that leave it (`..`, absolute, symlinks out) are refused. */
export function directoryReader(root: string): SourceReader {
  return fsReader(root, root);
}

/** Files held in memory, keyed by repository-relative POSIX path. */
export function memoryReader(files: Record<string, string | Uint8Array>): SourceReader {
  return memoryFiles(Object.fromEntries(Object.entries(files).map(([p, v]) => [p, typeof v === "string" ? v : Buffer.from(v)])));
}

// ---------------------------------------------------------------- one spec

export interface SpecSource {
  kind: "openapi" | "proto";
  /** The spec's text. Give either this or `reader`. */
  text?: string;
  /** Where the spec and the files it references ($ref) are read from. */
  reader?: SourceReader;
  /**
   * With `reader`: the spec's path in it (for proto, one path or several).
   * With `text`: the name used in messages (default `spec.yaml` / `spec.proto`).
   */
  path?: string | string[];
  /** OpenAPI: the path prefix the service sees in front of the spec's paths (overrides `servers`). */
  basePath?: string;
  /** Proto: only these services (`pkg.Service` or `Service`). */
  services?: string[];
  /** Proto: route names as `Method` (short, Linkerd's), `Service/Method` or `/pkg.Service/Method`. */
  routeNames?: "short" | "service" | "full";
}

export interface ServiceIdentity {
  /** The Kubernetes Service's name. */
  service: string;
  namespace: string;
  /** Default `cluster.local`. */
  clusterDomain?: string;
}

export interface GeneratedProfile {
  profile: ServiceProfile;
  warnings: Diagnostic[];
  /** Every file the profile depends on, the spec first. */
  inputs: string[];
}

async function specRoutes(spec: SpecSource): Promise<{ result: SourceResult; paths: string[] }> {
  const given = spec.path === undefined ? [] : Array.isArray(spec.path) ? spec.path : [spec.path];
  if ((spec.text === undefined) === (spec.reader === undefined)) {
    throw new TypeError("give a spec's text or a reader, not both and not neither");
  }
  let reader = spec.reader;
  let paths = given;
  if (spec.text !== undefined) {
    const name = given[0] ?? (spec.kind === "proto" ? "spec.proto" : "spec.yaml");
    reader = memoryFiles({ [name]: spec.text }, name);
    paths = [name];
  }
  if (paths.length === 0) throw new TypeError("a spec read through a reader needs its path");
  const result =
    spec.kind === "proto"
      ? await protoRoutes(reader!, paths, { services: spec.services, routeNames: spec.routeNames ?? "short" })
      : await openApiRoutes(reader!, paths[0]!, { basePath: spec.basePath });
  return { result, paths };
}

/**
 * A validated ServiceProfile from one OpenAPI or proto spec, as
 * `serviceprofile-sync profile` prints it. A broken spec or an invalid name
 * throws SpecError, with file, line:column or JSON pointer, and a hint.
 */
export async function generateServiceProfile(spec: SpecSource, identity: ServiceIdentity & { profileNamespace?: string }): Promise<GeneratedProfile> {
  const { result, paths } = await specRoutes(spec);
  const built = generateProfile({ ...identity, routes: result.routes }, paths[0]);
  return { profile: built.profile, warnings: [...result.warnings, ...built.warnings], inputs: result.inputs };
}

export interface GeneratedRoutes {
  /** HTTPRoute and GRPCRoute objects, in the order they are written. */
  objects: RouteObject[];
  warnings: Diagnostic[];
  inputs: string[];
}

/** Gateway API routes (HTTPRoute / GRPCRoute) from one spec, as `serviceprofile-sync routes` prints them. */
export async function generateGatewayRoutes(
  spec: SpecSource,
  identity: ServiceIdentity & { routeNamespace?: string; options?: GatewayOptions },
): Promise<GeneratedRoutes> {
  const { result, paths } = await specRoutes(spec);
  const built = buildGatewayRoutes({
    service: identity.service,
    namespace: identity.namespace,
    routeNamespace: identity.routeNamespace,
    routes: result.routes,
    options: identity.options,
    source: paths[0],
  });
  return { objects: built.objects, warnings: [...result.warnings, ...built.warnings], inputs: result.inputs };
}

export interface RenderOptions {
  /** `yaml` (kubectl-style, the default) or `json`. */
  format?: "yaml" | "json";
  /** Spec files named in the `# Code generated ... DO NOT EDIT.` header; no header when absent (YAML only). */
  headerSources?: string[];
}

/** Deterministic text of one object, or of several (a YAML stream; JSON: a `v1` List). */
export function render(value: object | readonly object[], options: RenderOptions = {}): string {
  return Array.isArray(value) ? renderObjects(value, options) : renderObject(value, options);
}

// ---------------------------------------------------------------- a repository

export interface PlannedProfile {
  /** Repository path of the generated file. */
  path: string;
  service: string;
  namespace: string;
  /** The namespace the profile lives in (a client namespace, or `namespace`). */
  profileNamespace: string;
  profile: ServiceProfile;
}

export interface RepositoryPlan {
  /** Repository path of the config the plan follows. */
  config: string;
  /** The manifests directory (the config's `output:`). */
  outputDir: string;
  /** The text of every generated file, kustomization.yaml included, by repository path. */
  files: ReadonlyMap<string, string>;
  profiles: PlannedProfile[];
  /** Every problem; a failed service's files are absent from `files` (its committed ones are kept by sync). */
  errors: Diagnostic[];
  /** The services that failed to generate, with their problems. */
  failed: { service: string; namespace: string; diagnostics: Diagnostic[] }[];
  warnings: Diagnostic[];
}

/**
 * What `serviceprofile-sync sync` would write: the whole desired state of a
 * repository's manifests directory, generated from its config
 * (`serviceprofile-sync.yaml` by default) and specs. Nothing is written. A
 * broken config throws (a SpecError subclass listing every problem).
 */
export async function planRepository(source: string | SourceReader, options: { config?: string } = {}): Promise<RepositoryPlan> {
  const reader = typeof source === "string" ? directoryReader(source) : source;
  const config = await loadConfig(reader, options.config);
  const p = await plan(reader, config, { reuse: false });
  const profiles: PlannedProfile[] = [];
  for (const s of p.services) {
    for (const pp of s.profiles) {
      if (pp.profile) profiles.push({ path: pp.path, service: pp.service, namespace: pp.namespace, profileNamespace: pp.profileNamespace, profile: pp.profile });
    }
  }
  const failed = p.services.filter((s) => s.errors.length).map((s) => ({ service: s.config.name, namespace: s.config.namespace, diagnostics: s.errors }));
  return { config: config.file, outputDir: config.output, files: p.files, profiles, errors: p.errors, failed, warnings: p.warnings };
}

/**
 * The semantic diff of two plans, route by route, as the versioned report
 * `serviceprofile-sync diff --format json` prints (docs/diff-report.md).
 * Profiles are matched by where they live in the cluster, not by file path.
 */
export function diffPlans(base: RepositoryPlan, head: RepositoryPlan, labels: { base?: string; head?: string } = {}): DiffReport {
  const key = (p: PlannedProfile) => `${p.profileNamespace}/${p.service}.${p.namespace}`;
  const byKey = (plan: RepositoryPlan) => new Map(plan.profiles.map((p) => [key(p), p]));
  const a = byKey(base);
  const b = byKey(head);
  const profiles: ProfileDiff[] = [];
  let unchanged = 0;
  for (const k of new Set([...a.keys(), ...b.keys()])) {
    const pa = a.get(k);
    const pb = b.get(k);
    const any = (pb ?? pa)!;
    const d = diffProfile(
      { name: profileName(any.service, any.namespace, clusterDomainOf(any.profile, any)), namespace: any.profileNamespace, service: any.service, serviceNamespace: any.namespace, path: any.path },
      pa?.profile,
      pb?.profile,
    );
    if (d) profiles.push(d);
    else unchanged++;
  }
  profiles.sort(compareProfileDiffs);
  const errors: ServiceErrors[] = [
    ...base.failed.map((f) => ({ ...f, side: "base" as const })),
    ...head.failed.map((f) => ({ ...f, side: "head" as const })),
  ];
  const partial: Omit<DiffReport, "summary"> = {
    schemaVersion: DIFF_SCHEMA_VERSION,
    base: { ref: labels.base ?? "base", config: base.config },
    head: { ref: labels.head ?? "head", config: head.config },
    profiles,
    errors,
    configErrors: [],
    stale: { checked: false, reason: "plans carry no committed files", upToDate: true, files: [] },
    unmapped: [],
    warnings: head.warnings,
  };
  return { ...partial, summary: summarize(partial, unchanged) };
}

/** The profile's name carries its cluster domain: `<service>.<namespace>.svc.<domain>`. */
function clusterDomainOf(profile: ServiceProfile, p: PlannedProfile): string {
  const prefix = `${p.service}.${p.namespace}.svc.`;
  return profile.metadata.name.startsWith(prefix) ? profile.metadata.name.slice(prefix.length) : "cluster.local";
}

/** A diff report as text (the terminal's), markdown (a pull-request comment) or JSON (tools). */
export function renderDiff(report: DiffReport, format: "text" | "markdown" | "json" = "text", options: { maxChars?: number } = {}): string {
  if (format === "json") return renderJson(report);
  if (format === "markdown") return renderMarkdown(report, options.maxChars !== undefined ? { maxChars: options.maxChars } : {});
  return renderText(report);
}

// ---------------------------------------------------------------- recorded traffic

/**
 * Replays a recorded `linkerd viz tap -o json` (or `-o wide`) against a
 * profile, as `serviceprofile-sync verify` does: which route each request
 * matches, and which match none. With `baseline`, the report also lists the
 * requests the baseline routes and `profile` does not (`newlyUnmatched`):
 * what a change would break. A recording may be text, bytes or a stream.
 */
export async function verifyRecording(
  profile: ServiceProfile,
  recording: string | Uint8Array | AsyncIterable<Uint8Array | string> | RecordingInput[],
  options: {
    /** The profile to compare against, e.g. the base of a change. */
    baseline?: ServiceProfile;
    /** The recording's name in the report (default `input`, so the report never says "recording recording"). */
    name?: string;
    /** The profile's file, named in the report. */
    profileFile?: string;
  } = {},
): Promise<VerifyReport> {
  // An object handed in was never parsed by us: bound its depth before the condition walks recurse over it.
  checkValueNesting(profile, options.profileFile ?? "profile");
  if (options.baseline) checkValueNesting(options.baseline, "baseline");
  const recordings: RecordingInput[] = Array.isArray(recording) ? recording : [{ file: options.name ?? "input", data: recording as RecordingInput["data"] }];
  return verifyRecordings(profile, recordings, {
    ...(options.baseline ? { baseline: options.baseline } : {}),
    ...(options.profileFile !== undefined ? { file: options.profileFile } : {}),
  });
}

/** A verification report as text, markdown or JSON. */
export function renderVerification(report: VerifyReport, format: "text" | "markdown" | "json" = "text"): string {
  return renderVerify(report, format);
}
