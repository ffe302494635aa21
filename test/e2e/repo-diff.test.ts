/**
 * `diff` on real git repositories: the base is read through git (never
 * checked out), the head is the work tree or another ref.
 */
import { afterEach, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { createGitRepo, type GitRepo } from "../helpers/gitrepo.js";
import { runCliInProcess } from "../helpers/cli.js";
import type { DiffReport } from "../../src/diff/routes.js";

let repo: GitRepo;
afterEach(() => repo?.cleanup());

const OUT = "deploy/sp";

function openapi(paths: Record<string, Record<string, number[]>>, top = ""): string {
  let text = `openapi: 3.0.1\ninfo: { title: t, version: "1" }\n${top}paths:\n`;
  for (const [p, methods] of Object.entries(paths)) {
    text += `  ${p}:\n`;
    for (const [m, codes] of Object.entries(methods)) {
      text += `    ${m}:\n      responses:\n`;
      for (const c of codes) text += `        "${c}": { description: r }\n`;
    }
  }
  return text;
}

const BOOKS = { "/books": { get: [200], post: [201, 500] }, "/books/{id}": { get: [200, 404], delete: [204] } };

function config(extra: { books?: string; services?: string } = {}): string {
  return `output: ${OUT}
services:
  - name: books
    namespace: booksapp
    openapi: api/books.yaml
${extra.books ?? ""}  - name: authors
    namespace: booksapp
    openapi: api/authors.yaml
${extra.services ?? ""}`;
}

/** main: config, specs and the synced manifests, committed. */
async function baseRepo(): Promise<GitRepo> {
  const r = createGitRepo({
    files: {
      "serviceprofile-sync.yaml": config(),
      "api/books.yaml": openapi(BOOKS),
      "api/authors.yaml": openapi({ "/authors": { get: [200] } }, "servers: [{ url: /api }]\n"),
    },
  });
  repo = r;
  const s = await runCliInProcess(["sync"], r.dir);
  expect(s.code).toBe(0);
  r.commit("sync");
  return r;
}

async function diffJson(...args: string[]): Promise<{ code: number; report: DiffReport; stderr: string }> {
  const r = await runCliInProcess(["diff", "--format", "json", ...args], repo.dir);
  return { code: r.code, report: JSON.parse(r.stdout) as DiffReport, stderr: r.stderr };
}

describe("diff", () => {
  it("reports added, removed and changed routes field by field, from a branch, without checking anything out", async () => {
    await baseRepo();
    repo.git("checkout", "-q", "-b", "feature");
    repo.write({
      "api/books.yaml": openapi({ "/books": { get: [200], post: [201, 503] }, "/books/{id}": { get: [200, 404] }, "/books/{id}/reviews": { get: [200] } }),
    });
    await runCliInProcess(["sync"], repo.dir);
    repo.commit("change books");
    repo.checkout("main");
    const statusBefore = repo.git("status", "--porcelain");

    const { code, report } = await diffJson("--base", "main", "--head", "feature");
    expect(code).toBe(0);
    expect(repo.git("rev-parse", "--abbrev-ref", "HEAD")).toBe("main");
    expect(repo.git("status", "--porcelain")).toBe(statusBefore);
    expect(report.schemaVersion).toBe(1);
    expect(report.base).toEqual({ ref: "main", commit: repo.git("rev-parse", "main"), config: "serviceprofile-sync.yaml" });
    expect(report.head).toEqual({ ref: "feature", commit: repo.git("rev-parse", "feature"), config: "serviceprofile-sync.yaml" });
    expect(report.profiles).toEqual([
      {
        profile: { name: "books.booksapp.svc.cluster.local", namespace: "booksapp", service: "books", serviceNamespace: "booksapp", path: `${OUT}/booksapp/books.yaml` },
        status: "changed",
        routesAdded: [{ name: "GET /books/{id}/reviews", method: "GET", pathRegex: "/books/[^/]*/reviews", isRetryable: false, timeout: null, responseClasses: [{ status: "200", isFailure: false }] }],
        routesRemoved: [{ name: "DELETE /books/{id}", method: "DELETE", pathRegex: "/books/[^/]*", isRetryable: false, timeout: null, responseClasses: [{ status: "204", isFailure: false }] }],
        routesChanged: [
          {
            name: "POST /books",
            changes: [
              {
                field: "responseClasses",
                from: [{ status: "201", isFailure: false }, { status: "500", isFailure: true }],
                to: [{ status: "201", isFailure: false }, { status: "503", isFailure: true }],
              },
            ],
          },
        ],
      },
    ]);
    expect(report.summary).toEqual({
      profilesAdded: 0,
      profilesRemoved: 0,
      profilesChanged: 1,
      profilesUnchanged: 1,
      routesAdded: 1,
      routesRemoved: 1,
      routesChanged: 1,
      serviceErrors: 0,
      unmappedSpecs: 0,
      staleFiles: 0,
      routeSetsAdded: 0,
      routeSetsRemoved: 0,
      routeSetsChanged: 0,
      rulesAdded: 0,
      rulesRemoved: 0,
      rulesChanged: 0,
    });
    expect(report.routeSets).toEqual([]);
    expect(report.stale).toEqual({ checked: true, upToDate: true, files: [] });

    const text = await runCliInProcess(["diff", "--base", "main", "--head", "feature"], repo.dir);
    expect(text.stdout).toContain(
      "  + GET /books/{id}/reviews  [GET /books/[^/]*/reviews], classes 200\n  - DELETE /books/{id}  [DELETE /books/[^/]*]\n  ~ POST /books\n      responseClasses: 201, 500 failure -> 201, 503 failure\n",
    );
  });

  it("moves a base path, renames a service, adds a client namespace and a retry budget", async () => {
    await baseRepo();
    repo.write({
      "serviceprofile-sync.yaml": config({
        books: "    basePath: /v2\n    profileNamespaces: [booksapp, webapp]\n    retryBudget: { retryRatio: 0.2, minRetriesPerSecond: 10, ttl: 10s }\n",
      }).replace("name: authors", "name: writers"),
    });
    const { code, report } = await diffJson("--base", "main");
    expect(code).toBe(0);
    expect(report.head.ref).toBe("WORKTREE");
    const summary = report.profiles.map((p) => `${p.status} ${p.profile.namespace}/${p.profile.name}`);
    expect(summary).toEqual([
      "removed booksapp/authors.booksapp.svc.cluster.local",
      "changed booksapp/books.booksapp.svc.cluster.local",
      "added booksapp/writers.booksapp.svc.cluster.local",
      "added webapp/books.booksapp.svc.cluster.local",
    ]);
    const books = report.profiles[1]!;
    expect(books.routesAdded.map((r) => `${r.name} ${r.pathRegex}`)).toEqual([
      "GET /v2/books /v2/books",
      "POST /v2/books /v2/books",
      "DELETE /v2/books/{id} /v2/books/[^/]*",
      "GET /v2/books/{id} /v2/books/[^/]*",
    ]);
    expect(books.routesRemoved.map((r) => r.name)).toEqual(["GET /books", "POST /books", "DELETE /books/{id}", "GET /books/{id}"]);
    expect(books.retryBudget).toEqual({ from: null, to: { retryRatio: 0.2, minRetriesPerSecond: 10, ttl: "10s" } });
    expect(report.profiles[0]!.routesRemoved.map((r) => r.pathRegex)).toEqual(["/api/authors"]);
    expect(report.profiles[3]!.routesAdded).toHaveLength(4);
    // The committed manifests were not regenerated for this work tree.
    expect(report.stale.checked).toBe(true);
    expect(report.stale.files).toEqual([
      { path: `${OUT}/booksapp/authors.yaml`, kind: "extra" },
      { path: `${OUT}/booksapp/books.yaml`, kind: "stale" },
      { path: `${OUT}/booksapp/writers.yaml`, kind: "missing" },
      { path: `${OUT}/kustomization.yaml`, kind: "stale" },
      { path: `${OUT}/webapp/books.yaml`, kind: "missing" },
    ]);
  });

  it("reports a spec broken at head as an error for that service and still diffs the others", async () => {
    await baseRepo();
    repo.write({
      "api/books.yaml": "openapi: 3.0.1\npaths:\n  /books:\n    get:\n      x-linkerd-timeout: soon\n",
      "api/authors.yaml": openapi({ "/authors": { get: [200], post: [201] } }, "servers: [{ url: /api }]\n"),
    });
    const { code, report } = await diffJson("--base", "main");
    expect(code).toBe(1);
    expect(report.errors).toEqual([
      {
        service: "books",
        namespace: "booksapp",
        side: "head",
        diagnostics: [expect.objectContaining({ severity: "error", file: "api/books.yaml", message: expect.stringMatching(/soon/) })],
      },
    ]);
    expect(report.profiles.map((p) => p.profile.service)).toEqual(["authors"]);
    expect(report.profiles[0]!.routesAdded.map((r) => r.name)).toEqual(["POST /api/authors"]);
    // The broken service's committed file is kept, so it is not "extra"; authors' file is stale.
    expect(report.stale.files).toEqual([{ path: `${OUT}/booksapp/authors.yaml`, kind: "stale" }]);

    const md = await runCliInProcess(["diff", "--base", "main", "--format", "markdown"], repo.dir);
    expect(md.code).toBe(1);
    expect(md.stdout).toContain("**Services that failed to generate (not compared)**");
    expect(md.stdout).toMatch(/- `books \(booksapp\)` at head: `api\/books\.yaml/);
  });

  it("reports a spec broken at base and compares the rest", async () => {
    repo = createGitRepo({
      files: {
        "serviceprofile-sync.yaml": config(),
        "api/books.yaml": "openapi: 3.0.1\npaths:\n  /books:\n    get:\n      x-linkerd-retryable: maybe\n",
        "api/authors.yaml": openapi({ "/authors": { get: [200] } }),
      },
    });
    repo.write({ "api/books.yaml": openapi(BOOKS), "api/authors.yaml": openapi({ "/authors": { get: [200, 500] } }) });
    const { code, report } = await diffJson("--base", "main");
    expect(code).toBe(0);
    expect(report.errors.map((e) => `${e.service} ${e.side} ${e.diagnostics[0]!.file}:${e.diagnostics[0]!.line}`)).toEqual(["books base api/books.yaml:5"]);
    expect(report.profiles.map((p) => `${p.status} ${p.profile.service}`)).toEqual(["changed authors"]);
    expect(report.stale).toMatchObject({ checked: false, reason: `no files under ${OUT}/ at head (the manifests are not committed)` });
  });

  it("treats a base without a config as empty, and lists unmapped specs", async () => {
    repo = createGitRepo({ files: { "README.md": "hello\n" } });
    repo.write({
      "serviceprofile-sync.yaml": config(),
      "api/books.yaml": openapi(BOOKS),
      "api/authors.yaml": openapi({ "/authors": { get: [200] } }),
      "api/orphan.yaml": openapi({ "/x": { get: [200] } }),
    });
    const { report } = await diffJson("--base", "main");
    expect(report.base.config).toBeNull();
    expect(report.profiles.map((p) => `${p.status} ${p.profile.service}`)).toEqual(["added authors", "added books"]);
    expect(report.unmapped).toEqual([{ path: "api/orphan.yaml", kind: "openapi" }]);
    expect(report.summary.unmappedSpecs).toBe(1);
  });

  it("reports a hand-edited committed file as stale at head", async () => {
    await baseRepo();
    const f = `${OUT}/booksapp/books.yaml`;
    repo.write({ [f]: repo.read(f).replace("name: GET /books\n", "name: GET /books\n    isRetryable: true\n") });
    const { report } = await diffJson("--base", "main");
    expect(report.profiles).toEqual([]);
    // Not committed: the edit exists nowhere else, which sync refuses to lose.
    expect(report.stale).toEqual({ checked: true, upToDate: false, files: [{ path: f, kind: "hand-edited", unsaved: true }] });
    repo.git("add", f);
    expect((await diffJson("--base", "main")).report.stale.files).toEqual([{ path: f, kind: "hand-edited" }]);
  });

  it("regenerates only the services whose spec, $ref'd file or config entry changed", async () => {
    const files: Record<string, string> = { "api/common.yaml": "components:\n  responses:\n    Err: { description: e }\n" };
    let cfg = `output: ${OUT}\nservices:\n`;
    for (let i = 0; i < 30; i++) {
      files[`api/svc${i}.yaml`] = openapi({ [`/s${i}`]: { get: [200] } }).replace(
        '        "200": { description: r }\n',
        i === 7 ? '        "200": { description: r }\n        "500": { $ref: "common.yaml#/components/responses/Err" }\n' : '        "200": { description: r }\n',
      );
      cfg += `  - name: svc${i}\n    namespace: apps\n    openapi: api/svc${i}.yaml\n`;
    }
    repo = createGitRepo({ files: { ...files, "serviceprofile-sync.yaml": cfg } });
    expect((await runCliInProcess(["sync"], repo.dir)).code).toBe(0);
    repo.commit("sync");

    const timings = async (...args: string[]) => {
      const r = await runCliInProcess(["diff", "--base", "main", "--format", "json", "--timings", ...args], repo.dir);
      return { report: JSON.parse(r.stdout) as DiffReport, t: JSON.parse(/^timings: (.*)$/m.exec(r.stderr)![1]!) as Record<string, number> };
    };
    let { report, t } = await timings();
    expect([t.generatedBase, t.generatedHead, report.summary.profilesUnchanged]).toEqual([0, 0, 30]);

    // One spec changes.
    repo.write({ "api/svc3.yaml": openapi({ "/s3": { get: [200], put: [200] } }) });
    ({ report, t } = await timings());
    expect([t.generatedBase, t.generatedHead, report.summary.profilesUnchanged]).toEqual([1, 1, 29]);
    expect(report.profiles.map((p) => p.profile.service)).toEqual(["svc3"]);
    expect(report.stale.files).toEqual([{ path: `${OUT}/apps/svc3.yaml`, kind: "stale" }]);

    // A file only reached through a $ref changes.
    repo.git("checkout", "--", "api/svc3.yaml");
    repo.write({ "api/common.yaml": "components:\n  responses:\n    Err: { description: changed }\n" });
    ({ report, t } = await timings());
    expect([t.generatedBase, t.generatedHead]).toEqual([1, 1]);
    expect(report.profiles).toEqual([]); // the description does not change routes
    expect(report.summary.profilesUnchanged).toBe(30);
    // Only the fingerprint line would change: the committed profile is still right.
    expect(report.stale.files).toEqual([]);

    // A config entry changes.
    repo.git("checkout", "--", "api/common.yaml");
    repo.write({ "serviceprofile-sync.yaml": cfg.replace("openapi: api/svc12.yaml\n", "openapi: api/svc12.yaml\n    defaults: { timeout: 1s }\n") });
    ({ report, t } = await timings());
    expect([t.generatedBase, t.generatedHead]).toEqual([1, 1]);
    expect(report.profiles[0]!.routesChanged).toEqual([{ name: "GET /s12", changes: [{ field: "timeout", from: null, to: "1s" }] }]);

    // --full agrees, generating everything.
    const full = await timings("--full");
    expect([full.t.generatedBase, full.t.generatedHead]).toEqual([30, 30]);
    expect(full.report.profiles).toEqual(report.profiles);
    expect(full.report.stale).toEqual(report.stale);
  });

  it("refuses a symlink in the base tree that leaves the repository, for that service only", async () => {
    repo = createGitRepo();
    repo.write({ "serviceprofile-sync.yaml": config(), "api/books.yaml": openapi(BOOKS) });
    repo.symlink("api/authors.yaml", "../../../etc/hostname");
    repo.commit("links");
    repo.remove("api/authors.yaml");
    repo.write({ "api/authors.yaml": openapi({ "/authors": { get: [200] } }) });
    const { report } = await diffJson("--base", "main");
    expect(report.errors).toEqual([
      expect.objectContaining({ service: "authors", side: "base", diagnostics: [expect.objectContaining({ message: expect.stringMatching(/symbolic link to "\.\.\/\.\.\/\.\.\/etc\/hostname", outside the repository/) })] }),
    ]);
    expect(report.profiles).toEqual([]);
    expect(report.summary.profilesUnchanged).toBe(1);
  });

  it("writes markdown to --output and validates its flags", async () => {
    await baseRepo();
    repo.write({ "api/authors.yaml": openapi({ "/authors": { get: [200] }, "/authors/{id}": { get: [200] } }, "servers: [{ url: /api }]\n") });
    const r = await runCliInProcess(["diff", "--base", "main", "--format", "markdown", "--output", "out/changes.md"], repo.dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    const md = readFileSync(repo.path("out/changes.md"), "utf8");
    expect(md).toContain("### ServiceProfile changes\n\n**profiles: 1 changed (1 unchanged); routes: 1 added; 1 committed file out of date**\n");
    expect(md).toContain("| + | `GET /api/authors/{id}` | GET | `/api/authors/[^/]*` | added: classes 200 |");

    expect((await runCliInProcess(["diff"], repo.dir)).code).toBe(2);
    expect((await runCliInProcess(["diff", "--base", "main", "--format", "html"], repo.dir)).code).toBe(2);
    const bad = await runCliInProcess(["diff", "--base", "no-such-ref"], repo.dir);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('unknown git ref "no-such-ref"');
  });

  it("reports config errors at a side with their place", async () => {
    await baseRepo();
    repo.write({ "serviceprofile-sync.yaml": config().replace("namespace: booksapp", "namespace: Books") });
    const { code, report } = await diffJson("--base", "main");
    expect(code).toBe(1);
    expect(report.configErrors).toEqual([
      { side: "head", diagnostics: [expect.objectContaining({ file: "serviceprofile-sync.yaml", line: 4, column: 16, message: expect.stringMatching(/^invalid namespace "Books"/) })] },
    ]);
    expect(report.profiles).toEqual([]);
    expect(report.stale).toMatchObject({ checked: false, reason: "the config at head has errors" });
  });
});
