/**
 * The set of spec files one generation reads: the root document plus every
 * file a `$ref` leads to. Files are read only through the SourceReader and
 * parsed only by files/parse.ts, so every failure has a place and a YAML
 * alias bomb is refused the same way in a referenced file as in the root.
 */
import { SpecError, type Diagnostic } from "../../model/diagnostic.js";
import { decodeUtf8, parseData } from "../../files/parse.js";
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
export type LoadFailure =
  | { kind: "missing"; file: string }
  | { kind: "access"; file: string; error: SpecError }
  | { kind: "content"; file: string; error: SpecError };

export class DocumentSet {
  private readonly docs = new Map<string, SpecDocument>();
  private readonly failures = new Map<string, LoadFailure>();
  private readonly pending = new Map<string, Promise<SpecDocument | LoadFailure>>();
  readonly warnings: Diagnostic[] = [];

  constructor(
    readonly reader: SourceReader,
    readonly rootFile: string,
  ) {}

  /** Files read successfully: the root first, then the rest sorted (the crawl reads concurrently). */
  inputs(): string[] {
    const rest = [...this.docs.keys()].filter((f) => f !== this.rootFile).sort();
    return this.docs.has(this.rootFile) ? [this.rootFile, ...rest] : rest;
  }

  get(file: string): SpecDocument | undefined {
    return this.docs.get(file);
  }

  failure(file: string): LoadFailure | undefined {
    return this.failures.get(file);
  }

  /** Reads and parses a file once; concurrent callers share the work. */
  load(file: string): Promise<SpecDocument | LoadFailure> {
    const known = this.docs.get(file) ?? this.failures.get(file);
    if (known) return Promise.resolve(known);
    let p = this.pending.get(file);
    if (!p) {
      p = this.readAndParse(file);
      this.pending.set(file, p);
    }
    return p;
  }

  /** Reads the bytes of a file, recording a failure instead of throwing. */
  async readBytes(file: string): Promise<Buffer | LoadFailure> {
    let data: Buffer | undefined;
    try {
      data = await this.reader.read(file);
    } catch (err) {
      if (!(err instanceof SpecError)) throw err;
      return this.fail({ kind: "access", file, error: err });
    }
    if (data === undefined) return this.fail({ kind: "missing", file });
    return data;
  }

  /** Decodes and parses bytes already read, recording the document or the failure. */
  parseBytes(file: string, data: Buffer): SpecDocument | LoadFailure {
    const known = this.docs.get(file);
    if (known) return known;
    const text = this.decode(file, data);
    return typeof text === "string" ? this.parseText(file, text) : text;
  }

  private decode(file: string, data: Buffer): string | LoadFailure {
    try {
      return decodeUtf8(data, file);
    } catch (err) {
      if (!(err instanceof SpecError)) throw err;
      return this.fail({ kind: "content", file, error: err });
    }
  }

  private parseText(file: string, text: string): SpecDocument | LoadFailure {
    try {
      const doc: SpecDocument = { file, text, value: parseData(text, file) };
      this.docs.set(file, doc);
      return doc;
    } catch (err) {
      if (!(err instanceof SpecError)) throw err;
      return this.fail({ kind: "content", file, error: err });
    }
  }

  private async readAndParse(file: string): Promise<SpecDocument | LoadFailure> {
    const text = await this.readText(file);
    const known = this.docs.get(file);
    if (known) return known;
    return typeof text === "string" ? this.parseText(file, text) : text;
  }

  /**
   * Reads and decodes, so the bytes are garbage before the parse starts: for
   * the 47 MB spec of the corpus they would otherwise sit beside the text and
   * the parsed value at the peak.
   */
  private async readText(file: string): Promise<string | LoadFailure> {
    const data = await this.readBytes(file);
    return Buffer.isBuffer(data) ? this.decode(file, data) : data;
  }

  private fail(failure: LoadFailure): LoadFailure {
    this.failures.set(failure.file, failure);
    return failure;
  }
}

export function isLoadFailure(x: SpecDocument | LoadFailure | Buffer): x is LoadFailure {
  return !Buffer.isBuffer(x) && "kind" in x;
}
