/**
 * The guard's checks across the routes of one Service: what a request that
 * no rule matches gets.
 */
import type { Manifest } from "./manifests.js";
import { type RawFinding } from "./route-rules.js";
import type { HttpRoute } from "../model/gateway.js";
/** The route as gateway-selection reads it, keeping only well-formed matches (Gateway API defaults filled in). */
export declare function selectable(m: Manifest): HttpRoute;
/**
 * A Service (port) whose HTTPRoutes leave some request unmatched: the proxy
 * answers it with 404 instead of forwarding it. Linkerd sends the proxy the
 * Service's routes alone and a default route only when there are none
 * (policy-controller/grpc/src/outbound/http.rs `protocol`, `if
 * routes.is_empty()`, version-2.20); routes the controller drops (`dropped`)
 * do not count, and when all of them are dropped the default route applies.
 */
export declare function servicesWithoutCatchAll(manifests: readonly Manifest[], dropped: ReadonlySet<Manifest>): RawFinding[];
/** The HTTPRoutes of one Service (port) and a request none of them matches, if there is one. */
export interface ServiceCoverage {
    /** `Service ns/name` or `Service ns/name port 8080`. */
    label: string;
    routes: {
        manifest: Manifest;
        parentIndex: number;
    }[];
    miss?: {
        method: string;
        path: string;
    };
}
/**
 * Per Service (port) with HTTPRoutes: whether they leave a request unmatched.
 * Every route given counts, dropped or not: `diff` asks whether the routes as
 * written still have a catch-all, whatever else is wrong with them.
 */
export declare function catchAllCoverage(manifests: readonly Manifest[]): ServiceCoverage[];
export declare function serviceKeys(m: Manifest): {
    svc: string;
    port?: number;
    index: number;
}[];
/**
 * HTTPRoutes on a Service port that also has a GRPCRoute: the controller
 * sends the proxy the GRPCRoutes and no HTTPRoute (policy-controller/grpc/
 * src/outbound.rs, `if !grpc_routes.is_empty()` before the HTTP branch) and
 * marks the HTTPRoute Conflicted (policy-controller/k8s/status/src/index.rs,
 * `parent_has_conflicting_routes`), both at version-2.20. A parentRef without
 * a port covers every port of the Service.
 */
export declare function httpRoutesHiddenByGrpc(manifests: readonly Manifest[]): RawFinding[];
/**
 * A ServiceProfile with routes or dstOverrides for a Service that also has
 * HTTPRoutes or GRPCRoutes: the proxy uses the profile and ignores the
 * routes while it exists (linkerd2-proxy release/v2.359.0, shipped by
 * version-2.20: `linkerd/app/outbound/src/sidecar.rs` routes by the profile
 * when `should_override_policy`, in `src/http/logical/profile.rs`, finds
 * `has_routes_or_targets`). A profile is named <service>.<namespace>.svc.<cluster domain>.
 */
export declare function profilesOverridingRoutes(manifests: readonly Manifest[]): RawFinding[];
