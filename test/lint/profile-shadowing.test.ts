import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import type { RouteSpec } from "../../src/model/serviceprofile.js";
import { introducedShadowing, orderSpecificFirst, profileShadowing, shadowDiagnostics, shadowLine } from "../../src/lint/profile-shadowing.js";
import { runCliInProcess } from "../helpers/cli.js";
import { createGitRepo } from "../helpers/gitrepo.js";

const r = (name: string, condition: RouteSpec["condition"]): RouteSpec => ({ name, condition });
const p = (routes: RouteSpec[]) => ({ spec: { routes } });
const lines = (routes: RouteSpec[]) => profileShadowing(p(routes)).map(shadowLine);

const ID = r("GET /books/{id}", { method: "GET", pathRegex: "/books/[^/]*" });
const JSON_ROUTE = r("GET /books/{id}.json", { method: "GET", pathRegex: "/books/[^/]*\\.json" });

describe("lint lines (golden)", () => {
  it("covered: the linkerd profile byte-order case", () => {
    expect(lines([ID, JSON_ROUTE])).toEqual(['route "GET /books/{id}.json" can never match: "GET /books/{id}" comes first and matches every request it matches, e.g. GET /books/.json']);
  });

  it("identical", () => {
    expect(lines([ID, { ...ID, name: "again" }])).toEqual(['route "again" can never match: "GET /books/{id}" comes first with the same condition, e.g. GET /books/']);
  });

  it("covered together, with the route that takes the example", () => {
    expect(
      lines([
        r("GET items", { method: "GET", pathRegex: "/items/.*" }),
        r("other items", { all: [{ not: { method: "GET" } }, { pathRegex: "/items/.*" }] }),
        r("items by number", { pathRegex: "/items/[0-9]+" }),
      ]),
    ).toEqual(['route "items by number" can never match: the earlier routes "GET items", "other items" together match every request it matches, e.g. /items/1 goes to "other items"']);
  });

  it("matches nothing", () => {
    expect(lines([r("never", { all: [{ method: "GET" }, { method: "POST" }] })])).toEqual(['route "never" can never match: its condition matches no request at all']);
  });

  it("method-only route before a route with a path", () => {
    expect(lines([r("all GETs", { method: "GET" }), r("GET /a", { method: "GET", pathRegex: "/a" })])).toEqual([
      'route "GET /a" can never match: "all GETs" comes first and matches every request it matches, e.g. GET /a',
    ]);
  });

  it("diagnostics are warnings with a code, the file and a hint", () => {
    const [d] = shadowDiagnostics(p([ID, JSON_ROUTE]), "api/books.yaml");
    expect(d).toMatchObject({ severity: "warning", code: "route-shadowed", file: "api/books.yaml" });
    expect(d!.hint).toMatch(/routeOrder: specific-first/);
  });
});

describe("introducedShadowing: only what a change adds", () => {
  it("ignores a warning base already had, reports a new one", () => {
    const base = p([ID, JSON_ROUTE]);
    const NEW = r("GET /books/new", { method: "GET", pathRegex: "/books/new" });
    expect(introducedShadowing(base, base)).toEqual([]);
    const added = introducedShadowing(base, p([ID, JSON_ROUTE, NEW]));
    expect(added.map((w) => w.route)).toEqual(["GET /books/new"]);
    // A fix removes it; nothing is introduced.
    expect(introducedShadowing(base, p([JSON_ROUTE, ID]))).toEqual([]);
    expect(introducedShadowing(undefined, base).map((w) => w.route)).toEqual(["GET /books/{id}.json"]);
  });
});

describe("orderSpecificFirst", () => {
  it("moves shadowed routes in front of what takes their requests; same route set", () => {
    const routes = [
      r("GET /", { method: "GET", pathRegex: "/" }),
      ID,
      JSON_ROUTE,
      r("GET /books/new", { method: "GET", pathRegex: "/books/new" }),
      r("GET /books/{id}/edit", { method: "GET", pathRegex: "/books/[^/]*/edit" }),
    ];
    const ordered = orderSpecificFirst(routes);
    expect(ordered.map((x) => x.name)).toEqual(["GET /", "GET /books/{id}.json", "GET /books/new", "GET /books/{id}", "GET /books/{id}/edit"]);
    expect(profileShadowing(p(ordered))).toEqual([]);
    expect([...ordered].sort((a, b) => (a.name < b.name ? -1 : 1))).toEqual([...routes].sort((a, b) => (a.name < b.name ? -1 : 1)));
  });

  it("leaves routes no order can help (identical conditions) and ends", () => {
    const ordered = orderSpecificFirst([ID, { ...ID, name: "twin" }, JSON_ROUTE]);
    expect(ordered.map((x) => x.name)).toEqual(["GET /books/{id}.json", "GET /books/{id}", "twin"]);
    expect(profileShadowing(p(ordered)).map((w) => w.reason)).toEqual(["identical"]);
  });

  it("keeps the order when nothing is shadowed", () => {
    const routes = [JSON_ROUTE, ID];
    expect(orderSpecificFirst(routes)).toEqual(routes);
  });
});

