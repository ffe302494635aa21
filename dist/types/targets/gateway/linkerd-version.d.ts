/**
 * What each Linkerd release reads of the routes we emit, so the output is
 * true for the version the user runs. Every fact was read in linkerd/linkerd2
 * at the tags version-2.18, version-2.19 and version-2.20 (the table with the
 * citations is in docs/gateway-api.md, "Linkerd versions"):
 *  - policy-controller/runtime/src/args.rs watches `gateway::HTTPRoute` and
 *    `gateway::GRPCRoute`, which policy-controller/k8s/api/src/lib.rs takes
 *    from the gateway-api crate (0.15.0 at 2.18, 0.16.0 at 2.19 and 2.20),
 *    whose kinds are `gateway.networking.k8s.io/v1`; and the
 *    `policy.linkerd.io/v1beta3` HTTPRoute (policy/httproute.rs). Nothing
 *    watches HTTPRoute v1beta1 or GRPCRoute v1alpha2 any more.
 *  - policy-controller/k8s/index/src/outbound/index/http.rs,
 *    `convert_gateway_rule`, reads `rules[].timeouts.request` only at
 *    version-2.20; `convert_linkerd_rule` (policy.linkerd.io) reads it at all
 *    three. The `timeout.linkerd.io/request` annotation (`parse_timeouts`,
 *    index.rs) is read at all three, for the whole object.
 *  - grpc.rs, `convert_rule`: GRPCRoute rule timeouts are never read.
 */
export type LinkerdVersion = "2.18" | "2.19" | "2.20";
export declare const LINKERD_VERSIONS: readonly LinkerdVersion[];
/** The current Linkerd release. */
export declare const DEFAULT_LINKERD_VERSION: LinkerdVersion;
export declare function parseLinkerdVersion(value: string): LinkerdVersion | undefined;
/** The one message for a value that is not a Linkerd version we know, for flags and config alike. */
export declare function linkerdVersionValueError(value: string): string;
/**
 * Why `apiVersion` cannot be read by the chosen Linkerd version, or undefined.
 * `v1beta1` is the output for Linkerd 2.15-2.17, so it goes with no
 * linkerd version at all.
 */
export declare function apiVersionProblem(apiVersion: string | undefined, linkerd: LinkerdVersion | undefined): {
    message: string;
    hint: string;
} | undefined;
/**
 * Whether HTTPRoute `rules[].timeouts.request` is read; otherwise the
 * timeout goes in the `timeout.linkerd.io/request` annotation of the object.
 */
export declare function readsRuleTimeouts(apiVersion: string | undefined, linkerd: LinkerdVersion | undefined): boolean;
