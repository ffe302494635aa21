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
import { compileProfilePathRegex, literalPrefix, proxyAnchoredPathRegex } from "./proxy-regex.js";
import { compileRequestMatch, profileMethod } from "./profile-match.js";
import { atomChar, atomsFor, charSetsOf, LazyDfa, searchNfa, searchProductWitness, type Nfa } from "./regex-automaton.js";

type Formula = { k: "const"; v: boolean } | { k: "method"; m: string } | { k: "path"; re: string } | { k: "and" | "or"; fs: Formula[] } | { k: "not"; f: Formula };

const MAX_UNION = 8;
/** What the proxy can see as a path: "/" first, no query, fragment, space or control character. */
const VALID_PATH = "^/[^?#\\x00-\\x20\\x7f]*$";
const OTHER_METHOD = "\u0000other";
/** Stands for a regex the proxy accepts but the engine cannot evaluate: the automaton parser refuses it, so questions about it are "unknown". */
const NOT_MODELLED = "(?#not modelled)";

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
  example?: { method?: string; path: string; takenBy: string };
}

export interface ShadowAnalysis {
  shadowed: ShadowFinding[];
  /** Routes that could not be analysed (unsupported regex syntax, too large). */
  undecided: { index: number; route: string; reason: string }[];
}


export function conditionFormula(m: RequestMatch | undefined): Formula | undefined {
  if (!m || typeof m !== "object") return undefined;
  const parts: (Formula | undefined)[] = [];
  const subs = (list: unknown) => (Array.isArray(list) ? list : []).map((s) => conditionFormula(s as RequestMatch)).filter((f): f is Formula => f !== undefined);
  if (m.all !== undefined && m.all !== null) parts.push({ k: "and", fs: subs(m.all) });
  if (m.any !== undefined && m.any !== null) parts.push({ k: "or", fs: subs(m.any) });
  if (typeof m.method === "string" && m.method !== "") {
    const want = profileMethod(m.method);
    parts.push(want === "" ? undefined : { k: "method", m: want });
  }
  if (m.not !== undefined && m.not !== null) {
    if (Array.isArray(m.not)) parts.push({ k: "not", f: { k: "or", fs: subs(m.not) } });
    else {
      const f = conditionFormula(m.not);
      parts.push(f === undefined ? undefined : { k: "not", f });
    }
  }
  if (typeof m.pathRegex === "string" && m.pathRegex !== "") {
    const v = compileProfilePathRegex(m.pathRegex);
    // Dropped as the proxy drops it; one the proxy keeps but we cannot model leaves questions open.
    parts.push(v.ok ? { k: "path", re: proxyAnchoredPathRegex(m.pathRegex) } : v.kind === "rejected" ? undefined : { k: "path", re: NOT_MODELLED });
  }
  if (parts.length === 0) return undefined;
  if (parts.length === 1) return parts[0];
  return { k: "and", fs: parts.filter((p): p is Formula => p !== undefined) };
}

function collect(f: Formula, regexes: Set<string>, methods: Set<string>): void {
  switch (f.k) {
    case "method":
      methods.add(f.m);
      break;
    case "path":
      regexes.add(f.re);
      break;
    case "and":
    case "or":
      f.fs.forEach((g) => collect(g, regexes, methods));
      break;
    case "not":
      collect(f.f, regexes, methods);
      break;
  }
}

function evaluate(f: Formula, method: string, accepts: (re: string) => boolean): boolean {
  switch (f.k) {
    case "const":
      return f.v;
    case "method":
      return f.m === method;
    case "path":
      return accepts(f.re);
    case "and":
      return f.fs.every((g) => evaluate(g, method, accepts));
    case "or":
      return f.fs.some((g) => evaluate(g, method, accepts));
    case "not":
      return !evaluate(f.f, method, accepts);
  }
}

type Witness = { method?: string; path: string };
type Answer = { result: "found" | "none" | "unknown"; witness?: Witness };

