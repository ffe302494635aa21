/**
 * The shadowing lint's shortcut for generated profiles (overlap groups from
 * the path templates, cheap proofs of reachability, automata only for what is
 * left) must find exactly what the automata find over the whole profile:
 * the same routes, reasons and covering routes.
 */
import { describe, expect, it } from "vitest";
import type { RouteSpec } from "../../src/model/serviceprofile.js";
import { pathRegexTemplate, pathTemplateToRegex } from "../../src/model/path-regex.js";
import { profileShadowing } from "../../src/lint/profile-shadowing.js";
import { findShadowedRoutes } from "../../src/matching/shadow.js";

function profile(routes: [string, string][]): { spec: { routes: RouteSpec[] } } {
  return { spec: { routes: routes.map(([method, path]) => ({ name: `${method} ${path}`, condition: { method, pathRegex: pathTemplateToRegex(path) } })) } };
}

function both(p: { spec: { routes: RouteSpec[] } }) {
  const slow = findShadowedRoutes(p).shadowed.map((f) => ({ route: f.route, reason: f.reason, by: f.by }));
  const fast = profileShadowing(p).map((w) => ({ route: w.route, reason: w.reason, by: w.by }));
  return { slow, fast };
}

const CASES: Record<string, [string, string][]> = {
  "template before its own suffix": [["GET", "/books/{id}"], ["GET", "/books/{id}.json"], ["GET", "/books/new"]],
  "identical conditions": [["GET", "/a/{x}"], ["GET", "/a/{y}"]],
  "identical conditions among others": [["GET", "/a/{x}"], ["GET", "/a/{x}.json"], ["GET", "/a/{y}"], ["GET", "/a/new"], ["GET", "/a/{z}"]],
  "literal after template": [["GET", "/a/{x}"], ["GET", "/a/b"], ["POST", "/a/b"]],
  "parameter segment pinned by literals only": [["GET", "/users/delta()"], ["GET", "/users/{id}"]],
  "covered together": [["GET", "/f/{a}x"], ["GET", "/f/{b}"], ["GET", "/f/{c}y"]],
  "two-parameter segments": [["GET", "/r/{a}-{b}"], ["GET", "/r/{c}-x"], ["GET", "/r/x-{d}"]],
  "a path the proxy never sees": [["GET", "/books/a b"], ["GET", "/books/ok"]],
  "fragments, as AWS specs write operations": [["POST", "/#X-Amz-Target=A.B"], ["POST", "/#X-Amz-Target=A.C"], ["POST", "/#X-Amz-Target=A.B"], ["POST", "/"]],
  "a query in the path and no leading slash": [["GET", "/s?q={q}"], ["GET", "s/{x}"], ["GET", "/s"]],
  "Google's colon verbs": [["GET", "/v1/{name}"], ["GET", "/v1/{name}:cancel"], ["POST", "/v1/{name}:cancel"]],
  "two earlier routes that each cover": [["GET", "/{p}/{q}"], ["GET", "/a/{x}"], ["GET", "/a/b"]],
  "methods apart": [["GET", "/m/{id}"], ["DELETE", "/m/{id}"], ["GET", "/m/new"]],
  "a one-parameter segment taking longer calls, as Microsoft Graph's functions": [
    ["GET", "/c/{id}/image(width={w})"],
    ["GET", "/c/{id}/image(width={w},height={h})"],
    ["GET", "/c/{id}/image(width={w},height={h},mode='{m}')"],
    ["GET", "/c/{id}/image(height={h})"],
  ],
  "prefix or suffix that a parameter can break": [["GET", "/p/ab{x}"], ["GET", "/p/a{y}"], ["GET", "/p/{z}cd"], ["GET", "/p/{z}d"]],
  "a two-parameter route before one it covers, then one it does not": [["GET", "/q/{a}-{b}"], ["GET", "/q/x-{c}-y"], ["GET", "/q/{d}"]],
};

describe("shadowing lint: the shortcut agrees with the full analysis", () => {
  for (const [name, routes] of Object.entries(CASES)) {
    it(name, () => {
      const { slow, fast } = both(profile(routes));
      expect(fast).toEqual(slow);
    });
  }

  it("finds what it should in the first case", () => {
    const { fast } = both(profile(CASES["template before its own suffix"]!));
    expect(fast).toEqual([
      { route: "GET /books/{id}.json", reason: "covered", by: ["GET /books/{id}"] },
      { route: "GET /books/new", reason: "covered", by: ["GET /books/{id}"] },
    ]);
  });

  it("gives the shortest request of an identical route as its example", () => {
    const [w] = profileShadowing(profile(CASES["identical conditions"]!));
    expect(w!.example).toBe("GET /a/");
    expect(findShadowedRoutes(profile(CASES["identical conditions"]!)).shadowed[0]!.example).toMatchObject({ method: "GET", path: "/a/" });
  });

  it("falls back to the full analysis for a hand-written regex", () => {
    const p = { spec: { routes: [{ name: "all", condition: { method: "GET", pathRegex: "/a/.*" } }, { name: "one", condition: { method: "GET", pathRegex: "/a/b" } }] } };
    expect(profileShadowing(p).map((w) => w.route)).toEqual(["one"]);
  });
});

describe("pathRegexTemplate", () => {
  it("reads back what PathToRegex wrote, and nothing else", () => {
    expect(pathRegexTemplate(pathTemplateToRegex("/books/{id}.json"))).toBe("/books/{}.json");
    expect(pathRegexTemplate(pathTemplateToRegex("/a+b/(c)"))).toBe("/a+b/(c)");
    expect(pathRegexTemplate("/a/.*")).toBeUndefined();
    expect(pathRegexTemplate("/a|b")).toBeUndefined();
    expect(pathRegexTemplate("/a/\\d+")).toBeUndefined();
  });

  it("tells a quoted bracket from a parameter, and a lone backslash from a quote", () => {
    // `\\` is a quoted backslash, so the `[^/]*` after it is a parameter; `\[` quotes the bracket and leaves `^` bare.
    expect(pathRegexTemplate("/a\\\\[^/]*")).toBe("/a\\{}");
    expect(pathRegexTemplate("/a\\[^/]*")).toBeUndefined();
    expect(pathRegexTemplate("/a/b\\")).toBeUndefined();
    expect(pathRegexTemplate("/plain/path")).toBe("/plain/path");
  });

  it("gives the same answer after an early rejection (no state carried between calls)", () => {
    expect(pathRegexTemplate("/x/.*/[^/]*")).toBeUndefined();
    expect(pathRegexTemplate("/x/[^/]*\\.json")).toBe("/x/{}.json");
  });

  it("reads back every template PathToRegex writes", () => {
    let seed = 11;
    const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    const parts = ["a", "/", ".", "+", "(", ")", "|", "*", "?", "$", "^", "[", "]", "\\", "-", "{id}", "{x.y}"];
    for (let i = 0; i < 2000; i++) {
      let template = "/";
      for (let k = next(10); k > 0; k--) template += parts[next(parts.length)];
      const regex = pathTemplateToRegex(template);
      const expected = template.replace(/\{[^}]*\}/g, "{}");
      expect(pathRegexTemplate(regex)).toBe(/[{}]/.test(expected) && !expected.includes("{}") ? undefined : expected);
    }
  });
});
