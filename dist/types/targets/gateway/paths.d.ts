/**
 * How one route's path becomes a Gateway API path match, and how path
 * templates overlap. Templates are the neutral form every HTTP source gives
 * (`/books/{id}.json`); a `{param}` matches any run of characters but `/`,
 * exactly as Linkerd's PathToRegex `[^/]*` does.
 */
import type { HttpRouteMatch } from "./types.js";
/** A template as tokens: a literal character, or a parameter (`null`). */
export type Token = string | null;
/** Splits a template into segments of tokens, the way PathToRegex sees its parameters. */
export declare function templateSegments(template: string): Token[][];
export declare function hasParameters(template: string): boolean;
/** Wraps a regex so that its leftmost-first match can only be the whole path (the proxy's test). */
export declare function spanningRegex(pathRegex: string): string;
/** The path part of an HTTPRoute match for a route: `Exact` where the CRD allows it, else an anchored regex. */
export declare function pathMatch(template: string, pathRegex: string): NonNullable<HttpRouteMatch["path"]>;
/**
 * A string matched by both segment patterns, or undefined when they are
 * disjoint, in linear time. Two patterns that both have a parameter meet
 * exactly when their literal prefixes agree (one starts the other) and so do
 * their suffixes: the longer prefix, every middle piece of both, then the
 * longer suffix is matched by each, its parameters taking the other's pieces.
 */
export declare function segmentIntersection(a: Token[], b: Token[]): string | undefined;
/** A path both templates match, or undefined when no request can match both. */
export declare function templateIntersection(a: Token[][], b: Token[][]): string | undefined;
/** A concrete path a template matches (parameters become `1`), for examples in messages and replays. */
export declare function samplePath(template: string, value?: string): string;