class Analyzer {
  private readonly nfas = new Map<string, Nfa | undefined>();

  private nfa(re: string): Nfa | undefined {
    if (!this.nfas.has(re)) this.nfas.set(re, searchNfa(re));
    return this.nfas.get(re);
  }

  /** Is there a request (valid path, some method) for which `bad` holds? With a shortest such request. */
  exists(formulas: Formula[], bad: (method: string, accepts: (re: string) => boolean) => boolean): Answer {
    const regexes = new Set<string>([VALID_PATH]);
    const methods = new Set<string>([OTHER_METHOD]);
    formulas.forEach((f) => collect(f, regexes, methods));
    const list = [...regexes];
    const nfas = list.map((re) => this.nfa(re));
    if (nfas.some((n) => n === undefined)) return { result: "unknown" };
    const atoms = atomsFor(nfas.flatMap((n) => charSetsOf(n!)));
    const dfas = nfas.map((n) => new LazyDfa(n!, atoms));
    const index = new Map(list.map((re, i) => [re, i]));
    let method: string | undefined;
    const found = searchProductWitness(dfas, atoms.length, (acc) => {
      if (!acc[0]) return false;
      const accepts = (re: string) => acc[index.get(re)!]!;
      for (const m of methods) {
        if (bad(m, accepts)) {
          method = m;
          return true;
        }
      }
      return false;
    });
    if (found.result !== "found") return { result: found.result };
    const path = found.atoms!.map((a) => atomChar(atoms[a]!)).join("");
    return { result: "found", witness: { ...(method !== OTHER_METHOD ? { method } : {}), path } };
  }
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * What every request a formula matches must have: its method (when the
 * formula requires one) and a literal prefix of its path ("" when unknown).
 * Two routes can share a request only if these agree, which keeps the
 * pairwise automaton questions to the few routes that can overlap.
 */
function footprint(f: Formula): { method?: string; prefix: string } {
  if (f.k === "method") return { method: f.m, prefix: "" };
  if (f.k === "path") return { prefix: literalPrefix(f.re) };
  if (f.k === "and") {
    let method: string | undefined;
    let prefix = "";
    for (const g of f.fs) {
      const p = footprint(g);
      method ??= p.method;
      if (p.prefix.length > prefix.length) prefix = p.prefix;
    }
    return { ...(method !== undefined ? { method } : {}), prefix };
  }
  return { prefix: "" };
}

class PrefixIndex {
  private readonly root: { routes: number[]; kids: Map<string, PrefixIndex["root"]> } = { routes: [], kids: new Map() };

  add(prefix: string, route: number): void {
    let node = this.root;
    for (const c of prefix) {
      let next = node.kids.get(c);
      if (!next) node.kids.set(c, (next = { routes: [], kids: new Map() }));
      node = next;
    }
    node.routes.push(route);
  }

