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

export const RULES = [
  { id: "route-filter-unsupported", severity: "error", summary: "a filter Linkerd does not support makes the policy controller drop the whole route" },
  { id: "field-ignored", severity: "warning", summary: "a field Linkerd never reads (timeouts.backendRequest, retry, sessionPersistence)" },
  { id: "grpc-match-without-method", severity: "error", summary: "a GRPCRoute match without a method makes the proxy reject the whole policy" },
  { id: "regex-rejected", severity: "error", summary: "a path regex Linkerd's regex engine does not compile: the route is dropped" },
  { id: "regex-partial-match", severity: "warning", summary: "a path regex whose leftmost-first match stops short of a path it matches as a whole" },
  { id: "no-catch-all", severity: "warning", summary: "a Service with routes but none matching every path: other requests get 404" },
  { id: "grpc-hides-http", severity: "error", summary: "a GRPCRoute on the same Service port as HTTPRoutes: the HTTPRoutes are ignored" },
  { id: "profile-overrides-routes", severity: "warning", summary: "a ServiceProfile with routes for a Service that has routes: the routes are inert while it exists" },
  { id: "annotation-rejected", severity: "error", summary: "a retry or timeout annotation Linkerd's admission webhook rejects" },
  { id: "retry-non-idempotent", severity: "warning", summary: "retries on a route that matches POST or PATCH, without the opt-in annotation" },
  { id: "tie-across-objects", severity: "warning", summary: "rules of two route objects tie on the proxy's score for some request: the older object wins, which differs between clusters" },
  { id: "rule-shadowed", severity: "warning", summary: "a rule no request reaches: another rule takes every request it matches" },
] as const satisfies readonly RuleInfo[];

export type RuleId = (typeof RULES)[number]["id"];

export const RULE_IDS: readonly RuleId[] = RULES.map((r) => r.id);

/** The severity of each rule after the config's overrides. */
export function effectiveSeverities(overrides: Readonly<Record<string, SeveritySetting>> = {}): Map<RuleId, SeveritySetting> {
  return new Map(RULES.map((r) => [r.id, overrides[r.id] ?? r.severity]));
}
