/**
 * The generator's function config, a small resource of our own kind:
 *
 *   apiVersion: serviceprofile-sync.io/v1alpha1
 *   kind: ServiceProfileGenerator
 *   metadata: {name: profiles}
 *   spec:                      # either the repository config's fields inline ...
 *     clusterDomain: cluster.local
 *     services: [...]
 *   # ... or   spec: {configFile: serviceprofile-sync.yaml}
 *
 * Validation is the repository config's own (src/repo/config.ts): the spec
 * is handed to it as a config document, and its problems are turned back
 * into `spec.*` field paths, since kustomize re-serialises the resource and
 * the line numbers of what we receive mean nothing to the user.
 *
 * The kustomization directory plays the repository root: every path is
 * relative to it and may not leave it.
 */
import { LineCounter, isMap, isSeq, parseDocument, type Node } from "yaml";
import { normalizeRepoPath, type SourceReader } from "../files/reader.js";
import { SpecError, isSpecError, joinPointer, type Diagnostic } from "../model/diagnostic.js";
import { ConfigError, loadConfig, parseConfig, readablePath, type RepoConfig } from "../repo/config.js";
import { toYaml } from "../render.js";
import { parseSelector, type Selector } from "./scope.js";

export const GENERATOR_GROUP = "serviceprofile-sync.io";
export const GENERATOR_VERSION = "v1alpha1";
export const GENERATOR_API_VERSION = `${GENERATOR_GROUP}/${GENERATOR_VERSION}`;
export const GENERATOR_KIND = "ServiceProfileGenerator";

/** The config schema requires `output`; in a build it has no meaning, so a placeholder stands in. */
const PLACEHOLDER_OUTPUT = "serviceprofiles";
const ROOT_LABEL = "the kustomization directory";

export interface ResourceRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

export interface GeneratorConfig {
  config: RepoConfig;
  /** The function config itself, for results about it. */
  ref: ResourceRef;
  /** Where the services came from: inline in the spec, or the named config file. */
  configFile?: string;
  /** `spec.select`: which of the services to build (all when absent). */
  select?: Selector;
  warnings: Diagnostic[];
}

/** How results refer to the function config (a name, even when the rest of it is broken). */
export function generatorRef(value: unknown): ResourceRef | undefined {
  if (!isRecord(value) || !isRecord(value.metadata) || typeof value.metadata.name !== "string" || value.metadata.name === "") return undefined;
  const ref: ResourceRef = { apiVersion: GENERATOR_API_VERSION, kind: GENERATOR_KIND, name: value.metadata.name };
  if (typeof value.metadata.namespace === "string") ref.namespace = value.metadata.namespace;
  return ref;
}

/** A problem in the function config itself: `pointer` is into the resource (`/spec/...`). */
function fieldProblem(pointer: string, message: string, file: string | undefined, hint?: string): Diagnostic {
  const where = readablePath(pointer);
  return { severity: "error", message: where ? `${where}: ${message}` : message, file, pointer, hint };
}

