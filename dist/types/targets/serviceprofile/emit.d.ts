/**
 * The ServiceProfile emitter: routes + service identity + user tuning -> a
 * validated linkerd.io/v1alpha2 ServiceProfile. The only module that knows
 * how a Route becomes a ServiceProfile route; the Gateway API emitter
 * (../gateway/) is its sibling over the same routes.
 */
import { type Diagnostic } from "../../model/diagnostic.js";
import { type RouteOverrides } from "../../model/tuning.js";
import type { Route, StatusClass } from "../../model/route.js";
import { type ResponseClass, type RetryBudget, type RouteSpec, type ServiceProfile } from "../../model/serviceprofile.js";
import { type RouteOrder } from "../../lint/profile-shadowing.js";
export interface ProfileInput {
    service: string;
    /** The service's namespace (part of the profile's name). */
    namespace: string;
    /** Namespace the profile object lives in (a client namespace); default: `namespace`. */
    profileNamespace?: string;
    clusterDomain?: string;
    routes: Route[];
    retryBudget?: RetryBudget;
    overrides?: RouteOverrides;
    /** "linkerd" (default): the routes' own order; "specific-first": reordered so no route is shadowed where possible. */
    routeOrder?: RouteOrder;
}
export interface BuiltProfile {
    profile: ServiceProfile;
    /** The route behind each of the profile's routes, in the profile's order: where a problem in one came from. */
    specRoutes: Route[];
    warnings: Diagnostic[];
}
export declare function statusClassToResponseClass(c: StatusClass): ResponseClass;
export declare function routeToSpec(route: Route): RouteSpec;
/** Builds the profile object without validating it. */
export declare function buildProfile(input: ProfileInput): BuiltProfile;
/** Builds and validates (names, CRD schema, Linkerd's rules); throws SpecError on the first problem set. */
export declare function generateProfile(input: ProfileInput, sourceFile?: string): BuiltProfile;
