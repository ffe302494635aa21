import { describe, expect, it } from "vitest";
import type { RouteSpec } from "../../src/model/serviceprofile.js";
import { findShadowedRoutes } from "../../src/matching/shadow.js";
import { atomsFor, charSetsOf, LazyDfa, parseRegex, searchNfa, searchProduct } from "../../src/matching/regex-automaton.js";

function shadowed(routes: RouteSpec[]) {
  return findShadowedRoutes({ spec: { routes } });
}

const r = (name: string, condition: RouteSpec["condition"]): RouteSpec => ({ name, condition });

/** Does regex `a` (proxy-anchored) accept every string `b` accepts? */
function includes(a: string, b: string): boolean {
  const na = searchNfa(a)!;
  const nb = searchNfa(b)!;
  const atoms = atomsFor([...charSetsOf(na), ...charSetsOf(nb)]);
  const [da, db] = [new LazyDfa(na, atoms), new LazyDfa(nb, atoms)];
  return searchProduct([da, db], atoms.length, ([inA, inB]) => inB! && !inA!) === "none";
}

describe("regex automata", () => {
  it("decides inclusion of the regexes profiles use", () => {
    expect(includes("^/books/[^/]*$", "^/books/\\d+$")).toBe(true);
    expect(includes("^/books/\\d+$", "^/books/[^/]*$")).toBe(false);
    expect(includes("^/.*$", "^/books/[0-9]*/edit$")).toBe(true);
    // As regexes, "." stops at a newline and [^/] does not (shadow checks only consider real paths).
    expect(includes("^/.*$", "^/books/[^/]*/edit$")).toBe(false);
    expect(includes("^/books/[^/]*$", "^/books/[^/]*/edit$")).toBe(false);
    expect(includes("^/(books|authors)/[0-9]{1,4}$", "^/books/12$")).toBe(true);
    expect(includes("^/(books|authors)/[0-9]{1,4}$", "^/books/12345$")).toBe(false);
    expect(includes("^/a$", "^/a$")).toBe(true);
    // Unanchored alternatives: "^/a|/b$" accepts anything starting with /a.
    expect(includes("^/a|/b$", "^/a/x/y$")).toBe(true);
    expect(includes("^/emojivoto\\.v1\\.VotingService/.*$", "^/emojivoto\\.v1\\.VotingService/VotePoop$")).toBe(true);
  });

  it("refuses syntax it does not model instead of guessing", () => {
    expect(parseRegex("(?i)/books")).toBeUndefined();
    expect(parseRegex("/books\\b")).toBeUndefined();
    expect(parseRegex("/\\p{L}+")).toBeUndefined();
    expect(parseRegex("/books/[[:digit:]]")).toBeUndefined();
    expect(parseRegex("/books/(?P<id>\\d+)")).toBeDefined();
  });
});

describe("shadowed routes", () => {
  it("finds a route with the same condition as an earlier one", () => {
    expect(shadowed([r("a", { method: "GET", pathRegex: "/x" }), r("b", { pathRegex: "/x", method: "GET" })]).shadowed).toEqual([
      { index: 1, route: "b", by: ["a"], byIndex: [0], reason: "identical", example: { method: "GET", path: "/x", takenBy: "a" } },
    ]);
  });

  it("finds a literal route behind a parameter route (the generated /books/new case)", () => {
    const s = shadowed([r("GET /books/{id}", { method: "GET", pathRegex: "/books/[^/]*" }), r("GET /books/new", { method: "GET", pathRegex: "/books/new" })]);
    expect(s.shadowed).toEqual([
      { index: 1, route: "GET /books/new", by: ["GET /books/{id}"], byIndex: [0], reason: "covered", example: { method: "GET", path: "/books/new", takenBy: "GET /books/{id}" } },
    ]);
    // In the other order nothing is shadowed.
    expect(shadowed([r("GET /books/new", { method: "GET", pathRegex: "/books/new" }), r("GET /books/{id}", { method: "GET", pathRegex: "/books/[^/]*" })]).shadowed).toEqual([]);
  });

  it("knows a method-only or path-only route covers routes with a method", () => {
    expect(shadowed([r("all GETs", { method: "GET" }), r("GET /a", { method: "GET", pathRegex: "/a" })]).shadowed.map((s) => s.route)).toEqual(["GET /a"]);
    expect(shadowed([r("any method", { pathRegex: "/a/.*" }), r("POST /a/x", { method: "post", pathRegex: "/a/x" })]).shadowed.map((s) => s.route)).toEqual(["POST /a/x"]);
    // A route for one method does not cover a route without a method.
    expect(shadowed([r("GET /a", { method: "GET", pathRegex: "/a" }), r("/a", { pathRegex: "/a" })]).shadowed).toEqual([]);
    // Different methods do not shadow.
    expect(shadowed([r("GET /a", { method: "GET", pathRegex: "/.*" }), r("POST /a", { method: "POST", pathRegex: "/a" })]).shadowed).toEqual([]);
  });

  it("finds a route covered by several earlier routes together", () => {
    const s = shadowed([
      r("GET", { method: "GET", pathRegex: "/items/.*" }),
      r("not GET", { all: [{ not: { method: "GET" } }, { pathRegex: "/items/.*" }] }),
      r("unrelated", { pathRegex: "/other" }),
      r("all methods", { pathRegex: "/items/[0-9]+" }),
    ]);
    expect(s.shadowed).toEqual([
      { index: 3, route: "all methods", by: ["GET", "not GET"], byIndex: [0, 1], reason: "covered-together", example: { path: "/items/1", takenBy: "not GET" } },
    ]);
  });

  it("finds a route that matches nothing", () => {
    expect(shadowed([r("never", { all: [{ method: "GET" }, { method: "POST" }] })]).shadowed).toEqual([{ index: 0, route: "never", by: [], byIndex: [], reason: "matches-nothing" }]);
    // A regex that cannot match a path (no leading slash) also matches nothing.
    expect(shadowed([r("no slash", { pathRegex: "books" })]).shadowed.map((s) => s.reason)).toEqual(["matches-nothing"]);
  });

  it("considers only what can be a path (paths never hold newlines or spaces)", () => {
    expect(shadowed([r("dot", { method: "GET", pathRegex: "/a/.*" }), r("class", { method: "GET", pathRegex: "/a/[^/]*" })]).shadowed.map((s) => s.route)).toEqual(["class"]);
  });

  it("leaves routes with unsupported syntax undecided rather than guessing", () => {
    const s = shadowed([r("catch-all", { pathRegex: "/.*\\b" }), r("b", { pathRegex: "/b" })]);
    expect(s.shadowed).toEqual([]);
    expect(s.undecided.map((u) => u.route)).toEqual(["catch-all", "b"]);
  });

  it("ignores routes the proxy drops", () => {
    expect(shadowed([r("dropped", { pathRegex: "[" }), r("b", { pathRegex: "/b" })])).toEqual({ shadowed: [], undecided: [] });
  });
});
