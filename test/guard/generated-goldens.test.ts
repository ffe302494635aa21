/**
 * Every Gateway API golden output of the generator (test/golden/<kind>/<case>/expected*.yaml)
 * passes the guard, except the case that turns the catch-all off on purpose.
 * A generated route that the guard flags is a bug in one or the other.
 */
import { readFileSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { lintManifests } from "../../src/guard/guard.js";
import { parseManifests } from "../../src/guard/manifests.js";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const GOLDEN = path.join(ROOT, "test/golden");

/** Cases whose findings are the point of the case. */
const EXPECTED: Record<string, string[]> = {
  "test/golden/gateway/linkerd-policy-no-catch-all/expected.yaml": ["no-catch-all"],
};

function goldenOutputs(): string[] {
  const out: string[] = [];
  for (const kind of readdirSync(GOLDEN)) {
    for (const c of readdirSync(path.join(GOLDEN, kind))) {
      const dir = path.join(GOLDEN, kind, c);
      for (const f of readdirSync(dir)) if (/^expected.*\.yaml$/.test(f)) out.push(path.relative(ROOT, path.join(dir, f)));
    }
  }
  return out.sort();
}

describe("the guard on the generator's golden outputs", () => {
  it("finds only what a case asks for", () => {
    const files = goldenOutputs();
    let routes = 0;
    const found: Record<string, string[]> = {};
    for (const file of files) {
      const manifests = parseManifests(file, readFileSync(path.join(ROOT, file), "utf8"));
      routes += manifests.filter((m) => m.kind !== "ServiceProfile").length;
      const rules = lintManifests(manifests).map((f) => f.rule);
      if (rules.length) found[file] = rules;
    }
    expect(routes).toBeGreaterThan(100);
    expect(found).toEqual(EXPECTED);
  });
});
