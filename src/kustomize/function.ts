/**
 * The KRM function body: a ResourceList text in, a ResourceList text out.
 * The input items pass through untouched, the profiles are appended (none on
 * errors), every
 * problem becomes a result (and a stderr line, since kustomize shows stderr
 * but not results). The caller exits non-zero when `ok` is false.
 */
import { isSpecError } from "../model/diagnostic.js";
import type { SourceReader } from "../files/reader.js";
import { diagnosticToResult, errorResourceList, parseResourceList, pathAnnotation, writeResourceList, type KrmResult } from "./krm.js";
import { formatProblem, runGenerator, type GeneratorOptions } from "./generate.js";
import { GENERATOR_API_VERSION, GENERATOR_KIND } from "./generator-config.js";

export interface FunctionOutcome {
  stdout: string;
  /** Lines for stderr. */
  messages: string[];
  ok: boolean;
}

export async function runKrmFunction(input: string, reader: SourceReader, options: GeneratorOptions = {}): Promise<FunctionOutcome> {
  let list;
  try {
    list = parseResourceList(input);
  } catch (err) {
    if (!isSpecError(err)) throw err;
    return { stdout: errorResourceList([diagnosticToResult(err.diagnostic)]), messages: [formatProblem({ diagnostic: err.diagnostic }, undefined)], ok: false };
  }
  if (!list.functionConfig) {
    const diagnostic = {
      severity: "error" as const,
      message: "the ResourceList has no functionConfig",
      hint: `the function needs a ${GENERATOR_KIND} (apiVersion ${GENERATOR_API_VERSION}) as its config: list it under generators: in kustomization.yaml, or pass it with kpt's --fn-config`,
    };
    return { stdout: writeResourceList(list, [], [diagnosticToResult(diagnostic)]), messages: [formatProblem({ diagnostic }, undefined)], ok: false };
  }
  const configFile = pathAnnotation(list.functionConfig);
  const run = await runGenerator(list.functionConfig, reader, configFile, options);
  const results: KrmResult[] = run.problems.map((p) => {
    const inConfig = p.inConfig === true;
    const result = diagnosticToResult(p.diagnostic, inConfig && run.ref?.name ? { resourceRef: run.ref, field: p.field } : {});
    if (inConfig && configFile && !result.file) result.file = { path: configFile };
    return result;
  });
  // On errors the items go back as they came: orchestrators discard a failed function's output, and kpt
  // trips over new items that came with a failure.
  return {
    stdout: writeResourceList(list, run.ok ? run.profiles : [], results),
    messages: run.problems.map((p) => formatProblem(p, run.ref)),
    ok: run.ok,
  };
}
