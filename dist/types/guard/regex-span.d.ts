/**
 * A path that the regex matches as a whole (`^(?:re)$`) but that the proxy's
 * leftmost-first test rejects, or undefined when none was found. Breadth-first
 * over the whole-match DFA, one shortest path per state, each confirmed on the
 * proxy's own matcher, so a witness is never a false alarm.
 */
export declare function partialMatchWitness(regex: string): string | undefined;
/**
 * `^…$` with no `|` and no inline flags: a concatenation whose first atom is
 * `^` and last is `$`, so a match starts at 0 and ends at the end of the path.
 */
export declare function spansWhenMatching(regex: string): boolean;
