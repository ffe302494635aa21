import { LineCounter, type Document, type Node } from "yaml";
import { type Diagnostic } from "../model/diagnostic.js";
/** UTF-8 decode (BOM stripped); invalid bytes are an error at their line:column. */
export declare function decodeUtf8(data: Buffer, file: string): string;
/** 1-based line and column of a string offset. */
export declare function lineColumnAt(text: string, offset: number): {
    line: number;
    column: number;
};
/** A key written twice in one mapping: YAML forbids it, and a lenient reader lets the last one win silently. */
export interface DuplicateKey {
    key: string;
    first: {
        line: number;
        column: number;
        offset: number;
    };
    again: {
        line: number;
        column: number;
        offset: number;
    };
}
/**
 * Every duplicate key of a parsed document, in document order. Iterative (a
 * hostile document may nest deeply), aliases are not followed, and `<<`
 * merge keys are left to the merge rules.
 */
export declare function duplicateKeys(root: Document | Node | null | undefined, lines: LineCounter): DuplicateKey[];
/** A duplicate key as an error at its second occurrence, naming both lines. */
export declare function duplicateKeyDiagnostic(d: DuplicateKey, file: string): Diagnostic;
/** Throws a SpecError at the first duplicate key of `text` (YAML or JSON), if any. */
export declare function assertUniqueKeys(text: string, file: string): void;
/** Parses a YAML or JSON document. Empty documents are an error, and so is one nested deeper than MAX_NESTING; `holds` says what the file should have held. */
export declare function parseData(text: string, file: string, holds?: string): unknown;
/** Line and column of the node at a JSON pointer, for error messages. Undefined when not found. */
export declare function locatePointer(text: string, pointer: string): {
    line: number;
    column: number;
} | undefined;
