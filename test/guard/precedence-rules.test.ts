/**
 * tie-across-objects and rule-shadowed beyond their golden manifests: the
 * proxy's leftmost-first regexes, which routes meet at all (consumer routes,
 * one object written twice), and findings grouped per object.
 */
import { describe, expect, it } from "vitest";
import { lintManifests } from "../../src/guard/guard.js";
import { parseManifests } from "../../src/guard/manifests.js";
import { regexIntersection } from "../../src/guard/tie-rules.js";

function route(name: string, namespace: string, rules: string, svcNamespace?: string): string {
  return `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  parentRefs: [{group: core, kind: Service, name: web${svcNamespace ? `, namespace: ${svcNamespace}` : ""}}]
  rules:
${rules}`;
}

const CATCH_ALL = "    - backendRefs: [{name: web, port: 80}]\n";
const rules = (file: string, text: string, rule: string) => lintManifests(parseManifests(file, text)).filter((f) => f.rule === rule);

describe("regexIntersection", () => {
  it("finds a path both regexes match as the proxy runs them", () => {
    expect(regexIntersection("^/a/[0-9]+$", "/a/[0-9a-f]+(/x)?")).toBe("/a/1");
    expect(regexIntersection("^/a/[0-9]+$", "^/a/[a-z]+$")).toBeUndefined();
  });

  it("never credits a regex with a path its leftmost-first match stops short of", () => {
    // `/a/(b|bc)` matches /a/bc as a whole, but the proxy's match stops at /a/b.
    expect(regexIntersection("/a/(b|bc)", "^/a/bc$")).toBeUndefined();
    expect(regexIntersection("/a/(b|bc)", "^/a/b.*$")).toBe("/a/b");
  });
});

describe("tie-across-objects", () => {
  it("compares consumer routes only with routes of their own namespace", () => {
    const text = [route("web-a", "web", `    - matches: [{path: {type: PathPrefix, value: /api}}]\n${CATCH_ALL}`), route("web-b", "client", `    - matches: [{path: {type: PathPrefix, value: /api}}]\n${CATCH_ALL}`, "web")].join("---\n");
    expect(rules("a.yaml", text, "tie-across-objects")).toEqual([]);
    const same = [route("web-a", "web", `    - matches: [{path: {type: PathPrefix, value: /api}}]\n${CATCH_ALL}`), route("web-b", "web", `    - matches: [{path: {type: PathPrefix, value: /api}}]\n`)].join("---\n");
    expect(rules("a.yaml", same, "tie-across-objects").map((f) => f.message)).toEqual([expect.stringContaining("rule 0 and HTTPRoute web-a rule 0 (a.yaml) both match GET /api")]);
  });

  it("does not take one object written in two files for two objects", () => {
    const one = route("web-a", "web", `    - matches: [{path: {type: Exact, value: /x}}]\n${CATCH_ALL}`);
    const manifests = [...parseManifests("a.yaml", one), ...parseManifests("b.yaml", one)];
    expect(lintManifests(manifests).filter((f) => f.rule === "tie-across-objects")).toEqual([]);
  });

  it("reports each pair of objects once, grouped per object, naming a capped number of others", () => {
    const text = Array.from({ length: 12 }, (_, i) => route(`r${String(i).padStart(2, "0")}`, "web", `    - matches: [{path: {type: PathPrefix, value: /shared}}]\n${i === 0 ? CATCH_ALL : ""}`)).join("---\n");
    const found = rules("a.yaml", text, "tie-across-objects");
    expect(found).toHaveLength(11);
    const last = found.find((f) => f.message.startsWith("HTTPRoute r11 "))!;
    expect(last.message).toContain("and it ties with 8 more objects");
    expect(last.message.match(/both match/g)).toHaveLength(3);
  });
});

describe("rule-shadowed", () => {
  it("points at the dead rule's line and names the rule that takes its requests", () => {
    const text = route("web-a", "web", `    - matches: [{method: GET, path: {type: RegularExpression, value: "^/u/[^/]+$"}}]\n    - matches: [{method: GET, path: {type: Exact, value: /u/me}}]\n${CATCH_ALL}`);
    const [f, ...rest] = rules("a.yaml", text, "rule-shadowed");
    expect(rest).toEqual([]);
    expect(f!.line).toBe(8);
    expect(f!.message).toContain("rule web-a rule 1 can never be picked: web-a rule 0 takes every request it matches; e.g. GET /u/me");
  });
});
