/** Hostile paths: every spelling of the repository root is refused, wherever a config path is checked. */
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../src/repo/config.js";
import { normalizeRepoPath } from "../../src/files/reader.js";
import { BOUND_MS, cli, config, spec, tempRepo } from "./helpers.js";

function configErrors(text: string): string[] {
  try {
    parseConfig(text, "serviceprofile-sync.yaml");
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.diagnostics.map((d) => `${d.line}:${d.column}: ${d.message}`);
    throw err;
  }
}

describe("path normalisation", () => {
  it.each(["./", ".//", "deploy/../", "deploy/..", "./deploy/../.", "a/b/../../"])("output: %s names the root and is refused", (output) => {
    expect(configErrors(`output: "${output}"\nservices: []\n`)).toEqual([`1:9: output names the repository root, not a directory`]);
  }, BOUND_MS);

  it.each([".git/", "./.git", "x/../.git/hooks/"])("output: %s is inside .git and is refused", (output) => {
    expect(configErrors(`output: "${output}"\nservices: []\n`).join()).toMatch(/inside git's own directory/);
  }, BOUND_MS);

  it("normalizeRepoPath strips trailing slashes before deciding", () => {
    expect(normalizeRepoPath("./")).toBe("");
    expect(normalizeRepoPath("deploy/../")).toBe("");
    expect(normalizeRepoPath("deploy//profiles/")).toBe("deploy/profiles");
    expect(() => normalizeRepoPath("../")).toThrow(/leaves the repository/);
    expect(() => normalizeRepoPath("a/../../")).toThrow(/leaves the repository/);
  }, BOUND_MS);

  it("sync with output: ./ writes nothing at the root", async () => {
    const repo = tempRepo({ files: { "serviceprofile-sync.yaml": config("./"), "api/books.yaml": spec() } });
    const r = await cli(repo, "sync");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/serviceprofile-sync\.yaml:1:9: output names the repository root/);
    expect(repo.exists("kustomization.yaml")).toBe(false);
    expect(repo.exists("booksapp")).toBe(false);
  }, BOUND_MS);

  it("a service path with a trailing slash that names the root is refused", () => {
    expect(configErrors(config("deploy", "api/..//")).join()).toMatch(/services\[0\]\.openapi names the repository root/);
  }, BOUND_MS);
});
