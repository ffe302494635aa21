/**
 * Disjoint regexes for overlapping routes that cannot share one object
 * (different retry or timeout annotations, or more than 16 of them). Linkerd
 * would pick between such objects by creationTimestamp and name, so the
 * later route's path regex is rewritten to "its template minus every earlier
 * route's template it overlaps in another object" (matching/template-
 * difference.ts): the earlier route then takes the common paths alone, as
 * the ServiceProfile's first match does, and the later route keeps every
 * path it still wins. Only the path regex changes; names, annotations and
 * the ServiceProfile stay as they are.
 */
import type { Overlap } from "../../matching/overlap.js";
/**
 * Longest rewritten path value, in characters: half the CRD's 1024-character
 * limit on `path.value`, so a rewritten regex stays readable in a diff and far
 * from the limit. Beyond it the routes keep their plain regexes and the
 * overlap warning stays.
 */
export declare const DISJOINT_REGEX_BUDGET = 512;
export interface DisjointInput {
    template: string;
    pathRegex: string;
}
/**
 * For each route (index into `routes`) that is the later side of one of
 * `pairs`, the anchored regex that takes its paths minus those of every
 * earlier route it is paired with, when one exists within the budget.
 */
export declare function disjointPathRegexes(routes: readonly DisjointInput[], pairs: readonly Overlap[], budget?: number): Map<number, string>;
