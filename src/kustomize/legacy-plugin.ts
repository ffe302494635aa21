/**
 * The legacy exec plugin body. kustomize (`--enable-alpha-plugins`, no
 * `--enable-exec` needed, so `kubectl kustomize` works) runs the executable
 * at $XDG_CONFIG_HOME/kustomize/plugin/<group>/<version>/<kind>/<Kind> with
 * the path of a temporary copy of the generator config as its first
 * argument, the kustomization directory as working directory (also in
 * $KUSTOMIZE_PLUGIN_CONFIG_ROOT), and reads a YAML stream from stdout.
 */
import { assertUniqueKeys, decodeUtf8, parseData } from "../files/parse.js";
import type { SourceReader } from "../files/reader.js";
import { isSpecError } from "../model/diagnostic.js";
import { formatProblem, runGenerator, type GeneratorOptions } from "./generate.js";

export interface PluginOutcome {
  /** The YAML stream of generated profiles (empty on errors). */
  stdout: string;
  messages: string[];
  ok: boolean;
}

/** Joins YAML documents into one stream. */
export function yamlStream(documents: string[]): string {
  return documents.map((d) => (d.endsWith("\n") ? d : `${d}\n`)).join("---\n");
}

export async function runLegacyPlugin(configData: Buffer, configName: string, reader: SourceReader, options: GeneratorOptions = {}): Promise<PluginOutcome> {
  let value: unknown;
  try {
    const text = decodeUtf8(configData, configName);
    // The generator config is ours: a key written twice is refused, as in serviceprofile-sync.yaml.
    assertUniqueKeys(text, configName);
    value = parseData(text, configName);
  } catch (err) {
    if (!isSpecError(err)) throw err;
    return { stdout: "", messages: [formatProblem({ diagnostic: err.diagnostic }, undefined)], ok: false };
  }
  // kustomize hands over a re-serialised temporary copy: its name and lines mean nothing to the user.
  const run = await runGenerator(value, reader, undefined, options);
  return { stdout: run.ok ? yamlStream(run.profiles) : "", messages: run.problems.map((p) => formatProblem(p, run.ref)), ok: run.ok };
}
