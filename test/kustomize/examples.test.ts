/**
 * Every file of the deploy-time recipes (examples/kustomize, argocd, flux,
 * pre-commit and .pre-commit-hooks.yaml) parsed and checked: kinds, the
 * fields the tools need, and that every path they name exists. The recipes
 * that can run here run in test/e2e.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { REPO_ROOT } from "../helpers/runtimes.js";
import { commands } from "../../src/cli/commands/index.js";
import { loadGeneratorConfig } from "../../src/kustomize/generator-config.js";
import { fsReader } from "../../src/files/reader.js";
import { loadConfig } from "../../src/repo/config.js";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const EX = path.join(REPO_ROOT, "examples");
const read = (rel: string) => readFileSync(path.join(REPO_ROOT, rel), "utf8");
const yaml = (rel: string) => parse(read(rel)) as Obj;

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else out.push(path.relative(REPO_ROOT, p));
  }
  return out.sort();
}

/** Every file a recipe directory holds is one of these: a checked example or a notice. */
const CHECKED = new Set<string>();
const check = (rel: string) => {
  CHECKED.add(rel);
  return rel;
};

describe("examples/kustomize", () => {
  it("base: a kustomization of the upstream booksapp manifests", () => {
    const k = yaml(check("examples/kustomize/base/kustomization.yaml"));
    expect(k).toMatchObject({ apiVersion: "kustomize.config.k8s.io/v1beta1", kind: "Kustomization", namespace: "booksapp" });
    for (const r of k.resources as string[]) expect(existsSync(path.join(EX, "kustomize/base", r)), r).toBe(true);
    const kinds = parseAllDocuments(read(check("examples/kustomize/base/booksapp.yml")))
      .map((d) => d.toJS() as Obj | null)
      .filter((o): o is Obj => o !== null)
      .map((o) => `${o.kind}/${o.metadata.name}`);
    expect(kinds).toEqual(expect.arrayContaining(["Service/webapp", "Service/authors", "Service/books", "Deployment/traffic"]));
  });

  it("overlay: the base plus the generator, whose config loads and whose spec files exist", async () => {
    const dir = path.join(EX, "kustomize/overlay");
    const k = yaml(check("examples/kustomize/overlay/kustomization.yaml"));
    expect(k).toMatchObject({ kind: "Kustomization", resources: ["../base"], generators: ["serviceprofiles.yaml"] });
    const reader = fsReader(dir);
    const legacy = yaml(check("examples/kustomize/overlay/serviceprofiles.yaml"));
    expect(legacy.metadata.annotations).toBeUndefined(); // no function annotation: kustomize runs the exec plugin
    const inline = await loadGeneratorConfig(legacy, reader);
    expect(inline.warnings).toEqual([]);
    expect(inline.config.services.map((s) => s.name)).toEqual(["webapp", "authors", "books"]);
    for (const s of inline.config.services) for (const f of s.specFiles) expect(existsSync(path.join(dir, check(`examples/kustomize/overlay/${f}`).split("overlay/")[1]!)), f).toBe(true);

    const krm = yaml(check("examples/kustomize/overlay/serviceprofiles-krm.yaml"));
    const fn = parse(krm.metadata.annotations["config.kubernetes.io/function"] as string) as Obj;
    expect(fn).toEqual({ exec: { path: "/usr/local/bin/serviceprofile-sync-fn" } });
    const fromFile = await loadGeneratorConfig(krm, reader);
    expect(fromFile.configFile).toBe("serviceprofile-sync.yaml");
    check("examples/kustomize/overlay/serviceprofile-sync.yaml");
    // Both routes describe the same services with the same settings.
    expect(fromFile.config.services.map(({ pointer: _p, line: _l, routeLines: _r, ...s }) => s)).toEqual(inline.config.services.map(({ pointer: _p, line: _l, routeLines: _r, ...s }) => s));
    expect(fromFile.config.clusterDomain).toBe(inline.config.clusterDomain);
  });

  it("overlay/.krmignore keeps kpt off the files that are not resources: the config and the API descriptions", () => {
    const patterns = read(check("examples/kustomize/overlay/.krmignore"))
      .split("\n")
      .filter((l) => l.trim() !== "" && !l.startsWith("#"));
    expect(patterns).toEqual(["serviceprofile-sync.yaml", "serviceprofile-sync.yml", "api/"]);
  });

  it("carries the upstream license and notice", () => {
    expect(read(check("examples/kustomize/NOTICE"))).toContain("Apache License 2.0");
    expect(read(check("examples/kustomize/LICENSE.booksapp"))).toContain("Apache License");
  });
});

