/**
 * The OpenAPI source's pieces, one rule at a time, and what the golden files
 * cannot show: origins, inputs, warnings, and the Route values themselves.
 */
import { describe, expect, it } from "vitest";
import { memoryReader } from "../../src/files/reader.js";
import { compileFullMatch } from "../../src/matching/proxy-regex.js";
import { compareBytes, openApiRoutes } from "../../src/sources/openapi.js";
import { joinBasePath, normalizeBasePath, serverUrlPath, substituteServerVariables } from "../../src/sources/openapi/base-path.js";
import { statusClassesFor } from "../../src/sources/openapi/responses.js";
import { nearMisses, templateMatches } from "./template-oracle.js";

describe("compareBytes (Go sort.Strings order)", () => {
  it("orders by UTF-8 bytes, not by locale", () => {
    const keys = ["/b", "/a/b", "/a-b", "/A", "/a", "/é", "/Z", "/~"];
    expect([...keys].sort(compareBytes)).toEqual(["/A", "/Z", "/a", "/a-b", "/a/b", "/b", "/~", "/é"]);
    // Locale order ignores punctuation and case first; byte order does not.
    expect([...keys].sort((x, y) => x.localeCompare(y))).not.toEqual([...keys].sort(compareBytes));
  });

  it("puts characters outside the BMP after U+FFxx, as UTF-8 does (UTF-16 order would not)", () => {
    const emoji = "/\u{1F600}";
    const fullwidth = "/\uFF5E";
    expect(emoji < fullwidth).toBe(true); // what a plain JS comparison says
    expect(compareBytes(emoji, fullwidth)).toBeGreaterThan(0);
    expect(Buffer.compare(Buffer.from(emoji), Buffer.from(fullwidth))).toBeGreaterThan(0);
  });

  it("agrees with Buffer.compare on mixed strings", () => {
    const samples = ["", "/", "/a", "/a\u0000", "/\u00ff", "/\u0100", "/\ud7ff", "/\ue000", "/\uffff", "/\u{10000}", "/\u{10FFFF}", "/\u{1F600}x", "/\u{1F600}"];
    for (const a of samples) {
      for (const b of samples) {
        expect(Math.sign(compareBytes(a, b)), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`).toBe(Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b))));
      }
    }
  });
});

describe("base paths", () => {
  it("joins as Linkerd does: every trailing / of the base, every leading / of the key", () => {
    expect(joinBasePath("", "/books")).toBe("/books");
    expect(joinBasePath("/v1", "/books")).toBe("/v1/books");
    expect(joinBasePath("/v1/", "/books")).toBe("/v1/books");
    expect(joinBasePath("/", "/")).toBe("/");
    expect(joinBasePath("/v1", "/")).toBe("/v1/");
  });

  it("takes the path part of a server URL", () => {
    expect(serverUrlPath("https://api.example.com/v2/")).toBe("/v2/");
    expect(serverUrlPath("https://api.example.com")).toBe("");
    expect(serverUrlPath("http://localhost:8080/a/b?x=1#frag")).toBe("/a/b");
    expect(serverUrlPath("//cdn.example.com/v1")).toBe("/v1");
    expect(serverUrlPath("/v1")).toBe("/v1");
    expect(serverUrlPath("v1")).toBe("/v1");
    expect(serverUrlPath("./v1")).toBe("/v1");
    expect(serverUrlPath("/")).toBe("/");
    expect(serverUrlPath("")).toBe("");
  });

  it("keeps characters a URL parser would percent-encode", () => {
    expect(serverUrlPath("https://h/{tenant}/a b")).toBe("/{tenant}/a b");
  });

  it("normalises a user base path", () => {
    expect(normalizeBasePath("internal")).toBe("/internal");
    expect(normalizeBasePath("/internal/")).toBe("/internal/");
    expect(normalizeBasePath("")).toBe("");
  });

  it("substitutes server variables by their defaults and reports the ones without", () => {
    const missing: string[] = [];
    const url = substituteServerVariables("{scheme}://h/{v}/{x}/{n}", { scheme: { default: "https" }, v: { default: "v1" }, n: { default: 2 }, x: {} }, (n) => missing.push(n));
    expect(url).toBe("https://h/v1/{x}/2");
    expect(missing).toEqual(["x"]);
  });
});

describe("status classes", () => {
  it("exact codes ascending, then ranges ascending; default and junk ignored", () => {
    const r = statusClassesFor(["default", "5XX", "404", "200", "2xx", "x-foo", "500", "6XX", "20"]);
    expect(r.classes).toEqual([
      { min: 200, max: 200, isFailure: false },
      { min: 404, max: 404, isFailure: false },
      { min: 500, max: 500, isFailure: true },
      { min: 200, max: 299, isFailure: false },
      { min: 500, max: 599, isFailure: true },
    ]);
    expect(r.outOfRange).toEqual(["20"]);
  });

  it("counts duplicate spellings once", () => {
    expect(statusClassesFor(["200", "0200", "5xx", "5XX"]).classes).toEqual([
      { min: 200, max: 200, isFailure: false },
      { min: 500, max: 599, isFailure: true },
    ]);
  });

  it("no keys, no classes", () => {
    expect(statusClassesFor([]).classes).toEqual([]);
  });
});

describe("the template oracle used by the regex checks", () => {
  it("is independent of the regex and catches an unescaped metacharacter", () => {
    expect(templateMatches("/a+b", "/a+b")).toBe(true);
    expect(templateMatches("/a+b", "/aab")).toBe(false);
    expect(templateMatches("/books/{id}.json", "/books/42.json")).toBe(true);
    expect(templateMatches("/books/{id}.json", "/books/4/2.json")).toBe(false);
    expect(templateMatches("/{a}-{b}", "/x-y-z")).toBe(true);
    const unescaped = compileFullMatch("/a+b")!;
    expect(nearMisses("/a+b").some((p) => unescaped.test(p) !== templateMatches("/a+b", p))).toBe(true);
  });
});

describe("openApiRoutes", () => {
  it("builds Route values with origins in the file each operation really lives in", async () => {
    const reader = memoryReader({
      "api/spec.yaml": "openapi: 3.0.0\npaths:\n  /a:\n    $ref: 'paths/a.yaml#/a'\n  /b:\n    get:\n      $ref: '#/x-ops/b'\nx-ops:\n  b: {}\n",
      "api/paths/a.yaml": "a:\n  post:\n    x-linkerd-retryable: false\n",
    });
    const r = await openApiRoutes(reader, "api/spec.yaml");
    expect(r.routes).toEqual([
      {
        name: "POST /a",
        match: { kind: "http", method: "POST", pathTemplate: "/a", pathRegex: "/a" },
        statusClasses: [],
        isRetryable: false,
        origin: { file: "api/paths/a.yaml", pointer: "/a/post" },
      },
      {
        name: "GET /b",
        match: { kind: "http", method: "GET", pathTemplate: "/b", pathRegex: "/b" },
        statusClasses: [],
        origin: { file: "api/spec.yaml", pointer: "/x-ops/b" },
      },
    ]);
    expect(r.inputs).toEqual(["api/spec.yaml", "api/paths/a.yaml"]);
    expect(r.warnings).toEqual([]);
  });

  it("lets the siblings of a path item $ref override the referenced item", async () => {
    const r = await openApiRoutes(
      memoryReader({
        "spec.yaml": "openapi: 3.1.0\npaths:\n  /a:\n    $ref: '#/components/pathItems/a'\n    x-linkerd-timeout: 1s\n    servers: [{url: /local}]\ncomponents:\n  pathItems:\n    a:\n      x-linkerd-timeout: 9s\n      x-linkerd-retryable: true\n      servers: [{url: /shared}]\n      get: {}\n",
      }),
      "spec.yaml",
    );
    expect(r.routes.map((x) => [x.name, x.timeout, x.isRetryable])).toEqual([["GET /local/a", "1s", true]]);
  });

  it("follows a pointer that passes through a $ref", async () => {
    const r = await openApiRoutes(
      memoryReader({
        "spec.yaml": "openapi: 3.0.0\npaths:\n  /a:\n    $ref: '#/x-items/alias/get'\n  /b:\n    get:\n      $ref: '#/x-items/alias/get'\nx-items:\n  alias:\n    $ref: '#/x-items/real'\n  real:\n    get:\n      responses: {'204': {}}\n",
      }),
      "spec.yaml",
    );
    // /a's path item is the operation object itself (no methods); /b's get is the real get.
    expect(r.routes.map((x) => [x.name, x.origin?.pointer, x.statusClasses.length])).toEqual([["GET /b", "/x-items/real/get", 1]]);
  });

  it("warns about numeric response keys that are not HTTP statuses", async () => {
    const r = await openApiRoutes(memoryReader({ "spec.yaml": "openapi: 3.0.0\npaths:\n  /a:\n    get:\n      responses:\n        '200': {}\n        '999': {}\n" }), "spec.yaml");
    expect(r.routes[0]!.statusClasses).toEqual([{ min: 200, max: 200, isFailure: false }]);
    expect(r.warnings).toEqual([
      expect.objectContaining({ severity: "warning", file: "spec.yaml", pointer: "/paths/~1a/get/responses/999", message: expect.stringContaining('"999" is not an HTTP status') }),
    ]);
  });

  it("ignores Swagger 2 servers-like keys and OpenAPI 3 basePath", async () => {
    const s = await openApiRoutes(memoryReader({ "s.yaml": "swagger: '2.0'\nbasePath: /v1\nservers: [{url: /nope}]\npaths:\n  /a:\n    get: {}\n" }), "s.yaml");
    expect(s.routes[0]!.name).toBe("GET /v1/a");
    const o = await openApiRoutes(memoryReader({ "o.yaml": "openapi: 3.0.0\nbasePath: /nope\npaths:\n  /a:\n    get: {}\n" }), "o.yaml");
    expect(o.routes[0]!.name).toBe("GET /a");
  });

  it("gives a spec without paths no routes, and says so", async () => {
    const r = await openApiRoutes(memoryReader({ "spec.yaml": "openapi: 3.1.0\nwebhooks:\n  x:\n    post: {}\n" }), "spec.yaml");
    expect(r).toMatchObject({ routes: [], inputs: ["spec.yaml"], warnings: [{ severity: "warning", message: "the spec has no paths, so it makes no routes", file: "spec.yaml", line: 1 }] });
    const empty = await openApiRoutes(memoryReader({ "spec.yaml": "openapi: 3.0.3\npaths: {}\n" }), "spec.yaml");
    expect(empty.warnings).toMatchObject([{ message: "paths has no entries, so the spec makes no routes", pointer: "/paths" }]);
  });

  it("refuses an operation that is not an object, at its place", async () => {
    await expect(openApiRoutes(memoryReader({ "spec.yaml": "openapi: 3.0.0\npaths:\n  /a:\n    get: yes please\n" }), "spec.yaml")).rejects.toMatchObject({
      diagnostic: { message: 'the get operation must be an object, not the string "yes please"', file: "spec.yaml", pointer: "/paths/~1a/get", line: 4 },
    });
  });
});
