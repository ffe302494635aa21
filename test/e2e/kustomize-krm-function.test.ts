/**
 * The KRM exec function route. kubectl's kustomize has no --enable-exec, so
 * the real orchestrator here is kpt (`kpt fn eval --exec`), fed the example
 * overlay's KRM config; the built bundle is also driven directly the way
 * kustomize drives exec functions (ResourceList on stdin, cwd = the
 * kustomization directory). Both must generate what the legacy route does.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { CLI_BUNDLE, KUBECTL, OVERLAY, REPO_ROOT, cleanEnv, copyTree, installPluginInto, requireBundle, requireExecutable, requireKpt, run, snapshot, tempDir } from "../kustomize/e2e-helpers.js";

type Obj = { kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: unknown };

/** The legacy route's profiles (reviewed golden), without what the overlay's transformers added. */
function legacyProfiles(): { name: string; spec: unknown }[] {
  return parseAllDocuments(readFileSync(path.join(REPO_ROOT, "test/kustomize/golden/overlay-build.yaml"), "utf8"))
    .map((d) => d.toJS() as Obj)
    .filter((o) => o.kind === "ServiceProfile")
    .map((o) => ({ name: `${o.metadata.namespace}/${o.metadata.name}`, spec: o.spec }));
}

function profilesOf(objects: Obj[]): { name: string; spec: unknown }[] {
  return objects
    .filter((o) => o.kind === "ServiceProfile")
    .map((o) => ({ name: `${o.metadata.namespace}/${o.metadata.name}`, spec: o.spec }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** What kustomize sends a generator: the function config itself as the only item, marked local. */
function kustomizeInput(configFile: string): string {
  const config = readFileSync(configFile, "utf8").replace(/^#.*\n/gm, "");
  const marked = parse(config) as Obj;
  marked.metadata.annotations = { ...(marked.metadata.annotations ?? {}), "config.kubernetes.io/local-config": "true" };
  return JSON.stringify({ apiVersion: "config.kubernetes.io/v1", kind: "ResourceList", items: [marked], functionConfig: parse(config) });
}

let base = "";
beforeAll(() => {
  requireExecutable(KUBECTL, "the kustomize tests run real kubectl kustomize");
  requireBundle();
  requireKpt();
  const r = run(KUBECTL, ["kustomize", path.join(REPO_ROOT, "examples/kustomize/base")]);
  expect(r.code).toBe(0);
  base = r.stdout;
});

describe("which kustomize runs the KRM function", () => {
  it("kubectl kustomize has no --enable-exec", () => {
    const help = run(KUBECTL, ["kustomize", "--help"]);
    expect(help.stdout).toContain("--enable-alpha-plugins");
    expect(help.stdout).not.toContain("--enable-exec");
  });

  it("kubectl kustomize silently drops an exec-function generator (so the docs send kubectl users to the legacy plugin)", () => {
    const dir = copyTree(path.join(REPO_ROOT, "examples/kustomize"), path.join(tempDir("krm-kubectl"), "kustomize"));
    const k = path.join(dir, "overlay/kustomization.yaml");
    writeFileSync(k, readFileSync(k, "utf8").replace("- serviceprofiles.yaml", "- serviceprofiles-krm.yaml"));
    const { xdg } = installPluginInto();
    const r = run(KUBECTL, ["kustomize", "--enable-alpha-plugins", path.join(dir, "overlay")], { env: cleanEnv({ XDG_CONFIG_HOME: xdg }) });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain("kind: ServiceProfile");
  });
});

describe("the bundle as kustomize runs an exec function", () => {
  it("answers the generator's ResourceList with the config item kept and the profiles appended", () => {
    for (const config of ["serviceprofiles.yaml", "serviceprofiles-krm.yaml"]) {
      const r = run(process.execPath, [CLI_BUNDLE, "kustomize", "fn"], { cwd: OVERLAY, input: kustomizeInput(path.join(OVERLAY, config)) });
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      const out = parse(r.stdout) as { items: Obj[]; results?: unknown };
      expect(out.results).toBeUndefined();
      expect(out.items[0]!.kind).toBe("ServiceProfileGenerator");
      expect(out.items[0]!.metadata.annotations!["config.kubernetes.io/local-config"]).toBe("true");
      expect(profilesOf(out.items)).toEqual(legacyProfiles());
    }
  });

  it("exits non-zero on a bad config, still answering with a ResourceList that holds the result", () => {
    const input = kustomizeInput(path.join(OVERLAY, "serviceprofiles.yaml")).replaceAll('"namespace":"booksapp","openapi":"api/books.swagger"', '"openapi":"api/books.swagger"');
    const r = run(process.execPath, [CLI_BUNDLE, "kustomize", "fn"], { cwd: OVERLAY, input });
    expect(r.code).toBe(1);
    const out = parse(r.stdout) as { results: { severity: string; field: { path: string } }[] };
    expect(out.results).toEqual([expect.objectContaining({ severity: "error", field: { path: "spec.services[2]" } })]);
    expect(r.stderr).toContain('ServiceProfileGenerator/booksapp-profiles: spec.services[2] is missing "namespace"');
  });
});

describe("kpt fn eval --exec (a real KRM orchestrator)", () => {
  it("appends the same profiles as the legacy route to the base's resources", () => {
    const { shim } = installPluginInto();
    const r = run("kpt", ["fn", "eval", "-", "--exec", shim, "--fn-config", "serviceprofiles-krm.yaml"], { cwd: OVERLAY, input: base });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("[PASS]");
    const items = (parse(r.stdout) as { items: Obj[] }).items;
    const baseObjects = parseAllDocuments(base).map((d) => d.toJS() as Obj);
    expect(items.filter((i) => i.kind !== "ServiceProfile").map((i) => `${i.kind}/${i.metadata.name}`)).toEqual(baseObjects.map((o) => `${o.kind}/${o.metadata.name}`));
    expect(profilesOf(items)).toEqual(legacyProfiles());
  });

  it("fails with our results when a spec is broken", () => {
    const { shim } = installPluginInto();
    const dir = copyTree(OVERLAY, path.join(tempDir("kpt-broken"), "overlay"));
    writeFileSync(path.join(dir, "api/books.swagger"), "openapi: 3.0.1\npaths:\n  /books.json:\n    get: [unclosed\n");
    const r = run("kpt", ["fn", "eval", "-", "--exec", shim, "--fn-config", "serviceprofiles-krm.yaml"], { cwd: dir, input: base });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("[FAIL]");
    expect(r.stderr).toContain("invalid YAML");
    expect(r.stderr).toContain("api/books.swagger");
  });
});

/** The kpt recipe of docs/kustomize.md: the fenced block that runs `kpt fn eval`, as `cd DIR` and the kpt command line. */
function readmeKptRecipe(): { dir: string; args: string[] } {
  const readme = readFileSync(path.join(REPO_ROOT, "docs/kustomize.md"), "utf8");
  const block = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!).find((b) => /^kpt fn eval /m.test(b));
  if (!block) throw new Error("docs/kustomize.md has no sh block running kpt fn eval");
  const lines = block.trim().split("\n");
  expect(lines).toHaveLength(2);
  const [cd, kpt] = lines as [string, string];
  expect(cd).toMatch(/^cd \S+$/);
  return { dir: cd.slice(3), args: kpt.split(/\s+/).slice(1) };
}

describe("the kpt recipe of docs/kustomize.md, as written, on the example", () => {
  it("runs in a copy of the repository's example (its .krmignore keeps the config out), writes the profiles, and a second run changes nothing", () => {
    const { shim } = installPluginInto();
    const recipe = readmeKptRecipe();
    const repo = tempDir("kpt-recipe");
    copyTree(path.join(REPO_ROOT, "examples"), path.join(repo, "examples"));
    const pkg = path.join(repo, recipe.dir);
    const before = snapshot(pkg);
    const args = recipe.args.map((a) => (a === "/usr/local/bin/serviceprofile-sync-fn" ? shim : a));
    expect(args).toContain(shim);

    const first = run("kpt", args, { cwd: pkg, env: cleanEnv() });
    expect(first.stderr).toContain("[PASS]");
    expect(first.code).toBe(0);
    const after = snapshot(pkg);
    // Every file that was there is byte for byte the same (comments and all); the profiles are new files.
    for (const [file, content] of Object.entries(before)) expect(after[file], file).toBe(content);
    const added = Object.keys(after).filter((f) => !(f in before)).sort();
    expect(added).toEqual([
      "booksapp/serviceprofile_authors.booksapp.svc.cluster.local.yaml",
      "booksapp/serviceprofile_books.booksapp.svc.cluster.local.yaml",
      "booksapp/serviceprofile_webapp.booksapp.svc.cluster.local.yaml",
    ]);
    for (const f of added) expect(after[f]).toMatch(/^\d+ # Code generated by serviceprofile-sync from api\/\w+\.swagger\. DO NOT EDIT\.\napiVersion: linkerd\.io\/v1alpha2\nkind: ServiceProfile\n/);
    expect(profilesOf(added.map((f) => parse(after[f]!.replace(/^\d+ /, "")) as Obj))).toEqual(legacyProfiles());

    const second = run("kpt", args, { cwd: pkg, env: cleanEnv() });
    expect(second.code).toBe(0);
    expect(snapshot(pkg)).toEqual(after);
  });

  it("without the .krmignore, kpt stops at the config before running the function (why the example ships one)", () => {
    const { shim } = installPluginInto();
    const recipe = readmeKptRecipe();
    const pkg = copyTree(OVERLAY, path.join(tempDir("kpt-no-krmignore"), "overlay"));
    rmSync(path.join(pkg, ".krmignore"));
    const r = run("kpt", recipe.args.map((a) => (a === "/usr/local/bin/serviceprofile-sync-fn" ? shim : a)), { cwd: pkg, env: cleanEnv() });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("serviceprofile-sync.yaml: resource must have `apiVersion`");
    expect(existsSync(path.join(pkg, "booksapp"))).toBe(false);
  });

  it("refuses to add a profile next to a hand-written one of the same name, writing nothing", () => {
    const { shim } = installPluginInto();
    const recipe = readmeKptRecipe();
    const pkg = copyTree(OVERLAY, path.join(tempDir("kpt-foreign"), "overlay"));
    writeFileSync(path.join(pkg, "books-profile.yaml"), "apiVersion: linkerd.io/v1alpha2\nkind: ServiceProfile\nmetadata:\n  name: books.booksapp.svc.cluster.local\n  namespace: booksapp\nspec:\n  routes: []\n");
    const before = snapshot(pkg);
    const r = run("kpt", recipe.args.map((a) => (a === "/usr/local/bin/serviceprofile-sync-fn" ? shim : a)), { cwd: pkg, env: cleanEnv() });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("the input already holds ServiceProfile booksapp/books.booksapp.svc.cluster.local, not generated by serviceprofile-sync");
    expect(snapshot(pkg)).toEqual(before);
  });
});
