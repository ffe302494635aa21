/**
 * The legacy exec plugin through real `kubectl kustomize --enable-alpha-plugins`:
 * the shim installed by `kustomize install-plugin` into a temporary
 * XDG_CONFIG_HOME, running the built bundle, on the example overlay (the
 * upstream booksapp manifests plus the generator), compared in full with a
 * reviewed golden; and what users see when something is wrong.
 */
import { readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { runtimes } from "../helpers/runtimes.js";
import { CLI_BUNDLE, KUBECTL, OVERLAY, REPO_ROOT, cleanEnv, copyTree, installPluginInto, requireBundle, requireExecutable, run, tempDir } from "../kustomize/e2e-helpers.js";

const GOLDEN = path.join(REPO_ROOT, "test/kustomize/golden/overlay-build.yaml");

function build(dir: string, xdg: string, flags = ["--enable-alpha-plugins"]) {
  return run(KUBECTL, ["kustomize", ...flags, dir], { env: cleanEnv({ XDG_CONFIG_HOME: xdg }) });
}

beforeAll(() => {
  requireExecutable(KUBECTL, "the kustomize tests run real kubectl kustomize");
  requireBundle();
});

describe("kubectl kustomize --enable-alpha-plugins with the installed exec plugin", () => {
  it("install-plugin writes the shim where kustomize looks, pinning node and the CLI", () => {
    const { shim, stdout } = installPluginInto();
    const script = readFileSync(shim, "utf8");
    expect(script).toContain(`exec ${process.execPath} ${CLI_BUNDLE} kustomize plugin "$@"`);
    expect(stdout).toContain(`at:   ${shim}`);
    expect(stdout).toContain(`runs: ${process.execPath} ${CLI_BUNDLE}`);
  });

  for (const { name, node } of runtimes()) {
    it(`builds the example overlay exactly as the reviewed golden (plugin under ${name})`, () => {
      const { xdg } = installPluginInto(node);
      const r = build(OVERLAY, xdg);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(readFileSync(GOLDEN, "utf8"));
    });
  }

  it("puts the generated profiles through the overlay's transformers like any other resource", () => {
    const docs = parseAllDocuments(readFileSync(GOLDEN, "utf8")).map((d) => d.toJS() as { kind: string; metadata: { name: string; namespace: string; labels?: Record<string, string> } });
    const profiles = docs.filter((d) => d.kind === "ServiceProfile");
    expect(profiles.map((p) => p.metadata.name)).toEqual(["authors.booksapp.svc.cluster.local", "books.booksapp.svc.cluster.local", "webapp.booksapp.svc.cluster.local"]);
    for (const p of profiles) expect(p.metadata.labels).toEqual({ environment: "production" });
    expect(docs.filter((d) => d.kind !== "ServiceProfile")).toHaveLength(11);
  });

  it("the same overlay fails without --enable-alpha-plugins, as kustomize says", () => {
    const { xdg } = installPluginInto();
    const r = build(OVERLAY, xdg, []);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("external plugins disabled");
  });

  it("fails the build with the spec file and line when a spec is broken", () => {
    const { xdg } = installPluginInto();
    const dir = copyTree(path.join(REPO_ROOT, "examples/kustomize"), path.join(tempDir("broken"), "kustomize"));
    writeFileSync(path.join(dir, "overlay/api/books.swagger"), "openapi: 3.0.1\npaths:\n  /books.json:\n    get: [unclosed\n");
    const r = build(path.join(dir, "overlay"), xdg);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe("");
    // kubectl's kustomize wraps the plugin's stderr into its error, indented.
    expect(r.stderr).toMatch(/^\s*api\/books\.swagger:5:1: invalid YAML/m);
    expect(r.stderr).toContain("failure in plugin configured via");
  });

  it("fails the build naming the generator and the field when its config is wrong", () => {
    const { xdg } = installPluginInto();
    const dir = copyTree(path.join(REPO_ROOT, "examples/kustomize"), path.join(tempDir("badconfig"), "kustomize"));
    const file = path.join(dir, "overlay/serviceprofiles.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace("      namespace: booksapp\n      openapi: api/authors.swagger", "      openapi: api/authors.swagger"));
    const r = build(path.join(dir, "overlay"), xdg);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('ServiceProfileGenerator/booksapp-profiles: spec.services[1] is missing "namespace"');
  });

  it("reads spec files from the kustomization directory only: no ../ paths, no symlinks out", () => {
    const { xdg } = installPluginInto();
    const dir = copyTree(path.join(REPO_ROOT, "examples/kustomize"), path.join(tempDir("escape"), "kustomize"));
    const file = path.join(dir, "overlay/serviceprofiles.yaml");
    const original = readFileSync(file, "utf8");
    writeFileSync(file, original.replace("openapi: api/webapp.swagger", "openapi: ../base/booksapp.yml"));
    const up = build(path.join(dir, "overlay"), xdg);
    expect(up.code).not.toBe(0);
    expect(up.stderr).toContain('spec.services[0].openapi: path "../base/booksapp.yml" leaves the kustomization directory');

    writeFileSync(file, original);
    rmSync(path.join(dir, "overlay/api/webapp.swagger"));
    symlinkSync(path.join(REPO_ROOT, "test/fixtures/booksapp/swagger/webapp.swagger"), path.join(dir, "overlay/api/webapp.swagger"));
    const link = build(path.join(dir, "overlay"), xdg);
    expect(link.code).not.toBe(0);
    expect(link.stderr).toContain('"api/webapp.swagger" is a symbolic link to');
  });

  it("passes kustomize's argsOneLiner on as an error rather than ignoring it", () => {
    const { xdg } = installPluginInto();
    const dir = copyTree(path.join(REPO_ROOT, "examples/kustomize"), path.join(tempDir("args"), "kustomize"));
    const file = path.join(dir, "overlay/serviceprofiles.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace("spec:\n", "argsOneLiner: --verbose\nspec:\n"));
    const r = build(path.join(dir, "overlay"), xdg);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("argsOneLiner and argsFromFile are not used by this plugin");
  });
});
