import { type PathMatcher } from "./proxy-regex.js";
/** Go's regexp.QuoteMeta: backslash before each of `\.+*?()|[]{}^$`. */
export declare function quoteMeta(text: string): string;
/**
 * Linkerd's PathToRegex: quote the whole path, then turn every quoted
 * `\{...\}` parameter into `[^/]*`. `/books/{id}.json` -> `/books/[^/]*\.json`.
 */
export declare function pathTemplateToRegex(pathTemplate: string): string;
/**
 * `/books/[^/]*\.json` -> `/books/{}.json`: the path template a generated
 * pathRegex stands for (QuoteMeta'd literals and `[^/]*` parameters), or
 * undefined for any other regex. Such a regex is valid in the proxy's
 * engine by construction (escaped metacharacters and one character class),
 * so it needs no compiling to be checked.
 */
export declare function pathRegexTemplate(pathRegex: string): string | undefined;
/**
 * A profile's pathRegex as the proxy compiles it (trimmed, `^`/`$` added by
 * concatenation, Rust syntax, run on re2js: proxy-regex.ts). Undefined when
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
