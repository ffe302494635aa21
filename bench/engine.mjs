// Bundles bench/engine-entry.ts into .cache/bench-engine.mjs so the plain .mjs
// scripts (run by Node 20, which cannot import .ts) can call the engine.
// Rebuilt on every run: it takes a fraction of a second and is never stale.
import { build } from "esbuild";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as path from "node:path";

export const repoRoot = fileURLToPath(new URL("..", import.meta.url));
export const cacheDir = path.join(repoRoot, ".cache");

// CommonJS dependencies inside an ESM bundle need a real `require` (as scripts/build.mjs).
const banner = [
  "import { createRequire as __spsCreateRequire } from 'node:module';",
  "const require = __spsCreateRequire(import.meta.url);",
].join("\n");

/**
 * Bundles the engine and returns the bundle's path. Not minified, so a CPU
 * profile shows real function names and the `// src/...` module comments
 * esbuild writes let bench/cpuprofile.mjs attribute time to source modules.
 */
export async function bundleEngine(outfile = path.join(cacheDir, "bench-engine.mjs")) {
  const result = await build({
    entryPoints: [path.join(repoRoot, "bench/engine-entry.ts")],
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    minify: false,
    keepNames: true,
    write: false,
    banner: { js: banner },
    define: { __PACKAGE_VERSION__: JSON.stringify("bench") },
    logLevel: "error",
    absWorkingDir: repoRoot,
  });
  mkdirSync(path.dirname(outfile), { recursive: true });
  // Write then rename: a test and a bench may bundle at the same moment.
  const tmp = `${outfile}.${process.pid}.tmp`;
  writeFileSync(tmp, result.outputFiles[0].contents);
  renameSync(tmp, outfile);
  return outfile;
}

/** Bundles (unless a prebuilt module is given) and imports the engine. */
export async function loadEngine(modulePath) {
  const file = modulePath ?? (await bundleEngine());
  return { file, engine: await import(pathToFileURL(file).href) };
}
