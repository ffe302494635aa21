/** A compiled path test. */
export interface PathMatcher {
    /** The RE2 pattern actually run. */
    readonly source: string;
    test(path: string): boolean;
}
export type RegexProblemKind = "rejected" | "unsupported";
export type RegexVerdict = {
    ok: true;
    matcher: PathMatcher;
} | {
    ok: false;
    kind: RegexProblemKind;
    reason: string;
};
export type Translation = {
    ok: true;
    re2: string;
} | {
    ok: false;
    kind: RegexProblemKind;
    reason: string;
};
/** Rust's pattern as RE2 with the same meaning, or why not. */
export declare function translateRustRegex(pattern: string): Translation & {
    unicodeClass?: boolean;
};
/** Rust's `str::trim`: Unicode White_Space at both ends (JavaScript's trim also strips U+FEFF). */
export declare function rustTrim(text: string): string;
/** The string the proxy hands to `Regex::new` for a ServiceProfile pathRegex. */
export declare function proxyAnchoredPathRegex(pathRegex: string): string;
/** A ServiceProfile pathRegex as the proxy compiles and runs it. */
export declare function compileProfilePathRegex(pathRegex: string): RegexVerdict;
/** A Gateway API `RegularExpression` path match as the proxy runs it: the leftmost-first match must span the path. */
export declare function compileGatewayPathRegex(value: string): RegexVerdict;
/** `^(?:pattern)$`: the whole-path meaning a generator intends (checks of generated regexes). */
export declare function compileFullMatchRegex(pattern: string): RegexVerdict;
/** Words for a verdict that is not ok, naming the regex. */
export declare function regexProblemText(regex: string, v: Exclude<RegexVerdict, {
    ok: true;
}>): string;
/**
 * Literal text every path an anchored pattern (proxyAnchoredPathRegex)
 * matches starts with; "" when unsure (any `|` or `(?`, which could be a
 * choice or case folding). A necessary condition, so indexes may use it to
 * skip routes that cannot match.
 */
export declare function literalPrefix(anchoredRe: string): string;
/**
 * A profile's pathRegex as the proxy compiles it (trimmed, `^`/`$` added by
 * concatenation, Rust syntax, run on re2js, above). Undefined when
 * the proxy drops it or when this check cannot evaluate it; use
 * compileProfilePathRegex for the reason.
 */
export declare function compileProxyPathRegex(pathRegex: string): PathMatcher | undefined;
/**
 * The regex as a strict whole-path match, the meaning the generator intends
 * (`^(?:regex)$`), with the proxy's engine. It differs from the proxy's
 * concatenation only for top-level alternations and a quoted trailing `\$`;
 * tests of generated regexes use this, route replay uses compileProxyPathRegex.
 */
export declare function compileFullMatch(pathRegex: string): PathMatcher | undefined;
