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
/** The segments of `samplePath(template, value)`, from the template's own segments (literal ones are shared). */
export declare function sampleSegments(segments: readonly Segment[], value: string): Segment[];
/**
 * Splits a template into segment patterns, the way PathToRegex sees its
 * parameters: a `{` starts one when a `}` follows anywhere (the parameter
 * may hold `/` and `{`; it never splits a segment). One pass, since every
 * profile's routes go through here.
 */
export declare function templateSegments(template: string, shared?: Map<string, Segment>): Segment[];
export declare function hasParameters(template: string): boolean;
/** Wraps a regex so that its leftmost-first match can only be the whole path (the proxy's test). */
export declare function spanningRegex(pathRegex: string): string;
/** Whether a pattern with parameters matches all of `text`: anchored ends, each middle piece at its first fit (which is optimal). */
export declare function patternMatches(p: Segment, text: string): boolean;
/**
 * A string matched by both segment patterns, or undefined when they are
 * disjoint, in linear time. Two patterns that both have a parameter meet
 * exactly when their literal prefixes agree (one starts the other) and so do
 * their suffixes: the longer prefix, every middle piece of both, then the
 * longer suffix is matched by each, its parameters taking the other's pieces.
 */
export declare function segmentIntersection(pa: Segment, pb: Segment): string | undefined;
/**
 * Whether `a` matches every string `b` matches, decided in linear time
 * where that is simple: equal patterns, a literal `b`, or an `a` with one
 * parameter (`P{}S` takes all of `b` exactly when b's prefix starts with P
 * and its suffix ends with S: otherwise a parameter of b can break either
 * end). Undefined when `a` has several parameters and is not `b` itself.
 */
export declare function segmentCovers(a: Segment, b: Segment): boolean | undefined;
/** Whether every path `b` matches, `a` matches too (segment by segment); undefined when a segment is not simply decided. */
export declare function templateCovers(a: readonly Segment[], b: readonly Segment[]): boolean | undefined;
/** A path both templates match, or undefined when no request can match both. */
export declare function templateIntersection(a: readonly Segment[], b: readonly Segment[]): string | undefined;
/** A concrete path a template matches (parameters become `1`), for examples in messages and replays. */
export declare function samplePath(template: string, value?: string): string;
