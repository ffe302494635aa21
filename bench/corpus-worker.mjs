// Worker thread of the corpus runner: generates one spec per message and
// answers with its outcome. An engine exception is classified here; a hang or
// a dead worker is the pool's business (bench/corpus-pool.mjs).
import { parentPort, workerData } from "node:worker_threads";
import { pathToFileURL } from "node:url";
import { generators } from "./generate.mjs";

const engine = await import(pathToFileURL(workerData.engineFile).href);

/** A SpecError's diagnostic, or a crash report for anything else (a bug). */
export function outcomeOfError(err) {
  if (engine.isSpecError(err)) {
    return { status: "error", diagnostic: { ...err.diagnostic }, formatted: engine.formatDiagnostic(err.diagnostic) };
  }
  const e = err instanceof Error ? err : new Error(String(err));
  return { status: "crash", name: e.name, message: e.message, stack: e.stack ?? String(e) };
}

parentPort.on("message", async ({ id, kind, root, file }) => {
  let outcome;
  try {
    outcome = { status: "ok", ...(await generators[kind](engine, root, file)) };
  } catch (err) {
    outcome = outcomeOfError(err);
  }
  parentPort.postMessage({ id, outcome });
});
parentPort.postMessage({ ready: true });