function fail(diagnostics: Diagnostic[]): never {
  throw new ConfigError(diagnostics);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The config's hints speak of the repository root; here that is the kustomization directory. */
function inKustomizationTerms(d: Diagnostic): Diagnostic {
  const fix = (s: string | undefined) => s?.replace(/the repository root/g, ROOT_LABEL).replace(/the repository/g, ROOT_LABEL);
  return { ...d, message: fix(d.message)!, hint: fix(d.hint) };
}

/**
 * Validates the function config and loads the services it names.
 * Throws ConfigError (all problems, each with a `/spec/...` pointer or a
 * line in the config file) or SpecError.
 */
export async function loadGeneratorConfig(value: unknown, reader: SourceReader, file?: string): Promise<GeneratorConfig> {
  if (!isRecord(value)) fail([fieldProblem("", `the function config must be a ${GENERATOR_KIND} resource`, file, exampleHint())]);
  const problems: Diagnostic[] = [];
  const { apiVersion, kind } = value;
  if (kind !== GENERATOR_KIND) problems.push(fieldProblem("/kind", `expected kind ${GENERATOR_KIND}, got ${JSON.stringify(kind ?? null)}`, file, exampleHint()));
  if (apiVersion !== GENERATOR_API_VERSION) {
    problems.push(fieldProblem("/apiVersion", `expected apiVersion ${GENERATOR_API_VERSION}, got ${JSON.stringify(apiVersion ?? null)}`, file, exampleHint()));
  }
  const ref = generatorRef(value) ?? { apiVersion: GENERATOR_API_VERSION, kind: GENERATOR_KIND, name: "" };
  const spec = value.spec;
  if (!isRecord(spec)) problems.push(fieldProblem("/spec", "spec is missing or not a mapping", file, exampleHint()));
  if (problems.length) fail(problems);
  const s = spec as Record<string, unknown>;

  const warnings: Diagnostic[] = [];
  const inline = { ...s };
  if ("output" in inline) {
    delete inline.output;
    warnings.push({
      ...fieldProblem("/spec/output", "is ignored: the generated profiles go into the kustomize build, not into a directory", file, "remove spec.output"),
      severity: "warning",
    });
  }

  let select: Selector | undefined;
  if ("select" in inline) {
    select = specSelector(inline.select, file);
    delete inline.select;
  }

  if ("configFile" in inline) {
    const others = Object.keys(inline).filter((k) => k !== "configFile" && k !== "$schema");
    if (others.length) {
      fail([fieldProblem("/spec", `give either configFile or the config's fields (${others.join(", ")}), not both`, file, "move the services into the config file, or drop configFile")]);
    }
    const configFile = await resolveConfigFile(inline.configFile, reader, file);
    try {
      const config = await loadConfig(reader, configFile);
      return { config, ref, configFile, warnings, ...(select ? { select } : {}) };
    } catch (err) {
      if (err instanceof ConfigError) throw new ConfigError(err.diagnostics.map(inKustomizationTerms));
      if (isSpecError(err)) throw new SpecError(inKustomizationTerms(err.diagnostic));
      throw err;
    }
  }

  if (!("services" in inline)) {
    fail([fieldProblem("/spec", "spec has neither services nor configFile", file, exampleHint())]);
  }
  return { config: parseInlineSpec(inline, file), ref, warnings, ...(select ? { select } : {}) };
}

/** `spec.select`: a string of entries, or a list of them. */
function specSelector(value: unknown, file: string | undefined): Selector {
  const list = Array.isArray(value) && value.every((v) => typeof v === "string") ? (value as string[]) : typeof value === "string" ? value : undefined;
  const hint = "e.g. select: [booksapp/*] or select: books, authors (NAME or NAMESPACE/NAME, '*' a wildcard)";
  if (list === undefined) fail([fieldProblem("/spec/select", "must be a string or a list of strings", file, hint)]);
  try {
    return parseSelector(list, "spec.select");
  } catch (err) {
    if (!isSpecError(err)) throw err;
    fail([fieldProblem("/spec/select", err.message.replace(/^spec\.select:? ?/, ""), file, err.diagnostic.hint)]);
  }
}

async function resolveConfigFile(value: unknown, reader: SourceReader, file: string | undefined): Promise<string> {
  if (typeof value !== "string" || value === "") {
    fail([fieldProblem("/spec/configFile", "must be the path of a serviceprofile-sync config file", file, "e.g. configFile: serviceprofile-sync.yaml")]);
  }
  let configFile: string;
  try {
    configFile = normalizeRepoPath(value);
  } catch (err) {
    fail([fieldProblem("/spec/configFile", (err as Error).message.replace("leaves the repository", `leaves ${ROOT_LABEL}`), file, `the config file must be inside ${ROOT_LABEL} (kustomize's own load restriction); move the kustomization up or the config down`)]);
  }
  let exists: boolean;
  try {
    exists = (await reader.read(configFile)) !== undefined;
  } catch (err) {
    if (isSpecError(err)) fail([fieldProblem("/spec/configFile", err.message, file, err.diagnostic.hint)]);
    throw err;
  }
  if (!exists) fail([fieldProblem("/spec/configFile", `"${configFile}" does not exist in ${ROOT_LABEL}`, file, `the path is relative to ${ROOT_LABEL}`)]);
  return configFile;
}

/** Validates inline config fields with the config loader and maps its problems to `/spec/...`. */
function parseInlineSpec(spec: Record<string, unknown>, file: string | undefined): RepoConfig {
  const text = toYaml({ ...spec, output: PLACEHOLDER_OUTPUT });
  try {
    return parseConfig(text, file ?? GENERATOR_KIND);
  } catch (err) {
    const diagnostics = err instanceof ConfigError ? err.diagnostics : isSpecError(err) ? [err.diagnostic] : undefined;
    if (!diagnostics) throw err;
    const index = pointerIndex(text);
    fail(
      diagnostics.map((d) => {
        const inner = d.line !== undefined ? (index.get(`${d.line}:${d.column ?? 1}`) ?? nearest(index, d.line)) : "";
        const pointer = `/spec${inner}`;
        const where = readablePath(pointer);
        const inWhere = readablePath(inner);
        let message = d.message;
        if (inWhere && message.startsWith(inWhere)) message = `spec.${message}`;
        else if (message.startsWith("the config")) message = `spec${message.slice("the config".length)}`;
        else message = `${where}: ${message}`;
        return inKustomizationTerms({ severity: d.severity, message, file, pointer, hint: d.hint });
      }),
    );
  }
}

/** `line:column` of every node's start -> its JSON pointer, for text we wrote ourselves. */
function pointerIndex(text: string): Map<string, string> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const index = new Map<string, string>();
  const visit = (node: Node | null | undefined, pointer: string) => {
    if (!node) return;
    if (node.range) {
      const pos = lineCounter.linePos(node.range[0]);
      const key = `${pos.line}:${pos.col}`;
      if (!index.has(key)) index.set(key, pointer);
    }
    if (isMap(node)) {
      for (const pair of node.items) {
        const k = (pair.key as { value?: unknown } | null)?.value;
        visit(pair.value as Node | null, joinPointer(pointer, String(k)));
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => visit(item as Node, joinPointer(pointer, i)));
    }
  };
  visit(doc.contents as Node, "");
  return index;
}

/** The first node that starts on `line`, else the closest one before it. */
function nearest(index: Map<string, string>, line: number): string {
  let best: { line: number; col: number; pointer: string } | undefined;
  for (const [key, pointer] of index) {
    const [l, c] = key.split(":").map(Number) as [number, number];
    if (l > line) continue;
    if (!best || l > best.line || (l === best.line && c < best.col)) best = { line: l, col: c, pointer };
  }
  return best?.pointer ?? "";
}

function exampleHint(): string {
  return `write apiVersion: ${GENERATOR_API_VERSION}, kind: ${GENERATOR_KIND}, metadata.name, and a spec with services: (as in serviceprofile-sync.yaml) or configFile: PATH`;
}
