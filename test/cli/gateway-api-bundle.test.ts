/** --gateway-api-bundle on routes and migrate: the config's rule, a usage error with nothing on stdout when wrong. */
import { afterEach, describe, expect, it } from "vitest";
import { runCliInProcess } from "../helpers/cli.js";
import { createGitRepo, type GitRepo } from "../helpers/gitrepo.js";

const SPEC = `openapi: 3.0.1
info: { title: books, version: "1" }
paths:
  /books/{id}:
    get:
      responses: { "200": { description: ok } }
`;
const alternatives = Array.from({ length: 9 }, (_, i) => `      - { method: GET, pathRegex: /v${i}/books }`).join("\n");
const PROFILE = `apiVersion: linkerd.io/v1alpha2
kind: ServiceProfile
metadata: { name: books.booksapp.svc.cluster.local, namespace: booksapp }
spec:
  routes:
  - name: books
    condition:
      any:
${alternatives}
`;

let repo: GitRepo | undefined;
afterEach(() => {
  repo?.cleanup();
  repo = undefined;
});

describe("--gateway-api-bundle", () => {
  it("migrate: a rule of 9 matches passes v1.2.1-standard and is refused by v1.1.1-experimental, stdout empty", async () => {
    repo = createGitRepo({ files: { "books.sp.yaml": PROFILE } });
    const ok = await runCliInProcess(["migrate", "--gateway-api-bundle", "v1.2.1-standard", "books.sp.yaml"], repo.dir);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain("/v8/books");
    const refused = await runCliInProcess(["migrate", "--gateway-api-bundle", "v1.1.1-experimental", "books.sp.yaml"], repo.dir);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toContain("books.sp.yaml");
    expect(refused.stderr).toContain("matches has 9 entries, but the HTTPRoute CRD of Gateway API v1.1.1-experimental allows at most 8");
    // With a Linkerd version the default is the bundle it ships.
    const linkerd = await runCliInProcess(["migrate", "--linkerd-version", "2.20", "books.sp.yaml"], repo.dir);
    expect(linkerd.code).toBe(1);
    expect(linkerd.stderr).toContain("Gateway API v1.1.1-experimental allows at most 8");
  });

  for (const command of ["routes", "migrate"]) {
    it(`${command}: an unknown bundle (with did-you-mean) and a bundle with another apiVersion are usage errors, stdout empty`, async () => {
      repo = createGitRepo({ files: { "books.yaml": SPEC, "books.sp.yaml": PROFILE } });
      const args = command === "routes" ? ["routes", "-n", "booksapp", "--open-api", "books.yaml", "books"] : ["migrate", "books.sp.yaml"];
      const bad = await runCliInProcess([...args, "--gateway-api-bundle", "v1.4.1"], repo.dir);
      expect(bad.code).toBe(2);
      expect(bad.stdout).toBe("");
      expect(bad.stderr).toContain('--gateway-api-bundle: "v1.4.1" is not a Gateway API bundle this tool checks against');
      expect(bad.stderr).toContain('did you mean "v1.4.1-standard"? (the config\'s gatewayAPI.bundle takes the same values)');
      const other = await runCliInProcess([...args, "--gateway-api-bundle", "v1.4.1-standard", "--api-version", "v1beta1"], repo.dir);
      expect(other.code).toBe(2);
      expect(other.stdout).toBe("");
      expect(other.stderr).toContain("--gateway-api-bundle with --api-version v1beta1: a Gateway API bundle applies to gateway.networking.k8s.io/v1 routes");
      const good = await runCliInProcess([...args, "--gateway-api-bundle", "v1.5.1-standard"], repo.dir);
      expect(good.code, good.stderr).toBe(0);
    });
  }
});
