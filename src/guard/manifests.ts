/**
 * Route manifests read with their positions: every HTTPRoute, GRPCRoute and
 * ServiceProfile document of a YAML file, as plain data plus a way to find
 * the line:column of any field in the file. Documents that are not plain
 * YAML (a Helm template, a syntax error) are skipped: the guard lints what
 * Linkerd would receive, and a file kubectl cannot apply never reaches it.
 */
import { LineCounter, isMap, isPair, isScalar, isSeq, parseAllDocuments, type Node } from "yaml";

export type GuardedKind = "HTTPRoute" | "GRPCRoute" | "ServiceProfile";
const KINDS = new Set<string>(["HTTPRoute", "GRPCRoute", "ServiceProfile"]);

/** A path into a document: map keys and sequence indexes. */
export type FieldPath = readonly (string | number)[];

export interface Position {
  line: number;
  column: number;
}

export interface Manifest {
  file: string;
  kind: GuardedKind;
  /** The document as JSON-like data. */
  value: Record<string, unknown>;
  /** The position of a field (its key, or the item), else of the deepest part of the path that exists. */
  position(path: FieldPath): Position;
}

/** Whether a file's text may hold a guarded kind: a cheap test before parsing. */
export function mayHoldRoutes(text: string): boolean {
  return /^[ \t]*["']?kind["']?[ \t]*:[ \t]*["']?(?:HTTPRoute|GRPCRoute|ServiceProfile)["']?[ \t]*(?:#.*)?$/m.test(text);
}

/** The guarded objects of one YAML file, in document order. */
export function parseManifests(file: string, text: string): Manifest[] {
  const lines = new LineCounter();
  const out: Manifest[] = [];
  let docs;
  try {
    docs = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: false });
  } catch {
    return [];
  }
  if (!Array.isArray(docs)) return [];
  for (const doc of docs) {
    if (doc.errors.length || !isMap(doc.contents)) continue;
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch {
      continue; // an alias bomb or a bad alias: not a manifest anyone applies
    }
    if (!value || typeof value !== "object" || Array.isArray(value)) continue;
    const kind = (value as Record<string, unknown>).kind;
    if (typeof kind !== "string" || !KINDS.has(kind)) continue;
    const root = doc.contents as Node;
    out.push({
      file,
      kind: kind as GuardedKind,
      value: value as Record<string, unknown>,
      position: (path) => {
        const offset = offsetOf(root, path);
        const p = lines.linePos(offset);
        return { line: p.line, column: p.col };
      },
    });
  }
  return out;
}

/** The start offset of the node at `path`: a map entry's key, a sequence's item; the deepest existing node otherwise. */
function offsetOf(root: Node, path: FieldPath): number {
  let node: unknown = root;
  let offset = root.range?.[0] ?? 0;
  for (const token of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(token));
      if (!pair) break;
      offset = (isScalar(pair.key) ? pair.key.range?.[0] : undefined) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof token === "number") {
      const item = node.items[token];
      if (!item) break;
      offset = (item as Node).range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset;
}
