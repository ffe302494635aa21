/**
 * A fast reader for the plain YAML configs are written in: block mappings
 * and sequences, one-line flow collections, plain and simply quoted scalars,
 * comments. The `yaml` library takes ~0.2 s to compose a 1,000-service
 * config before the JIT warms up; this takes a few milliseconds.
 *
 * It answers only when sure: anything outside the subset (anchors, tags,
 * block scalars, multi-line scalars, escapes, duplicate or merge keys,
 * nulls, non-ASCII, odd indentation, ...) returns undefined and the caller
 * parses with the `yaml` library. Whenever this answers, the value is what
 * `yaml` (YAML 1.2 core schema) gives; test/repo/simple-yaml.test.ts
 * checks that against the library on generated documents.
 */
import { joinPointer } from "../model/diagnostic.js";

export interface SimpleYaml {
  value: unknown;
  /** 1-based line of each block sequence item, by JSON pointer (`/services/3`). */
  itemLines: Map<string, number>;
}

/** Thrown inside the parser when the text leaves the subset. */
class Unsupported extends Error {}

function unsupported(): never {
  throw new Unsupported();
}

interface Line {
  indent: number;
  content: string;
  /** 1-based line number. */
  no: number;
}

export function parseSimpleYaml(text: string): SimpleYaml | undefined {
  // Printable ASCII and newlines only: no tabs, CRs, BOMs or escapes to think about.
  if (!/^[\x20-\x7e\n]*$/.test(text)) return undefined;
  const lines: Line[] = [];
  const raws = text.split("\n");
  for (let i = 0; i < raws.length; i++) {
    const raw = raws[i]!;
    const content = raw.trimStart();
    if (content === "" || content.startsWith("#")) continue;
    const indent = raw.length - content.length;
    // Directives and document markers; very long lines (the library limits implicit keys).
    if ((indent === 0 && (content.startsWith("%") || content.startsWith("---") || content.startsWith("..."))) || raw.length > 1000) return undefined;
    lines.push({ indent, content: content.trimEnd(), no: i + 1 });
  }
  if (lines.length === 0) return undefined;
  const parser = new BlockParser(lines);
  try {
    const value = parser.block(lines[0]!.indent, "");
    if (parser.pos !== lines.length || value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
    return { value, itemLines: parser.itemLines };
  } catch (err) {
    if (err instanceof Unsupported) return undefined;
    throw err;
  }
}

class BlockParser {
  pos = 0;
  readonly itemLines = new Map<string, number>();
  constructor(private readonly lines: Line[]) {}

  /** The node whose first line is the current one, at exactly `indent`. */
  block(indent: number, pointer: string): unknown {
    const line = this.lines[this.pos]!;
    if (line.indent !== indent) unsupported();
    return isSeqLine(line.content) ? this.seq(indent, pointer) : this.map(indent, pointer);
  }

  private map(indent: number, pointer: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    while (this.pos < this.lines.length) {
      const line = this.lines[this.pos]!;
      if (line.indent !== indent || isSeqLine(line.content)) break;
      const entry = splitKey(line.content) ?? unsupported();
      const { key } = entry;
      if (key === "<<" || key === "__proto__" || Object.prototype.hasOwnProperty.call(out, key)) unsupported();
      this.pos++;
      if (entry.value !== undefined) {
        out[key] = inlineValue(entry.value);
        this.noContinuation(indent);
        continue;
      }
      const next = this.lines[this.pos];
      if (next && next.indent > indent) out[key] = this.block(next.indent, joinPointer(pointer, key));
      // A sequence may sit at its key's own indentation.
      else if (next && next.indent === indent && isSeqLine(next.content)) out[key] = this.seq(indent, joinPointer(pointer, key));
      else unsupported(); // null
    }
    this.noContinuation(indent);
    return out;
  }

  private seq(indent: number, pointer: string): unknown[] {
    const out: unknown[] = [];
    while (this.pos < this.lines.length) {
      const line = this.lines[this.pos]!;
      if (line.indent !== indent || !isSeqLine(line.content)) break;
      const rest = line.content.slice(1).trimStart();
      if (rest === "" || rest.startsWith("#") || isSeqLine(rest)) unsupported();
      const at = joinPointer(pointer, out.length);
      this.itemLines.set(at, line.no);
      if (rest[0] !== "[" && rest[0] !== "{" && splitKey(rest) !== undefined) {
        // `- key: value`: a mapping whose keys line up with this first one.
        const column = indent + (line.content.length - rest.length);
        this.lines[this.pos] = { indent: column, content: rest, no: line.no };
        out.push(this.map(column, at));
      } else {
        out.push(inlineValue(rest));
        this.pos++;
        this.noContinuation(indent);
      }
    }
    this.noContinuation(indent);
    return out;
  }

  /** A deeper line after a finished node would continue a scalar or be an error: not ours. */
  private noContinuation(indent: number): void {
    const next = this.lines[this.pos];
    if (next && next.indent > indent) unsupported();
  }
}

function isSeqLine(content: string): boolean {
  return content === "-" || content.startsWith("- ");
}

/** `key: value` / `key:` (value undefined) / undefined when the line is no mapping entry. */
function splitKey(content: string): { key: string; value?: string } | undefined {
  let key: string;
  let after: number;
  const q = content[0];
  if (q === '"' || q === "'") {
    const s = quoted(content, 0);
    if (content[s.end] !== ":") return undefined;
    key = s.value;
    after = s.end + 1;
  } else {
    let colon = -1;
    for (let i = 0; i < content.length; i++) {
      const c = content[i];
      if (c === "#" && content[i - 1] === " ") break;
      if (c === ":" && (i + 1 === content.length || content[i + 1] === " ")) {
        colon = i;
        break;
      }
    }
    if (colon === -1) return undefined;
    const raw = content.slice(0, colon);
    if (raw.endsWith(" ")) unsupported();
    const v = plainScalar(raw, false);
    if (typeof v !== "string") unsupported();
    key = v;
    after = colon + 1;
  }
  if (after < content.length && content[after] !== " ") unsupported();
  const rest = content.slice(after).trimStart();
  return rest === "" || rest.startsWith("#") ? { key } : { key, value: rest };
}

/** A value written on one line: a scalar or a flow collection, maybe followed by a comment. */
function inlineValue(text: string): unknown {
  if (text[0] === "[" || text[0] === "{") {
    const flow = new FlowParser(text);
    const value = flow.node();
    flow.end();
    return value;
  }
  if (text[0] === '"' || text[0] === "'") {
    const s = quoted(text, 0);
    endOfLine(text, s.end);
    return s.value;
  }
  const hash = text.indexOf(" #");
  const raw = (hash === -1 ? text : text.slice(0, hash)).trimEnd();
  // `a: b: c` is an error in YAML; a trailing colon would be a key.
  if (raw.includes(": ") || raw.endsWith(":")) unsupported();
  return plainScalar(raw, false);
}

/** Only spaces and a comment may follow position `i`. */
function endOfLine(text: string, i: number): void {
  const rest = text.slice(i);
  if (rest !== "" && !/^ +(#.*)?$/.test(rest)) unsupported();
}

/** A quoted scalar without escapes starting at `start`; `end` is just past the closing quote. */
function quoted(text: string, start: number): { value: string; end: number } {
  const q = text[start]!;
  const close = text.indexOf(q, start + 1);
  if (close === -1) unsupported();
  const value = text.slice(start + 1, close);
  if (q === '"' && value.includes("\\")) unsupported();
  if (q === "'" && text[close + 1] === "'") unsupported();
  return { value, end: close + 1 };
}

const PLAIN_START = /^[A-Za-z0-9_/$]/;
// In flow collections `,[]{}` end a scalar, and `:`, `#` and quotes are left to the library.
const FLOW_PLAIN = /^[A-Za-z0-9_/$][A-Za-z0-9_/$.~+=()@*&!%?|<>^` -]*$/;
const SIMPLE_INT = /^(?:0|[1-9][0-9]{0,14})$/;
const SIMPLE_FLOAT = /^(?:0|[1-9][0-9]{0,14})\.[0-9]{1,15}$/;
// Everything else the core schema resolves to null, a boolean or a number.
const OTHER_CORE = /^(?:~|null|Null|NULL|True|TRUE|False|FALSE|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

/** A plain scalar's value under the YAML 1.2 core schema, when simple. */
function plainScalar(raw: string, flow: boolean): string | number | boolean {
  if (!PLAIN_START.test(raw) || (flow && !FLOW_PLAIN.test(raw))) unsupported();
  if (raw === "true") return true;
  if (raw === "false") return false;
  if (SIMPLE_INT.test(raw) || SIMPLE_FLOAT.test(raw)) return Number(raw);
  if (OTHER_CORE.test(raw)) unsupported();
  return raw;
}

/** One-line flow collections of scalars and flow collections: `[a, b]`, `{ k: v }`. */
class FlowParser {
  private i = 0;
  constructor(private readonly text: string) {}

  node(): unknown {
    this.spaces();
    const c = this.text[this.i];
    if (c === "[") return this.seq();
    if (c === "{") return this.map();
    return this.scalar();
  }

  end(): void {
    endOfLine(this.text, this.i);
  }

  private seq(): unknown[] {
    this.i++;
    const out: unknown[] = [];
    this.spaces();
    if (this.text[this.i] === "]") {
      this.i++;
      return out;
    }
    while (true) {
      out.push(this.node());
      this.spaces();
      const c = this.text[this.i++];
      if (c === "]") return out;
      if (c !== ",") unsupported();
    }
  }

  private map(): Record<string, unknown> {
    this.i++;
    const out: Record<string, unknown> = {};
    this.spaces();
    if (this.text[this.i] === "}") {
      this.i++;
      return out;
    }
    while (true) {
      this.spaces();
      const c0 = this.text[this.i];
      if (c0 === "[" || c0 === "{") unsupported();
      const key = this.scalar();
      if (typeof key !== "string" || key === "<<" || key === "__proto__" || Object.prototype.hasOwnProperty.call(out, key)) unsupported();
      if (this.text[this.i] !== ":" || this.text[this.i + 1] !== " ") unsupported();
      this.i += 2;
      out[key] = this.node();
      this.spaces();
      const c = this.text[this.i++];
      if (c === "}") return out;
      if (c !== ",") unsupported();
    }
  }

  private scalar(): unknown {
    const c = this.text[this.i];
    if (c === '"' || c === "'") {
      const s = quoted(this.text, this.i);
      this.i = s.end;
      return s.value;
    }
    let j = this.i;
    while (j < this.text.length && !",[]{}:#\"'".includes(this.text[j]!)) j++;
    const raw = this.text.slice(this.i, j).trimEnd();
    this.i = this.i + raw.length;
    return plainScalar(raw, true);
  }

  private spaces(): void {
    while (this.text[this.i] === " ") this.i++;
  }
}
