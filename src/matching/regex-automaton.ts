/**
 * Regular expressions as automata, to decide questions about every possible
 * path rather than the recorded ones: "does route A match every request
 * route B matches?" (shadowing). Exact for the RE2 subset profiles use:
 * literals and escapes, `.`, classes (`[^/]`, ranges, `\d\w\s` and their
 * negations, Unicode as in the proxy's regex crate), groups (capturing, `(?:`, named), `|`, `* + ?` and counted
 * repetition, `^`/`$`/`\A`/`\z`. Anything else (flags, `\b`, Unicode
 * classes) makes the parse return undefined and the question "unknown".
 *
 * Characters are handled through atoms: the code point intervals on which
 * every character set involved in one question agrees, so that a small
 * alphabet stands for all of Unicode.
 */

/** Sorted, disjoint, inclusive code point ranges. */
export type CharSet = [number, number][];

const MAX_CP = 0x10ffff;
const MAX_REPEAT = 100;

type Node =
  | { t: "set"; set: CharSet }
  | { t: "cat"; parts: Node[] }
  | { t: "alt"; parts: Node[] }
  | { t: "rep"; node: Node; min: number; max: number }
  | { t: "bol" }
  | { t: "eol" };

function normalize(ranges: CharSet): CharSet {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: CharSet = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

function complement(set: CharSet): CharSet {
  const out: CharSet = [];
  let next = 0;
  for (const [lo, hi] of normalize(set)) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_CP) out.push([next, MAX_CP]);
  return out;
}

const cp = (c: string) => c.codePointAt(0)!;
const ANY_BUT_NL: CharSet = complement([[0x0a, 0x0a]]);

/** The code points a JavaScript property class matches, as ranges (computed once, on first use). */
function unicodeSet(re: RegExp): CharSet {
  const out: CharSet = [];
  for (let c = 0; c <= MAX_CP; c++) {
    if (c === 0xd800) c = 0xe000; // surrogates are no scalar values
    if (!re.test(String.fromCodePoint(c))) continue;
    const last = out[out.length - 1];
    if (last && last[1] === c - 1) last[1] = c;
    else out.push([c, c]);
  }
  return out;
}

const perlCache = new Map<string, CharSet>();
/** `\d`, `\s`, `\w` are Unicode in the proxy's regex crate (Nd; White_Space; Alphabetic, M, Nd, Pc, Join_Control). */
function perl(kind: "d" | "s" | "w"): CharSet {
  let set = perlCache.get(kind);
  if (!set) {
    const re = kind === "d" ? /^\p{Nd}$/u : kind === "s" ? /^\p{White_Space}$/u : /^[\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\p{Join_Control}]$/u;
    set = unicodeSet(re);
    perlCache.set(kind, set);
  }
  return set;
}

class Unsupported extends Error {}

class Parser {
  private i = 0;
  private readonly chars: string[];
  constructor(src: string) {
    this.chars = [...src];
  }

  parse(): Node {
    const node = this.alt();
    if (this.i < this.chars.length) throw new Unsupported(`unexpected ${this.chars[this.i]}`);
    return node;
  }

  private peek(): string | undefined {
    return this.chars[this.i];
  }

  private alt(): Node {
    const parts = [this.cat()];
    while (this.peek() === "|") {
      this.i++;
      parts.push(this.cat());
    }
    return parts.length === 1 ? parts[0]! : { t: "alt", parts };
  }

  private cat(): Node {
    const parts: Node[] = [];
    while (this.i < this.chars.length && this.peek() !== "|" && this.peek() !== ")") {
      let atom = this.atom();
      atom = this.quantified(atom);
      parts.push(atom);
    }
    return { t: "cat", parts };
  }

  private quantified(atom: Node): Node {
    for (;;) {
      const c = this.peek();
      let min: number, max: number;
      if (c === "*") [min, max] = [0, Infinity];
      else if (c === "+") [min, max] = [1, Infinity];
      else if (c === "?") [min, max] = [0, 1];
      else if (c === "{") {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(this.chars.slice(this.i, this.i + 16).join(""));
        if (!m) return atom; // a literal "{" (RE2 reads it so)
        min = Number(m[1]);
        max = m[2] === undefined ? min : m[3] === "" ? Infinity : Number(m[3]);
        if (min > MAX_REPEAT || (max !== Infinity && max > MAX_REPEAT) || max < min) throw new Unsupported("repetition");
        this.i += m[0].length - 1;
      } else return atom;
      this.i++;
      if (this.peek() === "?") this.i++; // lazy: same language
      if (atom.t === "bol" || atom.t === "eol") throw new Unsupported("repeated anchor");
      atom = { t: "rep", node: atom, min, max };
    }
  }

