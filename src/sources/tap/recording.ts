/**
 * A tap recording, in whichever format it was captured, as a stream of
 * TapEvents. Push-based so that a recording of any size passes through in
 * bounded memory: one chunk and at most one partial event are held at a time.
 *
 * Format detection: the first non-blank byte `{` means `-o json`; otherwise
 * the first non-blank line must be a `req`/`rsp`/`end` line (default or
 * `-o wide` text output, which may be mixed line by line).
 */
import { SpecError, type Diagnostic } from "../../model/diagnostic.js";
import type { TapEvent, TapFormat } from "./event.js";
import { jsonToTapEvent } from "./json-event.js";
import { DEFAULT_MAX_OBJECT_BYTES, JsonObjectStream, type JsonStreamProblem } from "./json-stream.js";
import { textLineToTapEvent } from "./text-event.js";

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

const LF = 0x0a;
const BOM = [0xef, 0xbb, 0xbf];

/** Counts a kind of problem and remembers where it first occurred. */
class Tally {
  count = 0;
  first: { line?: number; offset?: number; detail?: string } | undefined;
  add(where: { line?: number; offset?: number; detail?: string }): void {
    this.count++;
    this.first ??= where;
  }
}

export class TapRecordingParser {
  private format: TapFormat | undefined;
  private readonly onEvent: (event: TapEvent) => void;
  private readonly file: string | undefined;
  private readonly maxEventBytes: number;
  private seq = 0;
  private bytes = 0;
  private maxBuffered = 0;
  private maxEvent = 0;
  private truncated = false;
  private readonly notEvents = new Tally();
  private readonly tooLarge = new Tally();
  private truncatedAt: { line?: number; offset?: number } | undefined;
  /** Bytes seen before the format is known (leading blank space only). */
  private leadingOffset = 0;
  private bomChecked = false;
  // JSON state
  private json: JsonObjectStream | undefined;
  // Text state
  private lineParts: Buffer[] = [];
  private linePartsLength = 0;
  private lineNumber = 0;
  private discardingLine = false;
  private sawTextEvent = false;

  constructor(onEvent: (event: TapEvent) => void, options: TapReadOptions = {}) {
    this.onEvent = onEvent;
    this.file = options.file;
    this.maxEventBytes = options.maxEventBytes ?? DEFAULT_MAX_OBJECT_BYTES;
  }

  push(input: Uint8Array | string): void {
    let chunk = typeof input === "string" ? Buffer.from(input, "utf8") : Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    this.bytes += chunk.length;
    if (this.format === undefined) {
      if (!this.bomChecked && chunk.length > 0) {
        this.bomChecked = true;
        if (BOM.every((b, i) => chunk[i] === b)) {
          chunk = chunk.subarray(3);
          this.leadingOffset += 3;
        }
      }
      const first = firstNonBlank(chunk);
      if (first < 0) {
        // Only blank space so far; remember its lines for text line numbers.
        this.leadingOffset += chunk.length;
        this.lineNumber += countLines(chunk);
        return;
      }
      this.format = chunk[first] === 0x7b ? "json" : "text";
      if (this.format === "json") {
        this.json = new JsonObjectStream(
          { object: (value, offset) => this.onJsonObject(value, offset), problem: (p) => this.onJsonProblem(p) },
          { maxObjectBytes: this.maxEventBytes },
        );
      }
    }
    if (this.json) this.json.push(chunk);
    else this.pushText(chunk);
  }

  end(): TapReadSummary {
    if (this.json) {
      this.json.end();
      this.maxBuffered = this.json.stats.maxBufferedBytes;
      this.maxEvent = this.json.stats.maxObjectBytes;
    } else if (this.format === "text") {
      if (this.linePartsLength > 0) {
        const line = Buffer.concat(this.lineParts).toString("utf8");
        this.lineParts = [];
        this.linePartsLength = 0;
        this.lineNumber++;
        this.textLine(line, true);
      }
      this.discardingLine = false;
    }
    return {
      format: this.format,
      stats: { bytes: this.bytes, events: this.seq, maxBufferedBytes: this.maxBuffered, maxEventBytes: this.maxEvent },
      skipped: this.notEvents.count,
      truncated: this.truncated,
      warnings: this.warnings(),
    };
  }

  private onJsonObject(value: unknown, offset: number): void {
    const event = jsonToTapEvent(value, this.seq + 1);
    if (!event) {
      this.notEvents.add({ offset: offset + this.leadingOffset, detail: "a JSON object without requestInitEvent, responseInitEvent or responseEndEvent" });
      return;
    }
    this.seq++;
    this.onEvent(event);
  }

  private onJsonProblem(p: JsonStreamProblem): void {
    const offset = p.offset + this.leadingOffset;
    if (p.kind === "truncated") {
      this.truncated = true;
      this.truncatedAt ??= { offset };
    } else if (p.kind === "too-large") this.tooLarge.add({ offset });
    else this.notEvents.add({ offset, detail: p.kind === "junk" ? "text that is not JSON" : "invalid JSON" });
  }

