import { describe, expect, it } from "vitest";
import type { RequestMatch, RouteSpec } from "../../src/model/serviceprofile.js";
import { compileRequestMatch, compileRoutes, firstMatch, matchPath, proxyPathRegex, RouteTable } from "../../src/matching/profile-match.js";

const req = (method: string, path: string) => ({ method, path });

function matches(m: RequestMatch, method: string, path: string): boolean | undefined {
  const matcher = compileRequestMatch(m);
  return matcher ? matcher(req(method, path)) : undefined;
}

function profile(routes: RouteSpec[]) {
  return { spec: { routes } };
}

describe("the proxy's path matching", () => {
  it("anchors the regex to the whole path", () => {
    expect(matches({ pathRegex: "/books/[^/]*" }, "GET", "/books/12")).toBe(true);
    expect(matches({ pathRegex: "/books/[^/]*" }, "GET", "/books/12/edit")).toBe(false);
    expect(matches({ pathRegex: "/books" }, "GET", "/api/books")).toBe(false);
    expect(matches({ pathRegex: "^/books/.*$" }, "GET", "/books/1/2")).toBe(true);
  });

  it("anchors by concatenation, as the proxy does: a|b means ^a or b$", () => {
    expect(matches({ pathRegex: "/a|/b" }, "GET", "/a/anything")).toBe(true);
    expect(matches({ pathRegex: "/a|/b" }, "GET", "/x/b")).toBe(true);
    expect(matches({ pathRegex: "/a|/b" }, "GET", "/x/c")).toBe(false);
    expect(matches({ pathRegex: "  /trimmed  " }, "GET", "/trimmed")).toBe(true);
  });

  it("reads the proxy's (Rust) regex syntax", () => {
    expect(matches({ pathRegex: "(?i)/Books/[[:digit:]]+" }, "GET", "/books/12")).toBe(true);
    expect(matches({ pathRegex: "/books/(?P<id>\\d+)\\z" }, "GET", "/books/12")).toBe(true);
    expect(matches({ pathRegex: "\\A/a[[:^alpha:]]" }, "GET", "/a1")).toBe(true);
    // Flags in the middle are Rust syntax too (JavaScript could not scope them).
    expect(matches({ pathRegex: "/a(?i)b" }, "GET", "/aB")).toBe(true);
    // A `{` that is no counted repetition is an error in Rust, not a literal.
    expect(proxyPathRegex("/books/{id}")).toBeUndefined();
  });

  it("matches the path without its query string", () => {
    expect(matchPath("/books?page=2")).toBe("/books");
    const routes = compileRoutes(profile([{ name: "books", condition: { pathRegex: "/books" } }]));
    expect(firstMatch(routes, req("GET", matchPath("/books?page=2")))?.name).toBe("books");
  });
});

describe("conditions", () => {
  it("compares methods after Linkerd's normalisation (trimmed, upper case)", () => {
    expect(matches({ method: "get" }, "GET", "/x")).toBe(true);
    expect(matches({ method: " POST " }, "POST", "/x")).toBe(true);
    expect(matches({ method: "GET" }, "get", "/x")).toBe(false);
  });

  it("requires every field set on one condition", () => {
    const m = { method: "POST", pathRegex: "/books/[^/]*/edit" };
    expect(matches(m, "POST", "/books/1/edit")).toBe(true);
    expect(matches(m, "GET", "/books/1/edit")).toBe(false);
    expect(matches(m, "POST", "/books/1")).toBe(false);
  });

  it("combines all, any and not", () => {
    const m: RequestMatch = {
      any: [{ all: [{ method: "POST" }, { pathRegex: "/authors/\\d+" }] }, { all: [{ not: { method: "DELETE" } }, { pathRegex: "/info.txt" }] }],
    };
    expect(matches(m, "POST", "/authors/12")).toBe(true);
    expect(matches(m, "GET", "/authors/12")).toBe(false);
    expect(matches(m, "GET", "/info.txt")).toBe(true);
    expect(matches(m, "DELETE", "/info.txt")).toBe(false);
  });

  it("treats an empty all as true and an empty any as false", () => {
    expect(matches({ all: [] }, "GET", "/x")).toBe(true);
    expect(matches({ any: [] }, "GET", "/x")).toBe(false);
  });

  it("accepts not as one condition (Linkerd's Go type) and as a list (the CRD schema): none of them", () => {
    expect(matches({ not: { method: "GET" } }, "GET", "/x")).toBe(false);
    expect(matches({ not: { method: "GET" } }, "PUT", "/x")).toBe(true);
    expect(matches({ not: [{ method: "GET" }, { pathRegex: "/health" }] }, "PUT", "/x")).toBe(true);
    expect(matches({ not: [{ method: "GET" }, { pathRegex: "/health" }] }, "PUT", "/health")).toBe(false);
    expect(matches({ not: [{ method: "GET" }, { pathRegex: "/health" }] }, "GET", "/x")).toBe(false);
  });

  it("drops a regex that does not compile: alone it drops the route, beside other fields only itself", () => {
    const problems: string[] = [];
    expect(compileRequestMatch({ pathRegex: "/books/(" }, problems)).toBeUndefined();
    expect(problems[0]).toMatch(/does not compile/);
    // With a method, the route then matches every request with that method.
    expect(matches({ method: "POST", pathRegex: "/books/(" }, "POST", "/anything")).toBe(true);
    expect(matches({ any: [{ pathRegex: "(" }, { pathRegex: "/ok" }] }, "GET", "/ok")).toBe(true);
  });
});