  private atom(): Node {
    const c = this.chars[this.i++]!;
    switch (c) {
      case "(": {
        if (this.peek() === "?") {
          const rest = this.chars.slice(this.i, this.i + 3).join("");
          if (rest.startsWith("?:")) this.i += 2;
          else if (rest.startsWith("?P<") || rest.startsWith("?<")) {
            const close = this.chars.indexOf(">", this.i);
            if (close < 0) throw new Unsupported("group name");
            this.i = close + 1;
          } else throw new Unsupported("flags");
        }
        const inner = this.alt();
        if (this.chars[this.i++] !== ")") throw new Unsupported("unclosed group");
        return inner;
      }
      case "[":
        return { t: "set", set: this.charClass() };
      case ".":
        return { t: "set", set: ANY_BUT_NL };
      case "^":
        return { t: "bol" };
      case "$":
        return { t: "eol" };
      case "\\":
        return this.escape(false);
      case "*":
      case "+":
      case "?":
        throw new Unsupported("nothing to repeat");
      default:
        return { t: "set", set: [[cp(c), cp(c)]] };
    }
  }

  /** After a backslash; in a class only character sets are allowed. */
  private escape(inClass: boolean): Node & { t: "set" | "bol" | "eol" } {
    const c = this.chars[this.i++];
    if (c === undefined) throw new Unsupported("trailing backslash");
    const set = (s: CharSet) => ({ t: "set" as const, set: s });
    switch (c) {
      case "d":
        return set(perl("d"));
      case "D":
        return set(complement(perl("d")));
      case "w":
        return set(perl("w"));
      case "W":
        return set(complement(perl("w")));
      case "s":
        return set(perl("s"));
      case "S":
        return set(complement(perl("s")));
      case "n":
        return set([[0x0a, 0x0a]]);
      case "t":
        return set([[0x09, 0x09]]);
      case "r":
        return set([[0x0d, 0x0d]]);
      case "f":
        return set([[0x0c, 0x0c]]);
      case "v":
        return set([[0x0b, 0x0b]]);
      case "x": {
        const text = this.chars.slice(this.i, this.i + 10).join("");
        const m = /^\{([0-9a-fA-F]{1,6})\}|^([0-9a-fA-F]{2})/.exec(text);
        if (!m) throw new Unsupported("hex escape");
        this.i += m[0].length;
        const v = parseInt(m[1] ?? m[2]!, 16);
        return set([[v, v]]);
      }
      case "A":
        if (inClass) throw new Unsupported("anchor in class");
        return { t: "bol" };
      case "z":
        if (inClass) throw new Unsupported("anchor in class");
        return { t: "eol" };
      default:
        if (/[A-Za-z0-9]/.test(c)) throw new Unsupported(`\\${c}`);
        return set([[cp(c), cp(c)]]);
    }
  }

  private charClass(): CharSet {
    let negate = false;
    if (this.peek() === "^") {
      negate = true;
      this.i++;
    }
    const ranges: CharSet = [];
    let first = true;
    for (;;) {
      const c = this.chars[this.i];
      if (c === undefined) throw new Unsupported("unclosed class");
      if (c === "]" && !first) {
        this.i++;
        break;
      }
      first = false;
      if (c === "[" && this.chars[this.i + 1] === ":") throw new Unsupported("POSIX class");
      let lo: CharSet;
      this.i++;
      if (c === "\\") lo = (this.escape(true) as { set: CharSet }).set;
      else lo = [[cp(c), cp(c)]];
      if (this.peek() === "-" && this.chars[this.i + 1] !== "]" && this.chars[this.i + 1] !== undefined && lo.length === 1 && lo[0]![0] === lo[0]![1]) {
        this.i++;
        const d = this.chars[this.i++]!;
        let hi: number;
        if (d === "\\") {
          const e = (this.escape(true) as { set: CharSet }).set;
          if (e.length !== 1 || e[0]![0] !== e[0]![1]) throw new Unsupported("class range");
          hi = e[0]![0];
        } else hi = cp(d);
        if (hi < lo[0]![0]) throw new Unsupported("class range");
        ranges.push([lo[0]![0], hi]);
      } else ranges.push(...lo);
    }
    const set = normalize(ranges);
    return negate ? complement(set) : set;
  }
}