describe("profile: the warning and --route-order", () => {
  function spec(): string {
    const dir = mkdtempSync(path.join(tmpdir(), "sps-lint-"));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, "books.yaml");
    writeFileSync(
      file,
      'openapi: 3.0.0\ninfo: {title: t, version: "1"}\npaths:\n  /books/{id}:\n    get:\n      responses: {"200": {description: ok}}\n  /books/{id}.json:\n    get:\n      responses: {"200": {description: ok}}\n',
    );
    return file;
  }

  it("warns on stderr with both routes and an example; the profile is Linkerd's", async () => {
    const file = spec();
    const run = await runCliInProcess(["profile", "--open-api", file, "books"], path.dirname(file));
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('warning: route "GET /books/{id}.json" can never match: "GET /books/{id}" comes first and matches every request it matches, e.g. GET /books/.json');
    expect(run.stdout.indexOf("name: GET /books/{id}\n")).toBeLessThan(run.stdout.indexOf("name: GET /books/{id}.json"));
  });

  it("--route-order specific-first puts the .json route first and has nothing to warn about", async () => {
    const file = spec();
    const run = await runCliInProcess(["profile", "--open-api", file, "--route-order", "specific-first", "books"], path.dirname(file));
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain("can never match");
    expect(run.stdout.indexOf("name: GET /books/{id}.json")).toBeLessThan(run.stdout.indexOf("name: GET /books/{id}\n"));
    const bad = await runCliInProcess(["profile", "--open-api", file, "--route-order", "fast", "books"], path.dirname(file));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--route-order: "fast" is not one of linkerd, specific-first');
  });
});

describe("sync and check: the warning, and routeOrder in the config", () => {
  const SPEC = 'openapi: 3.0.0\ninfo: {title: t, version: "1"}\npaths:\n  /books/{id}:\n    get:\n      responses: {"200": {description: ok}}\n  /books/{id}.json:\n    get:\n      responses: {"200": {description: ok}}\n';
  const config = (extra: string) => `output: deploy\n${extra}services:\n  - name: books\n    namespace: booksapp\n    openapi: api/books.yaml\n`;

  it("sync warns by service with both routes and an example; routeOrder: specific-first reorders and silences it", async () => {
    const repo = createGitRepo();
    onTestFinished(() => repo.cleanup());
    repo.write({ "api/books.yaml": SPEC, "serviceprofile-sync.yaml": config("") });
    const plain = await runCliInProcess(["sync"], repo.dir);
    expect(plain.code).toBe(0);
    expect(plain.stderr).toMatch(/warning: .*books.*route "GET \/books\/\{id\}\.json" can never match: "GET \/books\/\{id\}" comes first .* e\.g\. GET \/books\/\.json/);
    // check lints what it generates: with --full, every profile (unchanged ones are otherwise reused as committed).
    const check = await runCliInProcess(["check", "--full"], repo.dir);
    expect(check.stderr).toContain('route "GET /books/{id}.json" can never match');

    repo.write({ "serviceprofile-sync.yaml": config("routeOrder: specific-first\n") });
    const ordered = await runCliInProcess(["sync"], repo.dir);
    expect(ordered.code).toBe(0);
    expect(ordered.stderr).not.toContain("can never match");
    const text = readFileSync(path.join(repo.dir, "deploy/booksapp/books.yaml"), "utf8");
    expect(text.indexOf("name: GET /books/{id}.json")).toBeLessThan(text.indexOf("name: GET /books/{id}\n"));
  });

  it("a routeOrder the schema does not know is a config error", async () => {
    const repo = createGitRepo();
    onTestFinished(() => repo.cleanup());
    repo.write({ "api/books.yaml": SPEC, "serviceprofile-sync.yaml": config("routeOrder: fastest\n") });
    const run = await runCliInProcess(["sync"], repo.dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/serviceprofile-sync\.yaml:2:.*routeOrder/);
  });
});

describe("diff and the PR comment: only the shadowing a change introduces", () => {
  const op = 'get:\n      responses: {"200": {description: ok}}\n';
  const spec = (paths: string[]) => `openapi: 3.0.0\ninfo: {title: t, version: "1"}\npaths:\n${paths.map((p) => `  ${p}:\n    ${op}`).join("")}`;
  const config = "output: deploy\nservices:\n  - name: books\n    namespace: booksapp\n    openapi: api/books.yaml\n";

  it("lists the new warning under the profile, not the one base already had", async () => {
    const repo = createGitRepo();
    onTestFinished(() => repo.cleanup());
    // Base already shadows /books/{id}.json; head adds /books/{id}.xml, which /books/{id} also shadows.
    repo.write({ "api/books.yaml": spec(["/books/{id}", "/books/{id}.json"]), "serviceprofile-sync.yaml": config });
    repo.commit("base");
    repo.write({ "api/books.yaml": spec(["/books/{id}", "/books/{id}.json", "/books/{id}.xml"]) });
    repo.commit("head");
    const text = await runCliInProcess(["diff", "--base", "HEAD~1", "--head", "HEAD"], repo.dir);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('  warning: route "GET /books/{id}.xml" can never match: "GET /books/{id}" comes first and matches every request it matches, e.g. GET /books/.xml');
    expect(text.stdout).not.toContain('route "GET /books/{id}.json" can never match');
    const md = await runCliInProcess(["diff", "--base", "HEAD~1", "--head", "HEAD", "--format", "markdown"], repo.dir);
    expect(md.stdout).toContain('- ⚠️ route "GET /books/{id}.xml" can never match: "GET /books/{id}" comes first and matches every request it matches, e.g. GET /books/.xml');
    const json = JSON.parse((await runCliInProcess(["diff", "--base", "HEAD~1", "--head", "HEAD", "--format", "json"], repo.dir)).stdout);
    expect(json.profiles[0].shadowing).toEqual([{ route: "GET /books/{id}.xml", index: 2, by: ["GET /books/{id}"], reason: "covered", example: "GET /books/.xml", takenBy: "GET /books/{id}" }]);
    expect(JSON.stringify(json.warnings)).not.toContain("can never match");
  });
});
