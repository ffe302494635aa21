/** The kustomize and generate commands' command lines, in process. */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { runCliInProcess } from "../helpers/cli.js";
import { testTempDir } from "../helpers/tempdir.js";
import { REPO_ROOT } from "../helpers/runtimes.js";

const OVERLAY = path.join(REPO_ROOT, "examples/kustomize/overlay");

describe("serviceprofile-sync kustomize", () => {
  it("needs a known subcommand and its arguments", async () => {
    for (const [args, message] of [
      [["kustomize"], 'needs a subcommand: fn, plugin or install-plugin'],
      [["kustomize", "run"], 'unknown kustomize subcommand "run"'],
      [["kustomize", "fn", "x"], "takes no arguments (its input is a ResourceList on stdin)"],
      [["kustomize", "plugin"], "needs the generator config file kustomize passes"],
      [["kustomize", "plugin", "a.yaml", "--verbose"], "argsOneLiner and argsFromFile are not used by this plugin"],
      [["kustomize", "fn", "--dir", "x"], '--dir does not apply to "kustomize fn"'],
      [["kustomize", "install-plugin", "--command", "x", "--node", "y"], "give --command, or --node/--cli, not both"],
      [["kustomize", "install-plugin", "--dir", "x", "--path", "y"], "give --dir or --path, not both"],
    ] as const) {
      const r = await runCliInProcess([...args], REPO_ROOT);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toContain(message);
    }
  });

  it("plugin reads the config file and the kustomization root from KUSTOMIZE_PLUGIN_CONFIG_ROOT", async () => {
    const r = await runCliInProcess(["kustomize", "plugin", path.join(OVERLAY, "serviceprofiles.yaml")], tmpdir(), { env: { KUSTOMIZE_PLUGIN_CONFIG_ROOT: OVERLAY } });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n---\n")).toHaveLength(3);
    expect(r.stdout).toContain("name: books.booksapp.svc.cluster.local");
  });

  it("install-plugin --print shows the path and the script and writes nothing", async () => {
    const home = testTempDir("sps-print-");
    const r = await runCliInProcess(["kustomize", "install-plugin", "--print", "--command", "serviceprofile-sync"], REPO_ROOT, { env: { XDG_CONFIG_HOME: home } });
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe(`# ${home}/kustomize/plugin/serviceprofile-sync.io/v1alpha1/serviceprofilegenerator/ServiceProfileGenerator`);
    expect(r.stdout).toContain('exec serviceprofile-sync kustomize plugin "$@"');
    expect(() => readFileSync(path.join(home, "kustomize"))).toThrow();
  });
});

describe("serviceprofile-sync generate", () => {
  it("rejects wrong usage", async () => {
    for (const [args, message] of [
      [["generate", "a", "b"], "accepts at most 1 arg"],
      [["generate", "--manifests", "helm"], "--manifests must be one of auto, kustomize, plain, none"],
    ] as const) {
      const r = await runCliInProcess([...args], OVERLAY);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(message);
    }
  });

  it("prints the profiles of the nearest config with --manifests none", async () => {
    const r = await runCliInProcess(["generate", "--manifests", "none", "--root", OVERLAY], OVERLAY);
    expect(r.code).toBe(0);
    expect(r.stdout.match(/^kind: ServiceProfile$/gm)).toHaveLength(3);
    expect(r.stderr).toBe(".: 3 ServiceProfiles\n");
  });

  it("counts what it prints by kind, singular and plural", async () => {
    const dir = testTempDir("generate-kinds");
    mkdirSync(path.join(dir, "api"));
    for (const f of ["books.swagger", "authors.swagger"]) writeFileSync(path.join(dir, "api", f), readFileSync(path.join(OVERLAY, "api", f)));
    writeFileSync(
      path.join(dir, "serviceprofile-sync.yaml"),
      "output: out\ngateway: {apiVersion: v1}\nservices:\n  - {name: books, namespace: booksapp, openapi: api/books.swagger, target: both}\n  - {name: authors, namespace: booksapp, openapi: api/authors.swagger}\n",
    );
    const r = await runCliInProcess(["generate", "--manifests", "none", "--root", dir], dir);
    expect(r.code).toBe(0);
    const routes = r.stdout.match(/^kind: HTTPRoute$/gm)!.length;
    expect(routes).toBeGreaterThan(1);
    expect(r.stderr.endsWith(`\n.: 2 ServiceProfiles, ${routes} HTTPRoutes\n`)).toBe(true);
    const one = await runCliInProcess(["generate", "--manifests", "none", "--select", "authors", "--root", dir], dir);
    expect(one.stderr).toContain(".: 1 ServiceProfile\n");
  });
});
