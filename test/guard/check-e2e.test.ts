/**
 * The built CLI's `check` on a real git repository: a hand-written HTTPRoute
 * with a CORS filter beside one that has no catch-all. The CORS route is
 * dropped by Linkerd, which takes the Service's only catch-all with it.
 */
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildBundles, type Bundles } from "../helpers/bundles.js";
import { createGitRepo, type GitRepo } from "../helpers/gitrepo.js";

const BOOKS = `openapi: 3.0.3
info: { title: books, version: "1" }
paths:
  /books:
    get: { responses: { "200": { description: ok } } }
`;

const HAND_WRITTEN = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: web-api
  namespace: shop
spec:
  parentRefs:
    - {group: core, kind: Service, name: web, port: 80}
  rules:
    - matches:
        - path: {type: PathPrefix, value: /api}
      backendRefs:
        - {name: web, port: 80}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: web-cors
  namespace: shop
spec:
  parentRefs:
    - {group: core, kind: Service, name: web, port: 80}
  rules:
    - filters:
        - type: CORS
          cors: {allowOrigins: ["https://shop.example"]}
      backendRefs:
        - {name: web, port: 80}
`;

let bundles: Bundles;
let repo: GitRepo;
beforeAll(() => {
  bundles = buildBundles();
  repo = createGitRepo({ files: { "serviceprofile-sync.yaml": "output: deploy/profiles\nservices:\n  - name: books\n    namespace: shop\n    openapi: api/books.yaml\n", "api/books.yaml": BOOKS } });
  cli("sync");
  repo.write({ "k8s/web/routes.yaml": HAND_WRITTEN });
  repo.commit("hand-written routes");
}, 120_000);
afterAll(() => {
  repo?.cleanup();
  bundles?.cleanup();
});

function cli(...args: string[]): { code: number; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync(process.execPath, [bundles.cli, ...args], { cwd: repo.dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    return { code: 0, stdout, stderr: "" };
  } catch (err) {
    const e = err as { status: number; stdout: string; stderr: string };
    return { code: e.status, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("check runs the route guard", () => {
  it("fails on the CORS filter and warns about the lost catch-all, naming file, line and column", () => {
    const r = cli("check");
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      [
        "k8s/web/routes.yaml:8:7: warning no-catch-all: Service shop/web port 80: no route matches every request, so Linkerd answers the others with 404 (for example GET /)",
        "  hint: add a last rule without matches (or with path PathPrefix /) that forwards the rest to the Service, e.g. in HTTPRoute web-api",
        "k8s/web/routes.yaml:25:11: error route-filter-unsupported: HTTPRoute web-cors: Linkerd does not support the CORS filter and drops the whole route (every rule of it)",
        "  hint: remove the CORS filter from rules[0] (below Linkerd 2.20 it stops every route in the cluster, linkerd/linkerd2#14741); keep it on a route a Gateway implementation serves",
        "",
      ].join("\n"),
    );
    expect(r.stderr).toContain("guard: 1 error, 1 warning");
    expect(r.stderr).toContain("check: 1 guard error;");
  });

  it("passes when the config makes the rule a warning, and --no-guard skips the guard", () => {
    repo.write({ "serviceprofile-sync.yaml": repo.read("serviceprofile-sync.yaml") + "guard:\n  rules:\n    route-filter-unsupported: warning\n" });
    try {
      const r = cli("check");
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("warning route-filter-unsupported");
      expect(cli("check", "--no-guard").stdout).toBe("");
    } finally {
      repo.git("checkout", "--", "serviceprofile-sync.yaml");
    }
  });

  it("prints one JSON document with --format json: stale files and findings", () => {
    const generated = repo.git("ls-files", "deploy/profiles").split("\n").find((f) => f.endsWith("books.yaml"))!;
    const text = repo.read(generated);
    repo.remove(generated);
    try {
      const r = cli("check", "--format", "json");
      expect(r.code).toBe(1);
      const doc = JSON.parse(r.stdout) as { version: number; files: unknown[]; findings: { rule: string; file: string; line: number; column: number }[] };
      expect(doc.version).toBe(1);
      expect(doc.files).toEqual([{ path: generated, state: "missing" }]);
      expect(doc.findings.map((f) => [f.rule, f.file, f.line, f.column])).toEqual([
        ["no-catch-all", "k8s/web/routes.yaml", 8, 7],
        ["route-filter-unsupported", "k8s/web/routes.yaml", 25, 11],
      ]);
      expect(cli("check", "--format", "yaml")).toMatchObject({ code: 2, stdout: "" });
    } finally {
      repo.write({ [generated]: text });
    }
  });

  it("reads only the files guard.include names", () => {
    repo.write({ "serviceprofile-sync.yaml": repo.read("serviceprofile-sync.yaml") + "guard:\n  include: [deploy/**]\n" });
    try {
      expect(cli("check")).toMatchObject({ code: 0, stdout: "" });
    } finally {
      repo.git("checkout", "--", "serviceprofile-sync.yaml");
    }
  });
});
