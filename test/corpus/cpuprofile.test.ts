/**
 * The bench's profile summary (bench/cpuprofile.mjs) attributes samples of a
 * bundled engine to the source modules they came from; a wrong attribution
 * would send a performance fix to the wrong file.
 */
import { afterAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { bundleModules, formatProfile, summarizeProfile, type CpuProfile } from "../../bench/cpuprofile.mjs";

const dir = mkdtempSync(path.join(tmpdir(), "cpuprofile-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Lines 0-1 prelude, src/render.ts from line 2, yaml from line 5.
const bundle = ["var __helper = 1;", "", "// src/render.ts", "function toYaml() {}", "", "// node_modules/yaml/dist/visit.js", "function visit_() {}"].join("\n");
const bundleFile = path.join(dir, "engine.mjs");
writeFileSync(bundleFile, bundle);
const url = pathToFileURL(bundleFile).href;

const frame = (functionName: string, lineNumber: number, u = url) => ({ functionName, url: u, lineNumber, columnNumber: 0 });
// (root) -> toYaml -> visit_, and (root) -> (garbage collector)
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame("(root)", -1, ""), children: [2, 4] },
    { id: 2, callFrame: frame("toYaml", 3), children: [3] },
    { id: 3, callFrame: frame("visit_", 6) },
    { id: 4, callFrame: frame("(garbage collector)", -1, "") },
  ],
  samples: [2, 3, 3, 3, 4],
  timeDeltas: [1000, 2000, 2000, 2000, 3000],
};

describe("cpu profile summary", () => {
  it("finds the module comments esbuild writes", () => {
    expect(bundleModules(bundle)).toEqual([
      { line: 2, module: "src/render.ts" },
      { line: 5, module: "node_modules/yaml/dist/visit.js" },
    ]);
  });

  const s = summarizeProfile(profile, bundleFile);

  it("adds self time per module, packages collapsed", () => {
    expect(s.total).toBe(10);
    expect(s.modules).toEqual([
      ["node_modules/yaml", 6],
      ["(garbage collector)", 3],
      ["src/render.ts", 1],
    ]);
  });

  it("gives a caller the time of its callees as inclusive time", () => {
    const incl = Object.fromEntries(s.inclusiveFunctions);
    expect(incl["toYaml src/render.ts:4"]).toBe(7);
    expect(incl["visit_ node_modules/yaml/dist/visit.js:7"]).toBe(6);
    expect(incl["(root) (root):0"]).toBe(10);
  });

  it("prints shares of the sampled time", () => {
    expect(formatProfile(s)).toMatch(/60\.0%\s+6 ms\s+node_modules\/yaml/);
  });
});
