/**
 * Every pathRegex the project's golden outputs hold (the generators' own
 * results, committed as expected files) compiles in the proxy's regex engine
 * and can be evaluated by it: what the generators write is what the proxy
 * runs.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { compileFullMatchRegex, compileProfilePathRegex } from "../../src/matching/proxy-regex.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

function* yamlFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) yield* yamlFiles(p);
    else if (/\.ya?ml$/.test(name)) yield p;
  }
}

function* pathRegexes(value: unknown): Generator<string> {
  if (Array.isArray(value)) for (const v of value) yield* pathRegexes(v);
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k === "pathRegex" && typeof v === "string") yield v;
      else yield* pathRegexes(v);
    }
  }
}

const files = ["test/golden", "test/tap/golden", "examples"].flatMap((d) => [...yamlFiles(path.join(root, d))]);
const found = files.flatMap((f) =>
  parseAllDocuments(readFileSync(f, "utf8"))
    .flatMap((d) => [...pathRegexes(d.toJS())])
    .map((re) => ({ file: path.relative(root, f), re })),
);

describe("generated pathRegexes, checked with the proxy's engine", () => {
  it("there are many to check", () => {
    expect(found.length).toBeGreaterThan(100);
  });

  it("every one compiles both as the proxy anchors it and as a whole-path match", () => {
    const bad = found.filter(({ re }) => !compileProfilePathRegex(re).ok || !compileFullMatchRegex(re).ok).map(({ file, re }) => `${file}: ${re}`);
    expect(bad).toEqual([]);
  });
});
