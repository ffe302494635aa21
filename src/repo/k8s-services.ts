/**
 * The Kubernetes Services a repository declares (`kind: Service` in its
 * YAML manifests), and which spec each one most likely serves, so `init`
 * proposes the names and namespaces the cluster really uses instead of
 * names made up from file names.
 */
import * as path from "node:path";
import { LineCounter, parseAllDocuments } from "yaml";
import type { SourceReader } from "../files/reader.js";
import { byteOrder } from "../git.js";
import { editDistance } from "../model/suggest.js";

export interface ManifestService {
  name: string;
  /** metadata.namespace, else the namespace of a kustomization.yaml beside it; undefined when neither says. */
  namespace?: string;
  /** Repo-relative manifest file and the line of the document's `kind:`. */
  file: string;
  line: number;
}

const MANIFEST = /\.ya?ml$/i;
const KUSTOMIZATION = /(^|\/)kustomization\.ya?ml$/i;
/** Manifests are small; a larger YAML file is data, not worth parsing for Services. */
const MAX_MANIFEST_BYTES = 1024 * 1024;
const SERVICE_KIND = /^kind:[ \t]*["']?Service["']?[ \t]*(#.*)?$/m;

interface RawObject {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: { name?: unknown; namespace?: unknown };
  namespace?: unknown;
}

/** Every core/v1 Service declared in the YAML files among `files`, sorted by file then line. */
export async function discoverServices(reader: SourceReader, files: string[], exclude: (f: string) => boolean = () => false): Promise<ManifestService[]> {
  const texts = new Map<string, string>();
  await Promise.all(
    files
      .filter((f) => MANIFEST.test(f) && !exclude(f))
      .map(async (f) => {
        const data = await reader.read(f).catch(() => undefined);
        if (data !== undefined && data.length <= MAX_MANIFEST_BYTES) texts.set(f, data.toString("utf8"));
      }),
  );
  const kustomizeNamespace = new Map<string, string>();
  for (const [f, text] of texts) {
    if (!KUSTOMIZATION.test(f)) continue;
    const ns = firstObject(text)?.namespace;
    if (typeof ns === "string" && ns !== "") kustomizeNamespace.set(path.posix.dirname(f), ns);
  }
  const out: ManifestService[] = [];
  for (const [file, text] of texts) {
    if (!SERVICE_KIND.test(text)) continue;
    const lines = new LineCounter();
    for (const doc of parseAllDocuments(text, { lineCounter: lines })) {
      if (doc.errors.length) continue;
      const o = doc.toJS({ maxAliasCount: 100 }) as RawObject | null;
      if (!o || o.kind !== "Service" || o.apiVersion !== "v1" || typeof o.metadata?.name !== "string") continue;
      const kindNode = (doc.contents as { items?: { key?: { value?: unknown; range?: number[] } }[] } | null)?.items?.find((p) => p.key?.value === "kind");
      const line = lines.linePos(kindNode?.key?.range?.[0] ?? doc.range[0]).line;
      const ns = typeof o.metadata.namespace === "string" ? o.metadata.namespace : kustomizeNamespace.get(path.posix.dirname(file));
      out.push({ name: o.metadata.name, ...(ns !== undefined ? { namespace: ns } : {}), file, line });
    }
  }
  return out.sort((a, b) => byteOrder(a.file, b.file) || a.line - b.line);
}

function firstObject(text: string): RawObject | undefined {
  try {
    const docs = parseAllDocuments(text);
    const o = docs[0]?.toJS({ maxAliasCount: 100 }) as unknown;
    return o && typeof o === "object" ? (o as RawObject) : undefined;
  } catch {
    return undefined;
  }
}

/** Words that say "this is a service" and nothing about which. */
const NOISE = new Set(["svc", "service", "services", "srv", "server", "api", "app", "grpc", "http", "rest"]);

/** `EmojiService`, `emoji-service`, `emoji_svc` -> `emoji`. */
export function nameCore(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== "");
  const kept = words.filter((w) => !NOISE.has(w));
  return (kept.length ? kept : words).join("-");
}

export interface SpecToMatch {
  /** The name init would guess without manifests (file stem or proto service). */
  guess: string;
  /** The spec's repo-relative path. */
  specPath: string;
}

export type MatchReason = "name" | "similar name" | "directory";

export interface ServiceMatch {
  service: ManifestService;
  reason: MatchReason;
}

/** Fuzzy matching compares each spec with at most this many distinct Service names, so it stays linear. */
const MAX_FUZZY_CORES = 256;

/**
 * One Service per spec at most and one spec per Service, best fits first:
 * the same name, then the same core (`emoji-service` ~ `emoji-svc`), then a
 * core within a typo, each preferring a Service in the spec's directory (or
 * one sharing its top directory); a Service alone in the spec's own
 * directory fits by directory. Ties go to the earlier spec and the earlier
 * Service, so the result is stable across runs.
 */
export function matchServices(specs: SpecToMatch[], services: ManifestService[]): (ServiceMatch | undefined)[] {
  const byName = group(services, (s) => s.name);
  const byCore = group(services, (s) => nameCore(s.name));
  const byDir = group(services, (s) => path.posix.dirname(s.file));
  const cores = byCore.size <= MAX_FUZZY_CORES ? [...byCore.keys()].filter((c) => c.length > 4) : [];
  const pairs: { i: number; j: number; score: number; reason: MatchReason }[] = [];
  specs.forEach((spec, i) => {
    const specDir = path.posix.dirname(spec.specPath);
    const near = (j: number) => {
      const dir = path.posix.dirname(services[j]!.file);
      return dir === specDir ? 0.5 : dir.split("/")[0] === specDir.split("/")[0] && specDir !== "." ? 0.25 : 0;
    };
    const add = (js: number[] | undefined, base: number, reason: MatchReason) => {
      for (const j of js ?? []) pairs.push({ i, j, score: base + near(j), reason });
    };
    const core = nameCore(spec.guess);
    add(byName.get(spec.guess), 4, "name");
    add(byCore.get(core), 3, "name");
    if (core.length > 4) for (const c of cores) if (c !== core && editDistance(core, c) <= 2) add(byCore.get(c), 2, "similar name");
    const alone = byDir.get(specDir);
    if (specDir !== "." && alone?.length === 1) add(alone, 1, "directory");
  });
  pairs.sort((p, q) => q.score - p.score || p.i - q.i || p.j - q.j);
  const result: (ServiceMatch | undefined)[] = specs.map(() => undefined);
  const taken = new Set<number>();
  for (const p of pairs) {
    if (result[p.i] || taken.has(p.j)) continue;
    result[p.i] = { service: services[p.j]!, reason: p.reason };
    taken.add(p.j);
  }
  return result;
}

/** Indexes of `items` grouped by key. */
function group<T>(items: T[], key: (t: T) => string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  items.forEach((t, j) => {
    const k = key(t);
    const list = out.get(k);
    if (list) list.push(j);
    else out.set(k, [j]);
  });
  return out;
}
