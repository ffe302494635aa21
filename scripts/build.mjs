// Bundles the CLI and the GitHub Action with esbuild into dist/ (committed:
// GitHub runs dist/, not src/). Deterministic: same sources, same bytes.
import { build } from "esbuild";
import { spawn } from "node:child_process";
import { readFileSync, existsSync, rmSync, mkdirSync } from "node:fs";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));

// `--outdir DIR` builds elsewhere than dist/ (tests build the bundles they run
// into a temporary directory, leaving the committed dist/ alone).
const outArg = process.argv.indexOf("--outdir");
const outDir = outArg === -1 ? "dist" : process.argv[outArg + 1];
if (!outDir || outDir.startsWith("-")) {
  console.error("build: --outdir needs a directory");
  process.exit(2);
}
// The library's .d.ts files, generated from the sources (tsconfig.types.json);
// `--no-types` skips them for builds that only run the bundles.
const withTypes = !process.argv.includes("--no-types");

// CommonJS dependencies inside an ESM bundle need a real `require`.
const banner = [
  "import { createRequire as __spsCreateRequire } from 'node:module';",
  "const require = __spsCreateRequire(import.meta.url);",
].join("\n");

// The action is split: dist/action.js checks the runner environment and then
// imports the engine and API client from dist/action-chunks/, so a step that
// fails early does not pay for compiling the whole bundle.
const entries = [
  { in: "src/cli/bin.ts", out: `${outDir}/cli.js`, shebang: true, split: false },
  { in: "src/action/main.ts", out: `${outDir}/action.js`, shebang: false, split: true },
  // The library (package.json "exports"), with its types in types/.
  { in: "src/index.ts", out: `${outDir}/index.js`, shebang: false, split: false },
].filter((e) => existsSync(e.in));

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
// tsc runs beside esbuild: the build takes as long as the slower of the two.
const types = withTypes && existsSync("src/index.ts") ? emitTypes(`${outDir}/types`) : Promise.resolve();
for (const entry of entries) {
  const output = entry.split
    ? { outdir: outDir, entryNames: "[name]", splitting: true, chunkNames: "action-chunks/[name]-[hash]", entryPoints: { action: entry.in } }
    : { outfile: entry.out, entryPoints: [entry.in] };
  await build({
    ...output,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    minify: true,
    keepNames: false,
    legalComments: "linked",
    sourcemap: false,
    banner: { js: (entry.shebang ? "#!/usr/bin/env node\n" : "") + banner },
    define: { __PACKAGE_VERSION__: JSON.stringify(pkg.version) },
    logLevel: "warning",
  });
}
await types;
console.log(`built ${entries.map((e) => e.out).join(", ")}${withTypes ? `, ${outDir}/types/` : ""}`);

function emitTypes(dir) {
  return new Promise((resolve, reject) => {
    const tsc = new URL("../node_modules/typescript/bin/tsc", import.meta.url);
    const child = spawn(process.execPath, [tsc.pathname, "-p", "tsconfig.types.json", "--outDir", dir], { stdio: ["ignore", "inherit", "inherit"] });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`tsc could not generate the library's types (exit ${code})`))));
  });
}
