/**
 * The route guard: lints the HTTPRoute, GRPCRoute and ServiceProfile
 * manifests of a repository, generated or not, for what Linkerd does with
 * them. Which files: the config's `guard.include` globs (default: every
 * .yaml/.yml file git lists) and every file under the output directory,
 * minus `guard.exclude`; only files that name one of the kinds are parsed.
 */
import type { LinkerdVersion } from "../targets/gateway/linkerd-version.js";
import type { SourceReader } from "../files/reader.js";
import { type Manifest } from "./manifests.js";
import { type GuardSeverity, type RuleId, type SeveritySetting } from "./rules.js";
export declare const DEFAULT_GUARD_INCLUDE: string[];
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
export declare function guardedFiles(files: readonly string[], options?: GuardOptions): string[];
/**
 * Reads and parses the guarded files: every file with an HTTPRoute or a
 * GRPCRoute, and a file of ServiceProfiles only when a profile there could be
 * for a Service that has routes. Profiles matter to one rule alone
 * (profile-overrides-routes), and a repository may hold thousands of them:
 * parsing YAML is most of the guard's time.
 */
export declare function readManifests(reader: SourceReader, files: readonly string[]): Promise<Manifest[]>;
/** Every finding over the manifests, with the configured severities ("off" rules left out), sorted by file, line, column, rule. */
export declare function lintManifests(manifests: readonly Manifest[], ruleSettings?: Readonly<Record<string, SeveritySetting>>, linkerdVersion?: LinkerdVersion): Finding[];
/** Reads the repository's route manifests and lints them. */
export declare function guardRepository(reader: SourceReader, files: readonly string[], options?: GuardOptions): Promise<Finding[]>;
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
export declare function guardSide(reader: SourceReader, files: readonly string[], options?: GuardOptions): Promise<GuardResult>;
