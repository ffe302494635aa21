/**
 * A bound on how deeply any YAML or JSON input may nest. The YAML composer,
 * `toJS` and the walks over conditions, schemas and objects recurse once per
 * level, so a hostile `[[[[…` or a condition 2,000 `not`s deep would end in
 * "Maximum call stack size exceeded" with no place named (and a stack
 * overflow inside V8's regex compiler kills the process outright). Every
 * reader checks the depth first, without recursion, and refuses deeper input
 * with the file, line:column and JSON pointer of the first node too deep.
 */
import { Composer, CST, LineCounter, Parser, YAMLParseError, parseAllDocuments, parseDocument, type Document, type DocumentOptions, type ParseOptions, type SchemaOptions } from "yaml";
import { SpecError, pointerToken } from "../model/diagnostic.js";
import { shorten } from "../model/shorten.js";

/** Collections inside collections, counted from the document's top level (1). Real specs stay under 40. */
export const MAX_NESTING = 256;

/** Input refused for its depth (a SpecError, told apart so a JSON-or-YAML reader reports it as is). */
export class NestingError extends SpecError {}

function tooDeep(file: string, pointer: string, at?: { line: number; column: number }): SpecError {
  return new NestingError({
    message: `refused: the document nests more than ${MAX_NESTING} levels deep`,
    file,
    ...(at ?? {}),
    pointer: shorten(pointer),
    hint: `no spec, profile, config or recording needs more than ${MAX_NESTING} levels of nested mappings and lists: flatten it (an OpenAPI schema can name a nested schema with $ref)`,
  });
}

function cycle(file: string, pointer: string): SpecError {
  return new NestingError({
    message: "refused: a YAML alias names a mapping or list that holds the alias itself, so the value never ends",
    file,
    pointer: shorten(pointer),
    hint: "an alias (*name) may repeat an anchored value (&name) elsewhere, not inside that value",
  });
}

interface Frame {
  token: CST.Token;
  depth: number;
  parent: Frame | undefined;
  key: string | undefined;
}

function pointerOf(frame: Frame): string {
  const keys: string[] = [];
  for (let f: Frame | undefined = frame; f; f = f.parent) if (f.key !== undefined) keys.push(pointerToken(f.key));
  return keys.reverse().map((k) => `/${k}`).join("");
}

function keyText(key: CST.Token | null | undefined): string {
  if (!key) return "";
  const scalar = CST.isScalar(key) ? CST.resolveAsScalar(key) : null;
  return scalar ? scalar.value : "?";
}

/**
 * Offset of the first `[` or `{` of JSON text nested deeper than
 * MAX_NESTING, or -1. A scan, not a walk of the parsed value: strings are
 * skipped with indexOf, so it costs a fraction of JSON.parse.
 */
export function jsonNestingOffset(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      let end = text.indexOf('"', i + 1);
      while (end > 0) {
        let backslashes = 0;
        for (let k = end - 1; text.charCodeAt(k) === 0x5c; k--) backslashes++;
        if (backslashes % 2 === 0) break;
        end = text.indexOf('"', end + 1);
      }
      if (end < 0) return -1;
      i = end;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_NESTING) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return -1;
}

/** Throws when JSON text (already parsed into `value`) nests deeper than MAX_NESTING, naming the place. */
export function checkJsonNesting(text: string, value: unknown, file: string, at: (offset: number) => { line: number; column: number }): void {
  const offset = jsonNestingOffset(text);
  if (offset < 0) return;
  try {
    checkValueNesting(value, file);
  } catch (err) {
    if (err instanceof NestingError) throw new NestingError({ ...err.diagnostic, ...at(offset) });
    throw err;
  }
}

/** Documents whose CST held an alias: only their values can nest deeper than their text (or hold themselves). */
const withAliases = new WeakSet<object>();

/** Whether `doc` (from parseYamlDocument) uses an alias, so its value needs checkValueNesting. */
export function hasAliases(doc: object): boolean {
  return withAliases.has(doc);
}

