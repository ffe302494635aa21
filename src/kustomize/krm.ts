/**
 * The KRM function wire format: a `ResourceList` in, a `ResourceList` out.
 *
 * The input is kept as a YAML document so the items the orchestrator sent
 * come back as they went in (order, comments, quoting); the function only
 * appends items and sets `results`. Pure: text in, text out.
 */
import { LineCounter, isMap, isNode, isScalar, isSeq, parseDocument, type Document, type Node, YAMLMap, YAMLSeq } from "yaml";
import { hasGeneratedHeader } from "../render.js";
import { duplicateKeys } from "../files/parse.js";
import { parseYamlDocument } from "../files/nesting.js";
import { SpecError, type Diagnostic } from "../model/diagnostic.js";
import { lineColumnAt } from "../files/parse.js";

export const RESOURCE_LIST_KIND = "ResourceList";
export const RESOURCE_LIST_API_VERSIONS = ["config.kubernetes.io/v1", "config.kubernetes.io/v1beta1"] as const;

/** Annotations orchestrators put on items to say where they came from. */
const PATH_ANNOTATIONS = ["internal.config.kubernetes.io/path", "config.kubernetes.io/path"] as const;

export type ResultSeverity = "error" | "warning" | "info";

/** One entry of `ResourceList.results` (KRM functions specification, v1). */
export interface KrmResult {
  message: string;
  severity: ResultSeverity;
  resourceRef?: { apiVersion: string; kind: string; name: string; namespace?: string };
  field?: { path: string };
  file?: { path: string; index?: number };
  tags?: Record<string, string>;
}

export interface ResourceList {
  /** The parsed input, edited in place to become the output. */
  doc: Document;
  apiVersion: string;
  /** The functionConfig as plain data, or undefined when absent. */
  functionConfig: Record<string, unknown> | undefined;
}

function inputError(message: string, text?: string, offset?: number): SpecError {
  const pos = text !== undefined && offset !== undefined ? lineColumnAt(text, offset) : undefined;
  return new SpecError({
    message,
    file: "stdin",
    line: pos?.line,
    column: pos?.column,
    hint: "this command is a KRM function: run it from kustomize (with --enable-alpha-plugins --enable-exec) or kpt, which send a ResourceList on stdin",
  });
}

/** Parses the ResourceList an orchestrator sends; throws SpecError when it is not one. */
export function parseResourceList(text: string): ResourceList {
  if (text.trim() === "") throw inputError("no input: expected a ResourceList on stdin");
  const lines = new LineCounter();
  const doc = parseYamlDocument(text, "stdin", { uniqueKeys: false, lineCounter: lines });
  const first = doc.errors[0];
  if (first) throw inputError(`the input is not valid YAML: ${first.message.split("\n")[0]}`, text, first.pos[0]);
  if (!isMap(doc.contents)) throw inputError("the input is not a ResourceList (not a mapping)");
  const root = doc.contents as unknown as YAMLMap<unknown, unknown>;
  const kind = root.get("kind");
  const apiVersion = root.get("apiVersion");
  if (kind !== RESOURCE_LIST_KIND) throw inputError(`the input is a ${typeof kind === "string" ? kind : "document without a kind"}, not a ResourceList`);
  if (typeof apiVersion !== "string" || !(RESOURCE_LIST_API_VERSIONS as readonly string[]).includes(apiVersion)) {
    throw inputError(`unsupported ResourceList apiVersion ${JSON.stringify(apiVersion)}: expected ${RESOURCE_LIST_API_VERSIONS.join(" or ")}`);
  }
  const items = root.get("items", true);
  if (items === undefined || items === null || (isScalar(items) && (items.value === null || items.value === undefined))) {
    root.set("items", new YAMLSeq());
  } else if (!isSeq(items)) {
    throw inputError("ResourceList.items is not a list");
  }
  const fc = root.get("functionConfig", true);
  let functionConfig: Record<string, unknown> | undefined;
  if (fc !== undefined && fc !== null) {
    // The generator config is ours: a key written twice is refused, as in serviceprofile-sync.yaml.
    const twice = duplicateKeys(fc as Node, lines)[0];
    if (twice) {
      throw inputError(`functionConfig: duplicate key "${twice.key}": written at line ${twice.first.line} and again at line ${twice.again.line} of the same mapping`, text, twice.again.offset);
    }
    const value = (fc as Node).toJSON() as unknown;
    if (value !== null && value !== undefined) {
      if (typeof value !== "object" || Array.isArray(value)) throw inputError("ResourceList.functionConfig is not a mapping");
      functionConfig = value as Record<string, unknown>;
    }
  }
  return { doc, apiVersion, functionConfig };
}

