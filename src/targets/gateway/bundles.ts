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

export const GATEWAY_API_BUNDLES: readonly GatewayApiBundle[] = ["v1.1.1-experimental", "v1.2.1-standard", "v1.3.0-standard", "v1.4.1-standard", "v1.5.1-standard"];

/** Without a Linkerd version: the newest bundle every Linkerd from 2.18 to 2.20 accepts. */
export const DEFAULT_GATEWAY_API_BUNDLE: GatewayApiBundle = "v1.2.1-standard";

/**
 * The bundle Linkerd's own CRD chart ships: linkerd/linkerd2 at tags
 * version-2.18, version-2.19 and version-2.20,
 * charts/linkerd-crds/templates/gateway.networking.k8s.io_httproutes.yaml and
 * _grpcroutes.yaml, annotated `gateway.networking.k8s.io/bundle-version: v1.1.1`
 * and `gateway.networking.k8s.io/channel: experimental` (installed by default
 * at 2.18, `installGatewayAPI: true` in charts/linkerd-crds/values.yaml; on
 * request at 2.19 and 2.20).
 */
const LINKERD_BUNDLE: Record<LinkerdVersion, GatewayApiBundle> = {
  "2.18": "v1.1.1-experimental",
  "2.19": "v1.1.1-experimental",
  "2.20": "v1.1.1-experimental",
};

/** The bundle to check against: the one named, else the one the chosen Linkerd ships, else v1.2.1-standard. */
export function resolveBundle(bundle: GatewayApiBundle | undefined, linkerd: LinkerdVersion | undefined): GatewayApiBundle {
  return bundle ?? (linkerd !== undefined ? LINKERD_BUNDLE[linkerd] : DEFAULT_GATEWAY_API_BUNDLE);
}

export function parseGatewayApiBundle(value: string): GatewayApiBundle | undefined {
  return (GATEWAY_API_BUNDLES as readonly string[]).includes(value) ? (value as GatewayApiBundle) : undefined;
}

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

const EXPERIMENTAL_1_1_1: Omit<BundleLimits, "bundle"> = { maxRules: 16, maxTotalMatches: undefined, parentRefsByPort: true };
const STANDARD: Omit<BundleLimits, "bundle"> = { maxRules: 16, maxTotalMatches: 128, parentRefsByPort: false };

export function bundleLimits(bundle: GatewayApiBundle): BundleLimits {
  return { bundle, ...(bundle === "v1.1.1-experimental" ? EXPERIMENTAL_1_1_1 : STANDARD) };
}

/**
 * The bundle the objects of one output are checked (and packed) against:
 * the chosen one for `gateway.networking.k8s.io/v1` output (apiVersion v1,
 * the default); v1beta1 and policy.linkerd.io output are for CRDs of their
 * own (see validate.ts) and stay on v1.2.1-standard.
 */
export function outputBundle(options: { apiVersion?: string; gatewayApiBundle?: GatewayApiBundle; linkerdVersion?: LinkerdVersion }): GatewayApiBundle {
  return (options.apiVersion ?? "v1") === "v1" ? resolveBundle(options.gatewayApiBundle, options.linkerdVersion) : DEFAULT_GATEWAY_API_BUNDLE;
}

/** Why a bundle cannot be chosen for output of `apiVersion` (not v1): for flags and config alike. */
export function bundleApiVersionProblem(apiVersion: string): string {
  return apiVersion === "linkerd"
    ? "a Gateway API bundle applies to gateway.networking.k8s.io/v1 routes; apiVersion linkerd writes policy.linkerd.io/v1beta3 HTTPRoutes, whose CRD is Linkerd's own"
    : `a Gateway API bundle applies to gateway.networking.k8s.io/v1 routes; apiVersion ${apiVersion} is the output for Linkerd 2.15-2.17 and is checked against the v0.7.1 CRDs they install`;
}
