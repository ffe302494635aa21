/**
 * The Gateway API bundles (release and channel of the HTTPRoute/GRPCRoute
 * CRDs installed in the cluster) that routes are checked against, and the
 * limits that differ between them. The CRDs are in schema/gateway-api/
 * (v1.2.1-standard) and schema/gateway-api/bundles/<name>/; their
 * openAPIV3Schemas are compiled into src/generated/*route-validator.js (one
 * export per bundle). The table with the CRD citations is in
 * docs/gateway-api.md, "Gateway API bundles".
 */
import type { LinkerdVersion } from "./linkerd-version.js";
export type GatewayApiBundle = "v1.1.1-experimental" | "v1.2.1-standard" | "v1.3.0-standard" | "v1.4.1-standard" | "v1.5.1-standard";
export declare const GATEWAY_API_BUNDLES: readonly GatewayApiBundle[];
/** Without a Linkerd version: the newest bundle every Linkerd from 2.18 to 2.20 accepts. */
export declare const DEFAULT_GATEWAY_API_BUNDLE: GatewayApiBundle;
/** The bundle to check against: the one named, else the one the chosen Linkerd ships, else v1.2.1-standard. */
export declare function resolveBundle(bundle: GatewayApiBundle | undefined, linkerd: LinkerdVersion | undefined): GatewayApiBundle;
export declare function parseGatewayApiBundle(value: string): GatewayApiBundle | undefined;
/** What differs between the bundles beyond their openAPIV3Schemas (which the generated validators check). */
export interface BundleLimits {
    bundle: GatewayApiBundle;
    /** Rules per route (every bundle's `spec.rules` maxItems). */
    maxRules: number;
    /**
     * The CEL rule on `spec.rules` "the total number of matches across all
     * rules in a route must be less than 128" (really: at most 128); absent
     * from v1.1.1-experimental.
     */
    maxTotalMatches: number | undefined;
    /**
     * The CEL rules on `spec.parentRefs`: v1.1.1-experimental tells two
     * references to one parent apart by `port` as well as `sectionName`
     * ("sectionName or port must be specified ..."); the standard channel only
     * by `sectionName`.
     */
    parentRefsByPort: boolean;
}
export declare function bundleLimits(bundle: GatewayApiBundle): BundleLimits;
/**
 * The bundle the objects of one output are checked (and packed) against:
 * the chosen one for `gateway.networking.k8s.io/v1` output (apiVersion v1,
 * the default); v1beta1 and policy.linkerd.io output are for CRDs of their
 * own (see validate.ts) and stay on v1.2.1-standard.
 */
export declare function outputBundle(options: {
    apiVersion?: string;
    gatewayApiBundle?: GatewayApiBundle;
    linkerdVersion?: LinkerdVersion;
}): GatewayApiBundle;
/** Why a bundle cannot be chosen for output of `apiVersion` (not v1): for flags and config alike. */
export declare function bundleApiVersionProblem(apiVersion: string): string;