/** Items as plain data, in order (for tests and for looking at what came in). */
export function itemsOf(list: ResourceList): unknown[] {
  const items = (list.doc.contents as unknown as YAMLMap<unknown, unknown>).get("items") as YAMLSeq;
  return items.items.map((n) => (n as Node).toJSON() as unknown);
}

/** The file an object came from, per the orchestrator's path annotation. */
export function pathAnnotation(object: Record<string, unknown> | undefined): string | undefined {
  const annotations = (object?.metadata as { annotations?: Record<string, unknown> } | undefined)?.annotations;
  for (const key of PATH_ANNOTATIONS) {
    const value = annotations?.[key];
    if (typeof value === "string" && value !== "") return value;
  }
  return undefined;
}

/** An object's identity for "is this the same object": kind, namespace and name. */
function identity(value: unknown): string | undefined {
  if (!value || typeof value !== "object") return undefined;
  const v = value as { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } };
  if (typeof v.kind !== "string" || typeof v.metadata?.name !== "string") return undefined;
  return `${v.kind}/${typeof v.metadata.namespace === "string" ? v.metadata.namespace : ""}/${v.metadata.name}`;
}

/** The comment at an item's head, wherever the parser put it. */
function headComment(node: Node): string | undefined {
  if (node.commentBefore) return node.commentBefore;
  const first = isMap(node) ? (node.items[0]?.key as Node | undefined) : undefined;
  return first && isNode(first) ? (first.commentBefore ?? undefined) : undefined;
}

/**
 * Keeps a comment at the head of an item inside it (`- # comment` then the
 * keys): written before the `-`, kpt reads it as the list's comment and adds
 * it to the file again on every run.
 */
function keepHeadCommentInside(node: Node): void {
  if (!isMap(node) || !node.commentBefore) return;
  const first = node.items[0]?.key;
  if (!isNode(first)) return;
  first.commentBefore = first.commentBefore ? `${node.commentBefore}\n${first.commentBefore}` : node.commentBefore;
  node.commentBefore = undefined;
}

