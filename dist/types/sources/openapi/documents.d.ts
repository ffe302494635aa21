/**
 * The set of spec files one generation reads: the root document plus every
 * file a `$ref` leads to. Files are read only through the SourceReader and
 * parsed only by files/parse.ts, so every failure has a place and a YAML
 * alias bomb is refused the same way in a referenced file as in the root.
 */
import { SpecError, type Diagnostic } from "../../model/diagnostic.js";
import type { SourceReader } from "../../files/reader.js";
export interface SpecDocument {
    /** Repository-relative path. */
    file: string;
    /** Decoded text, kept for locating pointers in error messages. */
    text: string;
    value: unknown;
}
/**
 * Why a file could not be used. `missing` and `access` are the fault of the
 * `$ref` that names the file; `content` is the fault of the file itself.
 */
export type LoadFailure = {
    kind: "missing";
    file: string;
} | {
    kind: "access";
    file: string;
    error: SpecError;
} | {
    kind: "content";
    file: string;
    error: SpecError;
};
export declare class DocumentSet {
    readonly reader: SourceReader;
    readonly rootFile: string;
    private readonly docs;
    private readonly failures;
    private readonly pending;
    readonly warnings: Diagnostic[];
    constructor(reader: SourceReader, rootFile: string);
    /** Files read successfully: the root first, then the rest sorted (the crawl reads concurrently). */
    inputs(): string[];
    get(file: string): SpecDocument | undefined;
    failure(file: string): LoadFailure | undefined;
    /** Reads and parses a file once; concurrent callers share the work. */
    load(file: string): Promise<SpecDocument | LoadFailure>;
    /** Reads the bytes of a file, recording a failure instead of throwing. */
    readBytes(file: string): Promise<Buffer | LoadFailure>;
    /** Decodes and parses bytes already read, recording the document or the failure. */
    parseBytes(file: string, data: Buffer): SpecDocument | LoadFailure;
    private decode;
    private parseText;
    private readAndParse;
    /**
     * Reads and decodes, so the bytes are garbage before the parse starts: for
     * the 47 MB spec of the corpus they would otherwise sit beside the text and
     * the parsed value at the peak.
     */
    private readText;
    private fail;
}
export declare function isLoadFailure(x: SpecDocument | LoadFailure | Buffer): x is LoadFailure;
