/**
 * What the KRM function and the legacy exec plugin share: a function config
 * and a kustomization directory in, the generated profiles and every problem
 * out. The repository planner does the generation, so a profile built here
 * is byte for byte the one `sync` commits.
 */
import { fsReader, type SourceReader } from "../files/reader.js";
import { formatDiagnostic, isSpecError, type Diagnostic } from "../model/diagnostic.js";
import { ConfigError, readablePath } from "../repo/config.js";
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
  for (const e of result.errors) problems.push({ diagnostic: e });
  for (const w of result.warnings) problems.push({ diagnostic: w });
  const profiles = result.services
    .flatMap((s) => s.profiles)
    .sort((a, b) => byteOrder(a.path, b.path))
    // The fingerprint line serves committed files (sync's reuse check); a build has no use for it.
    .flatMap((p) => buildDocuments(p.text));
  return { profiles, problems, ref: loaded.ref, ok: result.errors.length === 0 };
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