/** The orchestrator's bookkeeping annotations (where an item came from and goes back to). */
function orchestratorAnnotations(value: unknown): Record<string, unknown> {
  const annotations = (value as { metadata?: { annotations?: Record<string, unknown> } }).metadata?.annotations ?? {};
  return Object.fromEntries(Object.entries(annotations).filter(([k]) => /^(internal\.)?config\.(kubernetes\.io|k8s\.io)\//.test(k)));
}

/**
 * Objects of the input that a generated object would duplicate and that we
 * did not generate (no generated-file header): the caller refuses to write.
 */
export function foreignDuplicates(list: ResourceList, generated: string[]): string[] {
  const items = (list.doc.contents as unknown as YAMLMap<unknown, unknown>).get("items", true) as unknown as YAMLSeq;
  const ours = new Set(generated.map((t) => identity(parseDocument(t).toJS())));
  const found: string[] = [];
  for (const item of items.items as Node[]) {
    const id = identity(item.toJSON());
    if (id === undefined || !ours.has(id)) continue;
    if (!hasGeneratedHeader(`#${headComment(item) ?? ""}`)) found.push(id);
  }
  return found;
}

/**
 * Adds generated objects (each a YAML text, comments kept) to `items`,
 * replaces `results` and returns the output text. An item that an earlier
 * run generated (same kind, namespace and name, with our header) is replaced
 * in place, keeping the orchestrator's annotations, so that `kpt fn eval`
 * run again rewrites the same files instead of adding copies. Results from
 * earlier functions in a pipeline are the orchestrator's to keep, not ours to repeat.
 */
export function writeResourceList(list: ResourceList, generated: string[], results: KrmResult[]): string {
  const root = list.doc.contents as unknown as YAMLMap<unknown, unknown>;
  const items = root.get("items", true) as unknown as YAMLSeq;
  const previous = new Map<string, number>();
  (items.items as Node[]).forEach((item, i) => {
    const id = identity(item.toJSON());
    if (id !== undefined && hasGeneratedHeader(`#${headComment(item) ?? ""}`)) previous.set(id, i);
  });
  for (const text of generated) {
    const parsed = parseDocument(text);
    if (parsed.errors.length) throw new Error(`internal error: generated object is not valid YAML: ${parsed.errors[0]!.message}`);
    const node = parsed.contents as Node;
    if (parsed.commentBefore) node.commentBefore = node.commentBefore ? `${parsed.commentBefore}\n${node.commentBefore}` : parsed.commentBefore;
    const at = previous.get(identity(parsed.toJS()) ?? "");
    if (at === undefined) {
      items.items.push(node);
      continue;
    }
    const kept = orchestratorAnnotations((items.items[at] as Node).toJSON());
    if (Object.keys(kept).length) {
      const metadata = (node as unknown as YAMLMap<unknown, unknown>).get("metadata", true) as unknown as YAMLMap<unknown, unknown>;
      const annotations = (metadata.get("annotations", true) as YAMLMap<unknown, unknown> | undefined) ?? new YAMLMap();
      for (const [k, v] of Object.entries(kept)) annotations.set(k, v);
      metadata.set("annotations", annotations);
    }
    items.items[at] = node;
  }
  for (const item of items.items as Node[]) keepHeadCommentInside(item);
  root.delete("results");
  if (results.length) root.set("results", list.doc.createNode(results.map(cleanResult)));
  return list.doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

/** A ResourceList for when the input could not be read at all: only results. */
export function errorResourceList(results: KrmResult[]): string {
  const doc = parseDocument(`apiVersion: ${RESOURCE_LIST_API_VERSIONS[0]}\nkind: ${RESOURCE_LIST_KIND}\nitems: []\n`);
  (doc.contents as unknown as YAMLMap<unknown, unknown>).set("results", doc.createNode(results.map(cleanResult)));
  return doc.toString({ lineWidth: 0 });
}

/** Drops undefined fields so the YAML has no `key: null` noise. */
function cleanResult(r: KrmResult): Record<string, unknown> {
  const out: Record<string, unknown> = { message: r.message, severity: r.severity };
  if (r.resourceRef) out.resourceRef = Object.fromEntries(Object.entries(r.resourceRef).filter(([, v]) => v !== undefined));
  if (r.field) out.field = r.field;
  if (r.file) out.file = r.file.index === undefined ? { path: r.file.path } : r.file;
  if (r.tags && Object.keys(r.tags).length) out.tags = r.tags;
  return out;
}

export interface ResultContext {
  /** The function config the result is about, when the problem is in it. */
  resourceRef?: KrmResult["resourceRef"];
  /** Field path inside that object, e.g. `spec.services[0].namespace`. */
  field?: string;
}

/** A Diagnostic as a KRM result: the place in `file`, line/column and pointer in the message and tags. */
export function diagnosticToResult(d: Diagnostic, context: ResultContext = {}): KrmResult {
  const tags: Record<string, string> = {};
  let at = "";
  if (d.line !== undefined) {
    tags.line = String(d.line);
    at = ` (line ${d.line}${d.column !== undefined ? `, column ${d.column}` : ""})`;
    if (d.column !== undefined) tags.column = String(d.column);
  }
  if (d.pointer !== undefined && d.pointer !== "") {
    tags.pointer = d.pointer;
    at += ` (at ${d.pointer})`;
  }
  if (d.hint) tags.hint = d.hint;
  const result: KrmResult = { message: `${d.message}${at}${d.hint ? `; hint: ${d.hint}` : ""}`, severity: d.severity };
  if (context.resourceRef) result.resourceRef = context.resourceRef;
  if (context.resourceRef && context.field) result.field = { path: context.field };
  if (d.file) result.file = { path: d.file };
  if (Object.keys(tags).length) result.tags = tags;
  return result;
}
