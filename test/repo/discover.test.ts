import { afterEach, describe, expect, it } from "vitest";
import { discoverSpecs, listWorkTreeFiles, protoServiceNames, sniffSpec } from "../../src/repo/discover.js";
import { compileGlob, globMatcher } from "../../src/repo/glob.js";
import { refTargets } from "../../src/repo/fingerprint.js";
import { memoryReader } from "../../src/files/reader.js";
import { createGitRepo, type GitRepo } from "../helpers/gitrepo.js";

let repo: GitRepo;
afterEach(() => repo?.cleanup());

describe("sniffSpec", () => {
  it("recognises OpenAPI/Swagger by a top-level key, YAML or JSON", () => {
    expect(sniffSpec("a.yaml", "openapi: 3.0.0\npaths: {}\n")).toEqual({ path: "a.yaml", kind: "openapi" });
    expect(sniffSpec("a.yml", "# comment\n'swagger': '2.0'\n")?.kind).toBe("openapi");
    expect(sniffSpec("a.swagger", "---\nswagger: \"2.0\"\n")?.kind).toBe("openapi");
    expect(sniffSpec("a.json", '{"info": {}, "openapi": "3.1.0"}')?.kind).toBe("openapi");
    expect(sniffSpec("a.json", '{"info": {"openapi": "3.1.0"}}')).toBeUndefined();
    expect(sniffSpec("a.yaml", "info:\n  openapi: 3\n")).toBeUndefined();
    expect(sniffSpec("k.yaml", "apiVersion: v1\nkind: Service\n")).toBeUndefined();
    expect(sniffSpec("a.txt", "openapi: 3.0.0\n")).toBeUndefined();
  });

  it("finds proto services outside comments and strings", () => {
    expect(protoServiceNames('service A {}\n// service B {\n/* service C { */\noption x = "service D {";\nservice\n  E\n{ rpc X (a) returns (b); }')).toEqual(["A", "E"]);
    expect(sniffSpec("m.proto", "message A {}\n")).toBeUndefined();
  });
});

describe("glob", () => {
  it("matches like .gitignore-style globs", () => {
    const m = globMatcher(["vendor/**", "*.gen.yaml", "docs/*/draft.json", "/top.yaml", "{a,b}/x?.yml"]);
    expect(["vendor/x/y.yaml", "api/z.gen.yaml", "z.gen.yaml", "docs/v1/draft.json", "top.yaml", "a/x1.yml", "b/x2.yml"].every(m)).toBe(true);
    expect(["vendors/x.yaml", "docs/v1/v2/draft.json", "sub/top.yaml", "c/x1.yml", "a/x12.yml", "api/z.yaml"].some(m)).toBe(false);
    expect(compileGlob("**/*.proto").test("a/b/c.proto")).toBe(true);
    expect(compileGlob("**/*.proto").test("c.proto")).toBe(true);
  });
});

describe("refTargets", () => {
  it("collects the file part of $refs in YAML and JSON, skipping local refs and URLs", () => {
    const yaml = `a:\n  $ref: './common.yaml#/x'\nb: { $ref: other.yaml }\nc:\n  "$ref": "sub/dir%20x.json#/y"\nd:\n  $ref: '#/local'\ne:\n  $ref: https://example.com/x.yaml\n`;
    expect(refTargets(yaml)).toEqual(["./common.yaml", "other.yaml", "sub/dir x.json"]);
    expect(refTargets('{"x": {"$ref": "a.json"}, "y": {"$ref":"b.json#/c"}}')).toEqual(["a.json", "b.json"]);
  });
});

describe("discovery", () => {
  it("lists git files (tracked and untracked, not ignored) and sniffs them", async () => {
    repo = createGitRepo({ files: { ".gitignore": "gen/\n", "a.yaml": "openapi: 3.0.0\n", "gen/b.yaml": "openapi: 3.0.0\n" } });
    repo.write({ "new.proto": "service S { rpc A (a) returns (b); }\n", "node_modules/x/openapi.yaml": "openapi: 3.0.0\n" });
    const files = await listWorkTreeFiles(repo.dir);
    expect(files).toEqual([".gitignore", "a.yaml", "new.proto"]);
  });

  it("walks a plain directory honouring the root .gitignore", async () => {
    repo = createGitRepo({ noGit: true });
    repo.write({ ".gitignore": "# c\ngen/\n*.tmp.yaml\n", "a.yaml": "x", "gen/b.yaml": "x", "c.tmp.yaml": "x", "d/e.yaml": "x", "node_modules/f.yaml": "x" });
    expect(await listWorkTreeFiles(repo.dir)).toEqual([".gitignore", "a.yaml", "d/e.yaml"]);
  });

  it("applies ignore globs and exclusions", async () => {
    const reader = memoryReader({ "a.yaml": "openapi: 3.0.0\n", "v/b.yaml": "swagger: '2.0'\n", "out/c.yaml": "openapi: 3.0.0\n", "p.proto": "service P {}\n" });
    const found = await discoverSpecs(reader, ["a.yaml", "v/b.yaml", "out/c.yaml", "p.proto", "missing.yaml"], { ignore: ["v/**"], exclude: (f) => f.startsWith("out/") });
    expect(found).toEqual([
      { path: "a.yaml", kind: "openapi" },
      { path: "p.proto", kind: "proto", services: ["P"] },
    ]);
  });
});
