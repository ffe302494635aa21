import type { Route } from "../model/route.js";
/** The identity a route's object name is derived from (targets/gateway/emit.ts: `id`). */
export declare function routeIdentity(route: Route): string;
/** What differs between two copies of a route, one phrase per field; empty when they are the same route. */
export declare function routeDifferences(a: Route, b: Route): string[];
/**
 * The routes with copies from other files merged; throws SpecError when two
 * copies differ. Linear: one map lookup per route. `source` names the input
 * for routes without an origin.
 */
export declare function mergeDuplicateRoutes(routes: Route[], source?: string): Route[];
