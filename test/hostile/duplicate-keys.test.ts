/** Duplicate keys in every YAML input the tool defines: an error naming both lines, never "the last one wins". */
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../src/repo/config.js";
import { formatDiagnostic } from "../../src/model/diagnostic.js";
import { memoryReader } from "../../src/files/reader.js";
import { runKrmFunction } from "../../src/kustomize/function.js";
import { runLegacyPlugin } from "../../src/kustomize/legacy-plugin.js";
import { plainManifests } from "../../src/kustomize/argocd.js";
import { parseProfileText } from "../../src/sources/profile-file.js";
import { BOUND_MS, tempRepo } from "./helpers.js";

function configErrors(text: string): string[] {
  try {
    parseConfig(text, "serviceprofile-sync.yaml");
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.diagnostics.map(formatDiagnostic);
    throw err;
  }
}

describe("duplicate keys: the repository config", () => {
  it("output: twice", () => {
    const errors = configErrors("output: a\nservices: []\noutput: b\n");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^serviceprofile-sync\.yaml:3:1: duplicate key "output": written at line 1 and again at line 3 of the same mapping/);
  }, BOUND_MS);

  it("namespace: twice in one service, and a route override twice", () => {
    const text = `output: out
services:
  - name: books
    namespace: a
    openapi: api.yaml
    namespace: b
    routes:
      GET /x: {timeout: 1s}
      GET /x: {timeout: 2s}
`;
    const errors = configErrors(text);
    expect(errors.map((e) => e.split("\n")[0])).toEqual([
      'serviceprofile-sync.yaml:6:5: duplicate key "namespace": written at line 4 and again at line 6 of the same mapping',
      'serviceprofile-sync.yaml:9:7: duplicate key "GET /x": written at line 8 and again at line 9 of the same mapping',
    ]);
  }, BOUND_MS);

  it("in JSON form too", () => {
    expect(configErrors('{"output": "a", "services": [], "output": "b"}').join()).toMatch(/duplicate key "output": written at line 1 and again at line 1/);
  }, BOUND_MS);

  it("the same key in two mappings is fine, and merge keys are not duplicates", () => {
    expect(configErrors("output: o\nservices:\n  - {name: a, namespace: n, openapi: x.yaml}\n  - {name: b, namespace: n, openapi: y.yaml}\n")).toEqual([]);
    expect(configErrors("output: o\nx-base: &b {timeout: 1s}\nservices: []\n").join()).not.toMatch(/duplicate/);
  }, BOUND_MS);

  it("a deeply nested hostile document is walked without recursion", () => {
    const deep = "output: o\nservices: []\nx: " + "[".repeat(5000) + "]".repeat(5000) + "\n";
    expect(() => configErrors(deep)).not.toThrow(RangeError);
  }, BOUND_MS);
});

describe("duplicate keys: the kustomize generator config and the Argo CD plugin's inputs", () => {
  const spec = `openapi: 3.0.0\ninfo: {title: t, version: "1"}\npaths:\n  /x:\n    get:\n      responses: {"200": {description: ok}}\n`;
  const reader = () => memoryReader({ "api.yaml": spec }, "the kustomization directory");

  it("KRM function: a key twice in functionConfig fails with both lines and no profiles", async () => {
    const input = `apiVersion: config.kubernetes.io/v1
kind: ResourceList
items: []
functionConfig:
  apiVersion: serviceprofile-sync.io/v1alpha1
  kind: ServiceProfileGenerator
  metadata: {name: p}
  spec:
    services:
      - name: books
        namespace: a
        openapi: api.yaml
        namespace: b
`;
    const out = await runKrmFunction(input, reader());
    expect(out.ok).toBe(false);
    expect(out.messages.join("\n")).toMatch(/stdin:13:9: functionConfig: duplicate key "namespace": written at line 11 and again at line 13/);
    expect(out.stdout).not.toContain("ServiceProfile\n");
  }, BOUND_MS);

  it("legacy exec plugin: a key twice in the generator config file", async () => {
    const config = `apiVersion: serviceprofile-sync.io/v1alpha1\nkind: ServiceProfileGenerator\nmetadata: {name: p}\nspec:\n  services:\n    - {name: books, namespace: a, openapi: api.yaml}\nspec: {}\n`;
    const out = await runLegacyPlugin(Buffer.from(config), "gen.yaml", reader());
    expect(out.ok).toBe(false);
    expect(out.stdout).toBe("");
    expect(out.messages.join("\n")).toMatch(/gen\.yaml:7:1: duplicate key "spec": written at line 4 and again at line 7/);
  }, BOUND_MS);

  it("Argo CD plain manifests: a key twice in a manifest names the file and both lines", async () => {
    const repo = tempRepo({ noGit: true });
    repo.write({ "app/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {x: '1'}\ndata: {x: '2'}\n" });
    await expect(plainManifests(repo.path("app"), false, new Set())).rejects.toThrow(/duplicate key "data": written at line 4 and again at line 5/);
  }, BOUND_MS);

  it("a profile given to --merge / verify", () => {
    const text = "apiVersion: linkerd.io/v1alpha2\nkind: ServiceProfile\nmetadata: {name: a.b.svc.cluster.local, namespace: b}\nspec:\n  routes: []\n  routes: [{name: x, condition: {method: GET, pathRegex: /x}}]\n";
    expect(() => parseProfileText(text, "p.yaml")).toThrow(/duplicate key "routes": written at line 5 and again at line 6/);
  }, BOUND_MS);
});
