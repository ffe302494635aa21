/** A compiled glob. */
export interface Glob {
    test(relPath: string): boolean;
}
/** Compiles a glob; throws an Error that says what is wrong with it. */
export declare function compileGlob(pattern: string): Glob;
/** The glob as RE2 syntax (exported for tests). */
export declare function globToRegexSource(pattern: string): string;
/** A predicate that is true for paths matching any of the patterns. */
export declare function globMatcher(patterns: string[]): (relPath: string) => boolean;
