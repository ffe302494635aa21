/**
 * Regexes the way the Linkerd proxy runs them: Rust's `regex` crate (1.13 in
 * linkerd2-proxy's Cargo.lock), emulated on re2js, a linear-time RE2 port.
 * Sources read: linkerd2-proxy 29637b6, linkerd2 b24cd40, rust-lang/regex
 * 2b52759 (regex-syntax 0.8.11).
 * Nothing here backtracks, so `/(a+)+b` against a 100 KB path is linear.
 *
 * ServiceProfile `pathRegex` (linkerd2-proxy linkerd/service-profiles/src/
 * proto.rs, `convert_req_match`): the regex is trimmed, `^` is prepended
 * unless it starts with one and `$` appended unless it ends with one (string
 * concatenation, so `/a|/b` is `^/a|/b$`), compiled with `Regex::new(..).ok()?`
 * — a regex that does not compile drops that match, and an `all`/`any` around
 * it keeps its other members (`filter_map`) — and matched with `is_match`
 * against `uri().path()` (service-profiles/src/http.rs, `RequestMatch::is_match`).
 *
 * Gateway API path regexes, for the HTTPRoute emitter and its verify:
 *  - the proxy (linkerd/http/route/src/http/match/path.rs,
 *    `MatchPath::match_length`) takes the leftmost-first `find` in the path
 *    and accepts it only when it spans the whole path (`m.start() == 0 &&
 *    m.end() == len`). That is not `^(?:re)$`: `/a|/ab` does not match `/ab`,
 *    because the leftmost-first match is `/a`. compileGatewayPathRegex does
 *    exactly this.
 *  - the policy controller parses the value with Rust's regex crate
 *    (linkerd2 policy-controller/k8s/index/src/routes/http.rs, `path_match`,
 *    `RegularExpression => value.parse()`), and the error propagates out of
 *    `try_match`. The admission webhook runs the same `try_match`
 *    (policy-controller/runtime/src/admission.rs, `validate_match`), so an
 *    HTTPRoute with an invalid regex is denied when applied. If it gets past
 *    admission (webhook not installed), the outbound index drops the whole
 *    route: `convert_route` fails and `apply_http_route` logs "Failed to
 *    convert route" and returns (policy-controller/k8s/index/src/outbound/
 *    index.rs). Unlike a ServiceProfile, nothing of the route survives.
 *  - GRPCRoute method matches of type RegularExpression are refused outright:
 *    "unsupported GRPCRoute method match type" (policy-controller/k8s/index/
 *    src/routes/grpc.rs, `try_match`).
 *
 * Rust's syntax is not RE2's. translateRustRegex rewrites a pattern into RE2
 * with the same meaning, or says why it cannot:
 *  - "rejected": the proxy's parser refuses it (regex-syntax 0.8
 *    src/ast/parse.rs): look-around, `\1`..`\9` and `\0` (octal is off, so
 *    these are backreferences), a `{` that is not a complete counted
 *    repetition (`/books/{id}`: RE2 would read it literally), escapes of
 *    letters it does not know (`\e`, `\Q`, `\C`), and plain syntax errors;
 *  - "unsupported": Rust accepts it but RE2 cannot say the same thing
 *    (`(?x)`, `(?R)`, `(?-u)`, nested classes and `&&`/`--`/`~~`, `\<`,
 *    `\>`, `\b{start}`, counts above 1000, `\W` inside a class). Callers
 *    report these as not checked instead of guessing.
 * Rewritten so RE2 agrees: `\d`, `\s`, `\w` and their negations are Unicode
 * in Rust (`\p{Nd}`, `\p{White_Space}`, Alphabetic+M+Nd+Pc+Join_Control), ASCII
 * in RE2; `\u{..}`/`\uXXXX`; a repetition of a repetition (`a**`), which RE2
 * refuses; superfluous escapes such as `\/`. One known difference is left:
 * `\b`/`\B` are ASCII word boundaries here and Unicode ones in the proxy, so
 * they agree on ASCII paths only.
 */
import { RE2JS } from "re2js";

/** A compiled path test. */
export interface PathMatcher {
  /** The RE2 pattern actually run. */
  readonly source: string;
  test(path: string): boolean;
}

export type RegexProblemKind = "rejected" | "unsupported";

export type RegexVerdict = { ok: true; matcher: PathMatcher } | { ok: false; kind: RegexProblemKind; reason: string };

