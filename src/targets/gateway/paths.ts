/**
 * How one route's path becomes a Gateway API path match, and how path
 * templates overlap. Templates are the neutral form every HTTP source gives
 * (`/books/{id}.json`); a `{param}` matches any run of characters but `/`,
 * exactly as Linkerd's PathToRegex `[^/]*` does.
 */
import type { HttpRouteMatch } from "./types.js";
import { isAllowedExactPath } from "./path-value.js";

/** A template as tokens: a literal character, or a parameter (`null`). */
export type Token = string | null;

const PARAM = /\{[^}]*\}/g;

/** Splits a template into segments of tokens, the way PathToRegex sees its parameters. */
export function templateSegments(template: string): Token[][] {
  const tokens: Token[] = [];
  let last = 0;
  for (const m of template.matchAll(PARAM)) {
    for (const ch of template.slice(last, m.index)) tokens.push(ch);
    tokens.push(null);
    last = m.index + m[0].length;
  }
  for (const ch of template.slice(last)) tokens.push(ch);
  const segments: Token[][] = [[]];
  for (const t of tokens) {
    if (t === "/") segments.push([]);
    else segments[segments.length - 1]!.push(t);
  }
  return segments;
}

export function hasParameters(template: string): boolean {
  return /\{[^}]*\}/.test(template);
}

/** Wraps a regex so that its leftmost-first match can only be the whole path (the proxy's test). */
export function spanningRegex(pathRegex: string): string {
  // Only a top-level alternation needs the group; escaped `\|` (quoted metacharacters) does not.
  return pathRegex.replace(/\\./g, "").includes("|") ? `^(?:${pathRegex})$` : `^${pathRegex}$`;
}

/** The path part of an HTTPRoute match for a route: `Exact` where the CRD allows it, else an anchored regex. */
export function pathMatch(template: string, pathRegex: string): NonNullable<HttpRouteMatch["path"]> {
  if (!hasParameters(template) && isAllowedExactPath(template)) return { type: "Exact", value: template };
  return { type: "RegularExpression", value: spanningRegex(pathRegex) };
}

/**
 * A string matched by both segment patterns, or undefined when they are
 * disjoint: a breadth-first walk of the product of the two patterns
 * (|a|·|b| states), so never worse than quadratic in a segment's length.
 */
export function segmentIntersection(a: Token[], b: Token[]): string | undefined {
  const aLiteral = a.every((t) => t !== null);
  const bLiteral = b.every((t) => t !== null);
  if (aLiteral && bLiteral) return a.join("") === b.join("") ? a.join("") : undefined;
  if (aLiteral || bLiteral) {
    const text = (aLiteral ? a : b).join("");
    return globMatches(aLiteral ? b : a, text) ? text : undefined;
  }
  const width = b.length + 1;
  const seen = new Map<number, { from: number; ch: string }>();
  const start = 0;
  seen.set(start, { from: -1, ch: "" });
  const queue = [start];
  const goal = a.length * width + b.length;
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head]!;
    if (state === goal) break;
    const i = Math.floor(state / width);
    const j = state % width;
    const ta = a[i];
    const tb = b[j];
    const moves: [number, string][] = [];
    if (i < a.length && ta === null) moves.push([(i + 1) * width + j, ""]);
    if (j < b.length && tb === null) moves.push([i * width + j + 1, ""]);
    if (i < a.length && j < b.length) {
      if (ta !== undefined && tb !== undefined && ta !== null && tb !== null && ta === tb) moves.push([(i + 1) * width + j + 1, ta]);
      else if (ta !== undefined && ta !== null && tb === null) moves.push([(i + 1) * width + j, ta]);
      else if (ta === null && tb !== undefined && tb !== null) moves.push([i * width + j + 1, tb]);
    }
    for (const [next, ch] of moves) {
      if (seen.has(next)) continue;
      seen.set(next, { from: state, ch });
      queue.push(next);
    }
  }
  if (!seen.has(goal)) return undefined;
  let out = "";
  for (let s = goal; s !== start; s = seen.get(s)!.from) out = seen.get(s)!.ch + out;
  // Two parameters meeting with nothing literal around them: show a value, not an empty segment.
  if (out === "" && a.some((t) => t === null) && b.some((t) => t === null) && a.every((t) => t === null) && b.every((t) => t === null)) return "1";
  return out;
}

/** Whether a pattern (parameters match any run without `/`) matches all of `text`: greedy with one backtrack point, linear in practice. */
function globMatches(pattern: Token[], text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let mark = 0;
  while (t < text.length) {
    if (p < pattern.length && pattern[p] !== null && pattern[p] === text[t]) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === null) {
      star = p++;
      mark = t;
    } else if (star !== -1) {
      p = star + 1;
      t = ++mark;
    } else return false;
  }
  while (p < pattern.length && pattern[p] === null) p++;
  return p === pattern.length;
}

/** A path both templates match, or undefined when no request can match both. */
export function templateIntersection(a: Token[][], b: Token[][]): string | undefined {
  if (a.length !== b.length) return undefined;
  const parts: string[] = [];
  for (let k = 0; k < a.length; k++) {
    const common = segmentIntersection(a[k]!, b[k]!);
    if (common === undefined) return undefined;
    parts.push(common);
  }
  return parts.join("/");
}

/** A concrete path a template matches (parameters become `1`), for examples in messages and replays. */
export function samplePath(template: string, value = "1"): string {
  return template.replace(PARAM, value);
}
