/**
 * Linear and bounded: input nested thousands deep is refused with its place
 * (never a stack overflow), warnings grow with the spec rather than with its
 * pairs of routes, and a long user-supplied string is shortened in every
 * report instead of repeated in full.
 */
import { describe, expect, it } from "vitest";
import { parseData } from "../../src/files/parse.js";
import { MAX_NESTING } from "../../src/files/nesting.js";
import { SpecError } from "../../src/model/diagnostic.js";
import { fitMarkdown, shorten } from "../../src/model/shorten.js";
import { capAnnotations, diagnosticAnnotation, verificationAnnotations } from "../../src/action/annotations.js";
import type { ProfileDiff } from "../../src/diff/routes.js";
import { COMMENT_BODY_LIMIT, withMarker } from "../../src/github/comment.js";
import { verifyRecording, type ServiceProfile } from "../../src/index.js";
import { BOUND_MS, cli, tempRepo } from "./helpers.js";

const DEEP = 2_000;

/** A ServiceProfile whose one route's condition nests `depth` all/any/not deep. */
function deepProfile(depth: number): string {
  let condition: unknown = { method: "GET" };
  for (let i = 0; i < depth; i++) condition = i % 3 === 0 ? { all: [condition] } : i % 3 === 1 ? { any: [condition] } : { not: condition };
  return JSON.stringify({
    apiVersion: "linkerd.io/v1alpha2",
    kind: "ServiceProfile",
    metadata: { name: "books.booksapp.svc.cluster.local", namespace: "booksapp" },
    spec: { routes: [{ name: "deep", condition }] },
  });
}

const TAP = 'req id=1:0 proxy=in src=10.0.0.1:1 dst=10.0.0.2:8080 tls=true :method=GET :authority=books.booksapp.svc.cluster.local:8080 :path=/books dst_pod=x\n';

function specError(f: () => unknown): SpecError {
  try {
    f();
  } catch (err) {
    if (err instanceof SpecError) return err;
    throw err;
  }
  throw new Error("expected a SpecError");
}