describe("routes", () => {
  const routes = compileRoutes(
    profile([
      { name: "GET /books/{id}", condition: { method: "GET", pathRegex: "/books/[^/]*" } },
      { name: "GET /books/new", condition: { method: "GET", pathRegex: "/books/new" } },
      { name: "any method /books/new", condition: { pathRegex: "/books/new" } },
      { name: "method only", condition: { method: "DELETE" } },
      { name: "dropped", condition: { pathRegex: "[" } },
    ]),
  );

  it("takes the first route that matches", () => {
    expect(firstMatch(routes, req("GET", "/books/new"))?.name).toBe("GET /books/{id}");
    expect(firstMatch(routes, req("POST", "/books/new"))?.name).toBe("any method /books/new");
    expect(firstMatch(routes, req("DELETE", "/whatever"))?.name).toBe("method only");
    expect(firstMatch(routes, req("PUT", "/whatever"))).toBeUndefined();
  });

  it("marks routes the proxy drops", () => {
    expect(routes.map((r) => r.matcher === undefined)).toEqual([false, false, false, false, true]);
  });
});

describe("RouteTable: firstMatch through an index of methods and literal path prefixes", () => {
  it("picks the same route as firstMatch for every request", () => {
    const routes = compileRoutes(
      profile([
        { name: "books id", condition: { method: "GET", pathRegex: "/books/[^/]*" } },
        { name: "books new", condition: { method: "GET", pathRegex: "/books/new" } },
        { name: "any books", condition: { pathRegex: "/books.*" } },
        { name: "case", condition: { pathRegex: "(?i)/AUTHORS/\\d+" } },
        { name: "choice", condition: { pathRegex: "/a|/b" } },
        { name: "all", condition: { all: [{ method: "post" }, { pathRegex: "/x/y+" }] } },
        { name: "any", condition: { any: [{ method: "PUT" }, { pathRegex: "/z" }] } },
        { name: "not", condition: { not: { pathRegex: "/q.*" } } },
        { name: "dropped regex beside method", condition: { method: "DELETE", pathRegex: "/a(?=b)" } },
        { name: "optional char", condition: { pathRegex: "/ab?c" } },
        { name: "escaped", condition: { pathRegex: "/v1\\.0/é" } },
      ]),
    );
    const table = new RouteTable(routes);
    const paths = ["/books/1", "/books/new", "/books", "/booksx", "/authors/1", "/AUTHORS/٣", "/a/x", "/x/b", "/x/yy", "/x/y", "/z", "/q1", "/qq", "/ac", "/abc", "/v1.0/é", "/v1x0/é", "/", "/ab"];
    let compared = 0;
    for (const method of ["GET", "POST", "PUT", "DELETE", "PATCH"]) {
      for (const path of paths) {
        expect(table.match(req(method, path))?.name, `${method} ${path}`).toBe(firstMatch(routes, req(method, path))?.name);
        compared++;
      }
    }
    expect(compared).toBe(95);
  });
});
