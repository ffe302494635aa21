/**
 * The desired state of the manifests directory, computed from the files a
 * SourceReader sees: one text per profile file plus the kustomization. Pure:
 * nothing here writes, and the same plan() runs on the work tree, on a git
 * ref or on an in-memory repo.
 *
 * A service whose spec is broken yields errors for that service only; the
 * other services are still planned, and the broken service's committed files
 * are kept (listed in the kustomization, never deleted).
 */
import { type Diagnostic } from "../model/diagnostic.js";
import type { ServiceProfile } from "../model/serviceprofile.js";
import type { SourceReader } from "../files/reader.js";
import type { RouteObject } from "../model/gateway.js";
import { type RepoConfig, type ServiceConfig } from "./config.js";
import { type SpecCandidate } from "./discover.js";
import { type ClosureFile, type ContentCache } from "./fingerprint.js";
/** The files in the manifests directory, by path: each one's text, or null when it is no regular readable file (a symlink, say). */
export type ExistingFiles = Map<string, string | null>;
/** What one generated file holds: a ServiceProfile, or a service's Gateway API routes in one namespace. */
export type OutputKind = "serviceprofile" | "routes";
/** A service with its input closure and fingerprints, before any generation. */
export interface DescribedService {
    config: ServiceConfig;
    closure: ClosureFile[];
    fingerprint: string;
    /** One entry per generated file (ServiceProfiles and route files), in namespace order. */
    profiles: {
        kind: OutputKind;
        profileNamespace: string;
        path: string;
        fingerprint: string;
    }[];
}
export interface GeneratedProfile {
    kind: OutputKind;
    profileNamespace: string;
    path: string;
    fingerprint: string;
    /** The ServiceProfile (kind serviceprofile). */
    profile?: ServiceProfile;
    /** The HTTPRoutes/GRPCRoutes (kind routes). */
    routes?: RouteObject[];
    /** Full file text: header, fingerprint line, YAML. */
    text: string;
}
export interface GeneratedService {
    profiles: GeneratedProfile[];
    /** Files the engine actually read. */
    inputs: string[];
    warnings: Diagnostic[];
}
/** Generation results keyed by service fingerprint; shared between plans of one run. */
export type GenerationCache = Map<string, GeneratedService | {
    errors: Diagnostic[];
}>;
export interface ProfilePlan {
    kind: OutputKind;
    service: string;
    namespace: string;
    profileNamespace: string;
    path: string;
    fingerprint: string;
    text: string;
    /** The generated object; absent when the committed file was reused without regenerating. */
    profile?: ServiceProfile;
    /** The generated route objects (kind routes); absent when reused. */
    routes?: RouteObject[];
    /** Taken unchanged from the committed file (fingerprint and body matched). */
    reused: boolean;
}
export interface ServicePlan {
    config: ServiceConfig;
    described: DescribedService;
    /** Empty when the service has errors. */
    profiles: ProfilePlan[];
    errors: Diagnostic[];
    warnings: Diagnostic[];
    /** This service's committed generated files, kept untouched because generation failed. */
    kept: string[];
}
export interface Plan {
    config: RepoConfig;
    /** Desired text of every generated file, kustomization included, keyed by repo path. */
    files: Map<string, string>;
    kustomizationPath: string;
    services: ServicePlan[];
    errors: Diagnostic[];
    warnings: Diagnostic[];
    /** Spec files in the repo no service uses; only when `repoFiles` was given. */
    unmapped: SpecCandidate[];
    /** `profiles` counts every generated file but the kustomization; `routeFiles` those holding Gateway API routes. */
    stats: {
        profiles: number;
        routeFiles: number;
        generatedServices: number;
        reusedServices: number;
    };
}
export interface PlanOptions {
    /** Every file of the repo, for discovering unmapped specs; skipped when absent. */
    repoFiles?: string[];
    /** Reuse committed files whose recorded fingerprint and body hash still match (no regeneration). */
    reuse?: boolean;
    /** Already described services (e.g. by diff), to avoid hashing twice. */
    described?: DescribedService[];
    /** Shared generation results. */
    cache?: GenerationCache;
    /** Services generated at once (default 8). */
    concurrency?: number;
    /** The committed files of the manifests directory, when the caller has read them (else read through the reader). */
    committed?: ExistingFiles;
}
/** Human name of a service in messages: `books (booksapp)`. */
export declare function serviceLabel(s: Pick<ServiceConfig, "name" | "namespace">): string;
/** Input closures and fingerprints of every service. */
/** A closure recorded in a committed file, for a service (undefined: none usable). */
export type RecordedClosures = (service: ServiceConfig) => ClosureFile[] | undefined;
export declare function describeServices(reader: SourceReader, config: RepoConfig, concurrency?: number, contents?: ContentCache, recorded?: RecordedClosures): Promise<DescribedService[]>;
export declare function describeService(reader: SourceReader, config: RepoConfig, service: ServiceConfig, contents?: ContentCache, recorded?: ClosureFile[]): Promise<DescribedService>;
/**
 * A reader that remembers recent files, so the engine's read of a spec right
 * after the fingerprint's read of it costs nothing. Bounded: a thousand large
 * specs are never all held at once.
 */
export declare function recentFilesReader(reader: SourceReader, maxBytes?: number): SourceReader;
/** Runs the engine for one service: routes, one validated profile per profile namespace, rendered. Throws SpecError. */
export declare function generateService(reader: SourceReader, config: RepoConfig, described: DescribedService): Promise<GeneratedService>;
export declare function plan(sourceReader: SourceReader, config: RepoConfig, options?: PlanOptions): Promise<Plan>;
/** Spec files among `repoFiles` that no service uses, directly or through a `$ref`. */
export declare function findUnmapped(reader: SourceReader, config: RepoConfig, described: DescribedService[], repoFiles: string[], cache?: GenerationCache): Promise<SpecCandidate[]>;
/** The generated kustomization: every profile file, relative to the output directory, in byte order. */
export declare function renderKustomization(config: RepoConfig, paths: string[]): string;
/** A generated kustomization naming `configFile` in its header; resources relative to its directory, deduplicated and in byte order. */
export declare function renderResourceList(configFile: string, resources: string[]): string;
/** Like Promise.all(items.map(fn)) with at most `limit` running at once; order kept. */
export declare function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]>;
/** `3 profiles`, or `1 profile, 2 route files` once Gateway API output is on. */
export declare function describeOutputs(stats: Plan["stats"]): string;
