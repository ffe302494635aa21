/**
 * "Did you mean": the one closest word for a misspelt flag, command, config
 * key or enum value. Inputs are short words from a fixed list, so the
 * quadratic edit distance is bounded by what the caller passes in: callers
 * cap the typed word's length (a 6 KB "flag" gets no suggestion).
 */
/** Levenshtein distance, case-insensitive, one row of memory. */
export declare function editDistance(a: string, b: string): number;
/**
 * The candidate nearest to `word`, if it is near enough to be a typo: at most
 * 2 edits, 1 for words of 3-4 letters and none for shorter ones.
 * Ties go to the earlier candidate.
 */
export declare function closest(word: string, candidates: readonly string[]): string | undefined;
/** ` (did you mean "x"?)`-style suffix, or "" when nothing is close. */
export declare function didYouMean(word: string, candidates: readonly string[], quote?: (s: string) => string): string;
