/**
 * A stream of JSON objects written one after another (`linkerd viz tap -o
 * json` pretty-prints each event over many lines; JSON Lines and objects
 * run together work too), cut into objects in bounded memory: only the
 * object that straddles a chunk boundary is ever copied and kept.
 *
 * Two ways to find where an object ends:
 *  - fast: Go's MarshalIndent closes a top-level object with `}` at the
 *    start of a line, and a raw newline cannot occur inside a JSON string,
 *    so the first "\n}" after an object's `{` is its end whenever the slice
 *    up to it parses; JSON.parse confirms it, and the scan is native indexOf;
 *  - exact: a byte loop that tracks string/escape state and bracket depth.
 * The fast way is used while it keeps working; the first time it fails the
 * stream switches to the exact way for good.
 *
 * Bytes are decoded per object with replacement characters, so a header
 * value that is not UTF-8 cannot break the scan (invalid bytes are never
 * ASCII, and every byte the scanner looks at is).
 */
export declare const DEFAULT_MAX_OBJECT_BYTES: number;
export interface JsonStreamStats {
    /** Bytes fed so far. */
    bytes: number;
    /** Objects handed to the callback. */
    objects: number;
    /** Largest number of bytes ever kept between two chunks (part of one object). */
    maxBufferedBytes: number;
    /** Size of the largest complete object. */
    maxObjectBytes: number;
    /** Whether the stream fell back to the exact scan. */
    exactScan: boolean;
}
/** Something between objects, or inside one, that is not JSON. */
export interface JsonStreamProblem {
    kind: "junk" | "invalid" | "too-large" | "truncated";
    /** Byte offset in the stream where it starts. */
    offset: number;
    message: string;
}
export interface JsonStreamHandlers {
    object(value: unknown, offset: number): void;
    problem(problem: JsonStreamProblem): void;
}
export declare class JsonObjectStream {
    readonly stats: JsonStreamStats;
    private readonly maxObjectBytes;
    private readonly handlers;
    /** Parts of the object in progress (copies), its stream offset and total length. */
    private parts;
    private partsLength;
    private objectOffset;
    /** Exact-scan state of the object in progress. */
    private depth;
    private inString;
    private escaped;
    /** Skipping junk up to the end of its line. */
    private skippingJunk;
    /** An oversized object being skipped: only its bracket state is kept. */
    private discarding;
    constructor(handlers: JsonStreamHandlers, options?: {
        maxObjectBytes?: number;
    });
    push(input: Uint8Array): void;
    /** Call once at the end of the stream; an unfinished object is reported as truncated. */
    end(): void;
    /** Finishes the object carried over from earlier chunks; returns where scanning resumes, or -1 when the chunk was used up. */
    private continueObject;
    /** Switches to the exact scan for good, rescanning the kept bytes (never scanned in fast mode), then continues with `chunk`. */
    private rescanKept;
    private scanChunk;
    /**
     * A pretty-printed slice `{ ... \n}` that does not parse: when a later line
     * starts a new object (a recording cut off and appended to), the part before
     * it is a truncated event and the rest may be a whole one.
     */
    private recoverPretty;
    /** Exact scan from `from`; returns the index of the byte that closes the object, or -1. State persists across calls. */
    private scanExact;
    private resetScan;
    /** Keeps the tail of a chunk as part of the object in progress (copied: the caller may reuse its buffer). */
    private keep;
    private clearParts;
    private parseAndEmit;
    private emit;
}
