/** Symbolic links in every input: followed inside the repository, refused (loudly) when they lead out. */
import { mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { gitReader } from "../../src/git.js";
import { loadConfig } from "../../src/repo/config.js";
import { plan } from "../../src/repo/plan.js";
import { BOUND_MS, cli, config, spec, tempRepo } from "./helpers.js";

const CM = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\n`;

/** A directory outside every repository, removed when the test ends. */
function outside(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "sps-outside-"));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe("generate (plain manifests): symbolic links", () => {
  function app() {
    return tempRepo({ files: { "app/serviceprofile-sync.yaml": config("out", "api/books.yaml"), "app/api/books.yaml": spec(), "app/a.yaml": CM("a"), "shared/b.yaml": CM("b") } });
  }

  it("a link inside the repository is followed, as Argo CD's directory source does", async () => {
    const repo = app();
    repo.symlink("app/b.yaml", "../shared/b.yaml");
    const r = await cli(repo, "generate", "--manifests", "plain", "app");
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("name: a}");
    expect(r.stdout).toContain("name: b}");
    expect(r.stdout).toContain("kind: ServiceProfile");
  }, BOUND_MS);

  it("a linked directory is walked with --recurse, once even when links loop", async () => {
    const repo = app();
    repo.symlink("app/sub", "../shared");
    repo.symlink("shared/loop", "../app");
    const r = await cli(repo, "generate", "--manifests", "plain", "--recurse", "app");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.match(/name: b\}/g)).toHaveLength(1);
  }, BOUND_MS);

  it("a link that leads out of the repository fails the command with nothing on stdout", async () => {
    const repo = app();
    const elsewhere = outside();
    writeFileSync(path.join(elsewhere, "c.yaml"), CM("c"));
    symlinkSync(path.join(elsewhere, "c.yaml"), repo.path("app/c.yaml"));
    const r = await cli(repo, "generate", "--manifests", "plain", "app");
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/"app\/c\.yaml" is a symbolic link to ".*c\.yaml", outside the repository/);
  }, BOUND_MS);

  it("a dangling link fails the command too", async () => {
    const repo = app();
    repo.symlink("app/d.yaml", "nowhere.yaml");
    const r = await cli(repo, "generate", "--manifests", "plain", "app");
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/"app\/d\.yaml" is a symbolic link to "nowhere\.yaml", which does not exist/);
  }, BOUND_MS);
});

describe("specs reached through symbolic links", () => {
  it("the target of a linked spec is not listed as unused (work tree and git ref)", async () => {
    const repo = tempRepo({ files: { "serviceprofile-sync.yaml": config("deploy", "api/books.yaml"), "specs/books-v1.yaml": spec() } });
    repo.symlink("api/books.yaml", "../specs/books-v1.yaml");
    repo.commit("link");
    const r = await cli(repo, "sync");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/not used by any service/);
    expect(r.stdout).toContain("0 unmapped specs");
    const reader = await gitReader(repo.dir, "HEAD");
    try {
      const cfg = await loadConfig(reader);
      const p = await plan(reader, cfg, { repoFiles: await reader.listFiles() });
      expect(p.unmapped).toEqual([]);
    } finally {
      reader.close();
    }
  }, BOUND_MS);

  it("a link to a spec a service names directly is not listed either; an unrelated spec still is", async () => {
    const repo = tempRepo({ files: { "serviceprofile-sync.yaml": config("deploy", "specs/books-v1.yaml"), "specs/books-v1.yaml": spec(), "other/orders.yaml": spec("/orders") } });
    repo.symlink("api/books.yaml", "../specs/books-v1.yaml");
    const r = await cli(repo, "sync");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("1 spec file not used by any service");
    expect(r.stderr).toContain("  other/orders.yaml (openapi)");
    expect(r.stderr).not.toContain("api/books.yaml (openapi)");
  }, BOUND_MS);
});

describe("links out of the repository, in every input of sync", () => {
  it("the config, a spec and the output directory: each refused with its name, nothing written outside", async () => {
    const elsewhere = outside();
    writeFileSync(path.join(elsewhere, "config.yaml"), config("deploy"));
    writeFileSync(path.join(elsewhere, "books.yaml"), spec());

    const viaConfig = tempRepo({ files: { "api/books.yaml": spec() } });
    symlinkSync(path.join(elsewhere, "config.yaml"), viaConfig.path("serviceprofile-sync.yaml"));
    const a = await cli(viaConfig, "sync");
    expect(a.code).toBe(1);
    expect(a.stderr).toMatch(/"serviceprofile-sync\.yaml" is a symbolic link to ".*config\.yaml", outside the repository/);

    const viaSpec = tempRepo({ files: { "serviceprofile-sync.yaml": config("deploy") } });
    viaSpec.symlink("api/books.yaml", path.join(elsewhere, "books.yaml"));
    const b = await cli(viaSpec, "sync");
    expect(b.code).toBe(1);
    expect(b.stderr).toMatch(/"api\/books\.yaml" is a symbolic link to ".*books\.yaml", outside the repository/);

    const viaOutput = tempRepo({ files: { "serviceprofile-sync.yaml": config("deploy"), "api/books.yaml": spec() } });
    symlinkSync(elsewhere, viaOutput.path("deploy"));
    const c = await cli(viaOutput, "sync");
    expect(c.code).toBe(1);
    expect(c.stderr).toMatch(/deploy resolves to .*, outside the repository/);
    expect(readdirSync(elsewhere).sort()).toEqual(["books.yaml", "config.yaml"]);
  }, BOUND_MS);
});
