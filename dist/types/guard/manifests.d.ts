export type GuardedKind = "HTTPRoute" | "GRPCRoute" | "ServiceProfile";
/** A path into a document: map keys and sequence indexes. */
export type FieldPath = readonly (string | number)[];
export interface Position {
    line: number;
    column: number;
}
export interface Manifest {
    file: string;
    kind: GuardedKind;
    /** The document as JSON-like data. */
    value: Record<string, unknown>;
    /** The position of a field (its key, or the item), else of the deepest part of the path that exists. */
    position(path: FieldPath): Position;
}
/** Whether a file's text may hold a guarded kind: a cheap test before parsing. */
export declare function mayHoldRoutes(text: string): boolean;
/** The guarded objects of one YAML file, in document order. */
export declare function parseManifests(file: string, text: string): Manifest[];
