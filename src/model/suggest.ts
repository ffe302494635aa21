/**
 * "Did you mean": the one closest word for a misspelt flag, command, config
 * key or enum value. Inputs are short words from a fixed list, so the
 * quadratic edit distance is bounded by what the caller passes in: callers
 * cap the typed word's length (a 6 KB "flag" gets no suggestion).
 */

/** Longest typed word worth comparing; longer input is not a typo of a short word. */
const MAX_WORD = 64;

/** Levenshtein distance, case-insensitive, one row of memory. */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const row = Array.from({ length: y.length + 1 }, (_, i) => i);
  for (let i = 1; i <= x.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= y.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (x[i - 1] === y[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[y.length]!;
}

/**
 * The candidate nearest to `word`, if it is near enough to be a typo: at most
 * 2 edits, 1 for words of 3-4 letters and none for shorter ones.
 * Ties go to the earlier candidate.
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  if (word.length === 0 || word.length > MAX_WORD) return undefined;
  const limit = word.length <= 2 ? 0 : word.length <= 4 ? 1 : 2;
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const c of candidates) {
    if (Math.abs(c.length - word.length) >= bestDistance) continue;
    const d = editDistance(word, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** ` (did you mean "x"?)`-style suffix, or "" when nothing is close. */
export function didYouMean(word: string, candidates: readonly string[], quote: (s: string) => string = (s) => `"${s}"`): string {
  const guess = closest(word, candidates);
  return guess === undefined ? "" : `did you mean ${quote(guess)}?`;
}
