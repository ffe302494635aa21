/**
 * The HTTPRoutes of each Service port, as Linkerd's outbound policy gathers
 * them for the proxy: a route attached to a Service port serves that port, a
 * route naming no port serves every port (policy-controller/k8s/index/src/
 * outbound/index.rs, version-2.20). One group per Service port named by some
 * route, and one per Service for the routes naming no port. Routes in
 * another namespace than the Service's are consumer routes, which apply only
 * to clients in their namespace (the project's Gateway API contract,
 * "producer" and "consumer" routes): they form groups of their own, so
 * nothing is said about how they meet the Service's own routes.
 */
import type { Manifest } from "./manifests.js";
export interface ServiceRoutes {
    /** "Service shop/web port 80", "Service shop/web". */
    label: string;
    /** Every HTTPRoute serving the port, in input order, each once. */
    routes: Manifest[];
}
export declare function httpRoutesByServicePort(manifests: readonly Manifest[]): ServiceRoutes[];