  private pushText(chunk: Buffer): void {
    let pos = 0;
    while (pos < chunk.length) {
      const nl = chunk.indexOf(LF, pos);
      if (nl < 0) {
        this.keepLinePart(chunk.subarray(pos));
        return;
      }
      this.lineNumber++;
      if (this.discardingLine) {
        this.discardingLine = false;
      } else if (this.linePartsLength > 0) {
        this.lineParts.push(chunk.subarray(pos, nl));
        const line = Buffer.concat(this.lineParts).toString("utf8");
        this.lineParts = [];
        this.linePartsLength = 0;
        this.textLine(line, false);
      } else {
        this.textLine(chunk.toString("utf8", pos, nl), false);
      }
      pos = nl + 1;
    }
  }

  private keepLinePart(part: Buffer): void {
    if (this.discardingLine) return;
    if (this.linePartsLength + part.length > this.maxEventBytes) {
      this.tooLarge.add({ line: this.lineNumber + 1 });
      this.lineParts = [];
      this.linePartsLength = 0;
      this.discardingLine = true;
      return;
    }
    this.lineParts.push(Buffer.from(part));
    this.linePartsLength += part.length;
    if (this.linePartsLength > this.maxBuffered) this.maxBuffered = this.linePartsLength;
  }

  private textLine(line: string, last: boolean): void {
    if (Buffer.byteLength(line) > this.maxEvent) this.maxEvent = Buffer.byteLength(line);
    if (last && /^(req|rsp|end) /.test(line)) {
      // tap ends every line with a line break: a final line without one was cut off mid-write.
      this.truncated = true;
      this.truncatedAt = { line: this.lineNumber };
      return;
    }
    const result = textLineToTapEvent(line, this.seq + 1, this.lineNumber);
    if ("event" in result) {
      this.sawTextEvent = true;
      this.seq++;
      this.onEvent(result.event);
      return;
    }
    if ("skip" in result) return;
    if (!this.sawTextEvent && this.notEvents.count === 0) {
      throw new SpecError({
        message: `not a tap recording: line ${this.lineNumber} is neither a JSON object nor a tap event line (${result.error})`,
        file: this.file,
        line: this.lineNumber,
        hint: "record with `linkerd viz tap -o json <target> > FILE` or `linkerd viz tap -o wide <target> > FILE`",
      });
    }
    this.notEvents.add({ line: this.lineNumber, detail: result.error });
  }

  private warnings(): Diagnostic[] {
    const out: Diagnostic[] = [];
    const where = (w: { line?: number; offset?: number } | undefined) => (w?.line !== undefined ? `line ${w.line}` : `byte ${w?.offset ?? 0}`);
    const warn = (message: string, hint: string, w?: { line?: number }) =>
      out.push({ severity: "warning", message, hint, ...(this.file !== undefined ? { file: this.file } : {}), ...(w?.line !== undefined ? { line: w.line } : {}) });
    if (this.format === undefined) warn("the tap recording is empty", "record some traffic first: `linkerd viz tap -o json <target> > FILE`");
    if (this.truncated) warn(`the last event (${where(this.truncatedAt)}) is cut off and was ignored`, "an interrupted recording ends like this; nothing to do", this.truncatedAt);
    if (this.notEvents.count) {
      const n = this.notEvents.count;
      warn(
        `${n} ${this.format === "json" ? (n === 1 ? "entry is" : "entries are") : n === 1 ? "line is" : "lines are"} not tap events and ${n === 1 ? "was" : "were"} skipped (first at ${where(this.notEvents.first)}: ${this.notEvents.first?.detail ?? ""})`,
        "a recording should hold only the output of `linkerd viz tap`",
        this.notEvents.first,
      );
    }
    if (this.tooLarge.count) {
      warn(`${this.tooLarge.count} event(s) larger than ${this.maxEventBytes} bytes were skipped (first at ${where(this.tooLarge.first)})`, "the recording is probably corrupt there", this.tooLarge.first);
    }
    return out;
  }
}

function firstNonBlank(chunk: Buffer): number {
  for (let i = 0; i < chunk.length; i++) {
    const b = chunk[i]!;
    if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09) return i;
  }
  return -1;
}

function countLines(chunk: Buffer): number {
  let n = 0;
  for (let i = chunk.indexOf(LF); i >= 0; i = chunk.indexOf(LF, i + 1)) n++;
  return n;
}

/** Feeds a whole stream through the parser, calling `onEvent` for each event. */
export async function readTapRecording(
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  onEvent: (event: TapEvent) => void,
  options: TapReadOptions = {},
): Promise<TapReadSummary> {
  const parser = new TapRecordingParser(onEvent, options);
  for await (const chunk of source) parser.push(chunk);
  return parser.end();
}

/** Parses a recording held in memory (tests, small inputs). */
export function parseTapRecording(data: Uint8Array | string, options: TapReadOptions = {}): { events: TapEvent[]; summary: TapReadSummary } {
  const events: TapEvent[] = [];
  const parser = new TapRecordingParser((e) => events.push(e), options);
  parser.push(data);
  return { events, summary: parser.end() };
}
