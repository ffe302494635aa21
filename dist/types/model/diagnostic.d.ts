/**
 * Errors are values with places: every problem the engine finds carries the
 * file it is in and, where known, a line/column or a JSON pointer. Faces decide
 * how to show them (stderr, GitHub annotations, KRM results).
 */
export type Severity = "error" | "warning";
export interface Diagnostic {
    severity: Severity;
    message: string;
    /** Repository-relative (or user-given) path of the file the problem is in. */
    file?: string;
    /** 1-based line and column. */
    line?: number;
    column?: number;
    /** RFC 6901 JSON pointer into the file's document. */
    pointer?: string;
    /** What the user can do about it. */
    hint?: string;
    /** Names a kind of finding that faces treat apart (e.g. "route-shadowed", listed per profile in the diff). */
    code?: string;
}
/** Thrown by the engine for problems in user input; carries a Diagnostic. */
export declare class SpecError extends Error {
    readonly diagnostic: Diagnostic;
    constructor(diagnostic: Omit<Diagnostic, "severity"> & {
        severity?: Severity;
    });
}
export declare function isSpecError(err: unknown): err is SpecError;
/** `file:line:col: message (at pointer)` plus the hint on its own line. */
export declare function formatDiagnostic(d: Diagnostic): string;
/** Escapes one JSON pointer token (RFC 6901). */
export declare function pointerToken(token: string | number): string;
export declare function joinPointer(base: string, ...tokens: (string | number)[]): string;
export declare function splitPointer(pointer: string): string[];
