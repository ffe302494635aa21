/**
 * The impact rules' catalogue (stable IDs, default severities) and the
 * shapes the diff report carries them in: apart from the classifier
 * (impact.ts) so the report's types (routes.ts) need nothing from it.
 */
import type { Finding } from "../guard/guard.js";
import type { GuardSeverity } from "../guard/rules.js";

export const IMPACT_RULES = [
  { id: "catch-all-removed", severity: "error", summary: "a Service's routes no longer match every request: the rest get 404" },
  { id: "route-removed", severity: "warning", summary: "a route is removed: its requests go to another route, or get 404 without a catch-all" },
  { id: "timeout-tightened", severity: "warning", summary: "a route's timeout is added or shortened: slower requests now fail" },
  { id: "retry-added-non-idempotent", severity: "warning", summary: "retries are turned on for a POST or PATCH route: a retried request may be applied twice" },
  { id: "route-object-renamed", severity: "warning", summary: "a rule moves to another route object: its route_name metric label changes" },
  { id: "switch-inert", severity: "warning", summary: "routes are added for a Service whose ServiceProfile stays: Linkerd ignores them while it exists" },
] as const satisfies readonly { id: string; severity: GuardSeverity; summary: string }[];

export type ImpactRuleId = (typeof IMPACT_RULES)[number]["id"];
export const IMPACT_RULE_IDS: readonly ImpactRuleId[] = IMPACT_RULES.map((r) => r.id);

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

