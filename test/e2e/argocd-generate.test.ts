/**
 * The Config Management Plugin run the way Argo CD's cmp-server runs it: the
 * command and discovery of examples/argocd/plugin.yaml, in the application's
 * source path inside a copy of the repository, with the build environment
 * (ARGOCD_APP_*), the Application's plugin env as ARGOCD_ENV_*, and stdin
 * closed. `serviceprofile-sync` on PATH is the built bundle.
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { CLI_BUNDLE, KUBECTL, REPO_ROOT, copyTree, requireBundle, requireExecutable, run, snapshot, tempDir } from "../kustomize/e2e-helpers.js";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const plugin = parse(readFileSync(path.join(REPO_ROOT, "examples/argocd/plugin.yaml"), "utf8")) as Obj;
const application = parse(readFileSync(path.join(REPO_ROOT, "examples/argocd/application.yaml"), "utf8")) as Obj;
const GOLDEN = readFileSync(path.join(REPO_ROOT, "test/kustomize/golden/overlay-build.yaml"), "utf8");

/** A PATH with the CLI as `serviceprofile-sync`, kubectl, and the shell tools; no standalone kustomize. */
function toolPath(): string {
  const bin = tempDir("bin");
  const exe = path.join(bin, "serviceprofile-sync");
  writeFileSync(exe, `#!/bin/sh\nexec ${process.execPath} ${CLI_BUNDLE} "$@"\n`);
  chmodSync(exe, 0o755);
  return [bin, "/usr/local/bin", "/usr/bin", "/bin"].join(path.delimiter);
}

interface AppRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs plugin.yaml's generate command like cmp-server: cwd = app path, build env + ARGOCD_ENV_*, no stdin. */
function generate(checkout: string, sourcePath: string, pluginEnv: Record<string, string>, extraEnv: Record<string, string> = {}): AppRun {
  const env: Record<string, string> = {
    PATH: toolPath(),
    HOME: tempDir("argocd-home"),
    ARGOCD_APP_NAME: application.metadata.name,
    ARGOCD_APP_NAMESPACE: application.spec.destination.namespace,
    ARGOCD_APP_PROJECT_NAME: application.spec.project,
    ARGOCD_APP_REVISION: "f913b6cbf58aa5ae5ca1f8a2b149477aebcbd9d8",
    ARGOCD_APP_REVISION_SHORT: "f913b6c",
    ARGOCD_APP_SOURCE_PATH: sourcePath,
    ARGOCD_APP_SOURCE_REPO_URL: application.spec.source.repoURL,
    ARGOCD_APP_SOURCE_TARGET_REVISION: application.spec.source.targetRevision,
    KUBE_VERSION: "1.32.4",
    ...Object.fromEntries(Object.entries(pluginEnv).map(([k, v]) => [`ARGOCD_ENV_${k}`, v])),
    ...extraEnv,
  };
  const [cmd, ...args] = [...(plugin.spec.generate.command as string[]), ...((plugin.spec.generate.args ?? []) as string[])];
  return run(cmd!, args, { cwd: path.join(checkout, sourcePath), env, stdio: ["ignore", "pipe", "pipe"] });
}

function discover(dir: string): string {
  const [cmd, ...args] = plugin.spec.discover.find.command as string[];
  return run(cmd!, args, { cwd: dir, env: { PATH: "/usr/bin:/bin" }, stdio: ["ignore", "pipe", "pipe"] }).stdout;
}

/** The repository as cmp-server unpacks it (the parts the app needs). */
function checkout(): string {
  const dir = tempDir("cmp-checkout");
  copyTree(path.join(REPO_ROOT, "examples/kustomize"), path.join(dir, "examples/kustomize"));
  return dir;
}

const appEnv = () => Object.fromEntries((application.spec.source.plugin.env as Obj[]).map((e) => [e.name as string, e.value as string]));

beforeAll(() => {
  requireExecutable(KUBECTL, "the CMP's kustomize build runs real kubectl kustomize here");
  requireBundle();
});

