/**
 * Inputs that must fail clearly (a message that says what is wrong, and the
 * file, line/column or JSON pointer where) or must be survived: malformed
 * text, alias bombs, huge specs, references that would read outside the
 * repository or fetch from the network.
 */
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync, openSync, writeSync, closeSync, statSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { SpecError, type Diagnostic } from "../../src/model/diagnostic.js";
import { fsReader, memoryReader, type SourceReader } from "../../src/files/reader.js";
import { openApiRoutes } from "../../src/sources/openapi.js";

async function specError(run: Promise<unknown>): Promise<Diagnostic> {
  const err = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, "expected a SpecError").toBeInstanceOf(SpecError);
  return (err as SpecError).diagnostic;
}

function routesOf(files: Record<string, string | Buffer>, root = "spec.yaml") {
  return openApiRoutes(memoryReader(files), root);
}

const tempDirs: string[] = [];
function tempRepo(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "openapi-hostile-"));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});

describe("malformed files", () => {
  it("malformed YAML names the line and column", async () => {
    const d = await specError(routesOf({ "spec.yaml": 'openapi: 3.0.0\npaths:\n  /a:\n    get: "x" y\n' }));
    expect(d.message).toMatch(/^invalid YAML: /);
    expect(d).toMatchObject({ file: "spec.yaml", line: 4, column: 14 });
  });

  it("malformed JSON names the line and column", async () => {
    const text = '{\n  "openapi": "3.0.0",\n  "paths": {\n    "/a": {"get": {}}\n  }\n  "x": 1\n}\n';
    const d = await specError(routesOf({ "spec.json": text }, "spec.json"));
    expect(d.message).toMatch(/^invalid JSON: .*after property value/);
    expect(d).toMatchObject({ file: "spec.json", line: 6, column: 3 });
  });

  it("a YAML alias bomb (billion laughs) is refused, not expanded", async () => {
    const levels = "abcdefghi".split("");
    const lines = ['openapi: 3.0.0', 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < levels.length; i++) {
      const prev = levels[i - 1]!;
      lines.push(`${levels[i]}: &${levels[i]} [${Array(10).fill(`*${prev}`).join(",")}]`);
    }
    lines.push("paths:", "  /a:", "    get: {}");
    const d = await specError(routesOf({ "spec.yaml": lines.join("\n") + "\n" }));
    expect(d.message).toMatch(/^refused: the YAML expands too many aliases/);
    expect(d.file).toBe("spec.yaml");
  });

  it("an alias bomb in a $ref'd file is refused the same way", async () => {
    const bomb = ['x: &x ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (const [n, p] of [["y", "x"], ["z", "y"], ["w", "z"], ["v", "w"], ["u", "v"]]) bomb.push(`${n}: &${n} [${Array(10).fill(`*${p}`).join(",")}]`);
    bomb.push("item:", "  get: {}");
    const d = await specError(
      routesOf({ "spec.yaml": "openapi: 3.0.0\npaths:\n  /a:\n    $ref: 'item.yaml#/item'\n", "item.yaml": bomb.join("\n") + "\n" }),
    );
    expect(d.message).toMatch(/^refused: the YAML expands too many aliases/);
    expect(d.message).toContain("spec.yaml#/paths/~1a/$ref");
    expect(d.file).toBe("item.yaml");
  });

  it("non-UTF-8 bytes are an error at their line and column", async () => {
    const bytes = Buffer.concat([Buffer.from("openapi: 3.0.0\npaths:\n  /caf"), Buffer.from([0xe9]), Buffer.from(":\n    get: {}\n")]);
    const d = await specError(routesOf({ "spec.yaml": bytes }));
    expect(d.message).toMatch(/not valid UTF-8 \(byte 0xe9/);
    expect(d).toMatchObject({ file: "spec.yaml", line: 3, column: 7 });
  });

  it("an empty file is an error", async () => {
    const d = await specError(routesOf({ "spec.yaml": "  \n\n" }));
    expect(d).toMatchObject({ file: "spec.yaml", message: "file is empty" });
  });

  it("a missing spec file is an error that names it", async () => {
    const d = await specError(routesOf({ "other.yaml": "openapi: 3.0.0\n" }, "api/spec.yaml"));
    expect(d.message).toBe('spec file "api/spec.yaml" does not exist in memory');
    expect(d.file).toBe("api/spec.yaml");
  });
});

describe("documents that are not OpenAPI or Swagger", () => {
  it("a Kubernetes manifest is refused as neither", async () => {
    const d = await specError(routesOf({ "svc.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: 80\n" }, "svc.yaml"));
    expect(d.message).toBe('not an OpenAPI or Swagger document: it has no "openapi" or "swagger" field (it looks like a Kubernetes Service manifest)');
    expect(d.file).toBe("svc.yaml");
    expect(d.hint).toMatch(/openapi: 3\.0\.3/);
  });

  it("a top-level list or scalar is refused", async () => {
    const d = await specError(routesOf({ "spec.yaml": "- openapi: 3.0.0\n" }));
    expect(d.message).toMatch(/^not an OpenAPI or Swagger document: the top level is a list/);
    const s = await specError(routesOf({ "spec.yaml": "just text\n" }));
    expect(s.message).toMatch(/the top level is the string "just text"/);
  });

  it("unsupported versions are refused with the version found", async () => {
    const swagger = await specError(routesOf({ "spec.yaml": 'swagger: "1.2"\npaths: {}\n' }));
    expect(swagger).toMatchObject({ message: 'unsupported Swagger version "1.2"; only "2.0" is supported', pointer: "/swagger" });
    const openapi = await specError(routesOf({ "spec.yaml": "openapi: 4.0.0\npaths: {}\n" }));
    expect(openapi).toMatchObject({ message: 'unsupported OpenAPI version "4.0.0"; 3.0 and 3.1 are supported', pointer: "/openapi" });
  });

  it("accepts unquoted version numbers that YAML reads as numbers", async () => {
    const r = await routesOf({ "spec.yaml": "swagger: 2.0\npaths:\n  /a:\n    get: {}\n" });
    expect(r.routes.map((x) => x.name)).toEqual(["GET /a"]);
    const o = await routesOf({ "spec.yaml": "openapi: 3.1\npaths:\n  /a:\n    get: {}\n" });
    expect(o.routes.map((x) => x.name)).toEqual(["GET /a"]);
  });
});

describe("x-linkerd-* values of the wrong kind", () => {
  it("an unparsable timeout names file, pointer and line", async () => {
    const d = await specError(routesOf({ "spec.yaml": "openapi: 3.0.0\npaths:\n  /a:\n    get:\n      x-linkerd-timeout: 10 seconds\n" }));
    expect(d.message).toBe('x-linkerd-timeout must be a Go duration string, not the string "10 seconds" (time: unknown unit " seconds" in duration "10 seconds")');
    expect(d).toMatchObject({ file: "spec.yaml", pointer: "/paths/~1a/get/x-linkerd-timeout", line: 5 });
    expect(d.hint).toMatch(/300ms/);
  });

  it("a non-boolean retryable names file, pointer and line, with the key as written", async () => {
    const d = await specError(routesOf({ "spec.yaml": 'openapi: 3.0.0\npaths:\n  /a:\n    X-Linkerd-Retryable: "yes"\n    get: {}\n' }));
    expect(d.message).toBe('X-Linkerd-Retryable must be true or false, not the string "yes"');
    expect(d).toMatchObject({ file: "spec.yaml", pointer: "/paths/~1a/X-Linkerd-Retryable", line: 4 });
  });

  it("a numeric timeout at the document level is refused too", async () => {
    const d = await specError(routesOf({ "spec.yaml": "openapi: 3.0.0\nx-linkerd-timeout: 10\npaths: {}\n" }));
    expect(d.message).toBe("x-linkerd-timeout must be a Go duration string, not the number 10");
    expect(d).toMatchObject({ file: "spec.yaml", pointer: "/x-linkerd-timeout", line: 2 });
  });

  it("a bad value in a $ref'd file is placed in that file", async () => {
    const d = await specError(
      routesOf({
        "api/spec.yaml": "openapi: 3.0.0\npaths:\n  /a:\n    $ref: 'paths/a.yaml#/a'\n",
        "api/paths/a.yaml": "a:\n  get:\n    x-linkerd-retryable: 1\n",
      }, "api/spec.yaml"),
    );
    expect(d.message).toBe("x-linkerd-retryable must be true or false, not the number 1");
    expect(d).toMatchObject({ file: "api/paths/a.yaml", pointer: "/a/get/x-linkerd-retryable", line: 3 });
  });
});

describe("$refs that must not be followed", () => {
  for (const url of ["http://example.com/paths.yaml#/a", "https://example.com/paths.yaml#/a", "//example.com/paths.yaml", "file:///etc/passwd"]) {
    it(`refuses a network reference: ${url}`, async () => {
      const d = await specError(routesOf({ "spec.yaml": `openapi: 3.0.0\npaths:\n  /a:\n    get:\n      $ref: '${url}'\n` }));
      expect(d.message).toBe(`refused: $ref "${url}" is a network reference`);
      expect(d).toMatchObject({ file: "spec.yaml", pointer: "/paths/~1a/get/$ref", line: 5 });
    });
  }

  it("refuses a path that leaves the repository", async () => {
    const d = await specError(
      routesOf({ "api/spec.yaml": "openapi: 3.0.0\npaths:\n  /a:\n    $ref: '../../outside.yaml#/a'\n", "outside.yaml": "a:\n  get: {}\n" }, "api/spec.yaml"),
    );
    expect(d.message).toBe('refused: $ref "../../outside.yaml#/a" leaves the repository');
    expect(d).toMatchObject({ file: "api/spec.yaml", pointer: "/paths/~1a/$ref", line: 4 });
  });

  it("refuses an absolute path", async () => {
    const d = await specError(routesOf({ "spec.yaml": "openapi: 3.0.0\npaths:\n  /a:\n    $ref: '/etc/openapi.yaml#/a'\n" }));
    expect(d.message).toBe('refused: $ref "/etc/openapi.yaml#/a" is an absolute path');
    expect(d.pointer).toBe("/paths/~1a/$ref");
  });

  it("refuses a $ref through a symlink that points outside the repository", async () => {
    const outside = tempRepo();
    writeFileSync(path.join(outside, "secret.yaml"), "a:\n  get: {}\n");
    const repo = tempRepo();
    mkdirSync(path.join(repo, "api"));
    symlinkSync(path.join(outside, "secret.yaml"), path.join(repo, "api", "linked.yaml"));
    writeFileSync(path.join(repo, "api", "spec.yaml"), "openapi: 3.0.0\npaths:\n  /a:\n    $ref: './linked.yaml#/a'\n");
    const d = await specError(openApiRoutes(fsReader(repo), "api/spec.yaml"));
    expect(d.message).toMatch(/^refused: \$ref "\.\/linked\.yaml#\/a" cannot be read: "api\/linked\.yaml" is a symbolic link to ".*secret\.yaml", outside the repository$/);
    expect(d).toMatchObject({ file: "api/spec.yaml", pointer: "/paths/~1a/$ref", line: 4 });
  });

  it("refuses a spec file that is itself a symlink out of the repository", async () => {
    const outside = tempRepo();
    writeFileSync(path.join(outside, "spec.yaml"), "openapi: 3.0.0\npaths: {}\n");
    const repo = tempRepo();
    symlinkSync(path.join(outside, "spec.yaml"), path.join(repo, "spec.yaml"));
    const d = await specError(openApiRoutes(fsReader(repo), "spec.yaml"));
    expect(d.message).toMatch(/^"spec\.yaml" is a symbolic link to .*, outside the repository$/);
  });

  it("a $ref to a missing file names the $ref and the file it resolved to", async () => {
    const d = await specError(routesOf({ "api/spec.yaml": "openapi: 3.0.0\npaths:\n  /a:\n    $ref: './paths/missing.yaml#/a'\n" }, "api/spec.yaml"));
    expect(d.message).toBe('$ref "./paths/missing.yaml#/a" names "api/paths/missing.yaml", which does not exist in memory');
    expect(d).toMatchObject({ file: "api/spec.yaml", pointer: "/paths/~1a/$ref", line: 4 });
  });

  it("a $ref to a missing pointer names the $ref (local)", async () => {
    const d = await specError(routesOf({ "spec.yaml": "openapi: 3.0.0\npaths:\n  /a:\n    get:\n      responses:\n        $ref: '#/components/responses/Nope'\ncomponents:\n  responses: {}\n" }));
    expect(d.message).toBe('$ref "#/components/responses/Nope" points to nothing: "spec.yaml" has no value at /components/responses/Nope');
    expect(d).toMatchObject({ file: "spec.yaml", pointer: "/paths/~1a/get/responses/$ref", line: 6 });
  });

  it("a $ref to a missing pointer names the $ref (in another file)", async () => {
    const d = await specError(routesOf({ "spec.yaml": "openapi: 3.0.0\npaths:\n  /a:\n    $ref: 'items.yaml#/nope'\n", "items.yaml": "item:\n  get: {}\n" }));
    expect(d.message).toBe('$ref "items.yaml#/nope" points to nothing: "items.yaml" has no value at /nope');
    expect(d).toMatchObject({ file: "spec.yaml", pointer: "/paths/~1a/$ref", line: 4 });
  });

  it("malformed YAML in a $ref'd file is placed in that file", async () => {
    const d = await specError(routesOf({ "spec.yaml": "openapi: 3.0.0\npaths:\n  /a:\n    $ref: 'items.yaml#/item'\n", "items.yaml": 'item:\n  get: "x" y\n' }));
    expect(d.message).toMatch(/^invalid YAML: .*\(in the file that the \$ref at spec\.yaml#\/paths\/~1a\/\$ref names\)$/);
    expect(d).toMatchObject({ file: "items.yaml", line: 2, column: 12 });
  });

  it("circular $refs are an error, not a hang", async () => {
    const d = await specError(routesOf({ "spec.yaml": "openapi: 3.0.0\npaths:\n  /a:\n    $ref: '#/paths/~1b'\n  /b:\n    $ref: '#/paths/~1a'\n" }));
    expect(d.message).toMatch(/is circular/);
    expect(d.file).toBe("spec.yaml");
    const ext = await specError(
      routesOf({ "spec.yaml": "openapi: 3.0.0\npaths:\n  /a:\n    $ref: 'x.yaml#/p'\n", "x.yaml": "p:\n  $ref: 'y.yaml#/p'\n", "y.yaml": "p:\n  $ref: 'x.yaml#/p'\n" }),
    );
    expect(ext.message).toMatch(/is circular/);
  });

  it("circular $refs in schemas the generator never walks are harmless", async () => {
    const r = await routesOf({
      "spec.yaml": "openapi: 3.0.0\npaths:\n  /a:\n    $ref: 'items.yaml#/item'\ncomponents:\n  schemas:\n    Node:\n      $ref: 'schemas.yaml#/Node'\n",
      "items.yaml": "item:\n  get: {}\n",
      "schemas.yaml": "Node:\n  type: object\n  properties:\n    next:\n      $ref: '#/Node'\n    other:\n      $ref: 'spec.yaml#/components/schemas/Node'\n",
    });
    expect(r.routes.map((x) => x.name)).toEqual(["GET /a"]);
    expect(r.inputs).toEqual(["spec.yaml", "items.yaml", "schemas.yaml"]);
  });
});

describe("nothing is fetched", () => {
  it("network references anywhere are never fetched, and only refused when the generator needs them", async () => {
    const fetchSpy = vi.fn(() => Promise.reject(new Error("fetch must not be called")));
    vi.stubGlobal("fetch", fetchSpy);
    try {
      const files = {
        "spec.yaml": [
          "openapi: 3.0.0",
          "paths:",
          "  /a:",
          "    $ref: 'items.yaml#/item'",
          "components:",
          "  schemas:",
          "    Remote:",
          "      $ref: 'https://example.com/schemas.yaml#/Remote'",
          "    Other:",
          "      $ref: 'http://127.0.0.1:9/x.yaml'",
        ].join("\n"),
        "items.yaml": "item:\n  get:\n    responses:\n      '200':\n        $ref: 'https://example.com/responses.yaml#/ok'\n",
      };
      const r = await openApiRoutes(countingReader(files), "spec.yaml");
      expect(r.routes.map((x) => [x.name, x.statusClasses.length])).toEqual([["GET /a", 1]]);
      expect(r.inputs).toEqual(["spec.yaml", "items.yaml"]);
      expect(fetchSpy).not.toHaveBeenCalled();
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

/** A reader that fails the test if asked for anything that is not a repository path it holds. */
function countingReader(files: Record<string, string>): SourceReader {
  const inner = memoryReader(files);
  return {
    label: "memory",
    async read(p: string) {
      expect(Object.keys(files)).toContain(p);
      return inner.read(p);
    },
  };
}

describe("a 50 MB spec", () => {
  it("is handled without blowing up memory", async () => {
    const repo = tempRepo();
    const file = path.join(repo, "big.json");
    const fd = openSync(file, "w");
    const padding = "x".repeat(2400);
    const paths = 20_000;
    writeSync(fd, '{"openapi":"3.0.3","info":{"title":"big","version":"1"},"servers":[{"url":"/big"}],"paths":{');
    for (let i = 0; i < paths; i++) {
      const item = {
        get: { description: padding, responses: { "200": { description: "ok", content: { "application/json": { schema: { $ref: "#/components/schemas/S" } } } }, "503": { description: "down" } } },
        post: { responses: { "201": { description: "created" } } },
      };
      writeSync(fd, `${i ? "," : ""}${JSON.stringify(`/items/${i}/{id}`)}:${JSON.stringify(item)}`);
    }
    writeSync(fd, '},"components":{"schemas":{"S":{"type":"object"}}}}');
    closeSync(fd);
    expect(statSync(file).size).toBeGreaterThan(50 * 1024 * 1024);

    const before = process.memoryUsage().rss;
    const r = await openApiRoutes(fsReader(repo), "big.json");
    const grown = process.memoryUsage().rss - before;
    expect(r.routes).toHaveLength(paths * 2);
    expect(r.routes[0]!.name).toBe("GET /big/items/0/{id}");
    expect(r.routes[0]!.statusClasses).toEqual([
      { min: 200, max: 200, isFailure: false },
      { min: 503, max: 503, isFailure: true },
    ]);
    expect(grown).toBeLessThan(1.5 * 1024 ** 3);
  });
});
