/**
 * The semantic diff of generated ServiceProfiles, and the versioned report
 * shape other tools consume (`diff --format json`, the GitHub Action).
 * Routes are compared as objects, by name, never as YAML text.
 *
 * Compatibility: fields may be added within a schemaVersion; removing or
 * changing the meaning of a field bumps it. docs/diff-report.md describes it.
 */
import type { ShadowWarning } from "../lint/profile-shadowing.js";
import type { Diagnostic } from "../model/diagnostic.js";
import type { ResponseClass, RetryBudget, RouteSpec, ServiceProfile } from "../model/serviceprofile.js";
import type { RouteSetDiff } from "./route-objects.js";
import type { ProfileVerification } from "./verification-section.js";
import type { ReportFindings } from "./impact-rules.js";
export declare const DIFF_SCHEMA_VERSION = 1;
/** One side of the comparison. */
export interface ReportSide {
    /** The ref as given (`origin/main`), or `WORKTREE` for the work tree. */
    ref: string;
    /** The commit the ref resolved to; absent for the work tree. */
    commit?: string;
    /** Repo path of the config used, or null when the side has no config (every profile is then added or removed). */
    config: string | null;
}
/** A response class in compact form: `status` is `404` or `500-599`. */
export interface ResponseClassSummary {
    status: string;
    isFailure: boolean;
}
export interface RouteSummary {
    name: string;
    /** HTTP method of the condition; null when the condition has none (or is compound). */
    method: string | null;
    pathRegex: string | null;
    isRetryable: boolean;
    /** Go duration, or null for none: Linkerd sets no default timeout (see report.ts). */
    timeout: string | null;
    responseClasses: ResponseClassSummary[];
}
export type RouteField = "method" | "pathRegex" | "condition" | "isRetryable" | "timeout" | "responseClasses";
export interface FieldChange {
    field: RouteField;
    from: unknown;
    to: unknown;
}
export interface RouteChange {
    name: string;
    changes: FieldChange[];
}
export interface ProfileIdentity {
    /** metadata.name: `<service>.<namespace>.svc.<clusterDomain>`. */
    name: string;
    /** metadata.namespace: where the profile object lives (a client namespace or the service's own). */
    namespace: string;
    service: string;
    serviceNamespace: string;
    /** Repo path of the generated file (head's, else base's). */
    path: string;
}
export type ProfileStatus = "added" | "removed" | "changed";
export interface ProfileDiff {
    profile: ProfileIdentity;
    status: ProfileStatus;
    /** Added profiles list all their routes here, removed ones in routesRemoved. */
    routesAdded: RouteSummary[];
    routesRemoved: RouteSummary[];
    routesChanged: RouteChange[];
    /** Present when the retry budget differs; null means none (Linkerd's default). */
    retryBudget?: {
        from: RetryBudget | null;
        to: RetryBudget | null;
    };
    /** Present when the profile's name changed (e.g. a new clusterDomain) while its file stayed. */
    name?: {
        from: string;
        to: string;
    };
    /** Present when the route order changed without other route changes (first match wins, so order matters). */
    routeOrderChanged?: boolean;
    /** Present when head's config lists tap recordings for the service: head's profile replayed against them. */
    verification?: ProfileVerification;
    /** Routes head's profile makes unreachable that base's did not (lint/profile-shadowing.ts): what the change introduces. */
    shadowing?: ShadowWarning[];
}
export interface ServiceErrors {
    service: string;
    namespace: string;
    side: "base" | "head";
    diagnostics: Diagnostic[];
}
export type StaleKind = "missing" | "stale" | "extra" | "hand-edited" | "not-owned";
export interface StaleFile {
    path: string;
    kind: StaleKind;
    /** Head is the work tree and the file's edit exists nowhere else (not in git either): sync refuses to lose it without --force. */
    unsaved?: true;
}
export interface StaleStatus {
    /** False when there was nothing to check (no generated files committed at head, or head's config is broken). */
    checked: boolean;
    reason?: string;
    upToDate: boolean;
    files: StaleFile[];
}
export interface UnmappedSpec {
    path: string;
    kind: "openapi" | "proto";
}
export interface DiffSummary {
    profilesAdded: number;
    profilesRemoved: number;
    profilesChanged: number;
    profilesUnchanged: number;
    routesAdded: number;
    routesRemoved: number;
    routesChanged: number;
    serviceErrors: number;
    unmappedSpecs: number;
    staleFiles: number;
    /** Gateway API route files (`<service>.routes.yaml`) added, removed and changed; rules within them. */
    routeSetsAdded?: number;
    routeSetsRemoved?: number;
    routeSetsChanged?: number;
    rulesAdded?: number;
    rulesRemoved?: number;
    rulesChanged?: number;
    /**
     * Recorded requests that would newly match no route, over `profiles[].verification`
     * (a service counted once). Present when some profile has a verification.
     */
    newlyUnmatchedRequests?: number;
}
export interface DiffReport {
    schemaVersion: typeof DIFF_SCHEMA_VERSION;
    base: ReportSide;
    head: ReportSide;
    summary: DiffSummary;
    /** Changed, added and removed profiles, sorted by namespace then name. Unchanged ones are only counted. */
    profiles: ProfileDiff[];
    /** Changed, added and removed Gateway API route sets (one per service and namespace), sorted like profiles. */
    routeSets?: RouteSetDiff[];
    /** Services whose generation failed at base or head; their profiles are not in `profiles`. */
    errors: ServiceErrors[];
    /** A broken config at either side: then nothing is compared. */
    configErrors: {
        side: "base" | "head";
        diagnostics: Diagnostic[];
    }[];
    /** Whether the generated files committed at head match what head's specs generate. */
    stale: StaleStatus;
    /** Spec files at head that no service uses. */
    unmapped: UnmappedSpec[];
    warnings: Diagnostic[];
    /**
     * What the change does to traffic (classified route changes) and the route
     * guard's findings it introduces. Absent when a config is broken (nothing
     * compared), and in reports written before it was added.
     */
    findings?: ReportFindings;
}
export declare function summarizeResponseClass(rc: ResponseClass): ResponseClassSummary;
export declare function summarizeRoute(r: RouteSpec): RouteSummary;
/** Field-level changes of one route; empty when equal. */
export declare function diffRoute(from: RouteSpec, to: RouteSpec): FieldChange[];
/** The diff of one profile between base and head; undefined when they are semantically equal. */
export declare function diffProfile(identity: ProfileIdentity, base: ServiceProfile | undefined, head: ServiceProfile | undefined): ProfileDiff | undefined;
export declare function compareProfileDiffs(x: ProfileDiff, y: ProfileDiff): number;
/** Counts for the summary line. */
export declare function summarize(report: Omit<DiffReport, "summary">, profilesUnchanged: number): DiffSummary;
/** Inbound requests replayed over `profiles[].verification` and `routeSets[].verification`, a service counted once. */
export declare function recordedRequests(profiles: ProfileDiff[], sets?: RouteSetDiff[]): number;
