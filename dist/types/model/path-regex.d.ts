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
