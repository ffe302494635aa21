/**
 * The Gateway API shadowing lint: HTTPRoute rules Linkerd can never pick,
 * because other rules win every request they match. The ServiceProfile
 * lint's counterpart (profile-shadowing.ts), with the proxy's Gateway API
 * precedence (targets/gateway/selection.ts, linkerd2-proxy
 * `linkerd/http/route/src/http/match`): the longest path match wins, an
 * Exact path and a RegularExpression both count the whole path's length
 * (so they tie), then header count, query-parameter count, a method; ties
 * go to the earlier rule, objects by creationTimestamp then name. A rule
 * that loses only such a tie between objects is not reported: which object
 * is older differs between clusters.
 *
 * For the rules this models — one match of a method (or none) and an Exact
 * or whole-path RegularExpression, no headers or query parameters: every
 * rule serviceprofile-sync generates — the score of every matching rule is
 * the same for a given request, up to the method. So precedence among them
 * is a first-match order: rules naming a method in Linkerd's order, then the
 * rest. That order goes through the ServiceProfile lint's automata (decided
 * for every possible request, not sampled). As a guard on that translation,
 * the example requests of the first findings are replayed through the
 * selection model, which must pick another rule, or the finding is dropped
 * (all of them would cost a regex compile per rule: bounded, so the lint
 * stays linear and cheap). Rules outside the model are neither reported
 * nor counted as winners: what is reported is always true.
 *
 * Findings are grouped by the rules that take the requests, one line per
 * group, and the lines are capped with a count of the rest.
 */
import type { Diagnostic } from "../model/diagnostic.js";
import type { Route } from "../model/route.js";
import type { RouteObject } from "../model/gateway.js";
import { type ShadowWarning } from "./profile-shadowing.js";
/** `Diagnostic.code` of this lint's warnings (the diff lists them apart, per route set). */
export declare const GATEWAY_SHADOW_CODE = "rule-shadowed";
/** Lines of findings shown per route set; the rest are counted. */
export declare const MAX_SHADOW_LINES = 10;
export interface RuleRef {
    /** metadata.name of the object. */
    object: string;
    /** Index into spec.rules (as `verify` counts them). */
    rule: number;
    /** The route the rule stands for (serviceprofile-sync annotations), when known. */
    route?: string;
}
export interface GatewayShadowGroup {
    reason: ShadowWarning["reason"];
    /** The rules that take the requests (several for "covered-together"; none for "matches-nothing"). */
    by: RuleRef[];
    /** The rules that can never be picked because of them, in Linkerd's order. */
    dead: RuleRef[];
    /** A request of the first dead rule. */
    example?: string;
    /** The rule the selection model picks for the example (for the first findings only: see MAX_REPLAYED). */
    takenBy?: RuleRef;
}
/** The rules of a route set Linkerd can never pick, grouped by the rules that take their requests. */
export declare function gatewayShadowing(objects: readonly RouteObject[]): GatewayShadowGroup[];
/** `"GET /books/{id}" (webapp-get-books-id rule 1)`, or `webapp-get-books-id rule 1` for a rule of no known route. */
export declare function ruleName(r: RuleRef): string;
/** One line per group, the same in every face (stderr, diff, PR comment). */
export declare function gatewayShadowLine(g: GatewayShadowGroup): string;
/** The lines for a list of groups: at most `max`, then one line counting the rest. */
export declare function gatewayShadowLines(groups: readonly GatewayShadowGroup[], max?: number): string[];
export declare const GATEWAY_SHADOW_HINT = "Linkerd picks the longest path match (an Exact path and a RegularExpression both count the whole path, so they tie), then the most headers, query parameters, a method; a tie goes to the earlier rule. Put the narrower route first (routeOrder: specific-first in the config, --route-order specific-first for routes), or narrow the wider route's path";
/** The findings as warnings of the file the routes come from, capped as gatewayShadowLines caps them. */
export declare function gatewayShadowDiagnostics(objects: readonly RouteObject[], file?: string): Diagnostic[];
/** Head's dead rules that base does not have: what a change introduces, still grouped. */
export declare function introducedGatewayShadowing(base: readonly RouteObject[] | undefined, head: readonly RouteObject[] | undefined): GatewayShadowGroup[];
/**
 * `routeOrder: specific-first` for Gateway API routes. The proxy's score
 * decides before rule order does, but every rule generated for overlapping
 * routes ties with the others on score (an Exact path and a RegularExpression
 * both count the whole path), and overlapping routes share one object in the
 * order given: so the order decides, and the ServiceProfile's specific-first
 * order (each shadowed route moved in front of those that take its requests)
 * carries over. gRPC rules match exact names and never overlap: unchanged.
 */
export declare function routesSpecificFirst(routes: readonly Route[]): Route[];
