/**
 * Routes -> Gateway API route objects (HTTPRoute from HTTP routes, GRPCRoute
 * from rpcs), following ../shared/reference/gateway-api-contract.md:
 *  - attached to the Service through parentRefs, no backendRefs;
 *  - `Exact` paths where the CRD allows them, otherwise an anchored regex;
 *  - one object per route by default, so metrics stay per route;
 *  - routes that can match the same request share one object with the
 *    ServiceProfile's first match first, so Linkerd's most-specific-match
 *    (where Exact and regex tie on length) picks what the profile picked;
 *  - where overlapping routes cannot share one (different annotations, more
 *    than 16), the later route's regex leaves out the earlier route's paths
 *    (disjoint.ts), so no winner rests on creationTimestamp;
 *  - a catch-all route last, so requests matching no route are not answered
 *    with 404 once routes exist.
 * Pure: the caller validates and renders.
 */
import { type Diagnostic } from "../../model/diagnostic.js";
import type { Route } from "../../model/route.js";
import type { RetryBudget } from "../../model/serviceprofile.js";
import { type RouteOverrides } from "../../model/tuning.js";
import { type LinkerdVersion } from "./linkerd-version.js";
import { type GatewayApiBundle } from "./bundles.js";
import type { GrpcRouteApiVersion, HttpRouteApiVersion, RouteObject } from "../../model/gateway.js";
/** `v1` (Linkerd 2.18+), `v1beta1` (2.15–2.17: HTTPRoute v1beta1, GRPCRoute v1alpha2), `linkerd` (policy.linkerd.io/v1beta3 HTTPRoute). */
export type GatewayApiVersion = "v1" | "v1beta1" | "linkerd";
export declare const GATEWAY_API_VERSIONS: readonly GatewayApiVersion[];
export type Granularity = "route" | "packed";
export interface RetryOptions {
    /** `retry.linkerd.io/http` for retryable HTTP routes; default: the statuses the route counts as failures (5xx). */
    http?: string;
    /** `retry.linkerd.io/grpc` for retryable rpcs; default `unavailable`. */
    grpc?: string;
    /** `retry.linkerd.io/limit`: retries per request (Linkerd's default is 1). */
    limit?: number;
    /** `retry.linkerd.io/timeout`: per-try timeout, a Go duration. */
    timeout?: string;
}
export interface GatewayOptions {
    apiVersion?: GatewayApiVersion;
    /** The Linkerd release the output is for (default: the current one, 2.20): it decides where timeouts go. */
    linkerdVersion?: LinkerdVersion;
    /**
     * The Gateway API CRDs in the cluster (./bundles.ts): apiVersion v1 objects
     * are checked and packed against their limits. Default: the bundle the
     * chosen Linkerd version ships, else v1.2.1-standard.
     */
    gatewayApiBundle?: GatewayApiBundle;
    /** parentRefs port; without it the routes apply to every port of the Service. */
    port?: number;
    /** The catch-all route (default true). */
    catchAll?: boolean;
    granularity?: Granularity;
    retry?: RetryOptions;
}
export interface GatewayInput {
    service: string;
    namespace: string;
    /** Namespace the objects live in; another namespace makes them consumer routes. Default: `namespace`. */
    routeNamespace?: string;
    routes: Route[];
    retryBudget?: RetryBudget;
    overrides?: RouteOverrides;
    options?: GatewayOptions;
    /** The spec file, for messages. */
    source?: string;
}
export interface GatewayStats {
    objects: number;
    /** Objects whose name carries a hash (collision or length). */
    hashedNames: number;
    /** Path matches written as RegularExpression. */
    regexMatches: number;
    /** Objects holding several routes because they can match the same request. */
    overlapObjects: number;
    /** Overlapping pairs of routes in different objects made disjoint by a rewritten regex of the later route. */
    disjointPairs: number;
    /** Rules whose path regex was rewritten so (disjoint.ts). */
    disjointRules: number;
    /** Overlapping pairs of routes in different objects left to Linkerd's creationTimestamp-and-name tie-break (each warned about). */
    tieBreakPairs: number;
}
export interface BuiltRoutes {
    objects: RouteObject[];
    /** Per object, the route behind each of its rules (none for the catch-all): where a problem in a rule came from. */
    ruleRoutes: Route[][];
    warnings: Diagnostic[];
    stats: GatewayStats;
}
export declare function apiVersions(v?: GatewayApiVersion): {
    http: HttpRouteApiVersion;
    grpc: GrpcRouteApiVersion | undefined;
};
/** `Diagnostic.code` of what a ServiceProfile said that the routes cannot (the diff lists them per route set, with the change). */
export declare const LOSS_CODE = "not-carried-over";
export declare function buildGatewayRoutes(input: GatewayInput): BuiltRoutes;
