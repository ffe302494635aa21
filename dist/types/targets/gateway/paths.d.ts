/** How one route's path becomes a Gateway API path match. */
import type { HttpRouteMatch } from "../../model/gateway.js";
/** The path part of an HTTPRoute match for a route: `Exact` where the CRD allows it, else an anchored regex. */
export declare function pathMatch(template: string, pathRegex: string): NonNullable<HttpRouteMatch["path"]>;
