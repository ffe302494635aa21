/**
 * Fingerprints: what lets check and diff skip regenerating a service whose
 * inputs did not change.
 *
 * A profile's fingerprint is sha256 over
 *   - GENERATION_FORMAT and the tool's version (a new release regenerates everything once,
 *     so an engine fix can never hide behind an old fingerprint),
 *   - the normalised config entry (generationInputs: formatting and key order do not count),
 *   - the profile namespace,
 *   - the path and git blob id of every file in the input closure (so the base
 *     side of a diff gets the ids of unchanged files from the tree, unread).
 *
 * The closure is over-approximated without generating: the spec files plus
 * every file a `$ref` string in them names, transitively (whether or not the
 * engine ends up following that ref). Missing files are part of it too, so
 * creating one changes the fingerprint. Proto sources never follow imports,
 * so their closure is the listed files.
 *
 * Each generated file records its fingerprint and a hash of its own body on
 * its second line:
 *   # serviceprofile-sync:fingerprint inputs=sha256:<hex> body=sha256:<hex>
 * A file whose recorded inputs equal the freshly computed fingerprint and
 * whose body still hashes to the recorded value is up to date without
 * regenerating; a body that no longer matches was edited by hand.
 */
import * as crypto from "node:crypto";
import type { SourceReader } from "../files/reader.js";
import { resolveRepoPath } from "../files/reader.js";
import { byteOrder, gitBlobId } from "../git.js";
import { VERSION } from "../version.js";
import { generationInputs, type RepoConfig, type ServiceConfig } from "./config.js";

/** Bump when the generator's output changes for unchanged inputs. */
export const GENERATION_FORMAT = "serviceprofile-sync/generation/1";

const LINE_PREFIX = "# serviceprofile-sync:fingerprint ";
const LINE_PATTERN = /^# serviceprofile-sync:fingerprint inputs=(sha256:[0-9a-f]{64}|none) body=(sha256:[0-9a-f]{64})(?: files=(\S+))?$/;
/** Stops a pathological ref graph from reading the whole repository. */
const MAX_CLOSURE_FILES = 10_000;

// The one-shot crypto.hash (Node 20.12+) costs less than half a Hash object on small
// inputs, and a diff hashes four thousand of them; older Node 20 releases lack it.
const sha256Hex: (data: string | Buffer) => string =
  typeof crypto.hash === "function" ? (data) => crypto.hash("sha256", data, "hex") : (data) => crypto.createHash("sha256").update(data).digest("hex");

export function sha256(data: string | Buffer): string {
  return "sha256:" + sha256Hex(data);
}

/** JSON with object keys sorted, so equal values hash equally. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => byteOrder(a, b))) : v,
  );
}

export interface ClosureFile {
  path: string;
  /** Git blob id of the content, or null when the file does not exist or cannot be read. */
  hash: string | null;
}

/**
 * What is known about a content, by git blob id, shared between the two
 * sides of a diff: a file unchanged between base and head is then neither
 * read from git nor scanned again.
 */
export type ContentCache = Map<string, { refs?: string[] }>;

interface BlobIdReader {
  blobId(relPath: string): Promise<string | undefined>;
}

function hasBlobIds(reader: SourceReader): reader is SourceReader & BlobIdReader {
  return typeof (reader as Partial<BlobIdReader>).blobId === "function";
}

/** `$ref` targets named in a YAML or JSON text (file part only, URLs and local refs skipped). */
export function refTargets(text: string | Buffer): string[] {
  const data = typeof text === "string" ? Buffer.from(text, "utf8") : text;
  const out = new Set<string>();
  // Scanned as bytes: a large spec holds thousands of local refs ("#/components/..."),
  // which are skipped without decoding the text around them.
  for (let i = data.indexOf(REF_KEY); i !== -1; i = data.indexOf(REF_KEY, i + 4)) {
    let j = i + 4;
    if (data[j] === QUOTE || data[j] === APOSTROPHE) j++;
    while (isSpace(data[j])) j++;
    if (data[j] !== COLON) continue;
    j++;
    while (isSpace(data[j])) j++;
    const c = data[j];
    if (c === HASH || ((c === QUOTE || c === APOSTROPHE) && data[j + 1] === HASH)) continue;
    let end = data.indexOf(NEWLINE, j);
    if (end === -1 || end - j > 4096) end = Math.min(data.length, j + 4096);
    const m = REF_VALUE.exec(data.toString("utf8", j, end));
    if (!m) continue;
    const raw = m[1] ?? m[2]?.replace(/''/g, "'") ?? m[3] ?? "";
    const filePart = raw.split("#")[0]!;
    if (filePart === "" || /^[a-z][a-z0-9+.-]*:/i.test(filePart)) continue;
    let decoded = filePart;
    try {
      decoded = decodeURIComponent(filePart);
    } catch {
      // keep it as written; the engine will report it
    }
    out.add(decoded);
  }
  return [...out];
}