export type Translation = { ok: true; re2: string } | { ok: false; kind: RegexProblemKind; reason: string };

const RE2_MAX_REPEAT = 1000;
const ASCII_CLASSES = new Set(["alnum", "alpha", "ascii", "blank", "cntrl", "digit", "graph", "lower", "print", "punct", "space", "upper", "word", "xdigit"]);
/** Escaped as is in RE2; Rust's other meta characters (`# & - ~`) are written as hex escapes. */
const RE2_META = new Set([..."\\.+*?()|[]{}^$"]);
const WORD_ITEMS = "\\p{Alphabetic}\\p{M}\\p{Nd}\\p{Pc}\\x{200C}\\x{200D}";
const PERL_OUTSIDE: Record<string, string> = {
  d: "\\p{Nd}",
  D: "\\P{Nd}",
  s: "\\p{White_Space}",
  S: "\\P{White_Space}",
  w: `[${WORD_ITEMS}]`,
  W: `[^${WORD_ITEMS}]`,
};
const PERL_INSIDE: Record<string, string | undefined> = { d: "\\p{Nd}", D: "\\P{Nd}", s: "\\p{White_Space}", S: "\\P{White_Space}", w: WORD_ITEMS, W: undefined };
const SIMPLE_ESCAPES = new Set([..."aftnrv"]);

class Stop extends Error {
  constructor(
    readonly kind: RegexProblemKind,
    message: string,
  ) {
    super(message);
  }
}

const rejected = (m: string) => new Stop("rejected", m);
const unsupported = (m: string) => new Stop("unsupported", m);
const hex = (cp: number) => `\\x{${cp.toString(16).toUpperCase()}}`;

/** One pass over the pattern by code point; output is built per concatenation so repetitions can wrap their operand. */
class Translator {
  private i = 0;
  private readonly cs: string[];
  unicodeClass = false;
  constructor(src: string) {
    this.cs = [...src];
  }

  run(): string {
    const out = this.alternation(0);
    if (this.i < this.cs.length) throw rejected("unopened group: a `)` without its `(`");
    return out;
  }

  private peek(k = 0): string | undefined {
    return this.cs[this.i + k];
  }

  private alternation(depth: number): string {
    const branches = [this.concat(depth)];
    while (this.peek() === "|") {
      this.i++;
      branches.push(this.concat(depth));
    }
    return branches.join("|");
  }

  /** Items of one branch: each an atom with its repetitions, or a flag group (not repeatable). */
  private concat(depth: number): string {
    const items: { text: string; repeatable: boolean; repeated: boolean }[] = [];
    for (;;) {
      const c = this.peek();
      if (c === undefined || c === "|" || c === ")") break;
      if (c === "*" || c === "+" || c === "?" || c === "{") {
        const last = items[items.length - 1];
        if (!last || !last.repeatable) throw rejected(`repetition operator \`${c}\` with nothing to repeat`);
        const op = c === "{" ? this.counted() : this.uncounted();
        // Rust repeats a repetition (`a**`); RE2 refuses it, so the inner one is grouped.
        last.text = (last.repeated ? `(?:${last.text})` : last.text) + op;
        last.repeated = true;
        continue;
      }
      items.push(this.atom(depth));
    }
    return items.map((x) => x.text).join("");
  }

  private uncounted(): string {
    let op = this.cs[this.i++]!;
    if (this.peek() === "?") {
      this.i++;
      op += "?";
    }
    return op;
  }

  /** Rust parses every `{` after an atom as `{n}`, `{n,}` or `{n,m}` and errors otherwise. */
  private counted(): string {
    const rest = this.cs.slice(this.i, this.i + 32).join("");
    const m = /^\{(\d+)(,(\d*))?\}/.exec(rest);
    if (!m) throw rejected("`{` starts a counted repetition in the proxy's regex syntax ({n}, {n,} or {n,m}); write `\\{` for a literal brace");
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === "" ? Infinity : Number(m[3]);
    if (max < min) throw rejected(`invalid repetition {${m[1]},${m[3]}}: the maximum is below the minimum`);
    if (min > RE2_MAX_REPEAT || (max !== Infinity && max > RE2_MAX_REPEAT)) throw unsupported(`a repetition count above ${RE2_MAX_REPEAT}`);
    this.i += [...m[0]].length;
    let op = m[0];
    if (this.peek() === "?") {
      this.i++;
      op += "?";
    }
    return op;
  }

