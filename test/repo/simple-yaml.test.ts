import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { LineCounter, isNode, parseDocument } from "yaml";
import { parseSimpleYaml } from "../../src/repo/simple-yaml.js";
import { splitPointer } from "../../src/model/diagnostic.js";

/** What the `yaml` library makes of the text, with the options config.ts uses. */
function library(text: string) {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false, merge: true });
  return { doc, lines };
}

/** Whenever the fast reader answers, its value and item lines are the library's. */
function agrees(text: string): boolean {
  const fast = parseSimpleYaml(text);
  if (fast === undefined) return false;
  const { doc, lines } = library(text);
  expect(doc.errors.map((e) => e.message), text).toEqual([]);
  expect(fast.value, text).toStrictEqual(doc.toJS({ maxAliasCount: 1000 }));
  for (const [pointer, line] of fast.itemLines) {
    const node = doc.getIn(splitPointer(pointer), true);
    expect(isNode(node) && node.range ? lines.linePos(node.range[0]).line : undefined, `${pointer} in\n${text}`).toBe(line);
  }
  return true;
}

// A deterministic generator (no wall clock, no Math.random): same documents every run.
function rng(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return Math.floor((s / 2 ** 32) * n);
  };
}

const SCALARS = [
  "a", "books", "api/books.yaml", "GET /books/{id}", "5XX", "300ms", "10s", "true", "false", "True", "FALSE", "null", "Null", "~",
  "0", "1", "404", "007", "1.5", "0.2", "1.", ".5", "1e3", "1E-2", "0x1f", "0o17", "-1", "+1", "-.inf", ".nan", "a b", "a:b", "a: b",
  "a #b", "a#b", "a # b", "*a", "&a b", "!t x", "|", ">", "'q'", '"q"', "'it''s'", '"a\\nb"', '"a b: c # d"', "'x: y'", "[a, b]",
  "[ a , b ]", "{a: 1}", "{ status: 404, isFailure: false }", "{ status: { min: 500, max: 504 }, isFailure: true }", "[]", "{}",
  "[a, [b, c]]", "[a,]", "[a b, c]", "[a:b]", "{a: 1, a: 2}", "{a}", "{a:1}", "[vendor/**]", '["**/*.md"]', "[*a]", "{ a: [1, 2], b: {c: d} }",
  "<<", "__proto__", "-", "- x", "?", "? x", "%x", "a,b", "a]", "a}", "`x", "@x", ",x", "x:", "a  b", "a'b", 'a"b', "$ref", "$x:y",
  "/v1", "api/v1/", "é", "a\tb", "123456789012345678", "1_000",
];
const KEYS = ["name", "namespace", "openapi", "routes", "GET /x", "a b", '"quoted key"', "'single key'", "<<", "__proto__", "404", "true", "x y: z", "k", "k"];

// Documents built only from these stay inside the subset (unless a key repeats).
const SIMPLE_SCALARS = ["a", "books", "api/books.yaml", "GET /books/{id}", "5XX", "300ms", "true", "404", "0.2", "[a, b]", "{ status: 404, isFailure: false }", "'q'", '"a: b"', "a b # note"];
const SIMPLE_KEYS = ["name", "namespace", "openapi", "routes", "GET /x", '"quoted key"', "k1", "k2", "k3"];
let clean = false;

function scalar(r: (n: number) => number): string {
  if (clean) return SIMPLE_SCALARS[r(SIMPLE_SCALARS.length)]!;
  if (r(6) === 0) {
    // a random printable string
    let s = "";
    for (let n = 1 + r(8); n > 0; n--) s += String.fromCharCode(0x20 + r(95));
    return s;
  }
  return SCALARS[r(SCALARS.length)]!;
}

/** Lines of a random block node at `indent`. */
function blockNode(r: (n: number) => number, indent: number, depth: number, step: number): string[] {
  const pad = " ".repeat(indent);
  const out: string[] = [];
  const kind = depth > 3 ? 2 : r(3);
  const n = 1 + r(4);
  for (let i = 0; i < n; i++) {
    if (r(8) === 0) out.push(r(2) ? "" : `${" ".repeat(r(6))}# comment ${i}`);
    const jitter = !clean && r(25) === 0 ? " " : "";
    if (kind === 0 || kind === 2) {
      // mapping
      const key = clean ? SIMPLE_KEYS[r(SIMPLE_KEYS.length)]! : KEYS[r(KEYS.length)]!;
      const form = depth > 3 ? 0 : r(4);
      if (form === 0) out.push(`${pad}${jitter}${key}: ${scalar(r)}${r(6) === 0 ? " # trailing" : ""}`);
      else if (form === 1 || form === 2) {
        out.push(`${pad}${key}:${r(6) === 0 ? " # comment" : ""}`);
        out.push(...blockNode(r, indent + step, depth + 1, step));
      } else {
        // a sequence at the key's own indentation
        out.push(`${pad}${key}:`);
        out.push(...seqLines(r, indent, depth + 1, step));
      }
      if (kind === 2 && r(2)) break;
    } else {
      out.push(...seqLines(r, indent, depth + 1, step));
      break;
    }
  }
  return out;
}

