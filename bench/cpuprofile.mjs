// Where a `node --cpu-prof` run spent its time, by source module and by
// function. The engine runs from an unminified esbuild bundle; its source map
// (bench/engine.mjs writes one) turns a sample's bundle line into the source
// file and line. Without a map, the `// src/...` comments esbuild puts where
// each module starts still tell the module.
import { existsSync, readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { fileURLToPath } from "node:url";
import * as path from "node:path";
import { repoRoot } from "./engine.mjs";

/** Sorted [{ line (0-based), module }] from an esbuild bundle's module comments. */
export function bundleModules(bundleText) {
  const marks = [];
  bundleText.split("\n").forEach((text, line) => {
    const m = /^\/\/ ((?:src|bench|node_modules)\/\S+)$/.exec(text);
    if (m) marks.push({ line, module: m[1] });
  });
  return marks;
}

function moduleAt(marks, line) {
  let lo = 0;
  let hi = marks.length - 1;
  let found = "(bundle prelude)";
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (marks[mid].line <= line) {
      found = marks[mid].module;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Collapses node_modules/yaml/dist/parse/lexer.js to node_modules/yaml. */
function packageOf(module) {
  const m = /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(module);
  return m ? `node_modules/${m[1]}` : module;
}

/**
 * Self and inclusive milliseconds per module and per function.
 * `bundleFile` is the engine bundle the profiled process imported.
 */
export function summarizeProfile(profile, bundleFile) {
  const bundleUrl = bundleFile ? new URL(`file://${bundleFile}`).href : undefined;
  const marks = bundleFile ? bundleModules(readFileSync(bundleFile, "utf8")) : [];
  const map = bundleFile && existsSync(`${bundleFile}.map`) ? new SourceMap(JSON.parse(readFileSync(`${bundleFile}.map`, "utf8"))) : undefined;
  // Source paths in the map are relative to the bundle's directory; show them from the repository root.
  const repoRelative = (source) => path.relative(repoRoot, path.resolve(path.dirname(bundleFile), source.replace(/^file:\/\//, "")));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const where = (node) => {
    const { url, functionName, lineNumber, columnNumber } = node.callFrame;
    let module;
    if (bundleUrl && url === bundleUrl) {
      const entry = map?.findEntry(lineNumber, columnNumber);
      if (entry?.originalSource) {
        const source = repoRelative(entry.originalSource);
        return { module: source, fn: `${functionName || "(anonymous)"} ${source}:${entry.originalLine + 1}` };
      }
      module = moduleAt(marks, lineNumber);
    }
    else if (!url) module = functionName.startsWith("(") ? functionName : "(native)";
    else if (url.startsWith("node:")) module = "node:internal";
    else module = url.startsWith("file:") ? fileURLToPath(url) : url;
    return { module, fn: `${functionName || "(anonymous)"} ${module}:${lineNumber + 1}` };
  };

  const self = new Map();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));

  const selfModule = new Map();
  const selfFn = new Map();
  const inclFn = new Map();
  let total = 0;
  for (const [id, ms] of self) {
    total += ms;
    const node = byId.get(id);
    const { module, fn } = where(node);
    selfModule.set(packageOf(module), (selfModule.get(packageOf(module)) ?? 0) + ms);
    selfFn.set(fn, (selfFn.get(fn) ?? 0) + ms);
    // Inclusive: every distinct function on the stack gets the sample once.
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const f = where(byId.get(cur)).fn;
      if (!seen.has(f)) {
        seen.add(f);
        inclFn.set(f, (inclFn.get(f) ?? 0) + ms);
      }
    }
  }
  const top = (map, n) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n);
  return { total, modules: top(selfModule, 15), selfFunctions: top(selfFn, 15), inclusiveFunctions: top(inclFn, 25) };
}

export function formatProfile(s) {
  const pct = (ms) => `${((100 * ms) / s.total).toFixed(1).padStart(5)}%  ${ms.toFixed(0).padStart(7)} ms`;
  const block = (title, rows) => [title, ...rows.map(([k, ms]) => `  ${pct(ms)}  ${k}`)].join("\n");
  return [
    `profile: ${s.total.toFixed(0)} ms sampled`,
    block("self time by module:", s.modules),
    block("self time by function:", s.selfFunctions),
    block("inclusive time by function:", s.inclusiveFunctions),
  ].join("\n");
}
