/**
 * How path templates match and overlap. Templates are the neutral form every HTTP source gives
 * (`/books/{id}.json`); a `{param}` matches any run of characters but `/`,
 * exactly as Linkerd's PathToRegex `[^/]*` does.
 */

/**
 * One path segment as a pattern: its literal pieces around the parameters,
 * `{a}.{b}x` -> prefix "", middles ["."], suffix "x". Computed once per
 * template, so comparing two segments does no parsing.
 */
export interface Segment {
  /** The whole segment when it has no parameter. */
  literal: string | undefined;
  prefix: string;
  /** Literal pieces between parameters (empty ones dropped: `{a}{b}` is `{a}`). */
  middles: string[];
  suffix: string;
  params: number;
  /** The literal runs as written, one more than the parameters (none for a literal). */
  runs: string[];
  /** The pattern as written, for tries: equal keys, equal patterns. */
  key: string;
}

const PARAM = /\{[^}]*\}/g;

/** Shared by every literal segment: a profile of 20,000 routes has 100,000 segments, most of them literal. */
const NONE: string[] = [];

function literalSegment(text: string): Segment {
  // A literal is its own key; a pattern's key holds NUL, which no path the lint or the proxy accepts does.
  return { literal: text, prefix: text, middles: NONE, suffix: "", params: 0, runs: NONE, key: text };
}

function patternSegment(runs: string[]): Segment {
  const params = runs.length - 1;
  const middles = params > 1 ? runs.slice(1, -1).filter((m) => m !== "") : NONE;
  return { literal: undefined, prefix: runs[0]!, middles, suffix: runs[params]!, params, runs, key: runs.join("\u0000") };
}

/** The segments of `samplePath(template, value)`, from the template's own segments (literal ones are shared). */
export function sampleSegments(segments: readonly Segment[], value: string): Segment[] {
  return segments.map((seg) => (seg.params === 0 ? seg : literalSegment(seg.runs.join(value))));
}

const SLASH = 0x2f;
const OPEN = 0x7b;

/**
 * Splits a template into segment patterns, the way PathToRegex sees its
 * parameters: a `{` starts one when a `}` follows anywhere (the parameter
 * may hold `/` and `{`; it never splits a segment). One pass, since every
 * profile's routes go through here.
 */
export function templateSegments(template: string, shared?: Map<string, Segment>): Segment[] {
  // Segments are never changed once made, so one can serve every template that has it (`shared`, one
  // map per profile, by key): the Graph beta profile's 180,000 segments took 28 MB unshared, 3 MB shared.
  // A key is a literal's text or a pattern's runs joined by NUL; with NUL in the text, keys could meet,
  // so such a segment is not shared (no path the lint or the proxy accepts holds NUL).
  const literal = (text: string) => {
    if (!shared || text.includes("\u0000")) return literalSegment(text);
    let seg = shared.get(text);
    if (!seg) shared.set(text, (seg = literalSegment(text)));
    return seg;
  };
  const pattern = (runs: string[]) => {
    const made = patternSegment(runs);
    if (!shared || runs.some((r) => r.includes("\u0000"))) return made;
    let seg = shared.get(made.key);
    if (!seg) shared.set(made.key, (seg = made));
    return seg;
  };
  const segments: Segment[] = [];
  let start = 0; // of the current literal run
  let runs: string[] | undefined; // of the current segment, once it has a parameter
  let closes = true; // false once no `}` is left: no later `{` can open a parameter
  for (let i = 0; i < template.length; i++) {
    const c = template.charCodeAt(i);
    if (c === SLASH) {
      const piece = template.slice(start, i);
      segments.push(runs ? pattern([...runs, piece]) : literal(piece));
      runs = undefined;
      start = i + 1;
    } else if (c === OPEN && closes) {
      const close = template.indexOf("}", i + 1);
      if (close === -1) {
        closes = false;
        continue;
      }
      (runs ??= []).push(template.slice(start, i));
      i = close;
      start = close + 1;
    }
  }
  const piece = template.slice(start);
  segments.push(runs ? pattern([...runs, piece]) : literal(piece));
  // An exact-size copy: the pushed array keeps room for 17 segments, and the shadowing lint holds
  // every route's segments at once (2 MB of the Graph beta profile's).
  return segments.slice();
}

