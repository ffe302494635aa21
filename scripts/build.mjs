// Bundles the CLI and the GitHub Action with esbuild into dist/ (committed:
// GitHub runs dist/, not src/). Deterministic: same sources, same bytes.
import { build } from "esbuild";
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
].filter((e) => existsSync(e.in));

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
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
console.log(`built ${entries.map((e) => e.out).join(", ")}`);