describe("examples/argocd", () => {
  const plugin = yaml(check("examples/argocd/plugin.yaml"));

  it("plugin.yaml: a ConfigManagementPlugin with discover and a generate command of this CLI", () => {
    expect(plugin).toMatchObject({ apiVersion: "argoproj.io/v1alpha1", kind: "ConfigManagementPlugin", metadata: { name: "serviceprofile-sync" } });
    expect(plugin.spec.version).toBeUndefined();
    expect(plugin.spec.generate.command).toEqual(["serviceprofile-sync", "generate"]);
    // Only flags the generate command knows, and only plugin-author ones.
    const args = (plugin.spec.generate.args ?? []) as string[];
    const help = commands.find((c) => c.name === "generate")!.help;
    for (const a of args.filter((x) => x.startsWith("--"))) expect(help).toContain(a);
    const find = plugin.spec.discover.find.command as unknown[];
    expect(find.slice(0, 2)).toEqual(["sh", "-c"]);
    expect(find.every((x) => typeof x === "string")).toBe(true);
    const params = (plugin.spec.parameters.static as Obj[]).map((p) => p.name);
    expect(params).toEqual(["CONFIG", "MANIFESTS", "RECURSE", "SELECT"]);
    for (const p of params) expect(help).toContain(`${p}:`);
  });

  it("cmp-configmap.yaml holds plugin.yaml's exact text", () => {
    const cm = yaml(check("examples/argocd/cmp-configmap.yaml"));
    expect(cm).toMatchObject({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "serviceprofile-sync-cmp", namespace: "argocd" } });
    expect(cm.data["plugin.yaml"]).toBe(read("examples/argocd/plugin.yaml"));
  });

  it("repo-server-patch.yaml runs argocd-cmp-server as 999 with the ConfigMap at the config path", () => {
    const patch = yaml(check("examples/argocd/repo-server-patch.yaml"));
    expect(patch).toMatchObject({ kind: "Deployment", metadata: { name: "argocd-repo-server", namespace: "argocd" } });
    const [sidecar] = patch.spec.template.spec.containers as Obj[];
    expect(sidecar!.command).toEqual(["/var/run/argocd/argocd-cmp-server"]);
    expect(sidecar!.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 999 });
    const mounts = Object.fromEntries((sidecar!.volumeMounts as Obj[]).map((m) => [m.mountPath, m]));
    expect(mounts["/var/run/argocd"]!.name).toBe("var-files");
    expect(mounts["/home/argocd/cmp-server/plugins"]!.name).toBe("plugins");
    expect(mounts["/home/argocd/cmp-server/config/plugin.yaml"]).toMatchObject({ subPath: "plugin.yaml", name: "serviceprofile-sync-cmp" });
    const volumes = Object.fromEntries((patch.spec.template.spec.volumes as Obj[]).map((v) => [v.name, v]));
    expect(volumes["serviceprofile-sync-cmp"]!.configMap.name).toBe("serviceprofile-sync-cmp");
    expect(volumes[mounts["/tmp"]!.name]!.emptyDir).toEqual({});
  });

  it("the Dockerfile installs the packed package and kustomize", () => {
    const docker = read(check("examples/argocd/Dockerfile"));
    expect(docker).toMatch(/^FROM node:20/m);
    expect(docker).toMatch(/npm install --global --omit=optional \/tmp\/serviceprofile-sync-0\.1\.0\.tgz/);
    expect(docker).toContain(`serviceprofile-sync-${(JSON.parse(read("package.json")) as { version: string }).version}.tgz`);
    expect(docker).toContain("/usr/local/bin kustomize");
    expect(docker).toMatch(/^USER 999$/m);
  });

  it("application.yaml uses the plugin on a path that exists", () => {
    const app = yaml(check("examples/argocd/application.yaml"));
    expect(app).toMatchObject({ apiVersion: "argoproj.io/v1alpha1", kind: "Application", spec: { source: { plugin: { name: "serviceprofile-sync" } } } });
    expect(statSync(path.join(REPO_ROOT, app.spec.source.path as string)).isDirectory()).toBe(true);
    for (const e of app.spec.source.plugin.env as Obj[]) expect((plugin.spec.parameters.static as Obj[]).map((p) => p.name)).toContain(e.name);
  });

  it("kustomize-build-options: argocd-cm build options, the tools patch, an Application without plugin", () => {
    const cm = yaml(check("examples/argocd/kustomize-build-options/argocd-cm-patch.yaml"));
    expect(cm).toMatchObject({ kind: "ConfigMap", metadata: { name: "argocd-cm", namespace: "argocd" } });
    expect(cm.data["kustomize.buildOptions"].split(" ")).toEqual(["--enable-alpha-plugins", "--enable-exec"]);

    const patch = yaml(check("examples/argocd/kustomize-build-options/repo-server-patch.yaml"));
    const spec = patch.spec.template.spec as Obj;
    const init = (spec.initContainers as Obj[])[0]!;
    const script = init.command[2] as string;
    expect(script).toContain("kustomize install-plugin --dir /custom-tools/kustomize/plugin");
    expect(script).toContain("kustomize install-plugin --path /custom-tools/serviceprofile-sync-fn");
    const repoServer = (spec.containers as Obj[]).find((c) => c.name === "argocd-repo-server")!;
    expect(repoServer.env).toContainEqual({ name: "KUSTOMIZE_PLUGIN_HOME", value: "/custom-tools/kustomize/plugin" });
    // The exec path named by the overlay's KRM config is where the script is mounted.
    const fn = parse(yaml("examples/kustomize/overlay/serviceprofiles-krm.yaml").metadata.annotations["config.kubernetes.io/function"] as string) as Obj;
    expect(repoServer.volumeMounts).toContainEqual({ mountPath: fn.exec.path, subPath: "serviceprofile-sync-fn", name: "serviceprofile-sync-tools" });

    const app = yaml(check("examples/argocd/kustomize-build-options/application.yaml"));
    expect(app.kind).toBe("Application");
    expect(app.spec.source.plugin).toBeUndefined();
    expect(existsSync(path.join(REPO_ROOT, app.spec.source.path as string, "kustomization.yaml"))).toBe(true);
  });
});

