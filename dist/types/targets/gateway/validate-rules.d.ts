import type { BundleLimits } from "./bundles.js";
export interface RuleProblem {
    pointer: string;
    message: string;
}
export type RouteKind = "HTTPRoute" | "GRPCRoute";
/** What differs between the API versions checked against the v1 schema. */
export interface VersionLimits {
    kind: RouteKind;
    /** e.g. "gateway.networking.k8s.io/v1", for messages. */
    apiVersion: string;
    /** The API group an omitted parentRef `group` defaults to. */
    defaultParentGroup: string;
    /** Matches per rule the target's CRD allows (the v1 schema's own limit is checked by the schema). */
    maxMatchesPerRule?: number;
    /** Why `maxMatchesPerRule` is lower than the v1 schema's. */
    matchesReason?: string;
    /** Set when `rules[].timeouts` has no effect at this version: why. */
    timeoutsIgnored?: string;
    /**
     * Set when Linkerd reads `rules[].timeouts.request` with its one-number
     * annotation parser, so a compound value (1m30s) is silently ignored.
     */
    singleUnitRequestTimeout?: boolean;
    /** Filter types the target's CRD allows on rules, when fewer than v1's. */
    ruleFilterTypes?: string[];
    /** The CEL rules of the Gateway API bundle checked against. */
    bundle: BundleLimits;
    /** How messages name the CRD: "the HTTPRoute CRD of Gateway API v1.2.1-standard". */
    crd: string;
}
export declare function specProblems(spec: unknown, limits: VersionLimits): RuleProblem[];
/** Whether `value` is in the subset above (and so valid RE2 without compiling it). */
export declare function isPlainRegex(value: string): boolean;
/** Whether `value` compiles as an RE2 regular expression, as Gateway API defines RegularExpression matches; the error text otherwise. */
export declare function re2Error(value: string): string | undefined;
/** A Gateway API duration (`^([0-9]{1,5}(h|m|s|ms)){1,4}$`) in milliseconds, or undefined when it is not one. */
export declare function gatewayDurationMs(value: string): number | undefined;