const REF_KEY = Buffer.from("$ref");
const QUOTE = 0x22;
const APOSTROPHE = 0x27;
const COLON = 0x3a;
const HASH = 0x23;
const NEWLINE = 0x0a;
const REF_VALUE = /^(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([^\s,}\]#][^\s,}\]]*))/;

function isSpace(b: number | undefined): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0d || b === 0x0a;
}

/** The files a service's generation can depend on, sorted by path. */
export async function inputClosure(reader: SourceReader, service: ServiceConfig, cache: ContentCache = new Map()): Promise<ClosureFile[]> {
  const seen = new Map<string, string | null>();
  const followRefs = service.source.kind === "openapi";
  let queue = [...service.specFiles];
  while (queue.length && seen.size < MAX_CLOSURE_FILES) {
    const batch = queue.filter((f) => !seen.has(f));
    queue = [];
    for (const f of batch) seen.set(f, null);
    const infos = await Promise.all(batch.map((f) => contentInfo(reader, f, followRefs, cache)));
    batch.forEach((f, i) => {
      const info = infos[i];
      if (!info) return;
      seen.set(f, info.id);
      for (const ref of info.refs) {
        try {
          const target = resolveRepoPath(f, ref);
          if (!seen.has(target)) queue.push(target);
        } catch {
          // a ref leaving the repository is refused by the engine; nothing to read
        }
      }
    });
  }
  return [...seen].map(([path, hash]) => ({ path, hash })).sort((a, b) => byteOrder(a.path, b.path));
}

/** Blob id and $ref targets of a file, from the cache when its blob id is known and seen. */
async function contentInfo(reader: SourceReader, file: string, followRefs: boolean, cache: ContentCache): Promise<{ id: string; refs: string[] } | undefined> {
  try {
    let id = hasBlobIds(reader) ? await reader.blobId(file) : undefined;
    const known = id !== undefined ? cache.get(id) : undefined;
    if (known && (!followRefs || known.refs)) return { id: id!, refs: followRefs ? known.refs! : [] };
    const data = await reader.read(file);
    if (data === undefined) return undefined;
    id ??= gitBlobId(data);
    const refs = followRefs ? refTargets(data) : undefined;
    cache.set(id, { ...cache.get(id), ...(refs ? { refs } : {}) });
    return { id, refs: refs ?? [] };
  } catch {
    return undefined; // e.g. a symlink leaving the repo: the engine reports it
  }
}

/** Fingerprint of everything that decides a service's generated profiles, except the profile namespace. */
export function serviceFingerprint(config: RepoConfig, service: ServiceConfig, closure: ClosureFile[]): string {
  return sha256(fingerprintInput(config, service, closure));
}

/**
 * canonicalJson({ format, version, entry, closure }), with the fixed parts
 * written out (keys in sorted order): a diff computes two thousand of these,
 * and each value canonicalJson visits is a call into its replacer.
 */
export function fingerprintInput(config: RepoConfig, service: ServiceConfig, closure: ClosureFile[]): string {
  const files = closure.map((c) => `{"hash":${JSON.stringify(c.hash)},"path":${JSON.stringify(c.path)}}`).join(",");
  const entry = canonicalEntry(config, service);
  return `{"closure":[${files}],"entry":${entry},"format":${JSON.stringify(GENERATION_FORMAT)},"version":${JSON.stringify(VERSION)}}`;
}

// Both sides of a diff share one parsed config when its text is the same: each entry is serialised once.
const entries = new WeakMap<ServiceConfig, { config: RepoConfig; json: string }>();

function canonicalEntry(config: RepoConfig, service: ServiceConfig): string {
  const known = entries.get(service);
  if (known?.config === config) return known.json;
  const json = canonicalJson(generationInputs(config, service));
  entries.set(service, { config, json });
  return json;
}

/** Fingerprint of one profile file: the service's plus the namespace it is written to. */
export function profileFingerprint(serviceFp: string, profileNamespace: string): string {
  return sha256(`${serviceFp}\n${profileNamespace}`);
}

export interface RecordedFingerprint {
  /** undefined: the file was written without a reliable input fingerprint. */
  inputs?: string;
  body: string;
  /** The file's body still hashes to the recorded value. */
  bodyIntact: boolean;
  /** The input closure the fingerprint was computed over (every file existing), when recorded. */
  closure?: ClosureFile[];
}