describe("deep nesting is refused with its place, in every reader", () => {
  it("a condition 2,000 deep: migrate, verify --profile and profile --merge name the file and pointer", async () => {
    const repo = tempRepo({ files: { "deep.json": deepProfile(DEEP), "rec.tap": TAP, "api/books.yaml": 'openapi: 3.0.0\ninfo: {title: t, version: "1"}\npaths:\n  /books:\n    get:\n      responses: {"200": {description: ok}}\n' } });
    for (const args of [
      ["migrate", "deep.json"],
      ["verify", "--profile", "deep.json", "--tap", "rec.tap"],
      ["profile", "--tap", "rec.tap", "--merge", "deep.json", "-n", "booksapp", "books"],
    ]) {
      const r = await cli(repo, ...args);
      expect(r.code, args.join(" ")).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/^error: deep\.json:1:\d+: refused: the document nests more than 256 levels deep \(at \/spec\/routes\/0\/condition\/any\/0\/all\/0\/not\/.*…\(\d+ chars\)\)\n {2}hint: /);
      expect(r.stderr).not.toMatch(/call stack/);
    }
  }, BOUND_MS);

  it("sync reading a spec of 100,000 nested flow sequences fails at its line and column", async () => {
    const deep = "[".repeat(100_000) + "]".repeat(100_000);
    const repo = tempRepo({
      files: {
        "serviceprofile-sync.yaml": "output: deploy\nservices:\n  - name: books\n    namespace: booksapp\n    openapi: api/books.yaml\n",
        "api/books.yaml": `openapi: 3.0.0\ninfo: {title: t, version: "1"}\nx-deep: ${deep}\npaths: {}\n`,
      },
    });
    const r = await cli(repo, "sync");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/api\/books\.yaml:3:\d+: refused: the document nests more than 256 levels deep \(at \/x-deep\/0\/0\//);
    expect(r.stderr).not.toMatch(/call stack/);
  }, BOUND_MS);

  it("a config nested deeply in block style is refused at its line", async () => {
    let text = "output: deploy\nservices: []\nx:\n";
    for (let i = 1; i <= 600; i++) text += `${" ".repeat(i)}k:\n`;
    const repo = tempRepo({ files: { "serviceprofile-sync.yaml": text + " ".repeat(601) + "v\n" } });
    const r = await cli(repo, "sync");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/serviceprofile-sync\.yaml:\d+:\d+: refused: the document nests more than 256 levels deep \(at \/x\/k\/k\/k/);
  }, BOUND_MS);

  it("a config whose alias names its own ancestor is refused, not walked forever", async () => {
    const repo = tempRepo({ files: { "serviceprofile-sync.yaml": "output: deploy\nservices: []\nx: &loop [*loop]\n" } });
    const r = await cli(repo, "sync");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: serviceprofile-sync\.yaml: refused: a YAML alias names a mapping or list that holds the alias itself, so the value never ends \(at \/x\)/);
  }, BOUND_MS);

  it("JSON (read by JSON.parse) and a self-referencing YAML alias are refused the same way", () => {
    const json = specError(() => parseData(`{"a": ${"[".repeat(50_000)}${"]".repeat(50_000)}}`, "deep.json"));
    expect(json.diagnostic.pointer).toMatch(/^\/a\/0\/0\/.*…\(\d+ chars\)$/);
    expect([json.diagnostic.line, json.diagnostic.column]).toEqual([1, 7 + MAX_NESTING - 1]);
    const cycle = specError(() => parseData("a: &x [*x]\n", "cycle.yaml"));
    expect(cycle.message).toMatch(/a YAML alias names a mapping or list that holds the alias itself/);
    expect(cycle.diagnostic.pointer).toBe("/a");
  }, BOUND_MS);

  it("nesting up to the limit is read", () => {
    const depth = MAX_NESTING - 1; // plus the top-level mapping
    const value = parseData(`a: ${"[".repeat(depth)}${"]".repeat(depth)}\n`, "ok.yaml") as { a: unknown[] };
    expect(Array.isArray(value.a)).toBe(true);
    expect(() => parseData(`a: ${"[".repeat(depth + 1)}${"]".repeat(depth + 1)}\n`, "deep.yaml")).toThrow(/nests more than/);
  }, BOUND_MS);

  it("the library's verifyRecording refuses a profile object nested 2,000 deep", async () => {
    const profile = JSON.parse(deepProfile(DEEP)) as ServiceProfile;
    await expect(verifyRecording(profile, TAP, { profileFile: "deep.json" })).rejects.toThrow(/^refused: the document nests more than 256 levels deep$/);
  }, BOUND_MS);

  it("a KRM ResourceList nested 10,000 deep is refused at its place", async () => {
    const repo = tempRepo({ noGit: true });
    const { runCliInProcess } = await import("../helpers/cli.js");
    const r = await runCliInProcess(["kustomize", "fn"], repo.dir, { stdin: `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: ${"[".repeat(10_000)}${"]".repeat(10_000)}\n` });
    // A KRM function answers with a ResourceList whose results carry the error.
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/severity: error/);
    expect(r.stdout).toMatch(/refused: the document nests more than 256 levels deep/);
  }, BOUND_MS);

  it("a chain of 10,000 $refs is refused as a chain, and a 10,000-long cycle ends", async () => {
    const chain = (cyclic: boolean) => {
      let s = 'openapi: 3.0.0\ninfo: {title: t, version: "1"}\npaths:\n  /books:\n    $ref: "#/x/p0"\nx:\n';
      for (let i = 0; i < 10_000; i++) s += `  p${i}: {$ref: "#/x/p${i + 1}"}\n`;
      s += cyclic ? '  p10000: {$ref: "#/x/p0"}\n' : '  p10000: {get: {responses: {"200": {description: ok}}}}\n';
      return s;
    };
    for (const cyclic of [false, true]) {
      const repo = tempRepo({ files: { "api.yaml": chain(cyclic) } });
      const r = await cli(repo, "profile", "--open-api", "api.yaml", "-n", "booksapp", "books");
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/api\.yaml:\d+:\d+: \$ref "#\/x\/p\d+" starts a chain of more than 64 \$refs/);
    }
  }, BOUND_MS);

  it("proto messages nested 5,000 deep are refused at the first brace too deep", async () => {
    let m = "";
    for (let i = 0; i < 5_000; i++) m += `message M${i} {\n`;
    const repo = tempRepo({ files: { "deep.proto": `syntax = "proto3";\npackage p;\n${m}${"}\n".repeat(5_001)}service S { rpc Get (M0) returns (M0); }\n` } });
    const r = await cli(repo, "profile", "--proto", "deep.proto", "-n", "p", "s");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: deep\.proto:3\d:\d+: refused: declarations nested too deeply/);
  }, BOUND_MS);
});

/** 150 routes /{a}/litN and 150 routes /litN/{b}: every pair across the two halves overlaps. */
function overlappingSpec(n: number): string {
  let s = 'openapi: 3.0.0\ninfo: {title: t, version: "1"}\npaths:\n';
  for (let i = 0; i < n / 2; i++) s += `  /{a}/lit${i}:\n    get:\n      responses: {"200": {description: ok}}\n  /lit${i}/{b}:\n    get:\n      responses: {"200": {description: ok}}\n`;
  return s;
}

