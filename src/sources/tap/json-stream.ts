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

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const NL_BRACE = Buffer.from("\n}");
const NL_OPEN = Buffer.from("\n{");

export const DEFAULT_MAX_OBJECT_BYTES = 16 * 1024 * 1024;

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

export class JsonObjectStream {
  readonly stats: JsonStreamStats = { bytes: 0, objects: 0, maxBufferedBytes: 0, maxObjectBytes: 0, exactScan: false };
  private readonly maxObjectBytes: number;
  private readonly handlers: JsonStreamHandlers;
  /** Parts of the object in progress (copies), its stream offset and total length. */
  private parts: Buffer[] = [];
  private partsLength = 0;
  private objectOffset = 0;
  /** Exact-scan state of the object in progress. */
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** Skipping junk up to the end of its line. */
  private skippingJunk = false;
  /** An oversized object being skipped: only its bracket state is kept. */
  private discarding = false;

  constructor(handlers: JsonStreamHandlers, options: { maxObjectBytes?: number } = {}) {
    this.handlers = handlers;
    this.maxObjectBytes = options.maxObjectBytes ?? DEFAULT_MAX_OBJECT_BYTES;
  }

  push(input: Uint8Array): void {
    const chunk = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    const base = this.stats.bytes;
    this.stats.bytes += chunk.length;
    let pos = 0;
    if (this.partsLength > 0 || this.discarding) {
      pos = this.continueObject(chunk, base);
      if (pos < 0) return;
    }
    this.scanChunk(chunk, pos, base);
  }

  /** Call once at the end of the stream; an unfinished object is reported as truncated. */
  end(): void {
    if (this.partsLength > 0 || this.discarding) {
      this.handlers.problem({
        kind: "truncated",
        offset: this.objectOffset,
        message: `the last event (from byte ${this.objectOffset}) is cut off; it is ignored`,
      });
    }
    this.parts = [];
    this.partsLength = 0;
    this.discarding = false;
  }

  /** Finishes the object carried over from earlier chunks; returns where scanning resumes, or -1 when the chunk was used up. */
  private continueObject(chunk: Buffer, base: number): number {
    if (this.discarding) {
      const end = this.scanExact(chunk, 0);
      if (end < 0) return -1;
      this.discarding = false;
      return end + 1;
    }
    if (!this.stats.exactScan) {
      const first = this.parts[0]!;
      const afterBrace = first.length > 1 ? first[1] : (this.parts[1]?.[0] ?? chunk[0]);
      // Not pretty-printed after all (JSON Lines, compact objects).
      if (afterBrace !== LF && afterBrace !== CR) return this.rescanKept(chunk, base);
      const last = this.parts[this.parts.length - 1]!;
      const candidate = last[last.length - 1] === LF && chunk[0] === CLOSE_BRACE ? 0 : indexOfFrom(chunk, NL_BRACE, 0, 1);
      if (candidate >= 0) {
        const whole = Buffer.concat([...this.parts, chunk.subarray(0, candidate + 1)]);
        const value = tryParse(whole);
        if (value !== FAILED) {
          this.clearParts();
          this.emit(value, this.objectOffset, whole.length);
          return candidate + 1;
        }
        if (this.recoverPretty(whole, 0, whole.length, this.objectOffset)) {
          this.clearParts();
          return candidate + 1;
        }
        return this.rescanKept(chunk, base);
      }
      if (this.partsLength + chunk.length > this.maxObjectBytes) return this.rescanKept(chunk, base);
      this.keep(chunk, 0);
      return -1;
    }
    const end = this.scanExact(chunk, 0);
    if (end < 0) {
      this.keep(chunk, 0);
      return -1;
    }
    const whole = Buffer.concat([...this.parts, chunk.subarray(0, end + 1)]);
    this.clearParts();
    this.parseAndEmit(whole, this.objectOffset);
    return end + 1;
  }

  /** Switches to the exact scan for good, rescanning the kept bytes (never scanned in fast mode), then continues with `chunk`. */
  private rescanKept(chunk: Buffer, base: number): number {
    this.stats.exactScan = true;
    const kept = Buffer.concat(this.parts);
    this.resetScan();
    if (this.scanExact(kept, 0) < 0) return this.continueObject(chunk, base);
    // The kept bytes already hold a whole object: replay them as a fresh chunk.
    this.clearParts();
    this.resetScan();
    this.scanChunk(kept, 0, this.objectOffset, true);
    if (this.partsLength > 0 || this.discarding) return this.continueObject(chunk, base);
    return 0;
  }

