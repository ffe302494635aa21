import { SpecError, type Diagnostic } from "../model/diagnostic.js";
import type { RetryBudget } from "../model/serviceprofile.js";
import type { RouteOverrides } from "../model/tuning.js";
import type { GatewayOptions } from "../targets/gateway/emit.js";
import { type LinkerdVersion } from "../targets/gateway/linkerd-version.js";
import { type SourceReader } from "../files/reader.js";
export declare const CONFIG_FILE_NAMES: readonly ["serviceprofile-sync.yaml", "serviceprofile-sync.yml"];
export type RouteNameMode = "short" | "service" | "full";
export type ServiceSource = {
    kind: "openapi";
    file: string;
} | {
    kind: "proto";
    files: string[];
    protoServices?: string[];
    routeNames?: RouteNameMode;
};
/** What sync writes for a service: a ServiceProfile, Gateway API routes, or both while migrating. */
export type Target = "serviceprofile" | "gateway" | "both";
export interface ServiceConfig {
    name: string;
    namespace: string;
    source: ServiceSource;
    target: Target;
    /** The config's gateway: settings with the service's own over them. */
    gateway: GatewayOptions;
    basePath?: string;
    /** Where profiles are written; default `[namespace]`. Sorted, unique. */
    profileNamespaces: string[];
    retryBudget?: RetryBudget;
    /** ServiceProfile route order: the service's, else the config's; absent for Linkerd's order. */
    routeOrder?: "specific-first";
    overrides: RouteOverrides;
    tap: string[];
    /** Position in the config, for messages: `/services/3` and its line. */
    pointer: string;
    line?: number;
    /** Line of each `routes:` key, for messages about one override. */
    routeLines?: Record<string, number>;
    /** Every spec file named by the entry (not the $ref closure). */
    specFiles: string[];
    /** The application directory that owns the service (`generate` in it or below it emits the service); "" is the root. */
    app?: string;
}
export interface RepoConfig {
    /** Repo-relative path of the config file. */
    file: string;
    output: string;
    clusterDomain: string;
    ignore: string[];
    services: ServiceConfig[];
    /** The route guard's settings (docs/guard.md); absent when the config has no guard: key. */
    guard?: GuardConfig;
    /** The config's top-level `linkerd.version`: the cluster's Linkerd, which the guard checks hand-written routes for. */
    linkerdVersion?: LinkerdVersion;
}
export interface GuardConfig {
    include?: string[];
    exclude?: string[];
    /** Rule ID to severity; the schema lists the IDs. */
    rules?: Record<string, "error" | "warning" | "info" | "off">;
}
/** Thrown when the config has problems; carries all of them. */
export declare class ConfigError extends SpecError {
    readonly diagnostics: Diagnostic[];
    constructor(diagnostics: Diagnostic[]);
}
/** The config path to use: the one given, else the first default name that exists. */
export declare function findConfig(reader: SourceReader, explicit?: string): Promise<string | undefined>;
/** Reads, validates and normalises the config; throws ConfigError (all problems) or SpecError. */
export declare function loadConfig(reader: SourceReader, configPath?: string): Promise<RepoConfig>;
/** Validates config text (YAML or JSON) named `file`. */
export declare function parseConfig(text: string, file: string): RepoConfig;
/** `/services/0/routes/GET ~1x` -> `services[0].routes["GET /x"]`. */
export declare function readablePath(pointer: string): string;
/** `<output>/<profile namespace>/<service>.yaml`. */
export declare function profilePath(output: string, profileNamespace: string, service: string): string;
/** `<output>/<namespace>/<service>.routes.yaml`: the service's Gateway API routes in that namespace. */
export declare function routesPath(output: string, routeNamespace: string, service: string): string;
/** The files a service writes into one namespace. */
export declare function outputPaths(output: string, namespace: string, service: string, target: Target): string[];
export declare function kustomizationPath(output: string): string;
/**
 * The parts of a service entry that decide its generated text, in a fixed
 * shape: the fingerprint hashes this, so two configs that differ only in
 * formatting, key order or comments fingerprint the same.
 */
export declare function generationInputs(config: RepoConfig, service: ServiceConfig): unknown;
