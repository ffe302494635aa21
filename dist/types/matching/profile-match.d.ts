/**
 * Which route of a profile a request gets, exactly as the Linkerd proxy
 * decides it (the destination controller's translation plus the proxy's
 * matcher):
 *
 *  - routes are tried in order; the first whose condition matches wins;
 *  - the fields set on one condition must all hold (`all`, `any`, `method`,
 *    `not`, `pathRegex`); `all: []` holds, `any: []` does not;
 *  - `method` is trimmed and upper-cased, then compared with the request's
 *    method as is;
 *  - `pathRegex` is trimmed and anchored by adding `^` unless it starts with
 *    one and `$` unless it ends with one (plain concatenation: `a|b` becomes
 *    `^a|b$`), and is matched against the path without its query string;
 *  - a part that cannot be translated (a regex that does not compile) is
 *    dropped from the `all`/`any` (or the implicit `all` of several fields)
 *    it is in; alone at the top it drops the route;
 *  - regexes run on the proxy's engine (Rust syntax, linear time:
 *    model/proxy-regex.ts); one the proxy accepts but that engine cannot
 *    evaluate matches nothing here and is reported as not checked.
 *
 * `not` is one condition in Linkerd's Go type but a list in the CRD schema;
 * both are accepted here, a list meaning "none of these".
 */
import type { RequestMatch, RouteSpec, ServiceProfile } from "../model/serviceprofile.js";
import { compileProxyPathRegex as proxyPathRegex } from "./proxy-regex.js";
export { proxyPathRegex };
export interface MatchRequest {
    method: string;
    /** The request path without query string (the proxy matches `uri.path()`). */
    path: string;
}
export type Matcher = (req: MatchRequest) => boolean;
export interface CompiledRoute {
    index: number;
    name: string;
    spec: RouteSpec;
    /** Undefined when the proxy would drop the route. */
    matcher: Matcher | undefined;
    /** Why parts of the condition are dropped (regexes that do not compile). */
    problems: string[];
}
/** The path as the proxy sees it for matching: no query string or fragment. */
export declare function matchPath(recordedPath: string): string;
/** Linkerd's method normalisation (ParseMethod): trimmed, upper case. */
export declare function profileMethod(method: string): string;
export declare function compileRequestMatch(m: RequestMatch | undefined, problems?: string[]): Matcher | undefined;
export declare function compileRoutes(profile: Pick<ServiceProfile, "spec">): CompiledRoute[];
/** The route the proxy picks for a request, or undefined when none matches. */
export declare function firstMatch(routes: CompiledRoute[], req: MatchRequest): CompiledRoute | undefined;
/**
 * What every request a condition matches must have, as the proxy reads it:
 * the method when one is required and a literal start of the path ("" when
 * unknown). Only the top level and `all` members constrain; `any`/`not`
 * and dropped regexes do not.
 */
export declare function requestFootprint(m: RequestMatch | undefined): {
    method?: string;
    prefix: string;
};
/**
 * firstMatch for many routes: only the routes whose method and literal path
 * prefix fit the request are tested, still in profile order, so the answer is
 * firstMatch's (the footprint is a necessary condition for a match).
 */
export declare class RouteTable {
    private readonly routes;
    private readonly byMethod;
    constructor(routes: CompiledRoute[]);
    match(req: MatchRequest): CompiledRoute | undefined;
}
