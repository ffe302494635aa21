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
import { type DiffReport } from "./diff/routes.js";
import { type SourceReader } from "./files/reader.js";
import type { Diagnostic } from "./model/diagnostic.js";
import type { ServiceProfile } from "./model/serviceprofile.js";
import { type GatewayOptions } from "./targets/gateway/index.js";
import type { RouteObject } from "./model/gateway.js";
import { type RecordingInput, type VerifyReport } from "./tap/verify.js";
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
/** Files under a directory; paths that leave it (`..`, absolute, symlinks out) are refused. */
export declare function directoryReader(root: string): SourceReader;
/** Files held in memory, keyed by repository-relative POSIX path. */
export declare function memoryReader(files: Record<string, string | Uint8Array>): SourceReader;
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
/**
 * A validated ServiceProfile from one OpenAPI or proto spec, as
 * `serviceprofile-sync profile` prints it. A broken spec or an invalid name
 * throws SpecError, with file, line:column or JSON pointer, and a hint.
 */
export declare function generateServiceProfile(spec: SpecSource, identity: ServiceIdentity & {
    profileNamespace?: string;
}): Promise<GeneratedProfile>;
export interface GeneratedRoutes {
    /** HTTPRoute and GRPCRoute objects, in the order they are written. */
    objects: RouteObject[];
    warnings: Diagnostic[];
    inputs: string[];
}
/** Gateway API routes (HTTPRoute / GRPCRoute) from one spec, as `serviceprofile-sync routes` prints them. */
export declare function generateGatewayRoutes(spec: SpecSource, identity: ServiceIdentity & {
    routeNamespace?: string;
    options?: GatewayOptions;
}): Promise<GeneratedRoutes>;
export interface RenderOptions {
    /** `yaml` (kubectl-style, the default) or `json`. */
    format?: "yaml" | "json";
    /** Spec files named in the `# Code generated ... DO NOT EDIT.` header; no header when absent (YAML only). */
    headerSources?: string[];
}
/** Deterministic text of one object, or of several (a YAML stream; JSON: a `v1` List). */
export declare function render(value: object | readonly object[], options?: RenderOptions): string;
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
    failed: {
        service: string;
        namespace: string;
        diagnostics: Diagnostic[];
    }[];
    warnings: Diagnostic[];
}
/**
 * What `serviceprofile-sync sync` would write: the whole desired state of a
 * repository's manifests directory, generated from its config
 * (`serviceprofile-sync.yaml` by default) and specs. Nothing is written. A
 * broken config throws (a SpecError subclass listing every problem).
 */
export declare function planRepository(source: string | SourceReader, options?: {
    config?: string;
}): Promise<RepositoryPlan>;
/**
 * The semantic diff of two plans, route by route, as the versioned report
 * `serviceprofile-sync diff --format json` prints (docs/diff-report.md).
 * Profiles are matched by where they live in the cluster, not by file path.
 */
export declare function diffPlans(base: RepositoryPlan, head: RepositoryPlan, labels?: {
    base?: string;
    head?: string;
}): DiffReport;
/** A diff report as text (the terminal's), markdown (a pull-request comment) or JSON (tools). */
export declare function renderDiff(report: DiffReport, format?: "text" | "markdown" | "json", options?: {
    maxChars?: number;
}): string;
/**
 * Replays a recorded `linkerd viz tap -o json` (or `-o wide`) against a
 * profile, as `serviceprofile-sync verify` does: which route each request
 * matches, and which match none. With `baseline`, the report also lists the
 * requests the baseline routes and `profile` does not (`newlyUnmatched`):
 * what a change would break. A recording may be text, bytes or a stream.
 */
export declare function verifyRecording(profile: ServiceProfile, recording: string | Uint8Array | AsyncIterable<Uint8Array | string> | RecordingInput[], options?: {
    /** The profile to compare against, e.g. the base of a change. */
    baseline?: ServiceProfile;
    /** The recording's name in the report (default `input`, so the report never says "recording recording"). */
    name?: string;
    /** The profile's file, named in the report. */
    profileFile?: string;
}): Promise<VerifyReport>;
/** A verification report as text, markdown or JSON. */
export declare function renderVerification(report: VerifyReport, format?: "text" | "markdown" | "json"): string;
