/** Super-linear patterns: globs a user writes in ignore: and .gitignore are matched in bounded time. */
import { describe, expect, it } from "vitest";
import { compileGlob, globMatcher, globToRegexSource } from "../../src/repo/glob.js";
import { discoverSpecs } from "../../src/repo/discover.js";
import { memoryReader } from "../../src/files/reader.js";
import { ConfigError, parseConfig } from "../../src/repo/config.js";
import { BOUND_MS } from "./helpers.js";

describe("glob: no exponential matching", () => {
  it("*a*a*a*a*a*a*b.yaml (and seven *a) against 60-character names", () => {
    const name = "a".repeat(60) + ".yaml";
    for (const k of [6, 7, 12]) {
      const g = compileGlob("*a".repeat(k) + "*b.yaml");
      expect(g.test(name)).toBe(false);
      expect(g.test("x/" + name)).toBe(false);
      expect(g.test("a".repeat(k) + "b.yaml")).toBe(true);
    }
  }, BOUND_MS);

  it("eight **/ segments against a 200-deep tree", () => {
    const g = compileGlob("**/".repeat(8) + "x.yaml");
    const deep = "a/".repeat(200);
    expect(g.test(deep + "y.yaml")).toBe(false);
    expect(g.test(deep + "x.yaml")).toBe(true);
  }, BOUND_MS);

  it("nested alternations with stars", () => {
    const g = compileGlob("{a,b}*".repeat(8) + "c");
    expect(g.test("ab".repeat(40))).toBe(false);
    expect(g.test("ab".repeat(40) + "c")).toBe(true);
  }, BOUND_MS);

  it("a 100,000-character pattern of [ compiles in linear time", () => {
    expect(compileGlob("[".repeat(100_000)).test("[".repeat(100_000))).toBe(true);
  }, BOUND_MS);

  it("discovery with a hostile ignore: over 2,000 files", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 2000; i++) files[`svc/${"a".repeat(50)}${i}/openapi.yaml`] = "openapi: 3.0.0\n";
    const found = await discoverSpecs(memoryReader(files), Object.keys(files), { ignore: ["*a*a*a*a*a*a*a*b.yaml", "**/**/**/**/**/**/**/**/z"] });
    expect(found).toHaveLength(2000);
  }, BOUND_MS);
});

describe("glob: the documented syntax is kept", () => {
  const cases: [string, string[], string[]][] = [
    ["vendor/**", ["vendor/x/y.yaml", "vendor/a.json"], ["vendors/x.yaml", "a/vendor/x.yaml"]],
    ["*.gen.yaml", ["z.gen.yaml", "api/z.gen.yaml", "a/b/.x.gen.yaml"], ["z.yaml", "z.gen.yaml.bak"]],
    ["docs/*/draft.json", ["docs/v1/draft.json"], ["docs/v1/v2/draft.json", "x/docs/v1/draft.json"]],
    ["/top.yaml", ["top.yaml"], ["sub/top.yaml"]],
    ["{a,b}/x?.yml", ["a/x1.yml", "b/x2.yml"], ["c/x1.yml", "a/x12.yml"]],
    ["**/*.proto", ["c.proto", "a/b/c.proto"], ["c.protox"]],
    ["gen", ["gen/a.yaml", "x/gen/b.yaml", "gen"], ["generated/a.yaml"]],
    ["[!._]*.yaml", ["a.yaml"], [".a.yaml", "_a.yaml"]],
    ["[a-c]x.yaml", ["bx.yaml"], ["dx.yaml"]],
    ["a**b.yaml", ["axxb.yaml"], ["ax/xb.yaml"]],
    ["f(1)+[x.yaml", ["f(1)+[x.yaml"], ["f1x.yaml"]],
    ["{a,{b,c}}.yaml", ["c.yaml", "a.yaml"], ["d.yaml"]],
    ["./docs/", ["docs/a.yaml", "x/docs/a.yaml"], ["docsx/a.yaml"]],
  ];
  it.each(cases)("%s", (pattern, yes, no) => {
    const m = globMatcher([pattern]);
    for (const p of yes) expect(m(p), `${pattern} should match ${p}`).toBe(true);
    for (const p of no) expect(m(p), `${pattern} should not match ${p}`).toBe(false);
  }, BOUND_MS);

  it("RE2 syntax comes out, anchored", () => {
    expect(globToRegexSource("a/*.yaml")).toBe("^a/[^/]*\\.yaml(?:/.*)?$");
  }, BOUND_MS);

  it("a bad pattern is a config error at its place", () => {
    const errors = (text: string) => {
      try {
        parseConfig(text, "c.yaml");
        return [];
      } catch (err) {
        return (err as ConfigError).diagnostics.map((d) => `${d.line}:${d.column}: ${d.message} (${d.hint})`);
      }
    };
    expect(errors('output: o\nignore: ["{a,b"]\nservices: []\n')).toEqual(['2:10: unclosed "{" in glob "{a,b" (close the brace)']);
    expect(errors('output: o\nignore:\n  - "[z-a].yaml"\nservices: []\n')).toEqual(['3:5: invalid character class in glob "[z-a].yaml" (write a class like [a-z] or [!._])']);
  }, BOUND_MS);
});