describe("the example Application through the CMP", () => {
  it("discovery matches the app directory and not its base", () => {
    expect(discover(path.join(REPO_ROOT, application.spec.source.path as string))).not.toBe("");
    expect(discover(path.join(REPO_ROOT, "examples/kustomize/base"))).toBe("");
  });

  it("prints the overlay's kustomize build with its profiles once, writing nothing into the source tree", () => {
    const repo = checkout();
    const before = snapshot(repo);
    const r = generate(repo, application.spec.source.path as string, appEnv());
    expect(r.code).toBe(0);
    // The build already holds the three profiles the config generates (the overlay uses the generator): printed once.
    expect(r.stdout).toBe(GOLDEN);
    expect(r.stderr).toContain("app booksapp: kustomize manifests + 3 generated ServiceProfile(s) (3 of them already in the build with the same spec, printed once)");
    expect(snapshot(repo)).toEqual(before);
  });

  it("prints the profiles alone with MANIFESTS=none (also as a plugin parameter)", () => {
    const repo = checkout();
    for (const [pluginEnv, extra] of [[{ MANIFESTS: "none" }, {}], [{}, { PARAM_MANIFESTS: "none" }]] as const) {
      const r = generate(repo, application.spec.source.path as string, pluginEnv, extra);
      expect(r.code).toBe(0);
      const docs = parseAllDocuments(r.stdout).map((d) => d.toJS() as Obj);
      expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual([
        "ServiceProfile/authors.booksapp.svc.cluster.local",
        "ServiceProfile/books.booksapp.svc.cluster.local",
        "ServiceProfile/webapp.booksapp.svc.cluster.local",
      ]);
      expect(r.stdout.startsWith("# Code generated by serviceprofile-sync from api/authors.swagger. DO NOT EDIT.\n")).toBe(true);
    }
  });

  it("fails with the spec's place on stderr and prints nothing when a spec is broken", () => {
    const repo = checkout();
    writeFileSync(path.join(repo, "examples/kustomize/overlay/api/books.swagger"), "openapi: 3.0.1\npaths:\n  /books.json:\n    get: [unclosed\n");
    const r = generate(repo, application.spec.source.path as string, appEnv());
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^api\/books\.swagger:5:1: invalid YAML/m);
    expect(r.stderr).toContain("nothing printed for app booksapp");
  });

  it("rejects a bad setting from the Application", () => {
    const r = generate(checkout(), application.spec.source.path as string, { MANIFESTS: "helm" });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain('MANIFESTS must be one of auto, kustomize, plain, none, not "helm"');
  });
});

describe("a plain-manifests app with the config at the repository root", () => {
  function repoWithPlainApp(): string {
    const dir = tempDir("cmp-plain");
    mkdirSync(path.join(dir, "api"), { recursive: true });
    mkdirSync(path.join(dir, "deploy/books"), { recursive: true });
    writeFileSync(path.join(dir, "api/books.swagger"), readFileSync(path.join(REPO_ROOT, "examples/kustomize/overlay/api/books.swagger")));
    writeFileSync(path.join(dir, "serviceprofile-sync.yaml"), "output: deploy/serviceprofiles\nservices:\n  - name: books\n    namespace: booksapp\n    openapi: api/books.swagger\n");
    writeFileSync(path.join(dir, "deploy/books/service.yaml"), "apiVersion: v1\nkind: Service\nmetadata:\n  name: books\n  namespace: booksapp\nspec:\n  ports:\n  - port: 7002\n");
    writeFileSync(path.join(dir, "deploy/books/deployment.json"), JSON.stringify({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "books", namespace: "booksapp" } }));
    return dir;
  }

  it("prints the app's files then the profile; the repository root comes from ARGOCD_APP_SOURCE_PATH", () => {
    const repo = repoWithPlainApp();
    const before = snapshot(repo);
    const r = generate(repo, "deploy/books", {});
    expect(r.stderr).toContain("app booksapp: plain manifests + 1 generated ServiceProfile(s)");
    expect(r.code).toBe(0);
    const docs = parseAllDocuments(r.stdout).map((d) => d.toJS() as Obj);
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual(["Deployment/books", "Service/books", "ServiceProfile/books.booksapp.svc.cluster.local"]);
    expect(snapshot(repo)).toEqual(before);
  });

  it("refuses a profile that the app's files already hold with a different spec", () => {
    const repo = repoWithPlainApp();
    writeFileSync(
      path.join(repo, "deploy/books/profile.yaml"),
      "apiVersion: linkerd.io/v1alpha2\nkind: ServiceProfile\nmetadata:\n  name: books.booksapp.svc.cluster.local\n  namespace: booksapp\nspec:\n  routes: []\n",
    );
    const r = generate(repo, "deploy/books", {});
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("already hold a different ServiceProfile booksapp/books.booksapp.svc.cluster.local");
  });

  it("says there is nothing to generate when no config is found", () => {
    const repo = repoWithPlainApp();
    const r = generate(repo, "deploy/books", { CONFIG: "missing.yaml" });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('config file "missing.yaml" does not exist in the repository');
  });
});