export function parseRegex(src: string): Node | undefined {
  try {
    return new Parser(src).parse();
  } catch (err) {
    if (err instanceof Unsupported) return undefined;
    throw err;
  }
}

// ---------------------------------------------------------------------------
// Thompson NFA with anchor edges.

type Edge = { k: "set"; set: CharSet; to: number; atoms?: Uint8Array } | { k: "eps" | "bol" | "eol"; to: number };

export interface Nfa {
  edges: Edge[][];
  start: number;
  final: number;
}

function build(node: Node): Nfa {
  const edges: Edge[][] = [];
  const state = () => edges.push([]) - 1;
  const frag = (n: Node): [number, number] => {
    const s = state();
    switch (n.t) {
      case "set": {
        const e = state();
        edges[s]!.push({ k: "set", set: n.set, to: e });
        return [s, e];
      }
      case "bol":
      case "eol": {
        const e = state();
        edges[s]!.push({ k: n.t, to: e });
        return [s, e];
      }
      case "cat": {
        let cur = s;
        for (const p of n.parts) {
          const [ps, pe] = frag(p);
          edges[cur]!.push({ k: "eps", to: ps });
          cur = pe;
        }
        return [s, cur];
      }
      case "alt": {
        const e = state();
        for (const p of n.parts) {
          const [ps, pe] = frag(p);
          edges[s]!.push({ k: "eps", to: ps });
          edges[pe]!.push({ k: "eps", to: e });
        }
        return [s, e];
      }
      case "rep": {
        let cur = s;
        for (let i = 0; i < n.min; i++) {
          const [ps, pe] = frag(n.node);
          edges[cur]!.push({ k: "eps", to: ps });
          cur = pe;
        }
        if (n.max === Infinity) {
          const [ps, pe] = frag(n.node);
          edges[cur]!.push({ k: "eps", to: ps });
          edges[pe]!.push({ k: "eps", to: cur });
          return [s, cur];
        }
        const e = state();
        edges[cur]!.push({ k: "eps", to: e });
        for (let i = n.min; i < n.max; i++) {
          const [ps, pe] = frag(n.node);
          edges[cur]!.push({ k: "eps", to: ps });
          edges[pe]!.push({ k: "eps", to: e });
          cur = pe;
        }
        return [s, e];
      }
    }
  };
  const [s, e] = frag(node);
  return { edges, start: s, final: e };
}

/**
 * The set of strings a regex finds a match in (search semantics, like the
 * proxy's `is_match`): the regex between two "any character" loops.
 */
export function searchNfa(regex: string): Nfa | undefined {
  const node = parseRegex(regex);
  if (!node) return undefined;
  const ANY: CharSet = [[0, MAX_CP]];
  const inner = build(node);
  const edges = inner.edges;
  const start = edges.push([]) - 1;
  const final = edges.push([]) - 1;
  edges[start]!.push({ k: "set", set: ANY, to: start }, { k: "eps", to: inner.start });
  edges[inner.final]!.push({ k: "eps", to: final });
  edges[final]!.push({ k: "set", set: ANY, to: final });
  return { edges, start, final };
}

// ---------------------------------------------------------------------------
// Atoms and lazy DFAs.

/** Splits the code point space where any of the sets starts or ends. */
export function atomsFor(sets: CharSet[]): [number, number][] {
  const bounds = new Set<number>([0, MAX_CP + 1]);
  for (const set of sets) for (const [lo, hi] of set) bounds.add(lo).add(hi + 1);
  const sorted = [...bounds].sort((a, b) => a - b);
  const atoms: [number, number][] = [];
  for (let i = 0; i + 1 < sorted.length; i++) atoms.push([sorted[i]!, sorted[i + 1]! - 1]);
  return atoms;
}

export function charSetsOf(nfa: Nfa): CharSet[] {
  return nfa.edges.flatMap((es) => es.flatMap((e) => (e.k === "set" ? [e.set] : [])));
}

function contains(set: CharSet, c: number): boolean {
  for (const [lo, hi] of set) if (c >= lo && c <= hi) return true;
  return false;
}

export class LazyDfa {
  private readonly nfa: Nfa;
  private readonly atomCount: number;
  private readonly keys = new Map<string, number>();
  private readonly sets: { nfa: number[]; initial: boolean }[] = [];
  private readonly next: Int32Array[] = [];
  private readonly accepting: boolean[] = [];

