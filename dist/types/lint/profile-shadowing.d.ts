/**
 * The ServiceProfile shadowing lint: routes an earlier route makes
 * unreachable (the proxy takes the first route that matches), decided for
 * every possible request by the regex automata (tap/shadow.ts), no
 * recording needed. `linkerd profile` writes routes in byte order of their
 * paths, so `/books/{id}` lands before `/books/{id}.json` and the second can
 * never match; this says so, with both routes and an example request.
 *
 * Also the opt-in "specific-first" route order, which moves each shadowed
 * route in front of the routes that take its requests, so that none is
 * shadowed where such an order exists. The route set stays the same.
 */
import type { Diagnostic } from "../model/diagnostic.js";
import type { RouteSpec, ServiceProfile } from "../model/serviceprofile.js";
import { type ShadowFinding } from "../matching/shadow.js";
/** `Diagnostic.code` of every warning this lint emits (the diff lists them apart, per profile). */
export declare const SHADOW_CODE = "route-shadowed";
export type RouteOrder = "linkerd" | "specific-first";
export declare const ROUTE_ORDERS: readonly RouteOrder[];
export interface ShadowWarning {
    /** The route that can never match, and its index in the profile. */
    route: string;
    index: number;
    /** The earlier routes that take its requests (empty when it matches nothing at all). */
    by: string[];
    reason: ShadowFinding["reason"];
    /** `GET /books/.json`: a request the route would match. */
    example?: string;
    /** The earlier route that takes the example. */
    takenBy?: string;
}
/** The profile's unreachable routes, in profile order. */
export declare function profileShadowing(profile: Pick<ServiceProfile, "spec">): ShadowWarning[];
/** One line per warning, the same in every face (stderr, diff, PR comment). */
export declare function shadowLine(w: ShadowWarning): string;
/** The warnings as diagnostics of the file the profile comes from. */
export declare function shadowDiagnostics(profile: Pick<ServiceProfile, "spec">, file?: string): Diagnostic[];
/** Head's warnings that base does not have: what a change introduces. */
export declare function introducedShadowing(base: Pick<ServiceProfile, "spec"> | undefined, head: Pick<ServiceProfile, "spec"> | undefined): ShadowWarning[];
/**
 * Routes reordered most specific first: each shadowed route moves in front
 * of the earliest route that takes its requests, until none moves. Routes
 * with the same condition, or that match nothing, stay where they are (no
 * order helps them); a move that would undo an earlier one is not made, so
 * this ends. Untouched routes keep their relative order.
 */
export declare function orderSpecificFirst(routes: RouteSpec[]): RouteSpec[];
