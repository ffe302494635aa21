/**
 * The migrate and verify --routes faces: flags, outputs, reports, exit
 * codes, the config switch, and hostile input (catastrophic and rejected
 * regexes, 10,000 routes, malformed YAML with its line).
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCliInProcess } from "../helpers/cli.js";
import { testTempDir } from "../helpers/tempdir.js";
import { parseProfileText } from "../../src/sources/profile-file.js";
import { migrateProfile } from "../../src/migrate/convert.js";
import { precedenceChanges } from "../../src/migrate/precedence.js";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const fixtures = path.join(repo, "test/fixtures/tap");

describe("migrate CLI", () => {
  it("converts the booksapp webapp profile, replays the recording, and writes the report by extension", async () => {
    const dir = testTempDir("migrate-cli-");
    const run = await runCliInProcess(["migrate", path.join(fixtures, "webapp-profile.yaml"), "--tap", path.join(fixtures, "booksapp-webapp.tap.json"), "--report", path.join(dir, "r.json")], repo);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^kind: HTTPRoute$/m);
    expect(run.stdout).toMatch(/name: webapp-default/);
    const report = JSON.parse(readFileSync(path.join(dir, "r.json"), "utf8"));
    expect(report.profiles[0].tap.requests).toBeGreaterThan(0);
    expect(report.totals.tapNotFound).toBe(0);
  });

  it("--fail-on-loss fails on what is not carried over; --no-catch-all turns unmatched requests into 404s", async () => {
    const dir = testTempDir("migrate-cli-");
    writeFileSync(path.join(dir, "p.yaml"), readFileSync(new URL("./golden/handwritten.yaml", import.meta.url)));
    const ok = await runCliInProcess(["migrate", "p.yaml", "-o", "json"], dir);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).kind).toBe("List");
    expect(ok.stderr).toMatch(/not carried over \(7\)/);
    const fail = await runCliInProcess(["migrate", "p.yaml", "--fail-on-loss", "--report", "r.md"], dir);
    expect(fail.code).toBe(1);
    expect(readFileSync(path.join(dir, "r.md"), "utf8")).toMatch(/\*\*Failed\*\*: --fail-on-loss/);
    writeFileSync(path.join(dir, "t.txt"), "req id=0:1 proxy=in  src=10.0.0.1:1 dst=10.0.0.2:80 tls=true :method=GET :authority=web.shop:80 :path=/nothing/here\n");
    const nf = await runCliInProcess(["migrate", "p.yaml", "--no-catch-all", "--tap", "t.txt", "--report", "-"], dir);
    expect(nf.stderr).toMatch(/1 would get 404/);
    expect(nf.code).toBe(1);
  });

  it("reads a directory, skips other kinds there, and usage errors exit 2", async () => {
    const dir = testTempDir("migrate-cli-");
    mkdirSync(path.join(dir, "sp"));
    writeFileSync(path.join(dir, "sp/a.yaml"), readFileSync(path.join(fixtures, "webapp-profile.yaml")));
    writeFileSync(path.join(dir, "sp/cm.yaml"), "kind: ConfigMap\napiVersion: v1\n");
    const run = await runCliInProcess(["migrate", "sp"], dir);
    expect(run.code, run.stderr).toBe(0);
    expect((await runCliInProcess(["migrate"], dir)).code).toBe(2);
    expect((await runCliInProcess(["migrate", "sp", "--api-version", "v9"], dir)).code).toBe(2);
  });

  it("malformed YAML: file and line, no stack trace", async () => {
    const dir = testTempDir("migrate-cli-");
    writeFileSync(path.join(dir, "bad.yaml"), "apiVersion: linkerd.io/v1alpha2\nkind: ServiceProfile\nspec:\n  routes: [\n    {name: a\n");
    const run = await runCliInProcess(["migrate", "bad.yaml"], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/bad\.yaml:\d+/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("in a repository: switches the service to target: gateway, keeping comments", async () => {
    const dir = testTempDir("migrate-repo-");
    mkdirSync(path.join(dir, "profiles/default"), { recursive: true });
    mkdirSync(path.join(dir, "specs"));
    writeFileSync(path.join(dir, "specs/webapp.swagger"), readFileSync(path.join(repo, "test/fixtures/booksapp/swagger/webapp.swagger")));
    const config = "# the shop's profiles\noutput: profiles\nservices:\n  # the web front end\n  - name: webapp\n    namespace: default\n    openapi: specs/webapp.swagger\n";
    writeFileSync(path.join(dir, "serviceprofile-sync.yaml"), config);
    writeFileSync(path.join(dir, "profiles/default/webapp.yaml"), readFileSync(path.join(fixtures, "webapp-profile.yaml")));
    const run = await runCliInProcess(["migrate", "profiles/default/webapp.yaml", "--root", "."], dir);
    expect(run.code, run.stderr).toBe(0);
    const after = readFileSync(path.join(dir, "serviceprofile-sync.yaml"), "utf8");
    expect(after).toContain("# the web front end");
    expect(after).toContain("# the shop's profiles");
    expect(after).toMatch(/target: gateway/);
    expect(run.stderr).toMatch(/default\/webapp: target serviceprofile -> gateway; the next sync deletes profiles\/default\/webapp\.yaml and writes profiles\/default\/webapp\.routes\.yaml/);
    expect(existsSync(path.join(dir, "profiles/default/webapp.yaml"))).toBe(true);
  });
});

describe("verify --routes", () => {
  it("replays against migrated routes; 404s without a catch-all fail --max-unmatched", async () => {
    const dir = testTempDir("verify-routes-");
    const m = await runCliInProcess(["migrate", path.join(fixtures, "webapp-profile.yaml"), "--no-catch-all", "--no-header"], dir);
    writeFileSync(path.join(dir, "routes.yaml"), m.stdout);
    const tap = path.join(fixtures, "booksapp-webapp.tap.json");
    const run = await runCliInProcess(["verify", "--routes", "routes.yaml", "--tap", tap, "--format", "json", "--max-unmatched", "100%"], dir);
    expect(run.code, run.stderr).toBe(0);
    const r = JSON.parse(run.stdout);
    expect(r.catchAll).toBe(false);
    expect(r.totals.requests).toBeGreaterThan(0);
    expect(r.rules.some((h: { hits: number }) => h.hits > 0)).toBe(true);
    // The same file given as --profile is recognised as routes.
    const asProfile = await runCliInProcess(["verify", "--profile", "routes.yaml", "--tap", tap], dir);
    expect(asProfile.stdout).toMatch(/HTTPRoute\(s\)/);
  });

  it("ties between objects are warnings; unmatched requests are 404s without a catch-all", async () => {
    const dir = testTempDir("verify-routes-");
    const route = (name: string, match: string) => `apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  parentRefs: [{group: core, kind: Service, name: web}]\n  rules:\n  - matches: [${match}]\n`;
    writeFileSync(path.join(dir, "r.yaml"), [route("b-exact", "{path: {type: Exact, value: /books/new}, method: GET}"), route("a-regex", "{path: {type: RegularExpression, value: '/books/[^/]*'}, method: GET}")].join("---\n"));
    writeFileSync(path.join(dir, "t.txt"), ["/books/new", "/books/1", "/other"].map((p, i) => `req id=0:${i} proxy=in  src=10.0.0.1:1 dst=10.0.0.2:80 tls=true :method=GET :authority=web.shop:80 :path=${p}`).join("\n") + "\n");
    const run = await runCliInProcess(["verify", "--routes", "r.yaml", "--tap", "t.txt"], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/1 would get 404/);
    expect(run.stdout).toMatch(/1 decided by a creationTimestamp tie-break/);
    expect(run.stderr).toMatch(/reach a-regex only because it ties with b-exact/);
  });
});

describe("hostile input", () => {
  const head = "apiVersion: linkerd.io/v1alpha2\nkind: ServiceProfile\nmetadata: {name: web.shop.svc.cluster.local, namespace: shop}\nspec:\n  routes:\n";
  it("a catastrophic regex and regexes RE2 rejects finish and are reported", () => {
    const { profile } = parseProfileText(head + "  - {name: evil, condition: {method: GET, pathRegex: '/(a+)+b'}}\n  - {name: back, condition: {method: GET, pathRegex: '/(x)\\1'}}\n", "h.yaml");
    const m = migrateProfile(profile, "h.yaml");
    expect(m.lost.map((l) => `${l.kind}:${l.route}`)).toEqual(["regex-rejected:back"]);
    const long = "/" + "a".repeat(100_000);
    const changes = precedenceChanges(profile, m, [{ method: "GET", path: long }, { method: "GET", path: long + "b" }]);
    // The proxy drops the rejected regex and keeps the method; the migrated rule does the same, so nothing moves.
    expect(changes).toEqual([]);
    expect(m.carried.find((c) => c.route === "back")?.fields).toEqual(["GET any path"]);
  });

  it("10,000 routes", { timeout: 120_000 }, () => {
    const routes = Array.from({ length: 10_000 }, (_, i) => `  - {name: r${i}, condition: {any: [{pathRegex: /v1/item${i}}, {pathRegex: /v2/item${i}}]}}\n`).join("");
    const { profile } = parseProfileText(head + routes, "big.yaml");
    const m = migrateProfile(profile, "big.yaml");
    expect(m.via).toBe("direct");
    expect(m.objects.length).toBe(10_001);
    expect(precedenceChanges(profile, m, [{ method: "GET", path: "/v2/item9999" }])).toEqual([]);
  });
});