/**
 * Inserts the fingerprint line after the generated header (line 1). The
 * closure is recorded too (`files=path@blob,...`; `%`, `,`, `@` and spaces in paths percent-encoded) when all
 * its files exist: a later run that finds the same blob ids knows the closure
 * without reading a single spec (see knownClosure).
 */
export function withFingerprint(text: string, inputs: string | undefined, closure?: ClosureFile[]): string {
  const nl = text.indexOf("\n");
  const header = text.slice(0, nl + 1);
  const body = text.slice(nl + 1);
  const files =
    inputs && closure && closure.length && closure.every((c) => c.hash !== null)
      ? ` files=${closure.map((c) => `${encodePath(c.path)}@${c.hash}`).join(",")}`
      : "";
  return `${header}${LINE_PREFIX}inputs=${inputs ?? "none"} body=${sha256(body)}${files}\n${body}`;
}

function encodePath(p: string): string {
  return p.replace(/[%,@\s]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0"));
}

/**
 * The closure of a service at some state, from a closure recorded earlier,
 * when every recorded file still has the recorded blob id there: the scan
 * that found the closure only read those files, so it would find the same.
 * Undefined when any id differs or is unknown without reading.
 */
export async function knownClosure(reader: SourceReader, service: ServiceConfig, recorded: ClosureFile[]): Promise<ClosureFile[] | undefined> {
  if (!hasBlobIds(reader)) return undefined;
  const paths = new Set(recorded.map((c) => c.path));
  if (!service.specFiles.every((f) => paths.has(f))) return undefined;
  try {
    const ids = await Promise.all(recorded.map((c) => reader.blobId(c.path)));
    return recorded.every((c, i) => ids[i] === c.hash) ? recorded : undefined;
  } catch {
    return undefined;
  }
}

/** Reads the fingerprint line of a generated file; undefined when there is none. */
export function readFingerprint(text: string): RecordedFingerprint | undefined {
  const first = text.indexOf("\n");
  if (first === -1) return undefined;
  const second = text.indexOf("\n", first + 1);
  if (second === -1) return undefined;
  const m = LINE_PATTERN.exec(text.slice(first + 1, second).replace(/\r$/, ""));
  if (!m) return undefined;
  const body = text.slice(second + 1);
  let intact: boolean | undefined;
  let closure: ClosureFile[] | null | undefined = null;
  const recorded: RecordedFingerprint = {
    body: m[2]!,
    // Hashed on first use: diff reads a thousand files' closures and asks few of them this.
    get bodyIntact() {
      return (intact ??= sha256(body) === m[2]);
    },
    // Decoded on first use (the same array each time): the stale check never asks.
    get closure() {
      if (closure === null) closure = m[3] ? decodeClosure(m[3]) : undefined;
      return closure;
    },
  };
  if (m[1] !== "none") recorded.inputs = m[1];
  return recorded;
}

/** `path@blob,...` as written by withFingerprint; undefined when an entry is malformed. */
function decodeClosure(files: string): ClosureFile[] | undefined {
  const closure: ClosureFile[] = [];
  for (const entry of files.split(",")) {
    const at = entry.lastIndexOf("@");
    if (at <= 0) return undefined;
    try {
      closure.push({ path: decodeURIComponent(entry.slice(0, at)), hash: entry.slice(at + 1) });
    } catch {
      return undefined;
    }
  }
  return closure;
}

/** The file without its fingerprint line (what a user compares when looking for hand edits). */
export function stripFingerprint(text: string): string {
  const first = text.indexOf("\n");
  if (first === -1) return text;
  const second = text.indexOf("\n", first + 1);
  if (second === -1 || !text.slice(first + 1, second).startsWith(LINE_PREFIX)) return text;
  return text.slice(0, first + 1) + text.slice(second + 1);
}

/**
 * A generated file as one text per Kubernetes object, fingerprint line
 * dropped and the generated header kept on each: what a kustomize generator
 * or an Argo CD plugin hands on (a route file holds several objects).
 */
export function buildDocuments(fileText: string): string[] {
  const text = stripFingerprint(fileText);
  const nl = text.indexOf("\n");
  const first = nl === -1 ? text : text.slice(0, nl);
  const header = first.startsWith("# ") ? first + "\n" : "";
  const body = header ? text.slice(nl + 1) : text;
  // Our renderer writes `---` only between documents (a scalar holding it is always quoted).
  const docs = body.split(/^---\n/m).filter((d) => d.trim() !== "");
  return docs.map((d) => header + d);
}
