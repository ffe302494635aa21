/**
 * A ServiceProfile request condition as a disjunction of simple terms
 * (method and path regexes that must all hold), which is what a Gateway API
 * rule can say: its `matches` are OR-ed, each match ANDs a method and a path.
 * Field semantics follow src/tap/match.ts (the proxy's): the fields of one
 * condition are AND-ed, `all: []` holds, `any: []` does not, a regex the
 * proxy cannot compile drops the part it is in, and a condition with nothing
 * left drops the route.
 */
import type { RequestMatch } from "../model/serviceprofile.js";
import { compileProfilePathRegex, regexProblemText } from "../matching/proxy-regex.js";
import { profileMethod } from "../matching/profile-match.js";

export interface Term {
  /** Required method; undefined: any method. */
  method?: string;
  /** Profile pathRegex values (as written, trimmed by the proxy later) that must all match. */
  paths: string[];
}

export interface ConditionDnf {
  /** Undefined: the proxy drops the route (nothing left of its condition). */
  terms: Term[] | undefined;
  /** A `not` was met: it is left out of the terms, so they match more than the profile did. */
  droppedNot: boolean;
  /** Why parts were dropped (regexes the proxy cannot compile). */
  problems: string[];
  /** Regexes the proxy accepts that this engine cannot evaluate. */
  unchecked: string[];
}

/** Past this many terms a condition is reported as too large instead of expanded (the CRD allows 64 matches per rule). */
export const MAX_TERMS = 64;

export class TooLarge extends Error {}

type Part = Term[] | undefined;

function and(a: Term[], b: Term[]): Term[] {
  const out: Term[] = [];
  for (const x of a) {
    for (const y of b) {
      if (x.method !== undefined && y.method !== undefined && x.method !== y.method) continue; // no request has two methods
      out.push({ ...(x.method ?? y.method ? { method: x.method ?? y.method } : {}), paths: [...new Set([...x.paths, ...y.paths])] });
      if (out.length > MAX_TERMS) throw new TooLarge();
    }
  }
  return out;
}

function or(parts: Term[][]): Term[] {
  const out = parts.flat();
  if (out.length > MAX_TERMS) throw new TooLarge();
  return out;
}

function dedupe(terms: Term[]): Term[] {
  const seen = new Set<string>();
  return terms.filter((t) => {
    const key = JSON.stringify([t.method ?? null, [...t.paths].sort()]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// The converter, the precedence check and the route index each ask for the same condition: compile its regexes once.
const memo = new WeakMap<object, ConditionDnf | TooLarge>();

/** Throws TooLarge when the expansion would exceed MAX_TERMS. The result is shared: do not change it. */
export function conditionDnf(m: RequestMatch | undefined): ConditionDnf {
  if (!m || typeof m !== "object") return expand(m);
  let r = memo.get(m);
  if (r === undefined) {
    try {
      r = expand(m);
    } catch (err) {
      if (!(err instanceof TooLarge)) throw err;
      r = err;
    }
    memo.set(m, r);
  }
  if (r instanceof TooLarge) throw r;
  return r;
}

function expand(m: RequestMatch | undefined): ConditionDnf {
  const state = { droppedNot: false, problems: [] as string[], unchecked: [] as string[] };
  const walk = (c: RequestMatch | undefined): Part => {
    if (!c || typeof c !== "object") return undefined;
    const parts: Part[] = [];
    const subs = (list: unknown) => (Array.isArray(list) ? list : []).map((s) => walk(s as RequestMatch)).filter((s): s is Term[] => s !== undefined);
    if (c.all !== undefined && c.all !== null) parts.push(subs(c.all).reduce<Term[]>((acc, s) => and(acc, s), [{ paths: [] }]));
    if (c.any !== undefined && c.any !== null) parts.push(or(subs(c.any)));
    if (typeof c.method === "string" && c.method !== "") {
      const want = profileMethod(c.method);
      parts.push(want === "" ? undefined : [{ method: want, paths: [] }]);
    }
    if (c.not !== undefined && c.not !== null) {
      // Gateway API has no negation: the part is left out (it then holds for every request).
      state.droppedNot = true;
      parts.push([{ paths: [] }]);
    }
    if (typeof c.pathRegex === "string" && c.pathRegex !== "") {
      const v = compileProfilePathRegex(c.pathRegex);
      if (!v.ok && v.kind === "rejected") {
        state.problems.push(regexProblemText(c.pathRegex, v));
        parts.push(undefined);
      } else {
        if (!v.ok) state.unchecked.push(c.pathRegex);
        parts.push([{ paths: [c.pathRegex] }]);
      }
    }
    if (parts.length === 0) return undefined;
    if (parts.length === 1) return parts[0];
    return parts.filter((p): p is Term[] => p !== undefined).reduce<Term[]>((acc, p) => and(acc, p), [{ paths: [] }]);
  };
  const terms = walk(m);
  return { terms: terms === undefined ? undefined : dedupe(terms), ...state };
}

const QUOTED = new Set([..."\\.+*?()|[]{}^$"]);

/**
 * The literal path a regex stands for when it is nothing but escaped or
 * plain characters (`/api/v1\.0/health`), else undefined. Leading `^` and
 * trailing `$` are the proxy's own anchors and change nothing.
 */
export function literalOf(pathRegex: string): string | undefined {
  let re = pathRegex.trim();
  if (re.startsWith("^")) re = re.slice(1);
  if (re.endsWith("$") && !re.endsWith("\\$")) re = re.slice(0, -1);
  let out = "";
  for (let i = 0; i < re.length; i++) {
    const c = re[i]!;
    if (c === "\\") {
      const n = re[i + 1];
      if (n === undefined || !QUOTED.has(n) && !/[/\-#&~ !"%',:;<=>@_`]/.test(n)) return undefined;
      out += n;
      i++;
    } else if (QUOTED.has(c)) return undefined;
    else out += c;
  }
  return out;
}

/**
 * The path template whose Linkerd regex (QuoteMeta, `{param}` -> `[^/]*`)
 * is exactly this regex, or undefined. `preferred` (the route's name, when it
 * reads `METHOD /path/{id}`) keeps the parameter names the spec used.
 */
export function templateOf(pathRegex: string, quote: (template: string) => string, preferred?: string): string | undefined {
  if (preferred !== undefined && quote(preferred) === pathRegex) return preferred;
  const parts = pathRegex.split("[^/]*");
  const literals = parts.map((p) => (p === "" ? "" : literalOf(p)));
  if (literals.some((l) => l === undefined) || literals.some((l) => /[{}]/.test(l!))) return undefined;
  let n = 0;
  const template = literals.reduce<string>((acc, l, i) => (i === 0 ? l! : `${acc}{p${++n}}${l}`), "");
  return template.startsWith("/") && quote(template) === pathRegex ? template : undefined;
}

/** True when the regex has a `|` outside every group and class: the proxy's `^`/`$` then bind to the first and last branch only. */
export function hasTopLevelAlternation(re: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < re.length; i++) {
    const c = re[i]!;
    if (c === "\\") {
      i++;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      continue;
    }
    if (c === "[") {
      inClass = true;
      if (re[i + 1] === "^") i++;
      if (re[i + 1] === "]") i++;
    } else if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "|" && depth === 0) return true;
  }
  return false;
}
