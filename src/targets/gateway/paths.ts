/** How one route's path becomes a Gateway API path match. */
import type { HttpRouteMatch } from "../../model/gateway.js";
import { hasParameters, spanningRegex } from "../../matching/template-paths.js";
import { isAllowedExactPath } from "./path-value.js";

/** The path part of an HTTPRoute match for a route: `Exact` where the CRD allows it, else an anchored regex. */
export function pathMatch(template: string, pathRegex: string): NonNullable<HttpRouteMatch["path"]> {
  if (!hasParameters(template) && isAllowedExactPath(template)) return { type: "Exact", value: template };
  return { type: "RegularExpression", value: spanningRegex(pathRegex) };
}
