import type { HttpRoute, HttpRouteMatch, RouteObject } from "../model/gateway.js";
export interface HttpRequest {
    method: string;
    path: string;
    headers?: Record<string, string>;
}
export interface Selected {
    route: RouteObject;
    rule: number;
    /** Other candidates in other route objects that scored the same: the pick rests on a tie-break. */
    tiedWith: RouteObject[];
}
/** The proxy's path score, or undefined when the path does not match. */
export declare function pathScore(match: HttpRouteMatch["path"], path: string): number | undefined;
/** Linkerd's order of routes: creationTimestamp (all equal here), then namespace/name. */
export declare function linkerdOrder<T extends RouteObject>(routes: readonly T[]): T[];
/**
 * The rule Linkerd would pick among `routes`, given in Linkerd's order (see
 * linkerdOrder). When only GRPCRoutes or only HTTPRoutes should be seen, the
 * caller passes only those (one route kind per port).
 */
export declare function selectRoute(routes: readonly RouteObject[], request: HttpRequest): Selected | undefined;
export type { HttpRoute };
