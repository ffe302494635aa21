#!/usr/bin/env node
/**
 * Benchmark of `verify` on a large `-o json` recording.
 *
 *   node bench/bench-verify.mjs [--size 1GB] [--file PATH] [--runs 2] [--against REF]
 *
 * Generates a booksapp-like recording (bench/gen-tap-recording.mjs) unless
 * --file names one, then times, each in a fresh process: the baseline (cut
 * the file at each object's end and JSON.parse it, as bench-tap.mjs does)
 * and the verify engine (TapRecordingParser + RecordingVerifier, the proxy's
 * regex engine) replaying it against a booksapp profile. With --against REF
 * the engine of that git ref (read with `git archive`, the work tree is not
 * touched) is timed too, to compare ratios before and after a change.
 * Figures are printed, never asserted.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createReadStream, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");
const MiB = 1024 * 1024;

/** Routes as `profile --open-api` writes them for booksapp's webapp. */
const ROUTES = [
  ["GET /", "GET", "/"],
  ["POST /authors", "POST", "/authors"],
  ["GET /authors/{id}", "GET", "/authors/[^/]*"],
  ["POST /authors/{id}/delete", "POST", "/authors/[^/]*/delete"],
  ["POST /authors/{id}/edit", "POST", "/authors/[^/]*/edit"],
  ["POST /books", "POST", "/books"],
  ["GET /books/{id}", "GET", "/books/[^/]*"],
  ["POST /books/{id}/delete", "POST", "/books/[^/]*/delete"],
  ["POST /books/{id}/edit", "POST", "/books/[^/]*/edit"],
];
const PROFILE = {
  apiVersion: "linkerd.io/v1alpha2",
  kind: "ServiceProfile",
  metadata: { name: "webapp.booksapp.svc.cluster.local", namespace: "booksapp" },
  spec: { routes: ROUTES.map(([name, method, pathRegex]) => ({ name, condition: { method, pathRegex } })) },
};

async function runBaseline(file) {
  const NL_BRACE = Buffer.from("\n}");
  let carry = Buffer.alloc(0);
  let objects = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: MiB })) {
    const buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    let start = buf.indexOf(0x7b);
    while (start >= 0) {
      const end = buf.indexOf(NL_BRACE, start);
      if (end < 0) break;
      JSON.parse(buf.toString("utf8", start, end + 2));
      objects++;
      start = buf.indexOf(0x7b, end + 2);
    }
    carry = start >= 0 ? Buffer.from(buf.subarray(start)) : Buffer.alloc(0);
  }
  return { objects };
}

async function runVerify(file, bundle) {
  const { TapRecordingParser, RecordingVerifier } = await import(bundle);
  const verifier = new RecordingVerifier(PROFILE, { file: "bench" });
  const parser = new TapRecordingParser((e) => verifier.add(e), { file });
  for await (const chunk of createReadStream(file, { highWaterMark: MiB })) parser.push(chunk);
  const summary = parser.end();
  verifier.recording(file, summary);
  const report = verifier.finish();
  return { objects: summary.stats.events, requests: report.totals.requests, matched: report.totals.matched, unmatched: report.totals.unmatched };
}

async function child(mode, file, bundle) {
  const t0 = process.hrtime.bigint();
  const result = mode === "baseline" ? await runBaseline(file) : await runVerify(file, bundle);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  process.stdout.write(JSON.stringify({ mode, seconds, peakRssMiB: process.resourceUsage().maxRSS / 1024, ...result }) + "\n");
}

async function bundle(srcRoot, dir, name) {
  const esbuild = await import("esbuild");
  const entry = path.join(dir, `${name}.ts`);
  writeFileSync(
    entry,
    `export { TapRecordingParser } from ${JSON.stringify(path.join(srcRoot, "src/sources/tap/recording.ts"))};\n` +
      `export { RecordingVerifier } from ${JSON.stringify(path.join(srcRoot, "src/tap/verify.ts"))};\n`,
  );
  const out = path.join(dir, `${name}.mjs`);
  // Resolve packages from this checkout's node_modules whichever tree the sources come from.
  await esbuild.build({ entryPoints: [entry], bundle: true, platform: "node", format: "esm", outfile: out, logLevel: "silent", target: "node20", nodePaths: [path.join(root, "node_modules")] });
  return out;
}

function measure(mode, file, bundlePath) {
  const r = spawnSync(process.execPath, ["--max-old-space-size=512", fileURLToPath(import.meta.url), "--child", mode, "--file", file, "--bundle", bundlePath], { encoding: "utf8", maxBuffer: 16 * MiB });
  if (r.status !== 0) throw new Error(`${mode} run failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop());
}

async function main() {
  const { values } = parseArgs({
    options: { size: { type: "string", default: "1GB" }, file: { type: "string" }, child: { type: "string" }, bundle: { type: "string", default: "" }, runs: { type: "string", default: "2" }, against: { type: "string" } },
  });
  if (values.child) return child(values.child, values.file, values.bundle);
  const dir = mkdtempSync(path.join(tmpdir(), "bench-verify-"));
  try {
    let file = values.file;
    if (!file) {
      file = path.join(dir, "recording.json");
      process.stderr.write(`generating a ${values.size} recording...\n`);
      execFileSync(process.execPath, [path.join(here, "gen-tap-recording.mjs"), "--size", values.size, "--out", file], { stdio: "inherit" });
    }
    if (!existsSync(file)) throw new Error(`no such file: ${file}`);
    const bytes = statSync(file).size;
    const engines = [["verify (this tree)", await bundle(root, dir, "head")]];
    if (values.against) {
      const old = path.join(dir, "against");
      mkdirSync(old);
      execFileSync("sh", ["-c", `git -C "$0" archive "$1" src | tar -x -C "$2"`, root, values.against, old]);
      engines.push([`verify (${values.against})`, await bundle(old, dir, "against")]);
    }
    const runs = Math.max(1, Number(values.runs));
    const best = new Map();
    const keep = (label, r) => {
      const b = best.get(label);
      best.set(label, b ? { ...(r.seconds < b.seconds ? r : b), peakRssMiB: Math.max(r.peakRssMiB, b.peakRssMiB) } : r);
    };
    for (let i = 0; i < runs; i++) {
      keep("baseline", measure("baseline", file, ""));
      for (const [label, b] of engines) keep(label, measure("verify", file, b));
    }
    const base = best.get("baseline");
    const lines = [`verify benchmark: ${(bytes / MiB).toFixed(0)} MiB, ${base.objects} events`, `  baseline (cut at "\\n}" + JSON.parse): ${base.seconds.toFixed(2)} s, peak RSS ${base.peakRssMiB.toFixed(0)} MiB`];
    for (const [label] of engines) {
      const r = best.get(label);
      lines.push(`  ${label}: ${r.seconds.toFixed(2)} s, ratio ${(r.seconds / base.seconds).toFixed(2)}, peak RSS ${r.peakRssMiB.toFixed(0)} MiB, ${r.requests} requests, ${r.unmatched} unmatched`);
    }
    process.stdout.write(lines.join("\n") + "\n");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`error: ${err.message}\n`);
  process.exitCode = 1;
});
