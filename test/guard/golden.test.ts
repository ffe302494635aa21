/**
 * One hand-written manifest per rule ID (test/guard/manifests/<ID>.yaml) and
 * the guard's text report for it (test/guard/golden/<ID>.txt), reviewed by
 * hand. Each manifest must trigger its own rule, and only rules it names.
 */
import { readFileSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { lintManifests } from "../../src/guard/guard.js";
import { parseManifests } from "../../src/guard/manifests.js";
import { formatFindings } from "../../src/guard/report.js";
import { RULE_IDS } from "../../src/guard/rules.js";

const DIR = path.dirname(new URL(import.meta.url).pathname);
const UPDATE = process.env.UPDATE_GOLDEN === "1";

function lint(id: string) {
  const file = `test/guard/manifests/${id}.yaml`;
  return lintManifests(parseManifests(file, readFileSync(path.join(DIR, "manifests", `${id}.yaml`), "utf8")));
}

describe("the route guard's golden reports", () => {
  it("has one manifest per rule ID and no other", () => {
    const manifests = readdirSync(path.join(DIR, "manifests")).map((f) => f.replace(/\.yaml$/, "")).sort();
    expect(manifests).toEqual([...RULE_IDS].sort());
  });

  for (const id of RULE_IDS) {
    it(id, async () => {
      const findings = lint(id);
      expect(findings.some((f) => f.rule === id)).toBe(true);
      const text = formatFindings(findings);
      const golden = path.join(DIR, "golden", `${id}.txt`);
      if (UPDATE) (await import("node:fs")).writeFileSync(golden, text);
      expect(text).toBe(readFileSync(golden, "utf8"));
    });
  }

  it("leaves a rule out when the config turns it off, and changes its severity", () => {
    const manifests = parseManifests("a.yaml", readFileSync(path.join(DIR, "manifests", "no-catch-all.yaml"), "utf8"));
    expect(lintManifests(manifests, { "no-catch-all": "off" })).toEqual([]);
    expect(lintManifests(manifests, { "no-catch-all": "error" }).map((f) => f.severity)).toEqual(["error"]);
  });
});
