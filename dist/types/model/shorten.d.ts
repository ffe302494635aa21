/**
 * Bounds on what user input puts into a report. A recorded path, a route
 * name or a regex may be any length; a report that repeats it grows with it.
 * Every face shortens such a string with this one helper, so the cut reads
 * the same everywhere: the start of the text, an ellipsis and its length.
 */
/** Characters of a user-supplied string a report shows before cutting it. */
export declare const MAX_SHOWN_CHARS = 200;
/** Characters of user input a one-line message (an error, a hint) quotes before cutting it. */
export declare const MAX_QUOTED_CHARS = 80;
/** `text`, or its first `max` characters followed by `…(N chars)`. */
export declare function shorten(text: string, max?: number): string;
/** `text` as a JSON string for a message, cut the same way after the closing quote: `"/x/yyy"…(1112 chars)`. */
export declare function quotedShort(text: string, max?: number): string;
/**
 * Markdown cut at a line end to at most `limit` characters, with `note` (a
 * line saying what was cut) after it. Closes a code fence or `<details>` the
 * cut leaves open, so the rest of the page still renders.
 */
export declare function fitMarkdown(text: string, limit: number, note: string): string;
/** Names listed in one sentence before the rest are counted. */
export declare const MAX_NAMES_LISTED = 5;
/** `"a", "b", "c"`, each name shortened; past `max` names, `and N more`. */
export declare function quotedList(names: readonly string[], max?: number): string;
