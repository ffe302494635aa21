/**
 * The route guard's rules: stable IDs (a contract: configs, JSON output and
 * CI scripts name them), their default severities and one line each on what
 * Linkerd does. docs/guard.md is the long form; schema/config.schema.json
 * lists the same IDs (a test keeps the three in step).
 */
export type GuardSeverity = "error" | "warning" | "info";
export type SeveritySetting = GuardSeverity | "off";
export interface RuleInfo {
    id: string;
    severity: GuardSeverity;
    /** What Linkerd does with such a route, in a few words. */
    summary: string;
}
export declare const RULES: readonly [{
    readonly id: "route-filter-unsupported";
    readonly severity: "error";
    readonly summary: "a filter Linkerd does not support makes the policy controller drop the whole route";
}, {
    readonly id: "field-ignored";
    readonly severity: "warning";
    readonly summary: "a field Linkerd never reads (timeouts.backendRequest, retry, sessionPersistence)";
}, {
    readonly id: "grpc-match-without-method";
    readonly severity: "error";
    readonly summary: "a GRPCRoute match without a method makes the proxy reject the whole policy";
}, {
    readonly id: "regex-rejected";
    readonly severity: "error";
    readonly summary: "a path regex Linkerd's regex engine does not compile: the route is dropped";
}, {
    readonly id: "regex-partial-match";
    readonly severity: "warning";
    readonly summary: "a path regex whose leftmost-first match stops short of a path it matches as a whole";
}, {
    readonly id: "no-catch-all";
    readonly severity: "warning";
    readonly summary: "a Service with routes but none matching every path: other requests get 404";
}, {
    readonly id: "grpc-hides-http";
    readonly severity: "error";
    readonly summary: "a GRPCRoute on the same Service port as HTTPRoutes: the HTTPRoutes are ignored";
}, {
    readonly id: "profile-overrides-routes";
    readonly severity: "warning";
    readonly summary: "a ServiceProfile with routes for a Service that has routes: the routes are inert while it exists";
}, {
    readonly id: "annotation-rejected";
    readonly severity: "error";
    readonly summary: "a retry or timeout annotation Linkerd's admission webhook rejects";
}, {
    readonly id: "retry-non-idempotent";
    readonly severity: "warning";
    readonly summary: "retries on a route that matches POST or PATCH, without the opt-in annotation";
}, {
    readonly id: "tie-across-objects";
    readonly severity: "warning";
    readonly summary: "rules of two route objects tie on the proxy's score for some request: the older object wins, which differs between clusters";
}, {
    readonly id: "rule-shadowed";
    readonly severity: "warning";
    readonly summary: "a rule no request reaches: another rule takes every request it matches";
}];
export type RuleId = (typeof RULES)[number]["id"];
export declare const RULE_IDS: readonly RuleId[];
/** The severity of each rule after the config's overrides. */
export declare function effectiveSeverities(overrides?: Readonly<Record<string, SeveritySetting>>): Map<RuleId, SeveritySetting>;
