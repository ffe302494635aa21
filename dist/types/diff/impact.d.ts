import type { CatchAllState, Finding } from "../guard/guard.js";
import type { GuardSeverity, SeveritySetting } from "../guard/rules.js";
import { type Impact, type ReportFindings } from "./impact-rules.js";
import type { ProfileDiff } from "./routes.js";
import { type RouteSetDiff } from "./route-objects.js";
export { IMPACT_RULES, IMPACT_RULE_IDS, type Impact, type ImpactRuleId, type ReportFindings } from "./impact-rules.js";
export interface ImpactInput {
    profiles: readonly ProfileDiff[];
    routeSets: readonly RouteSetDiff[];
    /** The guard's catch-all state of every Service with HTTPRoutes in the repository, at base and at head. */
    catchAll?: {
        base: readonly CatchAllState[];
        head: readonly CatchAllState[];
    };
}
/** Every impact of the change, errors first, then by file and message. */
export declare function classifyImpacts(input: ImpactInput, overrides?: Readonly<Record<string, SeveritySetting>>): Impact[];
export declare function compareBySeverity(a: {
    severity: GuardSeverity;
    file: string;
    message: string;
    line?: number;
}, b: {
    severity: GuardSeverity;
    file: string;
    message: string;
    line?: number;
}): number;
/** Guard findings at head that base did not have (same rule, file and message: lines may move). */
export declare function introducedFindings(base: readonly Finding[], head: readonly Finding[]): {
    introduced: Finding[];
    preExisting: number;
};
export interface FindingsInput extends ImpactInput {
    guard?: {
        base: readonly Finding[];
        head: readonly Finding[];
    };
}
export declare function reportFindings(input: FindingsInput, overrides?: Readonly<Record<string, SeveritySetting>>): ReportFindings;
