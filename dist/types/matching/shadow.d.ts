/**
 * Routes that can never match because earlier routes take every request
 * they would match (first match wins). Decided over all possible requests,
 * not only the recorded ones:
 *
 *  - a route whose condition is identical to an earlier route's;
 *  - a route B such that some earlier route A matches every request B
 *    matches (same method or no method on A, and A's regex accepts every
 *    path B's does, decided on automata: regex-automaton.ts);
 *  - a route covered by several earlier routes together (checked among the
 *    earlier routes that overlap it, up to MAX_UNION of them).
 *
 * Conditions are translated as match.ts does (a part that does not compile
 * is dropped as the proxy drops it); paths are what the proxy matches:
 * starting with "/", without "?", "#", spaces or control characters. A question involving a regex
 * outside the supported subset is left undecided (and listed as such), never
 * guessed.
 */
import type { RequestMatch, ServiceProfile } from "../model/serviceprofile.js";
type Formula = {
    k: "const";
    v: boolean;
} | {
    k: "method";
    m: string;
} | {
    k: "path";
    re: string;
} | {
    k: "and" | "or";
    fs: Formula[];
} | {
    k: "not";
    f: Formula;
};
export interface ShadowFinding {
    /** Index and name of the route that can never match. */
    index: number;
    route: string;
    /** The earlier route(s) that take its requests; empty when it matches nothing at all. */
    by: string[];
    /** Their indexes, in the same order. */
    byIndex: number[];
    reason: "identical" | "covered" | "covered-together" | "matches-nothing";
    /** A request the route would match that an earlier route takes (a shortest one; no method when any method will do). */
    example?: {
        method?: string;
        path: string;
        takenBy: string;
    };
}
export interface ShadowAnalysis {
    shadowed: ShadowFinding[];
    /** Routes that could not be analysed (unsupported regex syntax, too large). */
    undecided: {
        index: number;
        route: string;
        reason: string;
    }[];
}
export declare function conditionFormula(m: RequestMatch | undefined): Formula | undefined;
export declare function findShadowedRoutes(profile: Pick<ServiceProfile, "spec">): ShadowAnalysis;
export {};
