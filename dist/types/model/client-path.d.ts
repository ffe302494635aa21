export declare function hasNonAscii(text: string): boolean;
/** Every non-ASCII character as its UTF-8 `%XX` escapes, upper-case hex; ASCII (and escapes already written) untouched. */
export declare function encodeNonAscii(text: string): string;
/**
 * Linkerd's PathToRegex of the template, with each non-ASCII literal
 * character matched as its UTF-8 escapes in either hex case:
 * `/café/{id}` -> `/caf%[Cc]3%[Aa]9/[^/]*`. Equal to pathTemplateToRegex for
 * an ASCII template.
 */
export declare function clientPathRegex(template: string): string;
