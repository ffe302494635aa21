/**
 * The package as a CMP sidecar image installs it: `npm pack`, the tarball
 * installed into an empty directory (dependencies from the npm cache, or the
 * registry when the cache lacks them), then `npx serviceprofile-sync --help`,
 * a `generate` run and the exec plugin installed from it. The bundle itself
 * needs no node_modules at all, which the unpacked tarball shows.
 */
import { mkdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { KUBECTL, PLUGIN_REL, REPO_ROOT, copyTree, requireBundle, requireExecutable, run, tempDir } from "../kustomize/e2e-helpers.js";
import { npmEnv } from "../helpers/npm.js";

const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { name: string; version: string };
const GOLDEN = readFileSync(path.join(REPO_ROOT, "test/kustomize/golden/overlay-build.yaml"), "utf8");

let tarball = "";
let project = "";
let checkout = "";

beforeAll(() => {
  requireBundle();
  requireExecutable(KUBECTL, "the generate run builds a kustomization with real kubectl kustomize");
  const dest = tempDir("pack");
  const packed = run("npm", ["pack", "--pack-destination", dest, "--json"], { cwd: REPO_ROOT, env: npmEnv() });
  expect(packed.code, packed.stderr).toBe(0);
  const [info] = JSON.parse(packed.stdout) as { filename: string }[];
  tarball = path.join(dest, info!.filename);

  project = tempDir("sidecar");
  writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "cmp-sidecar", private: true }));
  const installed = run("npm", ["install", "--prefer-offline", "--omit=optional", "--no-audit", "--no-fund", tarball], { cwd: project, env: npmEnv() });
  expect(installed.code, installed.stderr).toBe(0);

  checkout = tempDir("pack-checkout");
  copyTree(path.join(REPO_ROOT, "examples/kustomize"), path.join(checkout, "examples/kustomize"));
}, 300_000);

describe("npm pack", () => {
  it("names the tarball as README's release download URL does", () => {
    const readme = readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
    expect(path.basename(tarball)).toBe(`${pkg.name}-${pkg.version}.tgz`);
    expect(readme).toContain(`/releases/download/v${pkg.version}/${path.basename(tarball)}\n`);
  });

  it("ships the bundles, the config schema and the docs, not the sources", () => {
    const list = run("tar", ["-tzf", tarball]).stdout.split("\n").filter(Boolean).sort();
    expect(list).toEqual(expect.arrayContaining(["package/dist/cli.js", "package/schema/config.schema.json", "package/package.json", "package/README.md", "package/LICENSE"]));
    expect(list.filter((f) => /^package\/(src|test|examples|node_modules)\//.test(f))).toEqual([]);
  });

  it("holds a CLI that runs with no node_modules at all", () => {
    const dir = tempDir("unpacked");
    expect(run("tar", ["-xzf", tarball, "-C", dir]).code).toBe(0);
    const cli = path.join(dir, "package/dist/cli.js");
    const version = run(process.execPath, [cli, "--version"], { cwd: dir });
    expect(version.stdout.trim()).toBe(pkg.version);
    const r = run(process.execPath, [cli, "generate", "--manifests", "none"], { cwd: path.join(checkout, "examples/kustomize/overlay"), env: { PATH: process.env.PATH ?? "" } });
    expect(r.code, r.stderr).toBe(0);
    expect(parseAllDocuments(r.stdout)).toHaveLength(3);
  });
});

describe("installed from the tarball into an empty directory", () => {
  const npx = (args: string[], cwd: string, env: Record<string, string> = {}) =>
    run("npx", ["--no", "--prefix", project, "--", "serviceprofile-sync", ...args], { cwd, env: npmEnv(env), stdio: ["ignore", "pipe", "pipe"] });

  it("npx serviceprofile-sync --help lists the deploy-time commands", () => {
    const r = npx(["--help"], project);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`serviceprofile-sync ${pkg.version}`);
    expect(r.stdout).toMatch(/^ {2}generate +/m);
    expect(r.stdout).toMatch(/^ {2}kustomize +/m);
  });

  it("npx serviceprofile-sync generate prints the app and its profiles as Argo CD runs it", () => {
    const app = path.join(checkout, "examples/kustomize/overlay");
    const r = npx(["generate"], app, { ARGOCD_APP_NAME: "booksapp", ARGOCD_APP_SOURCE_PATH: "examples/kustomize/overlay", ARGOCD_ENV_MANIFESTS: "kustomize" });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(GOLDEN);
  });

  it("install-plugin pins the installed CLI, and kubectl kustomize runs it", () => {
    const xdg = path.join(tempDir("pack-xdg"), "config");
    mkdirSync(xdg, { recursive: true });
    const installed = npx(["kustomize", "install-plugin"], project, { XDG_CONFIG_HOME: xdg });
    expect(installed.code, installed.stderr).toBe(0);
    const cli = realpathSync(path.join(project, "node_modules/serviceprofile-sync/dist/cli.js"));
    expect(readFileSync(path.join(xdg, PLUGIN_REL), "utf8")).toContain(` ${cli} kustomize plugin "$@"`);
    const built = run(KUBECTL, ["kustomize", "--enable-alpha-plugins", path.join(checkout, "examples/kustomize/overlay")], { env: npmEnv({ XDG_CONFIG_HOME: xdg }) });
    expect(built.code, built.stderr).toBe(0);
    expect(built.stdout).toBe(GOLDEN);
  });
});