describe("warnings grow with the spec, not with its pairs of routes", () => {
  it("300 overlapping templated paths: one warning for the group, five pairs named, the rest counted", async () => {
    const repo = tempRepo({ files: { "api.yaml": overlappingSpec(300) } });
    const r = await cli(repo, "routes", "--open-api", "api.yaml", "-n", "booksapp", "books");
    expect(r.code).toBe(0);
    const warnings = r.stderr.split("\n").filter((l) => l.includes("warning:"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/: 22440 pairs of routes in an overlap group of 300 routes can match the same request but cannot share one HTTPRoute; .*; and 22435 more pairs/);
    expect(r.stderr.length).toBeLessThan(2_000);
  }, BOUND_MS);

  it("a small group reads as one sentence naming every pair; a single pair keeps its own sentence", async () => {
    const op = (retry: boolean) => `    get:\n${retry ? "      x-linkerd-retryable: true\n" : ""}      responses: {"200": {description: ok}}\n`;
    // `new.{format}` is a segment pattern that does not cover `{id}`: no disjoint regex is built for it, so the pairs stay warned about.
    const spec = `openapi: 3.0.0\ninfo: {title: t, version: "1"}\npaths:\n  /books/{id}:\n${op(true)}  /books/new.{format}:\n${op(false)}  /books/top.{format}:\n${op(false)}  /authors/{id}:\n${op(true)}  /authors/new.{format}:\n${op(false)}`;
    const repo = tempRepo({ files: { "api.yaml": spec } });
    const r = await cli(repo, "routes", "--open-api", "api.yaml", "-n", "booksapp", "books");
    expect(r.stderr).toBe(
      'api.yaml: warning: service books: routes "GET /authors/new.{format}" and "GET /authors/{id}" can match the same request (e.g. GET /authors/new.) but cannot share one HTTPRoute (their retry or timeout annotations differ); Linkerd then picks between them by creationTimestamp and name, not as the ServiceProfile\'s first match ("GET /authors/new.{format}") did (at /paths/~1authors~1{id}/get)\n' +
        "  hint: give the two routes the same retry settings, or make their paths disjoint\n" +
        'api.yaml: warning: service books: 2 pairs of routes in an overlap group of 3 routes can match the same request but cannot share one HTTPRoute; Linkerd then picks between each pair by creationTimestamp and name, not as the ServiceProfile\'s first match did: "GET /books/new.{format}" before "GET /books/{id}" (e.g. GET /books/new.; their retry or timeout annotations differ); "GET /books/top.{format}" before "GET /books/{id}" (e.g. GET /books/top.; their retry or timeout annotations differ) (at /paths/~1books~1{id}/get)\n' +
        "  hint: give overlapping routes the same retry settings, or make their paths disjoint\n",
    );
  }, BOUND_MS);

  it("the warning text stays linear: 600 routes write no more than twice what 300 do", async () => {
    const sizes: number[] = [];
    for (const n of [300, 600]) {
      const repo = tempRepo({ files: { "api.yaml": overlappingSpec(n) } });
      sizes.push((await cli(repo, "routes", "--open-api", "api.yaml", "-n", "booksapp", "books")).stderr.length);
    }
    expect(sizes[1]!).toBeLessThanOrEqual(2 * sizes[0]!);
  }, BOUND_MS * 2);

  it("disjoint regexes stay within their budget: a route overlapping 5,000 earlier ones in other objects keeps its regex, warned about", async () => {
    let spec = 'openapi: 3.0.0\ninfo: {title: t, version: "1"}\npaths:\n  /items/{id}:\n    get:\n      x-linkerd-retryable: true\n      responses: {"200": {description: ok}}\n';
    for (let i = 0; i < 5_000; i++) spec += `  /items/literal-${i}:\n    get:\n      responses: {"200": {description: ok}}\n`;
    const repo = tempRepo({ files: { "api.yaml": spec } });
    const r = await cli(repo, "routes", "--open-api", "api.yaml", "-n", "booksapp", "books");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("value: ^/items/[^/]*$");
    expect(r.stderr).toMatch(/5000 pairs of routes in an overlap group of 5001 routes can match the same request but cannot share one HTTPRoute/);
  }, BOUND_MS);

  it("annotations: 5,000 warnings become ten per level, each message bounded by what it carries", () => {
    const many = Array.from({ length: 5_000 }, (_, i) => diagnosticAnnotation({ severity: "warning", message: `w${i}` }, "t"));
    const capped = capAnnotations([...many, ...many.map((a) => ({ ...a, level: "error" as const }))]);
    expect(capped.filter((a) => a.level === "warning")).toHaveLength(10);
    expect(capped.filter((a) => a.level === "error")).toHaveLength(10);
    expect(capped.find((a) => a.level === "error" && a.title === "4991 more")?.message).toBe("4991 more errors are listed in the job summary.");
  }, BOUND_MS);

  it("the annotation for requests that lose their route shortens a 100,000-character path", () => {
    const path = `/${"a".repeat(100_000)}`;
    const groups = [{ method: "GET", path, count: 1, example: path }];
    const profile = {
      profile: { serviceNamespace: "booksapp", service: "books", name: "books.booksapp.svc.cluster.local", path: "deploy/books.yaml" },
      verification: { requests: 1, matched: 0, unmatched: { requests: 1, groups }, newlyUnmatched: { requests: 1, groups }, neverHit: [], shadowed: [], recordings: [{ file: "rec.tap" }], problems: [] },
    } as unknown as ProfileDiff;
    const [a] = verificationAnnotations([profile]);
    expect(a!.message).toContain(`GET /${"a".repeat(199)}…(100001 chars) (1, e.g. /${"a".repeat(199)}…(100001 chars))`);
    expect(a!.message.length).toBeLessThan(1_000);
  }, BOUND_MS);

  it("a 10 MB comment body is cut under GitHub's limit, saying so", () => {
    const body = withMarker("<!-- m -->", "<details>\n\n```\n" + "x".repeat(100) + "\n".repeat(1) + ("| a | b |\n").repeat(1_000_000));
    expect(body.length).toBeLessThanOrEqual(COMMENT_BODY_LIMIT);
    expect(body).toMatch(/cut to fit GitHub's comment size limit/);
    expect(body.trimEnd().split("</details>").length).toBe(2);
  }, BOUND_MS);
});

describe("long user strings are shortened in every report", () => {
  it("shorten keeps the start and says how long the text was, never splitting a surrogate pair", () => {
    expect(shorten("abc", 5)).toBe("abc");
    expect(shorten("a".repeat(100_000))).toBe(`${"a".repeat(200)}…(100000 chars)`);
    expect(shorten(`${"a".repeat(199)}😀zz`)).toBe(`${"a".repeat(199)}…(203 chars)`);
  });

  it("fitMarkdown cuts at a line end and closes what it leaves open", () => {
    const text = fitMarkdown("<details>\n\n```\n" + "line\n".repeat(100_000), 65_536, "_cut_");
    expect(text.length).toBeLessThanOrEqual(65_536);
    expect(text).toMatch(/```\n<\/details>\n\n_cut_\n$/);
  });

  it("a 100,000-character unmatched path: verify prints it shortened, in text and markdown", async () => {
    const path = `/${"a".repeat(100_000)}`;
    const repo = tempRepo({
      files: {
        "profile.yaml": "apiVersion: linkerd.io/v1alpha2\nkind: ServiceProfile\nmetadata: {name: books.booksapp.svc.cluster.local, namespace: booksapp}\nspec:\n  routes:\n  - name: GET /books\n    condition: {method: GET, pathRegex: /books}\n",
        "rec.tap": TAP.replace(":path=/books", `:path=${path}`),
      },
    });
    for (const format of ["text", "markdown"]) {
      const r = await cli(repo, "verify", "--profile", "profile.yaml", "--tap", "rec.tap", "--format", format);
      expect(r.stdout).toContain("…(100001 chars)");
      expect(r.stdout.length).toBeLessThan(2_000);
    }
  }, BOUND_MS);

  it("verify --format markdown with 1,000 long routes stays under GitHub's comment limit and says what was cut", async () => {
    let routes = "";
    for (let i = 0; i < 1_000; i++) routes += `  - name: GET /books/${i}/${"x".repeat(100)}\n    condition: {method: GET, pathRegex: /books/${i}/${"x".repeat(100)}}\n`;
    const repo = tempRepo({
      files: {
        "profile.yaml": `apiVersion: linkerd.io/v1alpha2\nkind: ServiceProfile\nmetadata: {name: books.booksapp.svc.cluster.local, namespace: booksapp}\nspec:\n  routes:\n${routes}`,
        "rec.tap": TAP,
      },
    });
    const r = await cli(repo, "verify", "--profile", "profile.yaml", "--tap", "rec.tap", "--format", "markdown");
    expect(r.stdout.length).toBeLessThanOrEqual(65_536);
    expect(r.stdout).toMatch(/the rest of the report was cut to fit GitHub's comment size limit/);
  }, BOUND_MS * 2);
});
