/**
 * A bound on how deeply any YAML or JSON input may nest. The YAML composer,
 * `toJS` and the walks over conditions, schemas and objects recurse once per
 * level, so a hostile `[[[[…` or a condition 2,000 `not`s deep would end in
 * "Maximum call stack size exceeded" with no place named (and a stack
 * overflow inside V8's regex compiler kills the process outright). Every
 * reader checks the depth first, without recursion, and refuses deeper input
 * with the file, line:column and JSON pointer of the first node too deep.
 */
import { CST, LineCounter, type Document, type DocumentOptions, type ParseOptions, type SchemaOptions } from "yaml";
import { SpecError } from "../model/diagnostic.js";
/** Collections inside collections, counted from the document's top level (1). Real specs stay under 40. */
export declare const MAX_NESTING = 256;
/** Input refused for its depth (a SpecError, told apart so a JSON-or-YAML reader reports it as is). */
export declare class NestingError extends SpecError {
}
/**
 * Offset of the first `[` or `{` of JSON text nested deeper than
 * MAX_NESTING, or -1. A scan, not a walk of the parsed value: strings are
 * skipped with indexOf, so it costs a fraction of JSON.parse.
 */
export declare function jsonNestingOffset(text: string): number;
/** Throws when JSON text (already parsed into `value`) nests deeper than MAX_NESTING, naming the place. */
export declare function checkJsonNesting(text: string, value: unknown, file: string, at: (offset: number) => {
    line: number;
    column: number;
}): void;
/** Whether `doc` (from parseYamlDocument) uses an alias, so its value needs checkValueNesting. */
export declare function hasAliases(doc: object): boolean;
/** Throws when a parsed (not yet composed) document nests deeper than MAX_NESTING; says whether it holds an alias. Iterative. */
export declare function checkCstNesting(tokens: readonly CST.Token[], lines: LineCounter, file: string): boolean;
/**
 * Throws when a value (from JSON.parse or YAML's toJS) nests deeper than
 * MAX_NESTING, or refers to itself (a YAML alias to its own ancestor).
 * Iterative; each value is visited once per place it appears.
 */
export declare function checkValueNesting(value: unknown, file: string): void;
type Options = DocumentOptions & SchemaOptions & ParseOptions;
/** yaml's parseDocument, refusing input nested deeper than MAX_NESTING before the (recursive) composer sees it. */
export declare function parseYamlDocument(text: string, file: string, options?: Options): Document.Parsed;
/** yaml's parseAllDocuments (documents only), refusing input nested deeper than MAX_NESTING. */
export declare function parseYamlDocuments(text: string, file: string, options?: Options): Document.Parsed[];
export {};
