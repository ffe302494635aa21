/**
 * A tap recording, in whichever format it was captured, as a stream of
 * TapEvents. Push-based so that a recording of any size passes through in
 * bounded memory: one chunk and at most one partial event are held at a time.
 *
 * Format detection: the first non-blank byte `{` means `-o json`; otherwise
 * the first non-blank line must be a `req`/`rsp`/`end` line (default or
 * `-o wide` text output, which may be mixed line by line).
 */
import { type Diagnostic } from "../../model/diagnostic.js";
import type { TapEvent, TapFormat } from "./event.js";
export interface TapReadOptions {
    /** The recording's name, for messages. */
    file?: string;
    /** An event (JSON object or text line) larger than this is skipped. */
    maxEventBytes?: number;
}
export interface TapReadStats {
    bytes: number;
    events: number;
    /** Largest number of bytes kept between chunks: never more than one event's. */
    maxBufferedBytes: number;
    /** Size of the largest event. */
    maxEventBytes: number;
}
export interface TapReadSummary {
    /** Undefined when the recording is empty. */
    format: TapFormat | undefined;
    stats: TapReadStats;
    /** Lines or objects that were not tap events. */
    skipped: number;
    /** Whether the last event was cut off (and ignored). */
    truncated: boolean;
    warnings: Diagnostic[];
}
export declare class TapRecordingParser {
    private format;
    private readonly onEvent;
    private readonly file;
    private readonly maxEventBytes;
    private seq;
    private bytes;
    private maxBuffered;
    private maxEvent;
    private truncated;
    private readonly notEvents;
    private readonly tooLarge;
    private truncatedAt;
    /** Bytes seen before the format is known (leading blank space only). */
    private leadingOffset;
    private bomChecked;
    private json;
    private lineParts;
    private linePartsLength;
    private lineNumber;
    private discardingLine;
    private sawTextEvent;
    constructor(onEvent: (event: TapEvent) => void, options?: TapReadOptions);
    push(input: Uint8Array | string): void;
    end(): TapReadSummary;
    private onJsonObject;
    private onJsonProblem;
    private pushText;
    private keepLinePart;
    private textLine;
    private warnings;
}
/** Feeds a whole stream through the parser, calling `onEvent` for each event. */
export declare function readTapRecording(source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>, onEvent: (event: TapEvent) => void, options?: TapReadOptions): Promise<TapReadSummary>;
/** Parses a recording held in memory (tests, small inputs). */
export declare function parseTapRecording(data: Uint8Array | string, options?: TapReadOptions): {
    events: TapEvent[];
    summary: TapReadSummary;
};