  private atom(depth: number): { text: string; repeatable: boolean; repeated: boolean } {
    const c = this.cs[this.i++]!;
    const atom = (text: string) => ({ text, repeatable: true, repeated: false });
    switch (c) {
      case "(":
        return this.group(depth);
      case "[":
        return atom(this.charClass());
      case "\\":
        return atom(this.escape(false));
      case "]":
      case "}":
        return atom(`\\${c}`);
      default:
        return atom(c);
    }
  }

  private group(depth: number): { text: string; repeatable: boolean; repeated: boolean } {
    let open = "(";
    if (this.peek() === "?") {
      const rest = this.cs.slice(this.i, this.i + 4).join("");
      if (/^\?(=|!|<=|<!)/.test(rest)) throw rejected("look-around such as (?=...) or (?!...) is not supported by the proxy's regex engine");
      const named = /^\?P?<([^>]*)>/.exec(this.cs.slice(this.i, this.i + 256).join(""));
      if (named) {
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(named[1]!)) throw unsupported(`the group name "${named[1]}"`);
        this.i += [...named[0]].length;
        open = `(?P<${named[1]}>`;
      } else {
        const flags = /^\?([A-Za-z-]*)([:)])/.exec(this.cs.slice(this.i, this.i + 64).join(""));
        if (!flags) throw rejected("an unknown group syntax after `(?`");
        this.i += [...flags[0]].length;
        const spec = flags[1]!;
        if (/[^imsUuxR-]/.test(spec)) throw rejected(`unknown flag in (?${spec})`);
        if (/[xR]/.test(spec) || /-[^]*u/.test(spec)) throw unsupported(`the flags (?${spec})`);
        // `u` (Unicode) is on by default in Rust and means nothing more here.
        const kept = spec.replace(/u/g, "");
        if (flags[2] === ")") {
          if (spec === "" || spec.endsWith("-")) throw rejected(`empty or dangling flags (?${spec})`);
          return { text: kept === "" ? "" : `(?${kept})`, repeatable: false, repeated: false };
        }
        open = kept === "" || kept === "-" ? "(?:" : `(?${kept}:`;
      }
    }
    const inner = this.alternation(depth + 1);
    if (this.cs[this.i++] !== ")") throw rejected("unclosed group: a `(` without its `)`");
    return { text: `${open}${inner})`, repeatable: true, repeated: false };
  }

  private escape(inClass: boolean): string {
    const c = this.cs[this.i++];
    if (c === undefined) throw rejected("the pattern ends with a lone backslash");
    if (/[0-9]/.test(c)) throw rejected(`\\${c}: backreferences (and octal escapes) are not supported by the proxy's regex engine`);
    if (c === "x" || c === "u" || c === "U") return this.hexEscape(c);
    if (c === "p" || c === "P") {
      this.unicodeClass = true;
      if (this.peek() === "{") {
        const close = this.cs.indexOf("}", this.i);
        if (close < 0) throw rejected(`an unclosed \\${c}{...} class`);
        const name = this.cs.slice(this.i + 1, close).join("");
        this.i = close + 1;
        return `\\${c}{${name}}`;
      }
      const name = this.cs[this.i++];
      if (name === undefined) throw rejected(`\\${c} without a class name`);
      return `\\${c}{${name}}`;
    }
    if (c in PERL_OUTSIDE) {
      if (!inClass) return PERL_OUTSIDE[c]!;
      const inside = PERL_INSIDE[c];
      if (inside === undefined) throw unsupported(`\\${c} inside a character class`);
      return inside;
    }
    if (RE2_META.has(c)) return `\\${c}`;
    const cp = c.codePointAt(0)!;
    if (SIMPLE_ESCAPES.has(c)) return `\\${c}`;
    if (!inClass && (c === "A" || c === "z" || c === "B")) return `\\${c}`;
    if (!inClass && c === "b") {
      if (this.peek() === "{" && /^\{(start|end|start-half|end-half)\}/.test(this.cs.slice(this.i, this.i + 12).join(""))) throw unsupported("the word boundary \\b{...}");
      return "\\b";
    }
    if (!inClass && (c === "<" || c === ">")) throw unsupported(`the word boundary \\${c}`);
    // Rust allows a superfluous escape of any ASCII character but letters, digits, < and >.
    if (cp < 0x80 && !/[A-Za-z0-9<>]/.test(c)) return hex(cp);
    throw rejected(`unrecognized escape sequence \\${c}`);
  }

  private hexEscape(kind: string): string {
    if (this.peek() === "{") {
      const close = this.cs.indexOf("}", this.i);
      const digits = close < 0 ? "" : this.cs.slice(this.i + 1, close).join("");
      if (!/^[0-9A-Fa-f]{1,8}$/.test(digits)) throw rejected(`an invalid \\${kind}{...} escape`);
      this.i = close + 1;
      const v = parseInt(digits, 16);
      if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) throw rejected(`\\${kind}{${digits}} is not a Unicode scalar value`);
      return hex(v);
    }
    const want = kind === "x" ? 2 : kind === "u" ? 4 : 8;
    const digits = this.cs.slice(this.i, this.i + want).join("");
    if (digits.length !== want || !/^[0-9A-Fa-f]+$/.test(digits)) throw rejected(`\\${kind} needs ${want} hexadecimal digits`);
    this.i += want;
    const v = parseInt(digits, 16);
    if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) throw rejected(`\\${kind}${digits} is not a Unicode scalar value`);
    return hex(v);
  }

  /** After `[`. Rust nests classes and has set operators; RE2 does not, so those are not translated. */
  private charClass(): string {
    let out = "[";
    if (this.peek() === "^") {
      out += "^";
      this.i++;
    }
    let first = true;
    for (;;) {
      const c = this.cs[this.i];
      if (c === undefined) throw rejected("unclosed character class: a `[` without its `]`");
      if (c === "]" && !first) {
        this.i++;
        return out + "]";
      }
      first = false;
      if (c === "[") {
        const m = /^\[:(\^?)([a-z]+):\]/.exec(this.cs.slice(this.i, this.i + 12).join(""));
        if (!m || !ASCII_CLASSES.has(m[2]!)) throw unsupported("a nested character class");
        out += m[0];
        this.i += m[0].length;
        continue;
      }
      const pair = c + (this.cs[this.i + 1] ?? "");
      if (pair === "&&" || pair === "~~" || (pair === "--" && this.cs[this.i + 2] !== "]")) throw unsupported(`the class set operator ${pair}`);
      this.i++;
      if (c === "\\") out += this.escape(true);
      else if (c === "]") out += "\\]";
      else out += c;
    }
  }
}

