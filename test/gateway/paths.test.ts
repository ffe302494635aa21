/**
 * Path templates: which literal paths may be `Exact`, and the overlap of two
 * segment patterns (a parameter matches any run without `/`), checked against
 * brute force and bounded in time on hostile input.
 */
import { describe, expect, it } from "vitest";
import { samplePath, sampleSegments, segmentCovers, segmentIntersection, templateIntersection, templateSegments, type Segment } from "../../src/matching/template-paths.js";
import { pathMatch } from "../../src/targets/gateway/paths.js";

/** A literal character, or a parameter (`null`). */
type Token = string | null;
/** The tokens as the one segment of a template (`{}` for a parameter). */
const segmentOf = (t: Token[]): Segment => templateSegments(`/${t.map((x) => x ?? "{}").join("")}`)[1]!;

const toRegex = (t: Token[]) => new RegExp(`^${t.map((x) => (x === null ? "[^/]*" : x.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))).join("")}$`);

function* strings(alphabet: string, max: number): Generator<string> {
  yield "";
  let layer = [""];
  for (let n = 1; n <= max; n++) {
    layer = layer.flatMap((s) => [...alphabet].map((c) => s + c));
    yield* layer;
  }
}

function* patterns(max: number): Generator<Token[]> {
  const alphabet: Token[] = ["a", "b", null];
  let layer: Token[][] = [[]];
  yield [];
  for (let n = 1; n <= max; n++) {
    layer = layer.flatMap((p) => alphabet.filter((t) => !(t === null && p[p.length - 1] === null)).map((t) => [...p, t]));
    yield* layer;
  }
}

describe("segmentIntersection", () => {
  it("agrees with brute force on every pair of patterns up to 4 tokens over {a, b, param}", () => {
    const all = [...patterns(4)];
    const words = [...strings("ab", 8)];
    let pairs = 0;
    for (const a of all) {
      for (const b of all) {
        const ra = toRegex(a);
        const rb = toRegex(b);
        const expected = words.some((w) => ra.test(w) && rb.test(w));
        const got = segmentIntersection(segmentOf(a), segmentOf(b));
        expect(got !== undefined, `${JSON.stringify(a)} vs ${JSON.stringify(b)}`).toBe(expected);
        if (got !== undefined && got !== "1") {
          expect(ra.test(got) && rb.test(got), `witness ${got}`).toBe(true);
        }
        pairs++;
      }
    }
    expect(pairs).toBeGreaterThan(2000);
  });

  // Bounded by the test's own time limit (the old product of the two patterns took minutes here).
  it("is linear on long segments full of parameters", { timeout: 10_000 }, () => {
    const long = templateSegments(`/${"{p}x".repeat(4000)}`)[1]!;
    const other = templateSegments(`/${"x{q}".repeat(4000)}y`)[1]!;
    expect(segmentIntersection(long, other)).toBeUndefined(); // ends in "x" vs "y"
    const common = segmentIntersection(long, long);
    // (no backtracking RegExp oracle here: it would take exponential time on this pattern)
    expect(common !== undefined && /^x+$/.test(common) && common.length >= 4000).toBe(true);
  });
});

describe("segmentCovers", () => {
  it("agrees with brute force wherever it decides, and decides whenever the covering side has one parameter", () => {
    const all = [...patterns(4)];
    const words = [...strings("ab", 9)];
    let decided = 0;
    for (const a of all) {
      for (const b of all) {
        const got = segmentCovers(segmentOf(a), segmentOf(b));
        if (a.filter((t) => t === null).length <= 1) expect(got, `${JSON.stringify(a)} over ${JSON.stringify(b)}`).not.toBeUndefined();
        if (got === undefined) continue;
        const ra = toRegex(a);
        const rb = toRegex(b);
        expect(got, `${JSON.stringify(a)} over ${JSON.stringify(b)}`).toBe(words.every((w) => !rb.test(w) || ra.test(w)));
        decided++;
      }
    }
    expect(decided).toBeGreaterThan(1500);
  });
});

describe("templates", () => {
  it("Exact for literal paths the CRD allows, a spanning regex otherwise", () => {
    expect(pathMatch("/books", "/books")).toEqual({ type: "Exact", value: "/books" });
    expect(pathMatch("/books/{id}", "/books/[^/]*")).toEqual({ type: "RegularExpression", value: "^/books/[^/]*$" });
    expect(pathMatch("/a%2Fb", "/a%2Fb")).toEqual({ type: "RegularExpression", value: "^/a%2Fb$" });
    expect(pathMatch("/a|b", "/a\\|b")).toEqual({ type: "RegularExpression", value: "^/a\\|b$" });
  });

  it("overlap needs the same number of segments and a common string in each", () => {
    const t = (p: string) => templateSegments(p);
    expect(templateIntersection(t("/books/{id}"), t("/books/new"))).toBe("/books/new");
    expect(templateIntersection(t("/books/{id}"), t("/books/{id}.json"))).toBe("/books/.json");
    expect(templateIntersection(t("/books/{id}"), t("/books/{id}/x"))).toBeUndefined();
    expect(templateIntersection(t("/a/{x}b"), t("/a/c{y}"))).toBe("/a/cb");
  });
});

describe("sampleSegments", () => {
  it("equals the segments of the sample path, braces and slashes in names included", () => {
    const templates = ["/", "/books/{id}", "/a/{x}.{y}z/{w}", "/{a/b}/c", "/{{x}}", "/{a}{b", "/x}{a}/", "/a{", "/{}/{}{}", "//{id}//"];
    for (const t of templates) {
      for (const v of ["", "1", "zq9x"]) {
        expect(sampleSegments(templateSegments(t), v), `${t} with ${JSON.stringify(v)}`).toEqual(templateSegments(samplePath(t, v)));
      }
    }
  });
});

describe("templateSegments with a shared map", () => {
  it("gives the same segments as without, one object per key", () => {
    const templates = ["/a/{id}/b", "/a/{id}/c", "/a/x{id}y/b", "/b/{x}.{y}", "/a", "/", "/a/{id}/b", "/n\u0000/{a}\u0000{b}", "/a\u0000b/{a}/{b}", "/{a}/{b}/{c}"];
    const shared = new Map<string, Segment>();
    const withMap = templates.map((t) => templateSegments(t, shared));
    templates.forEach((t, i) => expect(withMap[i], t).toEqual(templateSegments(t)));
    // Literal `a` and the pattern `{id}` are each one object wherever they occur.
    expect(withMap[0]![1]).toBe(withMap[1]![1]);
    expect(withMap[0]![2]).toBe(withMap[6]![2]);
    // With NUL in a text, a literal and a pattern could share a key: neither is shared.
    expect(withMap[7]![1]!.literal).toBe("n\u0000");
    expect(withMap[8]![1]!.literal).toBe("a\u0000b");
    expect(withMap[7]![2]!.params).toBe(2);
  });
});