/** Throws when a parsed (not yet composed) document nests deeper than MAX_NESTING; says whether it holds an alias. Iterative. */
export function checkCstNesting(tokens: readonly CST.Token[], lines: LineCounter, file: string): boolean {
  let aliases = false;
  const stack: Frame[] = [];
  for (let i = tokens.length - 1; i >= 0; i--) stack.push({ token: tokens[i]!, depth: 0, parent: undefined, key: undefined });
  while (stack.length) {
    const frame = stack.pop()!;
    const t = frame.token;
    if (t.type === "document") {
      if (t.value) stack.push({ token: t.value, depth: 0, parent: undefined, key: undefined });
      continue;
    }
    if (t.type === "alias") aliases = true;
    if (t.type !== "block-map" && t.type !== "block-seq" && t.type !== "flow-collection") continue;
    const depth = frame.depth + 1;
    if (depth > MAX_NESTING) {
      const pos = lines.linePos(t.offset);
      throw tooDeep(file, pointerOf(frame), { line: pos.line, column: pos.col });
    }
    const isMap = t.type === "block-map" || (t.type === "flow-collection" && t.start.type === "flow-map-start");
    for (let k = t.items.length - 1; k >= 0; k--) {
      const item = t.items[k]! as { key?: CST.Token | null; value?: CST.Token };
      const key = isMap ? keyText(item.key) : String(k);
      if (item.value) stack.push({ token: item.value, depth, parent: frame, key });
      if (item.key) stack.push({ token: item.key, depth, parent: frame, key });
    }
  }
  return aliases;
}

/**
 * Throws when a value (from JSON.parse or YAML's toJS) nests deeper than
 * MAX_NESTING, or refers to itself (a YAML alias to its own ancestor).
 * Iterative; each value is visited once per place it appears.
 */
export function checkValueNesting(value: unknown, file: string): void {
  type Item = { value: unknown; depth: number; parent: Item | undefined; key: string | undefined };
  const stack: Item[] = [{ value, depth: 0, parent: undefined, key: undefined }];
  while (stack.length) {
    const item = stack.pop()!;
    const v = item.value;
    if (v === null || typeof v !== "object") continue;
    const depth = item.depth + 1;
    if (depth > MAX_NESTING) {
      const pointer = (to: Item) => {
        const keys: string[] = [];
        for (let f: Item | undefined = to; f; f = f.parent) if (f.key !== undefined) keys.push(pointerToken(f.key));
        return keys.reverse().map((k) => `/${k}`).join("");
      };
      // Deeper than the limit because it holds itself: say so, at the value that does.
      let holder: Item | undefined;
      for (let f = item.parent; f; f = f.parent) if (f.value === v) holder = f; // the outermost: where the anchor is
      if (holder) throw cycle(file, pointer(holder));
      throw tooDeep(file, pointer(item));
    }
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) if (v[i] !== null && typeof v[i] === "object") stack.push({ value: v[i], depth, parent: item, key: String(i) });
    } else {
      for (const key in v) {
        const child = (v as Record<string, unknown>)[key];
        if (child !== null && typeof child === "object") stack.push({ value: child, depth, parent: item, key });
      }
    }
  }
}

type Options = DocumentOptions & SchemaOptions & ParseOptions;

/**
 * yaml's own parse functions word each error with its line, column and a
 * source excerpt (unless `prettyErrors: false`). On a document with errors,
 * ask them again for that wording: rare, and safe once the depth is checked.
 */
function wordedAgain(docs: Document.Parsed[], lines: LineCounter, options: Options): boolean {
  if (options.prettyErrors === false || !docs.some((d) => d.errors.length || d.warnings.length)) return false;
  lines.lineStarts.length = 0; // the parse below counts the lines again
  return true;
}

function tokensOf(text: string, lines: LineCounter, file: string): { tokens: CST.Token[]; aliases: boolean } {
  const tokens = [...new Parser(lines.addNewLine).parse(text)];
  return { tokens, aliases: checkCstNesting(tokens, lines, file) };
}

/** yaml's parseDocument, refusing input nested deeper than MAX_NESTING before the (recursive) composer sees it. */
export function parseYamlDocument(text: string, file: string, options: Options = {}): Document.Parsed {
  const lines = options.lineCounter ?? new LineCounter();
  const { tokens, aliases } = tokensOf(text, lines, file);
  let doc: Document.Parsed | undefined;
  for (const next of new Composer(options).compose(tokens, true, text.length)) {
    if (!doc) doc = next;
    else {
      // As yaml's parseDocument does.
      doc.errors.push(new YAMLParseError([next.range[0], next.range[1]], "MULTIPLE_DOCS", "Source contains multiple documents; please use YAML.parseAllDocuments()"));
      break;
    }
  }
  if (wordedAgain([doc!], lines, options)) doc = parseDocument(text, { ...options, lineCounter: lines });
  if (aliases) withAliases.add(doc!);
  return doc!;
}

/** yaml's parseAllDocuments (documents only), refusing input nested deeper than MAX_NESTING. */
export function parseYamlDocuments(text: string, file: string, options: Options = {}): Document.Parsed[] {
  const lines = options.lineCounter ?? new LineCounter();
  const { tokens, aliases } = tokensOf(text, lines, file);
  let docs = [...new Composer(options).compose(tokens)];
  if (wordedAgain(docs, lines, options)) docs = [...parseAllDocuments(text, { ...options, lineCounter: lines })];
  if (aliases) for (const doc of docs) withAliases.add(doc);
  return docs;
}
