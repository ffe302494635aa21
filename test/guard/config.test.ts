/** The config's guard: key: the schema names exactly the guard's and the impact rules' IDs, and bad settings are config errors with places. */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../src/repo/config.js";
import { RULE_IDS as GUARD_RULE_IDS } from "../../src/guard/rules.js";
import { IMPACT_RULE_IDS } from "../../src/diff/impact.js";

/** One table: the guard's rules, then diff's impact rules. */
const RULE_IDS = [...GUARD_RULE_IDS, ...IMPACT_RULE_IDS];

const SCHEMA = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../schema/config.schema.json");
const BASE = "output: deploy\nservices: []\n";

function problems(text: string): string[] {
  try {
    parseConfig(text, "serviceprofile-sync.yaml");
    return [];
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return err.diagnostics.map((d) => `${d.line}: ${d.message}`);
  }
}

describe("guard: in the config", () => {
  it("the schema lists exactly the rule IDs", () => {
    const schema = JSON.parse(readFileSync(SCHEMA, "utf8")) as { properties: { guard: { properties: { rules: { propertyNames: { enum: string[] } } } } } };
    expect(schema.properties.guard.properties.rules.propertyNames.enum).toEqual([...RULE_IDS]);
  });

  it("keeps include, exclude and rules", () => {
    const c = parseConfig(`${BASE}guard:\n  include: ["deploy/**"]\n  exclude: [charts/**]\n  rules: {no-catch-all: "off"}\n`, "serviceprofile-sync.yaml");
    expect(c.guard).toEqual({ include: ["deploy/**"], exclude: ["charts/**"], rules: { "no-catch-all": "off" } });
  });

  it("takes the impact rules' IDs in the same table", () => {
    const c = parseConfig(`${BASE}guard:\n  rules: {catch-all-removed: warning, route-removed: "off"}\n`, "serviceprofile-sync.yaml");
    expect(c.guard?.rules).toEqual({ "catch-all-removed": "warning", "route-removed": "off" });
  });

  it("rejects an unknown rule ID, a bad severity and a bad glob, each on its line", () => {
    expect(problems(`${BASE}guard:\n  rules:\n    no-such-rule: error\n`)).toEqual([`5: guard.rules: unknown key "no-such-rule"; known: ${RULE_IDS.join(", ")}`]);
    expect(problems(`${BASE}guard:\n  rules:\n    no-catch-all: fatal\n`)[0]).toMatch(/^5: /);
    expect(problems(`${BASE}guard:\n  exclude: ["{a,b"]\n`)[0]).toMatch(/^4: unclosed/);
  });
});