describe("examples/flux", () => {
  it("a GitRepository and a Flux Kustomization applying the committed manifests directory", () => {
    const repo = yaml(check("examples/flux/gitrepository.yaml"));
    expect(repo).toMatchObject({ apiVersion: "source.toolkit.fluxcd.io/v1", kind: "GitRepository", spec: { ref: { branch: "main" } } });
    const k = yaml(check("examples/flux/kustomization.yaml"));
    expect(k).toMatchObject({ apiVersion: "kustomize.toolkit.fluxcd.io/v1", kind: "Kustomization", spec: { sourceRef: { kind: "GitRepository", name: repo.metadata.name }, prune: true } });
    expect(k.spec.path).toMatch(/^\.\/[^.]/);
    expect(read("examples/flux/kustomization.yaml")).toContain("does not run kustomize plugins");
  });

  it("the workflow commits regenerated profiles with the action", () => {
    const wf = yaml(check("examples/flux/serviceprofile-sync.yml"));
    const steps = wf.jobs.profiles.steps as Obj[];
    const step = steps.find((s) => String(s.uses).includes("serviceprofile-sync"))!;
    expect(step.with).toEqual({ commit: true });
    const action = yaml("action.yml");
    expect(Object.keys(action.inputs as Obj)).toContain("commit");
    expect(wf.permissions.contents).toBe("write");
  });
});

describe("pre-commit", () => {
  const hooks = yaml(check(".pre-commit-hooks.yaml")) as unknown as Obj[];

  it(".pre-commit-hooks.yaml: check and sync hooks running this package's bin", () => {
    expect(hooks.map((h) => h.id)).toEqual(["serviceprofile-sync-check", "serviceprofile-sync"]);
    const bin = Object.keys((JSON.parse(read("package.json")) as { bin: Record<string, string> }).bin);
    for (const h of hooks) {
      expect(h).toMatchObject({ language: "node", pass_filenames: false });
      const [exe, sub] = (h.entry as string).split(" ");
      expect(bin).toContain(exe);
      expect(commands.map((c) => c.name)).toContain(sub);
      expect(new RegExp(h.files as string).test("api/books.yaml")).toBe(true);
      expect(new RegExp(h.files as string).test("proto/orders.proto")).toBe(true);
      expect(new RegExp(h.files as string).test("README.md")).toBe(false);
    }
    expect(hooks.map((h) => h.entry)).toEqual(["serviceprofile-sync check", "serviceprofile-sync sync"]);
  });

  it("the example config uses a hook this repository defines", () => {
    const config = yaml(check("examples/pre-commit/.pre-commit-config.yaml"));
    const [repo] = config.repos as Obj[];
    expect(repo!.rev).toBe(`v${(JSON.parse(read("package.json")) as { version: string }).version}`);
    for (const h of repo!.hooks as Obj[]) expect(hooks.map((x) => x.id)).toContain(h.id);
  });
});

describe("examples/kustomize/overlay-gateway", () => {
  it("the base plus a generator of Gateway API routes, whose config loads and whose spec files exist", async () => {
    const dir = path.join(EX, "kustomize/overlay-gateway");
    const k = yaml(check("examples/kustomize/overlay-gateway/kustomization.yaml"));
    expect(k).toMatchObject({ kind: "Kustomization", resources: ["../base"], generators: ["routes.yaml"] });
    const generator = yaml(check("examples/kustomize/overlay-gateway/routes.yaml"));
    const loaded = await loadGeneratorConfig(generator, fsReader(dir));
    expect(loaded.warnings).toEqual([]);
    expect(loaded.config.services.map((s) => s.target)).toEqual(["gateway", "gateway", "gateway"]);
    expect(loaded.config.services.find((s) => s.name === "webapp")!.gateway).toEqual({ apiVersion: "v1", port: 7000, retry: { limit: 2 } });
    for (const s of loaded.config.services) for (const f of s.specFiles) expect(existsSync(path.join(REPO_ROOT, check(`examples/kustomize/overlay-gateway/${f}`))), f).toBe(true);
  });
});

describe("recipes", () => {
  it("every file in the recipe directories is checked above", async () => {
    // Loading the overlay's config file through the repository loader too: it is a valid config.
    await loadConfig(fsReader(path.join(EX, "kustomize/overlay")), "serviceprofile-sync.yaml");
    const all = ["kustomize", "argocd", "flux", "pre-commit"].flatMap((d) => filesUnder(path.join(EX, d)));
    expect(all.filter((f) => !CHECKED.has(f))).toEqual([]);
  });
});
