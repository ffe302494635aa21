import { type RawFinding } from "./route-rules.js";
import type { ServiceRoutes } from "./service-groups.js";
/** Pairs of rules checked per Service port; the rest are not looked at. */
export declare const MAX_PAIR_CHECKS = 20000;
/** Pairs of regexes whose intersection is searched on automata, per Service port. */
export declare const MAX_AUTOMATA_CHECKS = 500;
/** Ties replayed (and so reportable) per Service port. */
export declare const MAX_TIES = 100;
/**
 * A path both regexes match as the proxy runs them: breadth-first over the
 * product of their whole-match DFAs, one shortest path per product state,
 * each confirmed on the proxy's leftmost-first matchers (so a regex whose
 * leftmost-first match stops short is never credited with a path).
 */
export declare function regexIntersection(a: string, b: string): string | undefined;
/** One finding per object that ties with objects listed before it, naming them (capped) with an example request each. */
export declare function tiesAcrossObjects(groups: readonly ServiceRoutes[]): RawFinding[];
