/**
 * Paths a Gateway API path regex seems to match but the proxy does not: the
 * proxy compiles the regex unanchored and accepts a path only when the
 * leftmost-first match spans all of it (src/matching/proxy-regex.ts), so
 * `/a/(b|bc)` never matches `/a/bc` (the match stops at `/a/b`).
 */
import { compileGatewayPathRegex, translateRustRegex } from "../matching/proxy-regex.js";
import { LazyDfa, atomChar, atomsFor, charSetsOf, searchNfa } from "../matching/regex-automaton.js";

/** DFA states explored before giving up; each holds one shortest witness. */
const MAX_STATES = 2_000;

/**
 * A path that the regex matches as a whole (`^(?:re)$`) but that the proxy's
 * leftmost-first test rejects, or undefined when none was found. Breadth-first
 * over the whole-match DFA, one shortest path per state, each confirmed on the
 * proxy's own matcher, so a witness is never a false alarm.
 */
export function partialMatchWitness(regex: string): string | undefined {
  // Anchored at both ends with no alternation and no flags, every match spans the path: nothing to
  // search (every regex serviceprofile-sync writes has this form, and there may be thousands).
  if (spansWhenMatching(regex)) return undefined;
  const proxy = compileGatewayPathRegex(regex);
  if (!proxy.ok) return undefined;
  const t = translateRustRegex(regex);
  if (!t.ok) return undefined;
  const nfa = searchNfa(`^(?:${t.re2})$`);
  if (!nfa) return undefined; // a construct the automata do not model: no verdict
  const atoms = atomsFor(charSetsOf(nfa));
  const dfa = new LazyDfa(nfa, atoms);
  const start = dfa.initial();
  const witness = new Map<number, string>([[start, ""]]);
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head]!;
    const text = witness.get(state)!;
    if (dfa.accepts(state) && text.startsWith("/") && !proxy.matcher.test(text)) return text;
    for (let a = 0; a < atoms.length; a++) {
      const next = dfa.step(state, a);
      if (witness.has(next)) continue;
      if (witness.size >= MAX_STATES) return undefined;
      witness.set(next, text + atomChar(atoms[a]!));
      queue.push(next);
    }
  }
  return undefined;
}

/**
 * `^…$` with no `|` and no inline flags: a concatenation whose first atom is
 * `^` and last is `$`, so a match starts at 0 and ends at the end of the path.
 */
export function spansWhenMatching(regex: string): boolean {
  if (!regex.startsWith("^") || !regex.endsWith("$") || regex.includes("|") || regex.includes("(?")) return false;
  // The `$` must not be quoted: an even number of backslashes before it.
  let slashes = 0;
  for (let i = regex.length - 2; i >= 0 && regex[i] === "\\"; i--) slashes++;
  return slashes % 2 === 0;
}