  private scanChunk(chunk: Buffer, start: number, base: number, replay = false): void {
    let pos = start;
    const n = chunk.length;
    while (pos < n) {
      if (this.skippingJunk) {
        const nl = chunk.indexOf(LF, pos);
        if (nl < 0) return;
        this.skippingJunk = false;
        pos = nl + 1;
        continue;
      }
      const b = chunk[pos]!;
      if (b === SPACE || b === LF || b === CR || b === TAB) {
        pos++;
        continue;
      }
      if (b !== OPEN_BRACE) {
        this.handlers.problem({ kind: "junk", offset: base + pos, message: `text that is not a JSON object at byte ${base + pos}; skipped to the end of its line` });
        this.skippingJunk = true;
        continue;
      }
      if (!this.stats.exactScan && pos + 1 < n && chunk[pos + 1] !== LF && chunk[pos + 1] !== CR) {
        // Not pretty-printed (JSON Lines, compact objects): the fast way does not apply.
        this.stats.exactScan = true;
      }
      if (!this.stats.exactScan) {
        const candidate = indexOfFrom(chunk, NL_BRACE, pos + 1, 1);
        if (candidate >= 0) {
          const value = tryParse(chunk.subarray(pos, candidate + 1));
          if (value !== FAILED) {
            this.emit(value, base + pos, candidate + 1 - pos);
            pos = candidate + 1;
            continue;
          }
          if (this.recoverPretty(chunk, pos, candidate + 1, base)) {
            pos = candidate + 1;
            continue;
          }
          this.stats.exactScan = true;
        } else {
          // Maybe the rest of this object is in the next chunk.
          this.objectOffset = base + pos;
          if (n - pos > this.maxObjectBytes) this.stats.exactScan = true;
          else {
            this.keep(chunk, pos, replay);
            return;
          }
        }
      }
      this.resetScan();
      const end = this.scanExact(chunk, pos);
      if (end < 0) {
        this.objectOffset = base + pos;
        this.keep(chunk, pos, replay);
        return;
      }
      this.parseAndEmit(chunk.subarray(pos, end + 1), base + pos);
      pos = end + 1;
    }
  }

  /**
   * A pretty-printed slice `{ ... \n}` that does not parse: when a later line
   * starts a new object (a recording cut off and appended to), the part before
   * it is a truncated event and the rest may be a whole one.
   */
  private recoverPretty(buf: Buffer, start: number, end: number, base: number): boolean {
    const restart = buf.lastIndexOf(NL_OPEN, end - 1);
    if (restart <= start) return false;
    const value = tryParse(buf.subarray(restart + 1, end));
    if (value === FAILED) return false;
    this.handlers.problem({ kind: "truncated", offset: base + start, message: `the event at byte ${base + start} is cut off; it is ignored` });
    this.emit(value, base + restart + 1, end - restart - 1);
    return true;
  }

  /** Exact scan from `from`; returns the index of the byte that closes the object, or -1. State persists across calls. */
  private scanExact(buf: Buffer, from: number): number {
    let depth = this.depth;
    let inString = this.inString;
    let escaped = this.escaped;
    const n = buf.length;
    for (let i = from; i < n; i++) {
      const b = buf[i]!;
      if (inString) {
        if (escaped) escaped = false;
        else if (b === BACKSLASH) escaped = true;
        else if (b === QUOTE) inString = false;
      } else if (b === QUOTE) inString = true;
      else if (b === OPEN_BRACE || b === OPEN_BRACKET) depth++;
      else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
        depth--;
        if (depth <= 0) {
          this.resetScan();
          return i;
        }
      }
    }
    this.depth = depth;
    this.inString = inString;
    this.escaped = escaped;
    return -1;
  }

  private resetScan(): void {
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
  }

  /** Keeps the tail of a chunk as part of the object in progress (copied: the caller may reuse its buffer). */
  private keep(chunk: Buffer, from: number, replay = false): void {
    const length = chunk.length - from;
    if (this.partsLength + length > this.maxObjectBytes) {
      // Only reached in exact mode (the fast mode switches before), so the bracket state is current.
      this.handlers.problem({
        kind: "too-large",
        offset: this.objectOffset,
        message: `the event at byte ${this.objectOffset} is larger than ${this.maxObjectBytes} bytes; it is skipped`,
      });
      this.clearParts();
      this.discarding = true;
      return;
    }
    this.parts.push(replay ? chunk.subarray(from) : Buffer.from(chunk.subarray(from)));
    this.partsLength += length;
    if (this.partsLength > this.stats.maxBufferedBytes) this.stats.maxBufferedBytes = this.partsLength;
  }

  private clearParts(): void {
    this.parts = [];
    this.partsLength = 0;
  }

  private parseAndEmit(bytes: Buffer, offset: number): void {
    const value = tryParse(bytes);
    if (value === FAILED) {
      this.handlers.problem({ kind: "invalid", offset, message: `the event at byte ${offset} is not valid JSON; it is skipped` });
      return;
    }
    this.emit(value, offset, bytes.length);
  }

  private emit(value: unknown, offset: number, size: number): void {
    this.stats.objects++;
    if (size > this.stats.maxObjectBytes) this.stats.maxObjectBytes = size;
    this.handlers.object(value, offset);
  }
}

const FAILED = Symbol("failed");

function tryParse(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString("utf8"));
  } catch {
    return FAILED;
  }
}

/** Buffer.indexOf for a needle, returning the index of the needle's byte at `at`. */
function indexOfFrom(buf: Buffer, needle: Buffer, from: number, at: number): number {
  const i = buf.indexOf(needle, from);
  return i < 0 ? -1 : i + at;
}
