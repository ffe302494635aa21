/**
 * The impact rules' catalogue (stable IDs, default severities) and the
 * shapes the diff report carries them in: apart from the classifier
 * (impact.ts) so the report's types (routes.ts) need nothing from it.
 */
import type { Finding } from "../guard/guard.js";
import type { GuardSeverity } from "../guard/rules.js";
export declare const IMPACT_RULES: readonly [{
    readonly id: "catch-all-removed";
    readonly severity: "error";
    readonly summary: "a Service's routes no longer match every request: the rest get 404";
}, {
    readonly id: "route-removed";
    readonly severity: "warning";
    readonly summary: "a route is removed: its requests go to another route, or get 404 without a catch-all";
}, {
    readonly id: "timeout-tightened";
    readonly severity: "warning";
    readonly summary: "a route's timeout is added or shortened: slower requests now fail";
}, {
    readonly id: "retry-added-non-idempotent";
    readonly severity: "warning";
    readonly summary: "retries are turned on for a POST or PATCH route: a retried request may be applied twice";
}, {
    readonly id: "route-object-renamed";
    readonly severity: "warning";
    readonly summary: "a rule moves to another route object: its route_name metric label changes";
}, {
    readonly id: "switch-inert";
    readonly severity: "warning";
    readonly summary: "routes are added for a Service whose ServiceProfile stays: Linkerd ignores them while it exists";
}];
export type ImpactRuleId = (typeof IMPACT_RULES)[number]["id"];
export declare const IMPACT_RULE_IDS: readonly ImpactRuleId[];
export interface Impact {
    rule: ImpactRuleId;
    severity: GuardSeverity;
    /** The file at head (base's when the change removes it). */
    file: string;
    /** Present when the place in the file is known (hand-written routes). */
    line?: number;
    column?: number;
    message: string;
    hint: string;
    /** `namespace/name` of the Service, for catch-all-removed and switch-inert. */
    service?: string;
}
/** The report's `findings`: what the change does to traffic and the guard findings it introduces. */
export interface ReportFindings {
    /** Over `impacts` and `guard`, by severity. */
    errors: number;
    warnings: number;
    infos: number;
    /** Classified route changes, errors first. */
    impacts: Impact[];
    /** Guard findings at head that base does not have, errors first (a no-catch-all or profile-overrides-routes an impact says already is left out). */
    guard: Finding[];
    /** Guard findings at head that base has too (not listed). */
    guardPreExisting: number;
}