export function hasParameters(template: string): boolean {
  return /\{[^}]*\}/.test(template);
}

/** Wraps a regex so that its leftmost-first match can only be the whole path (the proxy's test). */
export function spanningRegex(pathRegex: string): string {
  // Only a top-level alternation needs the group; escaped `\|` (quoted metacharacters) does not.
  return pathRegex.replace(/\\./g, "").includes("|") ? `^(?:${pathRegex})$` : `^${pathRegex}$`;
}

/** Whether a pattern with parameters matches all of `text`: anchored ends, each middle piece at its first fit (which is optimal). */
export function patternMatches(p: Segment, text: string): boolean {
  if (text.length < p.prefix.length + p.suffix.length || !text.startsWith(p.prefix) || !text.endsWith(p.suffix)) return false;
  let at = p.prefix.length;
  const end = text.length - p.suffix.length;
  for (const m of p.middles) {
    const found = text.indexOf(m, at);
    if (found === -1 || found + m.length > end) return false;
    at = found + m.length;
  }
  return true;
}

/**
 * A string matched by both segment patterns, or undefined when they are
 * disjoint, in linear time. Two patterns that both have a parameter meet
 * exactly when their literal prefixes agree (one starts the other) and so do
 * their suffixes: the longer prefix, every middle piece of both, then the
 * longer suffix is matched by each, its parameters taking the other's pieces.
 */
export function segmentIntersection(pa: Segment, pb: Segment): string | undefined {
  if (pa.params === 0 && pb.params === 0) return pa.prefix === pb.prefix ? pa.prefix : undefined;
  if (pa.params === 0 || pb.params === 0) {
    const [text, pattern] = pa.params === 0 ? [pa.prefix, pb] : [pb.prefix, pa];
    return patternMatches(pattern, text) ? text : undefined;
  }
  const prefix = pa.prefix.length >= pb.prefix.length ? pa.prefix : pb.prefix;
  const shorterPrefix = prefix === pa.prefix ? pb.prefix : pa.prefix;
  const suffix = pa.suffix.length >= pb.suffix.length ? pa.suffix : pb.suffix;
  const shorterSuffix = suffix === pa.suffix ? pb.suffix : pa.suffix;
  if (!prefix.startsWith(shorterPrefix) || !suffix.endsWith(shorterSuffix)) return undefined;
  const middle = [...pa.middles, ...pb.middles].join("");
  // Two parameters meeting with nothing literal around them: show a value, not an empty segment.
  const out = prefix + middle + suffix;
  return out === "" ? "1" : out;
}

/**
 * Whether `a` matches every string `b` matches, decided in linear time
 * where that is simple: equal patterns, a literal `b`, or an `a` with one
 * parameter (`P{}S` takes all of `b` exactly when b's prefix starts with P
 * and its suffix ends with S: otherwise a parameter of b can break either
 * end). Undefined when `a` has several parameters and is not `b` itself.
 */
export function segmentCovers(a: Segment, b: Segment): boolean | undefined {
  if (a.key === b.key) return true;
  if (a.params === 0) return false;
  if (b.params === 0) return patternMatches(a, b.literal!);
  if (a.params > 1) return undefined;
  return b.prefix.startsWith(a.prefix) && b.suffix.endsWith(a.suffix);
}

/** Whether every path `b` matches, `a` matches too (segment by segment); undefined when a segment is not simply decided. */
export function templateCovers(a: readonly Segment[], b: readonly Segment[]): boolean | undefined {
  if (a.length !== b.length) return false;
  let decided = true;
  for (let k = 0; k < a.length; k++) {
    const covers = segmentCovers(a[k]!, b[k]!);
    if (covers === false) return false;
    if (covers === undefined) decided = false;
  }
  return decided ? true : undefined;
}

/** A path both templates match, or undefined when no request can match both. */
export function templateIntersection(a: readonly Segment[], b: readonly Segment[]): string | undefined {
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
