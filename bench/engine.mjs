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
 * Bundles the engine and returns the bundle's path. Not minified and with a
 * source map, so a CPU profile can name the source function and line.
 */
export async function bundleEngine(outfile = path.join(cacheDir, "bench-engine.mjs")) {
  const result = await build({
    entryPoints: [path.join(repoRoot, "bench/engine-entry.ts")],
    outfile,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    minify: false,
    keepNames: false, // its __name() wrapper costs time at run time, and names survive without minify
    sourcemap: "external",
    write: false,
    banner: { js: banner },
    define: { __PACKAGE_VERSION__: JSON.stringify("bench") },
    logLevel: "error",
    absWorkingDir: repoRoot,
  });
  mkdirSync(path.dirname(outfile), { recursive: true });
  // Write then rename: a test and a bench may bundle at the same moment.
  // The map is for bench/cpuprofile.mjs, which names source lines with it.
  for (const out of result.outputFiles) {
    const target = out.path.endsWith(".map") ? `${outfile}.map` : outfile;
    const tmp = `${target}.${process.pid}.tmp`;
    writeFileSync(tmp, out.contents);
    renameSync(tmp, target);
  }
  return outfile;
}

/** Bundles (unless a prebuilt module is given) and imports the engine. */
export async function loadEngine(modulePath) {
  const file = modulePath ?? (await bundleEngine());
  return { file, engine: await import(pathToFileURL(file).href) };
}