/** Rust's pattern as RE2 with the same meaning, or why not. */
export function translateRustRegex(pattern: string): Translation & { unicodeClass?: boolean } {
  const t = new Translator(pattern);
  try {
    return { ok: true, re2: t.run(), unicodeClass: t.unicodeClass };
  } catch (err) {
    if (err instanceof Stop) return { ok: false, kind: err.kind, reason: err.message };
    throw err;
  }
}

type Compiled = { ok: true; re: RE2JS } | { ok: false; kind: RegexProblemKind; reason: string };

// Validation, conversion and precedence checks compile the same patterns again; a compiled RE2JS is immutable.
const compiled = new Map<string, Compiled>();
const MAX_COMPILED = 100_000;

function compileRe2(pattern: string): Compiled {
  let c = compiled.get(pattern);
  if (c === undefined) {
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    c = compileRe2Uncached(pattern);
    compiled.set(pattern, c);
  }
  return c;
}

function compileRe2Uncached(pattern: string): Compiled {
  const t = translateRustRegex(pattern);
  if (!t.ok) return t;
  try {
    return { ok: true, re: RE2JS.compile(t.re2) };
  } catch (err) {
    const message = err instanceof Error ? err.message.replace(/^error parsing regexp: /, "") : String(err);
    // A Unicode class name RE2 lacks may still be one Rust knows: not a verdict on the proxy.
    if (t.unicodeClass && /class|property|group/i.test(message)) return { ok: false, kind: "unsupported", reason: `a Unicode class this check does not know (${message})` };
    return { ok: false, kind: "rejected", reason: message };
  }
}

/** Rust's `str::trim`: Unicode White_Space at both ends (JavaScript's trim also strips U+FEFF). */
export function rustTrim(text: string): string {
  return text.replace(/^\p{White_Space}+|\p{White_Space}+$/gu, "");
}

