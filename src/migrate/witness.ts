/**
 * Example paths from the regex automata (src/tap/regex-automaton.ts): a
 * shortest path every given regex matches, so that a precedence question
 * ("can these two routes see the same request?") comes with a request to
 * show. Regexes are proxy-anchored ServiceProfile patterns (`^...$`), run
 * with search semantics as the proxy's `is_match` does.
 */
import { atomChar, atomsFor, charSetsOf, LazyDfa, searchNfa, type Nfa } from "../matching/regex-automaton.js";

/** What the proxy can see as a path: "/" first, no query, fragment, space or control character. */
const VALID_PATH = "^/[^?#\\x00-\\x20\\x7f]*$";
const MAX_STATES = 20_000;

export type Witness = { result: "found"; path: string } | { result: "none" } | { result: "unknown" };

const nfas = new Map<string, Nfa | undefined>();

function nfaOf(re: string): Nfa | undefined {
  if (!nfas.has(re)) {
    if (nfas.size > 50_000) nfas.clear();
    nfas.set(re, searchNfa(re));
  }
  return nfas.get(re);
}

/** A shortest valid path matched by every regex (breadth-first over the product of lazy DFAs, bounded). */
export function commonPath(regexes: readonly string[], maxStates = MAX_STATES): Witness {
  const list = [VALID_PATH, ...new Set(regexes)];
  const machines = list.map(nfaOf);
  if (machines.some((n) => n === undefined)) return { result: "unknown" };
  const atoms = atomsFor(machines.flatMap((n) => charSetsOf(n!)));
  const dfas = machines.map((n) => new LazyDfa(n!, atoms));
  const start = dfas.map((d) => d.initial());
  const seen = new Set<string>([start.join(",")]);
  const queue: number[][] = [start];
  const parent: number[] = [-1];
  const via: number[] = [-1];
  for (let head = 0; head < queue.length; head++) {
    const cur = queue[head]!;
    if (cur.every((s, i) => dfas[i]!.accepts(s))) {
      let path = "";
      for (let n = head; n > 0; n = parent[n]!) path = atomChar(atoms[via[n]!]!) + path;
      return { result: "found", path };
    }
    for (let a = 0; a < atoms.length; a++) {
      const next = cur.map((s, i) => dfas[i]!.step(s, a));
      const key = next.join(",");
      if (seen.has(key)) continue;
      if (seen.size >= maxStates) return { result: "unknown" };
      seen.add(key);
      queue.push(next);
      parent.push(head);
      via.push(a);
    }
  }
  return { result: "none" };
}
