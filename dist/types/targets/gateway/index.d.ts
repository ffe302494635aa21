import type { RouteOrder } from "../../lint/profile-shadowing.js";
import { type BuiltRoutes, type GatewayApiVersion, type GatewayInput } from "./emit.js";
export * from "./emit.js";
export * from "./linkerd-version.js";
export * from "./bundles.js";
export type * from "../../model/gateway.js";
export declare const GATEWAY_API_VERSION_NAMES: string;
/** `v1`, `v1beta1`, `linkerd`, or the full HTTPRoute apiVersion they stand for. */
export declare function parseGatewayApiVersion(value: string): GatewayApiVersion | undefined;
/**
 * Builds and checks the routes of one service; throws SpecError on the first problem set.
 * The warnings include the rules Linkerd can never pick (lint/gateway-shadowing.ts).
 */
export declare function generateGatewayRoutes(input: GatewayInput & {
    routeOrder?: RouteOrder;
}): BuiltRoutes;
