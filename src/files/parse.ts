/**
 * Bytes -> text -> data, with every failure placed at a line and column.
 * YAML aliases are capped so an alias bomb is refused instead of expanding.
 */
import { isUtf8 } from "node:buffer";
import { LineCounter, isAlias, isMap, isNode, isScalar, isSeq, type Document, type Node } from "yaml";
import { SpecError, splitPointer, type Diagnostic } from "../model/diagnostic.js";
import { NestingError, checkJsonNesting, checkValueNesting, hasAliases, parseYamlDocument } from "./nesting.js";

const MAX_ALIAS_COUNT = 1000;

/** UTF-8 decode (BOM stripped); invalid bytes are an error at their line:column. */
export function decodeUtf8(data: Buffer, file: string): string {
  // isUtf8 + toString: native checks, several times faster than a fatal TextDecoder on big specs.
  if (isUtf8(data)) {
    const text = data.toString("utf8");
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }
  const offset = firstInvalidUtf8(data);
  const before = new TextDecoder("utf-8").decode(data.subarray(0, offset));
  const { line, column } = lineColumnAt(before, before.length);
  throw new SpecError({
    message: `file is not valid UTF-8 (byte 0x${(data[offset] ?? 0).toString(16).padStart(2, "0")} at offset ${offset})`,
    file,
    line,
    column,
    hint: "save the file as UTF-8",
  });
}

function firstInvalidUtf8(data: Buffer): number {
  let i = 0;
  while (i < data.length) {
    const b = data[i]!;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) if (((data[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += need + 1;
  }
  return i;
}

/** 1-based line and column of a string offset. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

function looksLikeJson(text: string): boolean {
  const m = /^\s*([{[])/.exec(text);
  return m !== null;
}

/** A key written twice in one mapping: YAML forbids it, and a lenient reader lets the last one win silently. */
export interface DuplicateKey {
  key: string;
  first: { line: number; column: number; offset: number };
  again: { line: number; column: number; offset: number };
}

/**
 * Every duplicate key of a parsed document, in document order. Iterative (a
 * hostile document may nest deeply), aliases are not followed, and `<<`
 * merge keys are left to the merge rules.
 */
export function duplicateKeys(root: Document | Node | null | undefined, lines: LineCounter): DuplicateKey[] {
  const out: DuplicateKey[] = [];
  const stack: unknown[] = [root && !isNode(root) ? (root as Document).contents : root];
  const at = (n: Node) => {
    const offset = n.range?.[0] ?? 0;
    const pos = lines.linePos(offset);
    return { line: pos.line, column: pos.col, offset };
  };
  while (stack.length) {
    const node = stack.pop();
    if (!node || isAlias(node)) continue;
    if (isSeq(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
    } else if (isMap(node)) {
      const seen = new Map<string, Node>();
      for (const pair of node.items) {
        const key = pair.key;
        if (isScalar(key) && key.value !== "<<") {
          const name = String(key.value);
          const first = seen.get(name);
          if (first) out.push({ key: name, first: at(first), again: at(key) });
          else seen.set(name, key);
        }
      }
      for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]!.value);
    }
  }
  return out.sort((a, b) => a.again.line - b.again.line || a.again.column - b.again.column);
}

/** A duplicate key as an error at its second occurrence, naming both lines. */
export function duplicateKeyDiagnostic(d: DuplicateKey, file: string): Diagnostic {
  return {
    severity: "error",
    message: `duplicate key "${d.key}": written at line ${d.first.line} and again at line ${d.again.line} of the same mapping`,
    file,
    line: d.again.line,
    column: d.again.column,
    hint: "YAML allows a key once per mapping (a lenient reader would silently keep the last value): keep one of them",
  };
}

/** Throws a SpecError at the first duplicate key of `text` (YAML or JSON), if any. */
export function assertUniqueKeys(text: string, file: string): void {
  const lines = new LineCounter();
  const doc = parseYamlDocument(text, file, { lineCounter: lines, uniqueKeys: false });
  if (doc.errors.length) return; // syntax errors are reported by the parser proper
  const first = duplicateKeys(doc, lines)[0];
  if (first) throw new SpecError(duplicateKeyDiagnostic(first, file));
}

/** Parses a YAML or JSON document. Empty documents are an error, and so is one nested deeper than MAX_NESTING; `holds` says what the file should have held. */
export function parseData(text: string, file: string, holds = "an OpenAPI or Swagger document"): unknown {
  if (text.trim() === "") {
    throw new SpecError({ message: "file is empty", file, hint: `the file must hold ${holds}` });
  }
  if (looksLikeJson(text)) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      // A .json file must be JSON: YAML would read `"a": }` as null and hide the mistake.
      if (/\.json$/i.test(file)) throw jsonError(err as Error, text, file);
      // Other files may be YAML in flow style, of which JSON is a subset.
      try {
        return parseYamlText(text, file);
      } catch (yamlErr) {
        if (yamlErr instanceof NestingError) throw yamlErr;
        throw jsonError(err as Error, text, file);
      }
    }
    // JSON.parse itself does not recurse; what walks the value afterwards does.
    checkJsonNesting(text, value, file, (offset) => lineColumnAt(text, offset));
    return value;
  }
  return parseYamlText(text, file);
}