function seqLines(r: (n: number) => number, indent: number, depth: number, step: number): string[] {
  const pad = " ".repeat(indent);
  const out: string[] = [];
  for (let n = 1 + r(3); n > 0; n--) {
    const form = depth > 3 ? 0 : r(3);
    if (form === 0) out.push(`${pad}- ${scalar(r)}`);
    else if (form === 1) {
      // `- key: value` with the rest of the mapping lined up under the first key
      const inner = blockNode(r, indent + 2, depth + 1, step);
      if (inner.length && inner[0]!.startsWith(" ".repeat(indent + 2)) && inner[0]!.trim() !== "" && !inner[0]!.trim().startsWith("#")) {
        out.push(`${pad}- ${inner[0]!.slice(indent + 2)}`, ...inner.slice(1));
      } else out.push(`${pad}-`, ...inner);
    } else {
      out.push(`${pad}-`, ...blockNode(r, indent + step, depth + 1, step));
    }
  }
  return out;
}

describe("parseSimpleYaml", () => {
  it("reads a typical config, flow collections and comments included, as the library does", () => {
    const text = `# yaml-language-server: $schema=schema/config.schema.json
output: deploy/serviceprofiles
clusterDomain: example.org
ignore: ["vendor/**", 'third_party/**']
services:
  - name: books
    namespace: booksapp
    openapi: api/books.yaml   # the public API
    basePath: /v1
    profileNamespaces: [web, booksapp]
    retryBudget: { retryRatio: 0.2, minRetriesPerSecond: 10, ttl: 10s }
    routes:
      "GET /books/{id}":
        isRetryable: true
        responseClasses:
          - { status: 404, isFailure: false }
          - status: "5XX"
            isFailure: true
          - { status: { min: 500, max: 504 }, isFailure: true }
      GET /authors:
        timeout: 300ms

  - name: voting-svc
    namespace: emojivoto
    proto:
    - proto/Voting.proto
    routeNames: service
`;
    expect(agrees(text)).toBe(true);
    const fast = parseSimpleYaml(text)!;
    expect(fast.itemLines.get("/services/0")).toBe(6);
    expect(fast.itemLines.get("/services/1")).toBe(23);
  });

  it("reads the example shop's config", () => {
    expect(agrees(readFileSync(new URL("../../examples/shop/serviceprofile-sync.yaml", import.meta.url), "utf8"))).toBe(true);
  });

  it("reads a 1,000-service config", () => {
    let text = "output: deploy/serviceprofiles\nservices:\n";
    for (let i = 0; i < 1000; i++) text += `  - name: svc-${i}\n    namespace: bench\n    openapi: specs/svc-${i}/openapi.json\n`;
    expect(agrees(text)).toBe(true);
    expect(parseSimpleYaml(text)!.itemLines.get("/services/999")).toBe(3 + 999 * 3);
  });

  it.each([
    ["an anchor and alias", "a: &x 1\nb: *x\n"],
    ["a block scalar", "a: |\n  text\n"],
    ["a multi-line plain scalar", "a: one\n  two\n"],
    ["a null value", "a:\nb: 1\n"],
    ["a duplicate key", "a: 1\na: 2\n"],
    ["a merge key", "a: {x: 1}\n<<: {y: 2}\n"],
    ["a tab", "a:\tb\n"],
    ["non-ASCII", "a: é\n"],
    ["an escape", 'a: "x\\ty"\n'],
    ["a document marker", "---\na: 1\n"],
    ["a float with an exponent", "a: 1e3\n"],
    ["a top-level list", "- a\n- b\n"],
    ["odd indentation", "a:\n  b: 1\n c: 2\n"],
    ["a flow collection over two lines", "a: [1,\n  2]\n"],
  ])("leaves %s to the library", (_what, text) => {
    expect(parseSimpleYaml(text)).toBeUndefined();
  });

  it("never disagrees with the library on generated documents", () => {
    let answered = 0;
    for (let seed = 1; seed <= 3000; seed++) {
      const r = rng(seed);
      clean = r(3) === 0;
      const step = r(2) ? 2 : 4;
      const text = blockNode(r, 0, 0, step).join("\n") + (r(2) ? "\n" : "");
      if (agrees(text)) answered++;
    }
    // The generator is meant to hit the subset often, not only its edges.
    expect(answered).toBeGreaterThan(300);
  });
});
