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
import { profileMethod, proxyPathRegex } from "./match.js";
import { atomsFor, charSetsOf, LazyDfa, searchNfa, searchProduct, type Nfa } from "./regex-automaton.js";

type Formula = { k: "const"; v: boolean } | { k: "method"; m: string } | { k: "path"; re: string } | { k: "and" | "or"; fs: Formula[] } | { k: "not"; f: Formula };

const MAX_UNION = 8;
/** What the proxy can see as a path: "/" first, no query, fragment, space or control character. */
const VALID_PATH = "^/[^?#\\x00-\\x20\\x7f]*$";
const OTHER_METHOD = "\u0000other";

export interface ShadowFinding {
  /** Index and name of the route that can never match. */
  index: number;
  route: string;
  /** The earlier route(s) that take its requests; empty when it matches nothing at all. */
  by: string[];
  reason: "identical" | "covered" | "covered-together" | "matches-nothing";
}

export interface ShadowAnalysis {
  shadowed: ShadowFinding[];
  /** Routes that could not be analysed (unsupported regex syntax, too large). */
  undecided: { index: number; route: string; reason: string }[];
}

/** The proxy's anchored form of a regex, as a string (see match.ts). */
function anchored(pathRegex: string): string {
  const re = pathRegex.trim();
  return `${re.startsWith("^") ? "" : "^"}${re}${re.endsWith("$") ? "" : "$"}`;
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
    parts.push(proxyPathRegex(m.pathRegex) ? { k: "path", re: anchored(m.pathRegex) } : undefined);
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

class Analyzer {
  private readonly nfas = new Map<string, Nfa | undefined>();

  private nfa(re: string): Nfa | undefined {
    if (!this.nfas.has(re)) this.nfas.set(re, searchNfa(re));
    return this.nfas.get(re);
  }

  /** Is there a request (valid path, some method) for which `bad` holds? */
  exists(formulas: Formula[], bad: (method: string, accepts: (re: string) => boolean) => boolean): "found" | "none" | "unknown" {
    const regexes = new Set<string>([VALID_PATH]);
    const methods = new Set<string>([OTHER_METHOD]);
    formulas.forEach((f) => collect(f, regexes, methods));
    const list = [...regexes];
    const nfas = list.map((re) => this.nfa(re));
    if (nfas.some((n) => n === undefined)) return "unknown";
    const atoms = atomsFor(nfas.flatMap((n) => charSetsOf(n!)));
    const dfas = nfas.map((n) => new LazyDfa(n!, atoms));
    const index = new Map(list.map((re, i) => [re, i]));
    return searchProduct(dfas, atoms.length, (acc) => {
      if (!acc[0]) return false;
      const accepts = (re: string) => acc[index.get(re)!]!;
      for (const m of methods) if (bad(m, accepts)) return true;
      return false;
    });
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

export function findShadowedRoutes(profile: Pick<ServiceProfile, "spec">): ShadowAnalysis {
  const routes = (profile.spec?.routes ?? []).map((spec, index) => ({ index, name: spec.name, spec, formula: conditionFormula(spec.condition) }));
  const analyzer = new Analyzer();
  const shadowed: ShadowFinding[] = [];
  const undecided: ShadowAnalysis["undecided"] = [];
  for (const b of routes) {
    if (!b.formula) continue; // dropped by the proxy: reported by verify as such
    const bf = b.formula;
    const earlier = routes.slice(0, b.index).filter((a) => a.formula !== undefined);
    const same = earlier.find((a) => canonical(a.spec.condition) === canonical(b.spec.condition));
    if (same) {
      shadowed.push({ index: b.index, route: b.name, by: [same.name], reason: "identical" });
      continue;
    }
    let unknown = false;
    const nonEmpty = analyzer.exists([bf], (m, acc) => evaluate(bf, m, acc));
    if (nonEmpty === "none") {
      shadowed.push({ index: b.index, route: b.name, by: [], reason: "matches-nothing" });
      continue;
    }
    if (nonEmpty === "unknown") {
      undecided.push({ index: b.index, route: b.name, reason: "its pathRegex uses syntax this check does not model" });
      continue;
    }
    let found: ShadowFinding | undefined;
    const overlapping: typeof earlier = [];
    for (const a of earlier) {
      const af = a.formula!;
      const escapes = analyzer.exists([bf, af], (m, acc) => evaluate(bf, m, acc) && !evaluate(af, m, acc));
      if (escapes === "none") {
        found = { index: b.index, route: b.name, by: [a.name], reason: "covered" };
        break;
      }
      if (escapes === "unknown") {
        unknown = true;
        continue;
      }
      if (analyzer.exists([bf, af], (m, acc) => evaluate(bf, m, acc) && evaluate(af, m, acc)) === "found") overlapping.push(a);
    }
    if (!found && overlapping.length >= 2 && overlapping.length <= MAX_UNION) {
      const union: Formula = { k: "or", fs: overlapping.map((a) => a.formula!) };
      if (analyzer.exists([bf, union], (m, acc) => evaluate(bf, m, acc) && !evaluate(union, m, acc)) === "none") {
        found = { index: b.index, route: b.name, by: overlapping.map((a) => a.name), reason: "covered-together" };
      }
    }
    if (found) shadowed.push(found);
    else if (unknown) undecided.push({ index: b.index, route: b.name, reason: "an earlier route's pathRegex uses syntax this check does not model" });
  }
  return { shadowed, undecided };
}
