/** --linkerd-version on routes and migrate: the config's rule, a usage error with nothing on stdout when wrong. */
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { runCliInProcess } from "../helpers/cli.js";
import { createGitRepo, type GitRepo } from "../helpers/gitrepo.js";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const SPEC = `openapi: 3.0.1
info: { title: books, version: "1" }
paths:
  /books/{id}:
    get:
      x-linkerd-timeout: 1m30s
      responses: { "200": { description: ok } }
`;
const PROFILE = `apiVersion: linkerd.io/v1alpha2
kind: ServiceProfile
metadata: { name: books.booksapp.svc.cluster.local, namespace: booksapp }
spec:
  routes:
  - name: GET /books/{id}
    condition: { method: GET, pathRegex: "/books/[^/]*" }
    timeout: 2s
`;

let repo: GitRepo | undefined;
afterEach(() => {
  repo?.cleanup();
  repo = undefined;
});

type Obj = { metadata: { annotations?: Record<string, string> }; spec: { rules: { timeouts?: { request: string } }[] } };
const first = (text: string) => parseAllDocuments(text)[0]!.toJS() as Obj;

describe("--linkerd-version", () => {
  it("routes: 2.19 writes the annotation, 2.20 (the default) the rule field", async () => {
    repo = createGitRepo({ files: { "books.yaml": SPEC } });
    const old = await runCliInProcess(["routes", "-n", "booksapp", "--linkerd-version", "2.19", "--open-api", "books.yaml", "books"], repo.dir);
    expect(old.code, old.stderr).toBe(0);
    expect(first(old.stdout).metadata.annotations?.["timeout.linkerd.io/request"]).toBe("90s");
    expect(first(old.stdout).spec.rules[0]!.timeouts).toBeUndefined();
    const current = await runCliInProcess(["routes", "-n", "booksapp", "--open-api", "books.yaml", "books"], repo.dir);
    expect(first(current.stdout).spec.rules[0]!.timeouts).toEqual({ request: "90s" });
    expect((await runCliInProcess(["routes", "-n", "booksapp", "--linkerd-version", "2.20", "--open-api", "books.yaml", "books"], repo.dir)).stdout).toBe(current.stdout);
  });

  it("migrate: 2.18 writes the annotation", async () => {
    repo = createGitRepo({ files: { "books.sp.yaml": PROFILE } });
    const r = await runCliInProcess(["migrate", "--linkerd-version", "2.18", "books.sp.yaml"], repo.dir);
    expect(r.code, r.stderr).toBe(0);
    expect(first(r.stdout).metadata.annotations?.["timeout.linkerd.io/request"]).toBe("2s");
    expect(first(r.stdout).spec.rules[0]!.timeouts).toBeUndefined();
  });

  for (const command of ["routes", "migrate"]) {
    it(`${command}: an unknown version and v1beta1 with a version are usage errors, stdout empty`, async () => {
      const args = command === "routes" ? ["routes", "-n", "booksapp", "--open-api", "test/fixtures/booksapp/swagger/books.swagger", "books"] : ["migrate", "test/migrate/golden/handwritten.yaml"];
      const bad = await runCliInProcess([...args, "--linkerd-version", "2.2"], REPO);
      expect(bad.code).toBe(2);
      expect(bad.stdout).toBe("");
      expect(bad.stderr).toContain('--linkerd-version: "2.2" is not a Linkerd version this tool knows: use "2.18", "2.19", "2.20"');
      const beta = await runCliInProcess([...args, "--linkerd-version", "2.18", "--api-version", "v1beta1"], REPO);
      expect(beta.code).toBe(2);
      expect(beta.stdout).toBe("");
      expect(beta.stderr).toContain("Linkerd 2.18 does not read apiVersion v1beta1");
    });
  }
});
