/**
 * What the KRM function and the legacy exec plugin share: a function config
 * and a kustomization directory in, the generated profiles and every problem
 * out. The repository planner does the generation, so a profile built here
 * is byte for byte the one `sync` commits.
 */
import { fsReader, type SourceReader } from "../files/reader.js";
import { parse as parseYaml } from "yaml";
import { locatePointer } from "../files/parse.js";
import { formatDiagnostic, isSpecError, joinPointer, splitPointer, type Diagnostic } from "../model/diagnostic.js";
import { ConfigError, readablePath, type ServiceConfig } from "../repo/config.js";
import { plan } from "../repo/plan.js";
import { buildDocuments } from "../repo/fingerprint.js";
import { byteOrder } from "../git.js";
import { generatorRef, loadGeneratorConfig, type ResourceRef } from "./generator-config.js";
import { parseSelector, selectServices } from "./scope.js";

export const KUSTOMIZATION_ROOT_LABEL = "the kustomization directory";
/** The environment variable that picks the services when the generator config has no spec.select. */
export const SELECT_ENV = "SERVICEPROFILE_SYNC_SELECT";

export interface GeneratorOptions {
  /** $SERVICEPROFILE_SYNC_SELECT: used when the generator config has no spec.select. */
  select?: string;
}

/** A problem, and whether it lies in the function config itself (then `field` is its path there). */
export interface GeneratorProblem {
  diagnostic: Diagnostic;
  /** The problem is in the function config itself. */
  inConfig?: boolean;
  /** `spec.services[0].namespace`-style path into the function config. */
  field?: string;
}

export interface GeneratorRun {
  /** Profile texts (generated-file header, then YAML), ordered by their would-be output path. */
  profiles: string[];
  problems: GeneratorProblem[];
  /** The function config, when it named itself well enough to be referred to. */
  ref?: ResourceRef;
  ok: boolean;
}

export function kustomizationReader(root: string): SourceReader {
  return fsReader(root, KUSTOMIZATION_ROOT_LABEL);
}

/**
 * Runs the generator for one function config. `configFile` is where the
 * function config itself was read from, when an orchestrator says so.
 * Never throws for problems in user input: they come back as problems.
 */
export async function runGenerator(functionConfig: unknown, reader: SourceReader, configFile?: string, options: GeneratorOptions = {}): Promise<GeneratorRun> {
  let loaded;
  try {
    loaded = await loadGeneratorConfig(functionConfig, reader, configFile);
  } catch (err) {
    const diagnostics = err instanceof ConfigError ? err.diagnostics : isSpecError(err) ? [err.diagnostic] : undefined;
    if (!diagnostics) throw err;
    return { profiles: [], problems: diagnostics.map(asProblem), ref: generatorRef(functionConfig), ok: false };
  }
  const problems: GeneratorProblem[] = loaded.warnings.map(asProblem);
  let config = loaded.config;
  try {
    const selector = loaded.select ?? (options.select !== undefined ? parseSelector(options.select, SELECT_ENV) : undefined);
    if (selector) config = { ...config, services: selectServices(config.services, selector) };
  } catch (err) {
    if (!isSpecError(err)) throw err;
    const inConfig = loaded.select !== undefined;
    return { profiles: [], problems: [...problems, inConfig ? { diagnostic: err.diagnostic, inConfig, field: "spec.select" } : { diagnostic: err.diagnostic }], ref: loaded.ref, ok: false };
  }
  const result = await plan(reader, config);
  const configText = loaded.configFile !== undefined ? (await reader.read(loaded.configFile))?.toString("utf8") : undefined;
  const rawConfig = loaded.configFile !== undefined ? (configText !== undefined ? parseYaml(configText, { uniqueKeys: false }) : undefined) : (functionConfig as { spec?: unknown }).spec;
  for (const s of result.services) for (const e of s.errors) problems.push(blameMissingSpec(e, s.config, loaded.configFile, rawConfig, configText));
  for (const w of result.warnings) problems.push({ diagnostic: w });
  const profiles = result.services
    .flatMap((s) => s.profiles)
    .sort((a, b) => byteOrder(a.path, b.path))
    // The fingerprint line serves committed files (sync's reuse check); a build has no use for it.
    .flatMap((p) => buildDocuments(p.text));
  return { profiles, problems, ref: loaded.ref, ok: result.errors.length === 0 };
}

/**
 * A spec file that does not exist is the fault of the config entry naming it:
 * the problem is put there (the generator's field, or the config file's line),
 * with the path as written and what it is relative to.
 */
function blameMissingSpec(d: Diagnostic, service: ServiceConfig, configFile: string | undefined, rawConfig: unknown, configText: string | undefined): GeneratorProblem {
  if (d.file === undefined || !service.specFiles.includes(d.file) || !/ does not exist in /.test(d.message)) return { diagnostic: d };
  const files = service.source.kind === "proto" ? service.source.files : [service.source.file];
  const key = service.source.kind === "openapi" ? "openapi" : "proto";
  const field = joinPointer(service.pointer, key);
  const pointer = Array.isArray(valueAt(rawConfig, field)) ? joinPointer(field, files.indexOf(d.file)) : field;
  const written = valueAt(rawConfig, pointer);
  const shown = typeof written === "string" ? written : d.file;
  const where = readablePath(pointer);
  const message = `${where}: "${shown}" does not exist in ${KUSTOMIZATION_ROOT_LABEL}`;
  const hint = `${configFile !== undefined ? `the paths in ${configFile}` : "spec paths"} are relative to ${KUSTOMIZATION_ROOT_LABEL} (the one holding kustomization.yaml), not to the repository root or the working directory: correct ${key}: of ${service.namespace}/${service.name}, or move the file under that directory`;
  if (configFile !== undefined) {
    const at = configText !== undefined ? locatePointer(configText, pointer) : undefined;
    return { diagnostic: { severity: "error", message, file: configFile, ...(at ? { line: at.line, column: at.column } : {}), hint } };
  }
  return { diagnostic: { severity: "error", message: `spec.${message}`, hint }, inConfig: true, field: `spec.${where}` };
}

/** The value at a JSON pointer, or undefined. */
function valueAt(value: unknown, pointer: string): unknown {
  let v = value;
  for (const token of splitPointer(pointer)) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string, unknown>)[token];
  }
  return v;
}

/** Problems placed by pointer and not by line are in the function config itself; their message already names the field. */
function asProblem(d: Diagnostic): GeneratorProblem {
  if (d.pointer === undefined || d.line !== undefined) return { diagnostic: d };
  const { pointer, ...rest } = d;
  return { diagnostic: rest, inConfig: true, field: readablePath(pointer) || undefined };
}

/** One line (plus hint) for stderr; problems in the function config name it. */
export function formatProblem(p: GeneratorProblem, ref: ResourceRef | undefined): string {
  const text = formatDiagnostic(p.diagnostic);
  return p.inConfig ? `${ref?.name ? `${ref.kind}/${ref.name}` : "the function config"}: ${text}` : text;
}
