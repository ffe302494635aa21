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
    expect(r.stderr).toContain("app booksapp: kustomize manifests + 3 ServiceProfiles (3 of them already in the build with the same spec, printed once)");
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
    expect(r.stderr).toContain("app booksapp: plain manifests + 1 ServiceProfile");
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

describe("two apps in one repository, one config at the root", () => {
  /**
   * booksapp/k8s (a kustomization of the upstream booksapp manifests) and
   * emojivoto/k8s (plain manifests), with one serviceprofile-sync.yaml at the
   * root for both: booksapp as ServiceProfiles, emojivoto as GRPCRoutes.
   */
  function monorepo(configExtra = ""): string {
    const dir = tempDir("cmp-monorepo");
    copyTree(path.join(REPO_ROOT, "examples/kustomize/overlay/api"), path.join(dir, "booksapp/api"));
    copyTree(path.join(REPO_ROOT, "examples/kustomize/base"), path.join(dir, "booksapp/k8s"));
    mkdirSync(path.join(dir, "emojivoto/proto"), { recursive: true });
    for (const f of ["Emoji.proto", "Voting.proto"]) writeFileSync(path.join(dir, "emojivoto/proto", f), readFileSync(path.join(REPO_ROOT, "test/fixtures/emojivoto", f)));
    mkdirSync(path.join(dir, "emojivoto/k8s"), { recursive: true });
    const service = (name: string) =>
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: emojivoto\nspec:\n  selector:\n    app: ${name}\n  ports:\n  - name: grpc\n    port: 8080\n`;
    writeFileSync(path.join(dir, "emojivoto/k8s/emoji.yaml"), service("emoji-svc"));
    writeFileSync(path.join(dir, "emojivoto/k8s/voting.yaml"), service("voting-svc"));
    writeFileSync(
      path.join(dir, "serviceprofile-sync.yaml"),
      [
        "output: deploy/generated",
        "gateway: {apiVersion: v1}",
        "services:",
        "  - {name: webapp, namespace: booksapp, openapi: booksapp/api/webapp.swagger}",
        "  - {name: authors, namespace: booksapp, openapi: booksapp/api/authors.swagger}",
        "  - {name: books, namespace: booksapp, openapi: booksapp/api/books.swagger}",
        "  - {name: emoji-svc, namespace: emojivoto, proto: emojivoto/proto/Emoji.proto, target: gateway, gateway: {port: 8080}}",
        "  - {name: voting-svc, namespace: emojivoto, proto: emojivoto/proto/Voting.proto, target: gateway, gateway: {port: 8080}}",
        configExtra,
      ].join("\n"),
    );
    return dir;
  }

  const generatedIds = (stdout: string) =>
    parseAllDocuments(stdout)
      .map((d) => d.toJS() as Obj)
      .filter((o) => ["ServiceProfile", "HTTPRoute", "GRPCRoute"].includes(o.kind))
      .map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`);

  it("each app emits only its own services' objects: the two outputs are disjoint and together cover the config", () => {
    const repo = monorepo();
    const books = generate(repo, "booksapp/k8s", {});
    expect(books.stderr).toContain("booksapp/webapp, booksapp/authors, booksapp/books (their Service is in the app's manifests); 2 other services of the config left to their apps");
    expect(books.code).toBe(0);
    const emoji = generate(repo, "emojivoto/k8s", {});
    expect(emoji.code).toBe(0);
    const a = generatedIds(books.stdout);
    const b = generatedIds(emoji.stdout);
    expect(a).toEqual(["ServiceProfile/booksapp/authors.booksapp.svc.cluster.local", "ServiceProfile/booksapp/books.booksapp.svc.cluster.local", "ServiceProfile/booksapp/webapp.booksapp.svc.cluster.local"]);
    expect(b.length).toBeGreaterThan(2);
    expect(b.every((id) => id.startsWith("GRPCRoute/emojivoto/"))).toBe(true);
    expect(b.some((id) => id.includes("emoji-svc")) && b.some((id) => id.includes("voting-svc"))).toBe(true);
    expect(a.filter((id) => b.includes(id))).toEqual([]);
    // The booksapp build (real kubectl kustomize) comes first, unchanged.
    expect(books.stdout).toContain("kind: Deployment");
    expect(books.stderr).toContain("app booksapp: kustomize manifests + 3 ServiceProfiles\n");
    expect(emoji.stderr).toMatch(/app booksapp: plain manifests \+ \d+ GRPCRoutes\n/);
  });

  it("SELECT (plugin env or parameter) and --select override the manifests; a selector matching nothing is an error", () => {
    const repo = monorepo();
    const byEnv = generate(repo, "booksapp/k8s", { SELECT: "booksapp/books", MANIFESTS: "none" });
    expect(byEnv.code).toBe(0);
    expect(generatedIds(byEnv.stdout)).toEqual(["ServiceProfile/booksapp/books.booksapp.svc.cluster.local"]);
    const byParam = generate(repo, "booksapp/k8s", { MANIFESTS: "none" }, { PARAM_SELECT: "emojivoto/voting-*" });
    expect(byParam.code).toBe(0);
    expect(generatedIds(byParam.stdout).every((id) => id.startsWith("GRPCRoute/emojivoto/voting-svc"))).toBe(true);
    const byFlag = run(process.execPath, [CLI_BUNDLE, "generate", "--select", "booksapp/*", "--manifests", "none", "--root", repo, path.join(repo, "emojivoto/k8s")], { env: { PATH: toolPath() } });
    expect(byFlag.code).toBe(0);
    expect(generatedIds(byFlag.stdout)).toHaveLength(3);
    expect(byFlag.stderr).toContain("emojivoto/k8s: 3 ServiceProfiles\n");
    const malformed = run(process.execPath, [CLI_BUNDLE, "generate", "--select", "Books!", "--root", repo, path.join(repo, "booksapp/k8s")], { env: { PATH: toolPath() } });
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('--select: "Books!" is not a service selector');
    const typo = generate(repo, "booksapp/k8s", { SELECT: "booksapp/book" });
    expect(typo.code).toBe(1);
    expect(typo.stdout).toBe("");
    expect(typo.stderr).toContain('SELECT: "booksapp/book" matches no service of the config');
  });

  it("app: in the config decides for the services that have it", () => {
    const repo = monorepo();
    const config = path.join(repo, "serviceprofile-sync.yaml");
    // voting-svc now belongs to booksapp/ (any app at or below it), although its Service is elsewhere.
    writeFileSync(config, readFileSync(config, "utf8").replace("proto: emojivoto/proto/Voting.proto,", "proto: emojivoto/proto/Voting.proto, app: booksapp,"));
    const books = generate(repo, "booksapp/k8s", {});
    expect(books.code).toBe(0);
    expect(generatedIds(books.stdout).some((id) => id.startsWith("GRPCRoute/emojivoto/voting-svc"))).toBe(true);
    const emoji = generate(repo, "emojivoto/k8s", {});
    expect(generatedIds(emoji.stdout).some((id) => id.includes("voting-svc"))).toBe(false);
  });

  it("cannot tell with no manifests to look at: fails and says how to choose", () => {
    const repo = monorepo();
    mkdirSync(path.join(repo, "profiles-only"));
    writeFileSync(path.join(repo, "profiles-only/README.md"), "profiles for the cluster\n");
    const r = generate(repo, "profiles-only", { MANIFESTS: "none" });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("cannot tell which services belong to this app");
    expect(r.stderr).toContain("set SELECT");
  });
});