  /** Routes whose prefix is a prefix of `prefix` or extends it. */
  compatible(prefix: string): number[] {
    const out: number[] = [];
    let node: PrefixIndex["root"] | undefined = this.root;
    for (const c of prefix) {
      out.push(...node.routes);
      node = node.kids.get(c);
      if (!node) return out;
    }
    const stack = [node];
    while (stack.length) {
      const n = stack.pop()!;
      out.push(...n.routes);
      stack.push(...n.kids.values());
    }
    return out;
  }
}

export function findShadowedRoutes(profile: Pick<ServiceProfile, "spec">): ShadowAnalysis {
  const routes = (profile.spec?.routes ?? []).map((spec, index) => {
    const formula = conditionFormula(spec.condition);
    return { index, name: spec.name, spec, formula, key: canonical(spec.condition), foot: formula ? footprint(formula) : { prefix: "" } };
  });
  const analyzer = new Analyzer();
  const shadowed: ShadowFinding[] = [];
  const undecided: ShadowAnalysis["undecided"] = [];
  const firstWithKey = new Map<string, number>();
  const byMethod = new Map<string | undefined, PrefixIndex>();
  const matchers = new Map<number, ReturnType<typeof compileRequestMatch>>();
  const matcherOf = (i: number) => {
    if (!matchers.has(i)) matchers.set(i, compileRequestMatch(routes[i]!.spec.condition));
    return matchers.get(i);
  };
  /** Which of the given earlier routes takes the example first (the proxy's order). */
  const takenBy = (ids: number[], w: Witness): string => {
    const req = { method: w.method ?? OTHER_METHOD, path: w.path };
    const first = [...ids].sort((a, b) => a - b).find((i) => matcherOf(i)?.(req));
    return routes[first ?? ids[0]!]!.name;
  };
  const finding = (b: (typeof routes)[number], ids: number[], reason: ShadowFinding["reason"], w: Witness | undefined): ShadowFinding => ({
    index: b.index,
    route: b.name,
    by: ids.map((i) => routes[i]!.name),
    byIndex: ids,
    reason,
    ...(w && ids.length ? { example: { ...w, takenBy: takenBy(ids, w) } } : {}),
  });
  for (const b of routes) {
    if (!b.formula) continue; // dropped by the proxy: reported by verify as such
    const bf = b.formula;
    // Earlier routes that can share a request with b: same method or none, compatible path prefixes.
    const candidates = new Set<number>();
    const methods = b.foot.method === undefined ? [...byMethod.keys()] : [b.foot.method, undefined];
    for (const m of methods) for (const i of byMethod.get(m)?.compatible(b.foot.prefix) ?? []) candidates.add(i);
    const earlier = [...candidates].sort((x, y) => x - y).map((i) => routes[i]!);
    const register = () => {
      if (!firstWithKey.has(b.key)) firstWithKey.set(b.key, b.index);
      let idx = byMethod.get(b.foot.method);
      if (!idx) byMethod.set(b.foot.method, (idx = new PrefixIndex()));
      idx.add(b.foot.prefix, b.index);
    };
    const nonEmpty = analyzer.exists([bf], (m, acc) => evaluate(bf, m, acc));
    const same = firstWithKey.get(b.key);
    if (same !== undefined) {
      shadowed.push(finding(b, [same], "identical", nonEmpty.witness));
      register();
      continue;
    }
    if (nonEmpty.result === "none") {
      shadowed.push(finding(b, [], "matches-nothing", undefined));
      register();
      continue;
    }
    if (nonEmpty.result === "unknown") {
      undecided.push({ index: b.index, route: b.name, reason: "its pathRegex uses syntax this check does not model" });
      register();
      continue;
    }
    let unknown = false;
    let found: ShadowFinding | undefined;
    const overlapping: typeof earlier = [];
    for (const a of earlier) {
      const af = a.formula!;
      const escapes = analyzer.exists([bf, af], (m, acc) => evaluate(bf, m, acc) && !evaluate(af, m, acc));
      if (escapes.result === "none") {
        found = finding(b, [a.index], "covered", nonEmpty.witness);
        break;
      }
      if (escapes.result === "unknown") {
        unknown = true;
        continue;
      }
      if (analyzer.exists([bf, af], (m, acc) => evaluate(bf, m, acc) && evaluate(af, m, acc)).result === "found") overlapping.push(a);
    }
    if (!found && overlapping.length >= 2 && overlapping.length <= MAX_UNION) {
      const union: Formula = { k: "or", fs: overlapping.map((a) => a.formula!) };
      if (analyzer.exists([bf, union], (m, acc) => evaluate(bf, m, acc) && !evaluate(union, m, acc)).result === "none") {
        found = finding(
          b,
          overlapping.map((a) => a.index),
          "covered-together",
          nonEmpty.witness,
        );
      }
    }
    if (found) shadowed.push(found);
    else if (unknown) undecided.push({ index: b.index, route: b.name, reason: "an earlier route's pathRegex uses syntax this check does not model" });
    register();
  }
  return { shadowed, undecided };
}
