export interface AnnotationProblem {
    pointer: string;
    message: string;
}
/**
 * `parse_duration`: one whole number and a unit ms, s, m, h or d (only 0 may
 * go without one), surrounding white space trimmed; undefined when it parses.
 */
export declare function linkerdDurationError(raw: string): string | undefined;
/** Problems with the Linkerd annotations of an HTTPRoute or GRPCRoute. */
export declare function linkerdAnnotationProblems(annotations: Record<string, unknown>, kind: "HTTPRoute" | "GRPCRoute"): AnnotationProblem[];
