/**
 * One config for two apps (booksapp's OpenAPI services and emojivoto's gRPC
 * services) built through real `kubectl kustomize` (legacy exec plugin) and
 * `kpt fn eval --exec` (KRM function): `spec.select`, else
 * $SERVICEPROFILE_SYNC_SELECT, picks each app's services, and the two apps'
 * outputs are disjoint.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { KUBECTL, REPO_ROOT, cleanEnv, copyTree, installPluginInto, requireBundle, requireExecutable, requireKpt, run, tempDir } from "../kustomize/e2e-helpers.js";

type Obj = { kind: string; metadata: { name: string; namespace?: string } };

const CONFIG = [
  "output: generated",
  "gateway: {apiVersion: v1}",
  "services:",
  "  - {name: books, namespace: booksapp, openapi: api/books.swagger}",
  "  - {name: authors, namespace: booksapp, openapi: api/authors.swagger}",
  "  - {name: emoji-svc, namespace: emojivoto, proto: proto/Emoji.proto, target: gateway, gateway: {port: 8080}}",
  "",
].join("\n");

/** A kustomization directory holding the shared config, both apps' specs, and a generator with `extraSpec`. */
function kustomization(extraSpec: string): string {
  const dir = tempDir("kustomize-select");
  copyTree(path.join(REPO_ROOT, "examples/kustomize/overlay/api"), path.join(dir, "api"));
  mkdirSync(path.join(dir, "proto"));
  writeFileSync(path.join(dir, "proto/Emoji.proto"), readFileSync(path.join(REPO_ROOT, "test/fixtures/emojivoto/Emoji.proto")));
  writeFileSync(path.join(dir, "serviceprofile-sync.yaml"), CONFIG);
  writeFileSync(path.join(dir, "generator.yaml"), `apiVersion: serviceprofile-sync.io/v1alpha1\nkind: ServiceProfileGenerator\nmetadata:\n  name: profiles\nspec:\n  configFile: serviceprofile-sync.yaml\n${extraSpec}`);
  writeFileSync(path.join(dir, "kustomization.yaml"), "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\ngenerators:\n  - generator.yaml\n");
  return dir;
}

const ids = (stream: string) =>
  parseAllDocuments(stream)
    .map((d) => d.toJS() as Obj)
    .map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`);

beforeAll(() => {
  requireExecutable(KUBECTL, "the kustomize tests run real kubectl kustomize");
  requireBundle();
  requireKpt();
});

describe("kubectl kustomize: one config, two apps", () => {
  it("spec.select builds only the named services; booksapp's and emojivoto's builds are disjoint", () => {
    const { xdg } = installPluginInto();
    const build = (select: string) => run(KUBECTL, ["kustomize", "--enable-alpha-plugins", kustomization(`  select: ${select}\n`)], { env: cleanEnv({ XDG_CONFIG_HOME: xdg }) });
    const books = build("[booksapp/*]");
    const emoji = build("emojivoto/emoji-svc");
    expect(books.stderr).toBe("");
    expect(books.code).toBe(0);
    expect(emoji.code).toBe(0);
    expect(ids(books.stdout)).toEqual(["ServiceProfile/booksapp/authors.booksapp.svc.cluster.local", "ServiceProfile/booksapp/books.booksapp.svc.cluster.local"]);
    expect(ids(emoji.stdout).length).toBeGreaterThan(1);
    expect(ids(emoji.stdout).every((id) => id.startsWith("GRPCRoute/emojivoto/emoji-svc"))).toBe(true);
  });

  it("without spec.select, $SERVICEPROFILE_SYNC_SELECT picks; an entry that matches nothing fails the build", () => {
    const { xdg } = installPluginInto();
    const dir = kustomization("");
    const all = run(KUBECTL, ["kustomize", "--enable-alpha-plugins", dir], { env: cleanEnv({ XDG_CONFIG_HOME: xdg }) });
    expect(ids(all.stdout).filter((id) => id.startsWith("ServiceProfile/"))).toHaveLength(2);
    expect(ids(all.stdout).some((id) => id.startsWith("GRPCRoute/"))).toBe(true);
    const books = run(KUBECTL, ["kustomize", "--enable-alpha-plugins", dir], { env: cleanEnv({ XDG_CONFIG_HOME: xdg, SERVICEPROFILE_SYNC_SELECT: "books" }) });
    expect(books.code).toBe(0);
    expect(ids(books.stdout)).toEqual(["ServiceProfile/booksapp/books.booksapp.svc.cluster.local"]);
    const typo = run(KUBECTL, ["kustomize", "--enable-alpha-plugins", dir], { env: cleanEnv({ XDG_CONFIG_HOME: xdg, SERVICEPROFILE_SYNC_SELECT: "book" }) });
    expect(typo.code).not.toBe(0);
    expect(typo.stderr).toContain('SERVICEPROFILE_SYNC_SELECT: "book" matches no service of the config');
  });

  it("a malformed spec.select names the generator and the field", () => {
    const { xdg } = installPluginInto();
    const r = run(KUBECTL, ["kustomize", "--enable-alpha-plugins", kustomization("  select: {books: true}\n")], { env: cleanEnv({ XDG_CONFIG_HOME: xdg }) });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("ServiceProfileGenerator/profiles: spec.select: must be a string or a list of strings");
  });
});

describe("kpt fn eval --exec: one config, two apps", () => {
  it("spec.select and the environment pick each app's services", () => {
    const { shim } = installPluginInto();
    const dir = kustomization("  select: booksapp/authors\n");
    const items = (r: { stdout: string }) => ((parse(r.stdout) as { items: Obj[] }).items ?? []).map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`);
    const bySpec = run("kpt", ["fn", "eval", "-", "--exec", shim, "--fn-config", "generator.yaml"], { cwd: dir, input: "", env: cleanEnv() });
    expect(bySpec.code).toBe(0);
    expect(items(bySpec)).toEqual(["ServiceProfile/booksapp/authors.booksapp.svc.cluster.local"]);
    writeFileSync(path.join(dir, "generator.yaml"), readFileSync(path.join(dir, "generator.yaml"), "utf8").replace("  select: booksapp/authors\n", ""));
    const byEnv = run("kpt", ["fn", "eval", "-", "--exec", shim, "--fn-config", "generator.yaml"], { cwd: dir, input: "", env: cleanEnv({ SERVICEPROFILE_SYNC_SELECT: "emojivoto/*" }) });
    expect(byEnv.code).toBe(0);
    expect(items(byEnv).length).toBeGreaterThan(1);
    expect(items(byEnv).every((id) => id.startsWith("GRPCRoute/emojivoto/"))).toBe(true);
  });
});