function jsonError(err: Error, text: string, file: string): SpecError {
  const { line, column } = lineColumnAt(text, jsonErrorOffset(err, text));
  const message = err.message.replace(/ in JSON at position \d+.*$/, "").replace(/, (\.\.\.)?".*" is not valid JSON$/s, "");
  return new SpecError({ message: `invalid JSON: ${message}`, file, line, column, hint: "fix the syntax error" });
}

/**
 * Where JSON.parse failed. V8 states a position for most errors but not for an
 * unexpected token; then the shortest prefix that already fails before its end
 * ends at the offending character (found by bisection, on the error path only).
 */
function jsonErrorOffset(err: Error, text: string): number {
  const stated = /position (\d+)/.exec(err.message);
  if (stated) return Number(stated[1]);
  const failsInside = (prefix: string): boolean => {
    try {
      JSON.parse(prefix);
      return false;
    } catch (e) {
      const at = /position (\d+)/.exec((e as Error).message);
      if (at) return Number(at[1]) < prefix.length;
      return !/Unexpected end of JSON input/.test((e as Error).message);
    }
  };
  let lo = 1;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (failsInside(text.slice(0, mid))) hi = mid;
    else lo = mid + 1;
  }
  return hi - 1;
}

function parseYamlText(text: string, file: string): unknown {
  const lineCounter = new LineCounter();
  const doc = parseYamlDocument(text, file, { lineCounter, prettyErrors: false, uniqueKeys: false, merge: true });
  const first = doc.errors[0];
  if (first) {
    const pos = lineCounter.linePos(first.pos[0]);
    throw new SpecError({
      message: `invalid YAML: ${first.message.split("\n")[0]}`,
      file,
      line: pos.line,
      column: pos.col,
      hint: "fix the syntax error",
    });
  }
  try {
    const value: unknown = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    // The text's depth is checked; an alias can still nest a value deeper, or inside itself.
    if (hasAliases(doc)) checkValueNesting(value, file);
    return value;
  } catch (err) {
    if (err instanceof NestingError) throw err;
    const msg = (err as Error).message;
    if (/alias/i.test(msg)) {
      throw new SpecError({
        message: `refused: the YAML expands too many aliases (${msg})`,
        file,
        hint: `a document may expand at most ${MAX_ALIAS_COUNT} aliases; write the repeated parts out or use $ref`,
      });
    }
    throw new SpecError({ message: `invalid YAML: ${msg}`, file });
  }
}

/** Line and column of the node at a JSON pointer, for error messages. Undefined when not found. */
export function locatePointer(text: string, pointer: string): { line: number; column: number } | undefined {
  try {
    const lineCounter = new LineCounter();
    const doc = parseYamlDocument(text, "", { lineCounter, uniqueKeys: false });
    let tokens = splitPointer(pointer);
    // Walk up to the nearest existing node so a missing key still points somewhere useful.
    while (true) {
      const node = doc.getIn(tokens, true) as Node | undefined;
      if (isNode(node) && node.range) {
        const pos = lineCounter.linePos(node.range[0]);
        return { line: pos.line, column: pos.col };
      }
      if (tokens.length === 0) return undefined;
      tokens = tokens.slice(0, -1);
    }
  } catch {
    return undefined;
  }
}