  constructor(nfa: Nfa, atoms: [number, number][]) {
    this.nfa = nfa;
    this.atomCount = atoms.length;
    for (const es of nfa.edges) {
      for (const e of es) {
        if (e.k !== "set") continue;
        e.atoms = new Uint8Array(atoms.length);
        atoms.forEach(([lo], i) => {
          if (contains(e.set, lo)) e.atoms![i] = 1;
        });
      }
    }
  }

  private closure(states: number[], begin: boolean, end: boolean): number[] {
    const seen = new Set<number>(states);
    const stack = [...states];
    while (stack.length) {
      const s = stack.pop()!;
      for (const e of this.nfa.edges[s]!) {
        if (e.k === "set") continue;
        if (e.k === "bol" && !begin) continue;
        if (e.k === "eol" && !end) continue;
        if (!seen.has(e.to)) {
          seen.add(e.to);
          stack.push(e.to);
        }
      }
    }
    return [...seen].sort((a, b) => a - b);
  }

  private intern(nfaStates: number[], initial: boolean): number {
    const key = (initial ? "i" : "") + nfaStates.join(",");
    let id = this.keys.get(key);
    if (id === undefined) {
      id = this.sets.length;
      this.keys.set(key, id);
      this.sets.push({ nfa: nfaStates, initial });
      this.next.push(new Int32Array(this.atomCount).fill(-1));
      this.accepting.push(this.closure(nfaStates, initial, true).includes(this.nfa.final));
    }
    return id;
  }

  initial(): number {
    return this.intern(this.closure([this.nfa.start], true, false), true);
  }

  step(state: number, atom: number): number {
    const cached = this.next[state]![atom]!;
    if (cached >= 0) return cached;
    const targets: number[] = [];
    for (const s of this.sets[state]!.nfa) for (const e of this.nfa.edges[s]!) if (e.k === "set" && e.atoms![atom]) targets.push(e.to);
    const id = this.intern(this.closure([...new Set(targets)], false, false), false);
    this.next[state]![atom] = id;
    return id;
  }

  accepts(state: number): boolean {
    return this.accepting[state]!;
  }

  get size(): number {
    return this.sets.length;
  }
}

/**
 * Breadth-first search of the product of DFAs for a reachable state where
 * `bad` holds (given which DFAs accept). "found" / "none", or "unknown" when
 * more than `maxStates` product states would be needed.
 */
export function searchProduct(dfas: LazyDfa[], atomCount: number, bad: (accepting: boolean[]) => boolean, maxStates = 20_000): "found" | "none" | "unknown" {
  return searchProductWitness(dfas, atomCount, bad, maxStates).result;
}

/**
 * searchProduct that also returns, when found, the shortest atom sequence
 * reaching a bad state: the witness string, one atom per character.
 */
export function searchProductWitness(
  dfas: LazyDfa[],
  atomCount: number,
  bad: (accepting: boolean[]) => boolean,
  maxStates = 20_000,
): { result: "found" | "none" | "unknown"; atoms?: number[] } {
  const start = dfas.map((d) => d.initial());
  const seen = new Set<string>([start.join(",")]);
  const queue: number[][] = [start];
  // Breadth-first, so the first bad state found has a shortest witness; parents rebuild it.
  const parent: number[] = [-1];
  const via: number[] = [-1];
  for (let head = 0; head < queue.length; head++) {
    const cur = queue[head]!;
    if (bad(cur.map((s, i) => dfas[i]!.accepts(s)))) {
      const atoms: number[] = [];
      for (let n = head; n > 0; n = parent[n]!) atoms.push(via[n]!);
      return { result: "found", atoms: atoms.reverse() };
    }
    for (let a = 0; a < atomCount; a++) {
      const nxt = cur.map((s, i) => dfas[i]!.step(s, a));
      const key = nxt.join(",");
      if (seen.has(key)) continue;
      if (seen.size >= maxStates) return { result: "unknown" };
      seen.add(key);
      queue.push(nxt);
      parent.push(head);
      via.push(a);
    }
  }
  return { result: "none" };
}

/** A readable character of an atom: a letter or digit when it has one, else its first code point. */
export function atomChar(atom: [number, number]): string {
  for (const c of "1abcdexyz0ABCXYZ-_.~") {
    const v = c.codePointAt(0)!;
    if (v >= atom[0] && v <= atom[1]) return c;
  }
  return String.fromCodePoint(atom[0]);
}
