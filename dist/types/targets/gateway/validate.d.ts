import { type GatewayApiBundle } from "./bundles.js";
export { isAllowedExactPath } from "./path-value.js";
export interface RouteProblem {
    /** JSON pointer into the route object. */
    pointer: string;
    message: string;
}
/**
 * Problems with one route object; empty when it may be printed or written.
 * `bundle`: the Gateway API CRDs gateway.networking.k8s.io/v1 objects must
 * pass (default v1.2.1-standard).
 */
export declare function validateRouteObject(obj: unknown, bundle?: GatewayApiBundle): RouteProblem[];