/** The string the proxy hands to `Regex::new` for a ServiceProfile pathRegex. */
export function proxyAnchoredPathRegex(pathRegex: string): string {
  const re = rustTrim(pathRegex);
  return `${re.startsWith("^") ? "" : "^"}${re}${re.endsWith("$") ? "" : "$"}`;
}

/** A ServiceProfile pathRegex as the proxy compiles and runs it. */
export function compileProfilePathRegex(pathRegex: string): RegexVerdict {
  const anchored = proxyAnchoredPathRegex(pathRegex);
  // `^/plain/path$` (no metacharacter at all) matches that path and nothing else: no engine needed.
  if (/^\^[A-Za-z0-9/_~-]*\$$/.test(anchored)) {
    const literal = anchored.slice(1, -1);
    return { ok: true, matcher: { source: anchored, test: (path) => path === literal } };
  }
  const c = compileRe2(anchored);
  if (!c.ok) return c;
  const re = c.re;
  return { ok: true, matcher: { source: re.pattern(), test: (path) => re.test(path) } };
}

/** A Gateway API `RegularExpression` path match as the proxy runs it: the leftmost-first match must span the path. */
export function compileGatewayPathRegex(value: string): RegexVerdict {
  const c = compileRe2(value);
  if (!c.ok) return c;
  const re = c.re;
  return {
    ok: true,
    matcher: {
      source: re.pattern(),
      test: (path) => {
        const m = re.matcher(path);
        return m.find() && m.start() === 0 && m.end() === path.length;
      },
    },
  };
}

/** `^(?:pattern)$`: the whole-path meaning a generator intends (checks of generated regexes). */
export function compileFullMatchRegex(pattern: string): RegexVerdict {
  const t = translateRustRegex(pattern);
  if (!t.ok) return t;
  const c = compileRe2(`^(?:${pattern})$`);
  if (!c.ok) return c;
  const re = c.re;
  return { ok: true, matcher: { source: re.pattern(), test: (path) => re.test(path) } };
}

/** Words for a verdict that is not ok, naming the regex. */
export function regexProblemText(regex: string, v: Exclude<RegexVerdict, { ok: true }>): string {
  return v.kind === "rejected"
    ? `pathRegex ${JSON.stringify(regex)} does not compile in the proxy (${v.reason}), so the proxy ignores it`
    : `pathRegex ${JSON.stringify(regex)} uses ${v.reason}, which the proxy accepts but this check cannot evaluate`;
}

/**
 * Literal text every path an anchored pattern (proxyAnchoredPathRegex)
 * matches starts with; "" when unsure (any `|` or `(?`, which could be a
 * choice or case folding). A necessary condition, so indexes may use it to
 * skip routes that cannot match.
 */
export function literalPrefix(anchoredRe: string): string {
  if (!anchoredRe.startsWith("^") || /[|]/.test(anchoredRe) || anchoredRe.includes("(?")) return "";
  let out = "";
  const cs = [...anchoredRe.slice(1)];
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i]!;
    let lit: string | undefined;
    if (c === "\\" && cs[i + 1] !== undefined && /[^A-Za-z0-9<>]/.test(cs[i + 1]!)) lit = cs[++i]!;
    else if (!/[\\.+*?()[\]{}^$]/.test(c)) lit = c;
    if (lit === undefined) break;
    // A quantifier after a character makes that character optional or repeated.
    if (/[*?{+]/.test(cs[i + 1] ?? "")) break;
    out += lit;
  }
  return out;
}

/**
 * A profile's pathRegex as the proxy compiles it (trimmed, `^`/`$` added by
 * concatenation, Rust syntax, run on re2js, above). Undefined when
 * the proxy drops it or when this check cannot evaluate it; use
 * compileProfilePathRegex for the reason.
 */
export function compileProxyPathRegex(pathRegex: string): PathMatcher | undefined {
  const v = compileProfilePathRegex(pathRegex);
  return v.ok ? v.matcher : undefined;
}

/**
 * The regex as a strict whole-path match, the meaning the generator intends
 * (`^(?:regex)$`), with the proxy's engine. It differs from the proxy's
 * concatenation only for top-level alternations and a quoted trailing `\$`;
 * tests of generated regexes use this, route replay uses compileProxyPathRegex.
 */
export function compileFullMatch(pathRegex: string): PathMatcher | undefined {
  const v = compileFullMatchRegex(pathRegex);
  return v.ok ? v.matcher : undefined;
}
