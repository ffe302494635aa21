// A small worker-thread pool with a deadline per task. A task that does not
// answer in time is a hang: its worker is terminated (which stops even a
// synchronous endless loop) and replaced, and the run goes on. A worker that
// dies (out of memory, an exception escaping the engine's promises) turns its
// task into a crash the same way.
import { Worker } from "node:worker_threads";
import { performance } from "node:perf_hooks";
import { setTimeout, clearTimeout } from "node:timers";

const workerUrl = new URL("./corpus-worker.mjs", import.meta.url);

function spawn(engineFile, resourceLimits) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerUrl, { workerData: { engineFile }, resourceLimits });
    const onError = (err) => reject(new Error(`corpus worker failed to start: ${err.stack ?? err}`));
    worker.once("error", onError);
    worker.once("message", (msg) => {
      worker.off("error", onError);
      if (msg?.ready) resolve(worker);
      else reject(new Error(`corpus worker sent ${JSON.stringify(msg)} before it was ready`));
    });
  });
}

function crashOf(err, what) {
  return { status: "crash", name: err?.name ?? "Error", message: `${what}: ${err?.message ?? err}`, stack: err?.stack ?? String(err) };
}

/** Runs one task; `replace` says the worker is gone or stuck and must not be reused. */
function runOne(worker, task, deadlineMs) {
  return new Promise((resolve) => {
    const started = performance.now();
    const done = (outcome, replace) => {
      clearTimeout(timer);
      worker.off("message", onMessage).off("error", onError).off("exit", onExit);
      resolve({ outcome: { ...outcome, ms: Math.round(performance.now() - started) }, replace });
    };
    const onMessage = (msg) => {
      if (msg?.id === task.id) done(msg.outcome, false);
    };
    const onError = (err) => done(crashOf(err, "the worker died"), true);
    const onExit = (code) => done(crashOf(new Error(`exit code ${code}`), "the worker exited"), true);
    const timer = setTimeout(() => done({ status: "hang", message: `no result after ${deadlineMs} ms` }, true), deadlineMs);
    worker.on("message", onMessage).on("error", onError).on("exit", onExit);
    worker.postMessage({ id: task.id, kind: task.kind, root: task.root, file: task.file });
  });
}

/**
 * Runs every task on `jobs` workers. `deadlineFor(task)` gives its time limit
 * in ms; `onResult(task, outcome)` is called as each one finishes.
 */
export async function runPool(tasks, { engineFile, jobs, deadlineFor, onResult, maxOldGenerationSizeMb = 2048 }) {
  const queue = tasks.map((t, i) => ({ ...t, id: i }));
  const limits = { maxOldGenerationSizeMb };
  const lane = async () => {
    let worker = await spawn(engineFile, limits);
    try {
      for (let task = queue.shift(); task; task = queue.shift()) {
        const { outcome, replace } = await runOne(worker, task, deadlineFor(task));
        if (replace) {
          // A late 'error' from the old worker must not become an unhandled event.
          worker.removeAllListeners().on("error", () => {});
          await worker.terminate();
          worker = await spawn(engineFile, limits);
        }
        onResult(task, outcome);
      }
    } finally {
      await worker.terminate();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, queue.length)) }, lane));
}
