/**
 * The Argo CD Config Management Plugin `generate` body: the app's manifests
 * (a kustomize build, or the plain YAML/JSON files of the app directory)
 * followed by the profiles the repository config generates, as one YAML
 * stream on stdout.
 *
 * Argo CD runs the command in the app's directory inside a copy of the whole
 * repository, with user settings in ARGOCD_ENV_* (Application
 * `spec.source.plugin.env`) and PARAM_* (plugin parameters). Only harmless
 * settings come from there (a config path inside the repository, which
 * manifests to include): what runs (the kustomize binary, its flags) is the
 * plugin author's, set on the command line in plugin.yaml.
 *
 * Nothing is written into the source tree; the kustomize plugin shim goes to
 * a temporary directory that is removed afterwards.
 */
import { spawn } from "node:child_process";
import { constants as fsConstants, promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LineCounter, parseAllDocuments } from "yaml";
import { duplicateKeyDiagnostic, duplicateKeys } from "../files/parse.js";
import { parseYamlDocuments } from "../files/nesting.js";
import { fsReader, normalizeRepoPath } from "../files/reader.js";
import { SpecError } from "../model/diagnostic.js";
import { findConfig, loadConfig, type ServiceConfig } from "../repo/config.js";
import { plan, type Plan, type ServicePlan } from "../repo/plan.js";
import { buildDocuments } from "../repo/fingerprint.js";
import { byteOrder } from "../git.js";
import { hasGeneratedHeader } from "../render.js";
import { installPlugin, pluginExecutablePath, type ShimTarget } from "./install-plugin.js";
import { yamlStream } from "./legacy-plugin.js";

export type ManifestsMode = "auto" | "kustomize" | "plain" | "none";
export const MANIFESTS_MODES: readonly ManifestsMode[] = ["auto", "kustomize", "plain", "none"];
const KUSTOMIZATION_FILES = ["kustomization.yaml", "kustomization.yml", "Kustomization"];
const MANIFEST_EXTENSIONS = /\.(ya?ml|json)$/i;

export type Env = Record<string, string | undefined>;

/** A user setting: ARGOCD_ENV_<NAME> (Application plugin env), else PARAM_<NAME> (plugin parameters). */
export function userSetting(env: Env, name: string): string | undefined {
  const fromEnv = env[`ARGOCD_ENV_${name}`];
  if (fromEnv !== undefined && fromEnv !== "") return fromEnv;
  const fromParam = env[`PARAM_${name}`];
  return fromParam !== undefined && fromParam !== "" ? fromParam : undefined;
}

export function parseBoolean(value: string, what: string): boolean {
  if (/^(true|yes|1|on)$/i.test(value)) return true;
  if (/^(false|no|0|off)$/i.test(value)) return false;
  throw new SpecError({ message: `${what} must be true or false, not "${value}"` });
}

export function parseManifestsMode(value: string, what: string): ManifestsMode {
  if ((MANIFESTS_MODES as readonly string[]).includes(value)) return value as ManifestsMode;
  throw new SpecError({ message: `${what} must be one of ${MANIFESTS_MODES.join(", ")}, not "${value}"` });
}

/**
 * The repository root: Argo CD's working directory is <checkout>/<ARGOCD_APP_SOURCE_PATH>,
 * so the root is that many levels up; outside Argo CD, the enclosing git work tree, else the app directory.
 */
export async function repositoryRoot(appDir: string, env: Env): Promise<string> {
  const sourcePath = env.ARGOCD_APP_SOURCE_PATH;
  if (sourcePath !== undefined && sourcePath !== "") {
    let rel: string;
    try {
      rel = normalizeRepoPath(sourcePath);
    } catch {
      throw new SpecError({ message: `ARGOCD_APP_SOURCE_PATH "${sourcePath}" is not a path inside the repository` });
    }
    if (rel === "") return appDir;
    const parts = rel.split("/");
    const tail = appDir.split(path.sep).slice(-parts.length).join("/");
    if (tail !== rel) {
      throw new SpecError({
        message: `the working directory ${appDir} does not end with ARGOCD_APP_SOURCE_PATH "${rel}"`,
        hint: "Argo CD runs the generate command in the application's source path; run it from there",
      });
    }
    return path.resolve(appDir, ...parts.map(() => ".."));
  }
  for (let d = appDir; ; d = path.dirname(d)) {
    if (await exists(path.join(d, ".git"))) return d;
    if (path.dirname(d) === d) return appDir;
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.access(p);
    return true;
  } catch {
    return false;
  }
}

/** The first of `names` on PATH that is an executable file. */
export async function findOnPath(names: string[], env: Env): Promise<string | undefined> {
  const dirs = (env.PATH ?? "").split(path.delimiter).filter(Boolean);
  for (const name of names) {
    for (const dir of dirs) {
      const candidate = path.join(dir, name);
      try {
        await fs.access(candidate, fsConstants.X_OK);
        if ((await fs.stat(candidate)).isFile()) return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

export async function hasKustomization(dir: string): Promise<boolean> {
  for (const name of KUSTOMIZATION_FILES) if (await exists(path.join(dir, name))) return true;
  return false;
}

export interface KustomizeOptions {
  /** Command and leading arguments, e.g. ["kustomize", "build"] or ["kubectl", "kustomize"]. */
  command: string[];
  /** Extra flags from the plugin author (plugin.yaml), e.g. --load-restrictor. */
  buildOptions: string[];
  /** What the temporary exec plugin runs (this CLI). */
  shim: ShimTarget;
  env: Env;
}

/** The default kustomize: a standalone `kustomize`, else `kubectl kustomize`. */
export async function defaultKustomizeCommand(env: Env): Promise<string[]> {
  if (await findOnPath(["kustomize"], env)) return ["kustomize", "build"];
  if (await findOnPath(["kubectl"], env)) return ["kubectl", "kustomize"];
  throw new SpecError({
    message: "neither kustomize nor kubectl is on PATH, so the app's kustomization cannot be built",
    hint: "install kustomize in the plugin's image, pass --kustomize-command, or set MANIFESTS=plain or none",
  });
}

/**
 * `kustomize build` of the app directory, with our exec plugin installed in a
 * temporary plugin home, so overlays that use the ServiceProfileGenerator
 * build here exactly as on a workstation.
 */
export async function kustomizeBuild(appDir: string, options: KustomizeOptions, stderr: (chunk: Buffer) => void): Promise<string> {
  const home = await fs.mkdtemp(path.join(os.tmpdir(), "serviceprofile-sync-kustomize-"));
  try {
    await installPlugin(pluginExecutablePath(home), options.shim);
    const [cmd, ...lead] = options.command;
    if (!cmd) throw new SpecError({ message: "the kustomize command is empty" });
    const args = [...lead, "--enable-alpha-plugins", ...options.buildOptions, "."];
    const env = { ...options.env, KUSTOMIZE_PLUGIN_HOME: home };
    const { code, stdout, error } = await run(cmd, args, appDir, env, stderr);
    if (error) throw new SpecError({ message: `could not run ${cmd}: ${error.message}`, hint: "install kustomize in the plugin's image or pass --kustomize-command" });
    if (code !== 0) {
      throw new SpecError({ message: `${[cmd, ...args].join(" ")} failed (exit code ${code}); its messages are above`, hint: "fix the kustomization; 'kubectl kustomize --enable-alpha-plugins DIR' reproduces this locally" });
    }
    return stdout;
  } finally {
    await fs.rm(home, { recursive: true, force: true });
  }
}

function run(cmd: string, args: string[], cwd: string, env: Env, onStderr: (chunk: Buffer) => void): Promise<{ code: number | null; stdout: string; error?: Error }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env: env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => out.push(c));
    child.stderr.on("data", onStderr);
    child.on("error", (error) => resolve({ code: null, stdout: "", error }));
    child.on("close", (code) => resolve({ code, stdout: Buffer.concat(out).toString("utf8") }));
  });
}

export interface PlainManifests {
  text: string;
  /** App-relative paths of the files included, in order. */
  files: string[];
  /** Generated files left out because fresh generation replaces them. */
  skippedGenerated: string[];
}

/**
 * The YAML/JSON files of the app directory, as Argo CD's directory source
 * takes them (sorted; subdirectories only with `recurse`), minus the config
 * and spec files and our own generated files. A symbolic link is followed
 * when its target lies inside `repoRoot`, as Argo CD does; one that leads out
 * of it (or nowhere) fails the whole command: dropping the file would let
 * Argo CD prune what it describes.
 */
export async function plainManifests(appDir: string, recurse: boolean, skip: ReadonlySet<string>, repoRoot: string = appDir): Promise<PlainManifests> {
  const found: string[] = [];
  const realRoot = await fs.realpath(repoRoot);
  const visited = new Set<string>([await fs.realpath(appDir)]);
  const walk = async (dir: string, rel: string) => {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    for (const e of entries) {
      if (e.name.startsWith(".")) continue;
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      const abs = path.join(dir, e.name);
      let kind: "dir" | "file" | "other" = e.isDirectory() ? "dir" : e.isFile() ? "file" : "other";
      let real = abs;
      if (e.isSymbolicLink()) ({ kind, real } = await followLink(abs, path.relative(repoRoot, abs).split(path.sep).join("/"), realRoot));
      if (kind === "dir") {
        // A linked directory is walked once, so a link loop ends.
        if (recurse && !visited.has(real)) {
          visited.add(real);
          await walk(abs, childRel);
        }
      } else if (kind === "file" && MANIFEST_EXTENSIONS.test(e.name)) {
        found.push(childRel);
      }
    }
  };
  await walk(appDir, "");
  found.sort(byteOrder);
  const texts: string[] = [];
  const files: string[] = [];
  const skippedGenerated: string[] = [];
  for (const rel of found) {
    const abs = path.join(appDir, rel);
    if (skip.has(abs)) continue;
    const text = await fs.readFile(abs, "utf8");
    if (hasGeneratedHeader(text)) {
      skippedGenerated.push(rel);
      continue;
    }
    checkObjects(text, rel);
    texts.push(text);
    files.push(rel);
  }
  return { text: texts.length ? yamlStream(texts) : "", files, skippedGenerated };
}

/** Where a symbolic link of the app directory leads; throws when outside the repository or dangling. */
async function followLink(abs: string, rel: string, realRoot: string): Promise<{ kind: "dir" | "file" | "other"; real: string }> {
  let real: string;
  try {
    real = await fs.realpath(abs);
  } catch {
    throw new SpecError({
      message: `"${rel}" is a symbolic link to "${await fs.readlink(abs).catch(() => "?")}", which does not exist`,
      file: rel,
      hint: "fix or remove the link: a manifest left out would be pruned by Argo CD",
    });
  }
  if (real !== realRoot && !real.startsWith(realRoot + path.sep)) {
    throw new SpecError({
      message: `"${rel}" is a symbolic link to "${real}", outside the repository`,
      file: rel,
      hint: "Argo CD refuses links out of the repository; replace the link with a copy of the file",
    });
  }
  const stat = await fs.stat(real);
  return { kind: stat.isDirectory() ? "dir" : stat.isFile() ? "file" : "other", real };
}

/** Every document of a manifest file must be a Kubernetes object, as Argo CD requires. */
function checkObjects(text: string, file: string): void {
  const lines = new LineCounter();
  for (const doc of parseYamlDocuments(text, file, { lineCounter: lines, uniqueKeys: false })) {
    if (doc.errors.length) throw new SpecError({ message: `invalid YAML: ${doc.errors[0]!.message.split("\n")[0]}`, file, hint: "fix the manifest, or move the file out of the application directory" });
    // Argo CD (and kubectl) would refuse a key written twice, or apply only the last value.
    const twice = duplicateKeys(doc, lines)[0];
    if (twice) throw new SpecError(duplicateKeyDiagnostic(twice, file));
    const value = doc.toJS() as unknown;
    if (value === null || value === undefined) continue;
    const o = value as Record<string, unknown>;
    if (typeof o !== "object" || Array.isArray(o) || typeof o.apiVersion !== "string" || typeof o.kind !== "string") {
      throw new SpecError({
        message: "is not a Kubernetes manifest (a document has no apiVersion and kind)",
        file,
        hint: "Argo CD applies every YAML/JSON file of the application directory: move other files out, or use a kustomization.yaml that lists the manifests",
      });
    }
  }
}

interface ObjectId {
  kind: string;
  namespace: string;
  name: string;
}

function objectIds(stream: string): { id: ObjectId; value: unknown }[] {
  const out: { id: ObjectId; value: unknown }[] = [];
  for (const doc of parseAllDocuments(stream)) {
    if (doc.errors.length) continue;
    const v = doc.toJS() as Record<string, unknown> | null;
    if (!v || typeof v !== "object") continue;
    const meta = (v.metadata ?? {}) as Record<string, unknown>;
    if (typeof v.kind === "string" && typeof meta.name === "string") {
      out.push({ id: { kind: v.kind, namespace: typeof meta.namespace === "string" ? meta.namespace : "", name: meta.name }, value: v });
    }
  }
  return out;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortDeep(a)) === JSON.stringify(sortDeep(b));
}

function sortDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortDeep);
  if (v && typeof v === "object") {
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => byteOrder(a, b)).map(([k, x]) => [k, sortDeep(x)]));
  }
  return v;
}

/**
 * Manifests + profiles. A profile the manifests already hold with the same
 * spec (an overlay using the generator with the same config; its transformers
 * may have added labels) is printed once, the build's copy; a different spec
 * under the same name is an error, since Argo CD would apply one of the two.
 */
export function combine(manifests: string, profiles: string[]): { text: string; duplicates: string[] } {
  const existing = new Map<string, unknown>();
  for (const { id, value } of objectIds(manifests)) existing.set(`${id.kind}/${id.namespace}/${id.name}`, value);
  const kept: string[] = [];
  const duplicates: string[] = [];
  for (const text of profiles) {
    const [{ id, value }] = objectIds(text) as [{ id: ObjectId; value: unknown }];
    const key = `${id.kind}/${id.namespace}/${id.name}`;
    if (!existing.has(key)) {
      kept.push(text);
      continue;
    }
    const spec = (v: unknown) => (v as { apiVersion?: unknown; spec?: unknown }) && { apiVersion: (v as { apiVersion?: unknown }).apiVersion, spec: (v as { spec?: unknown }).spec };
    if (!sameValue(spec(existing.get(key)), spec(value))) {
      throw new SpecError({
        message: `the app's manifests already hold a different ${id.kind} ${id.namespace}/${id.name}`,
        hint: "remove the committed or hand-written copy (the generated one replaces it), or set MANIFESTS=none to print only the generated profiles",
      });
    }
    duplicates.push(`${id.namespace}/${id.name}`);
  }
  const parts = [manifests.trim() === "" ? "" : manifests, kept.length ? yamlStream(kept) : ""].filter((p) => p !== "");
  const text = parts.map((p) => (p.endsWith("\n") ? p : `${p}\n`)).join("---\n");
  return { text, duplicates };
}

export interface ProfilesResult {
  plan: Plan;
  /** The directory the config's paths are relative to. */
  root: string;
  /** Absolute path of the config file. */
  configFile: string;
  /** Absolute paths of the config and every spec file it reads (not manifests). */
  inputs: Set<string>;
}

/**
 * Finds the config: `configPath` (relative to the repository root, like
 * `sync --config`) when given, else the nearest serviceprofile-sync.yaml at or
 * above the app directory, up to the repository root. A config's paths are
 * relative to its tree's root: the repository root for `configPath`, the
 * directory holding the found file otherwise (as `sync --root DIR` would read it).
 */
export async function locateConfig(repoRoot: string, appDir: string, configPath: string | undefined): Promise<{ root: string; file: string } | undefined> {
  if (configPath !== undefined) {
    let file: string;
    try {
      file = normalizeRepoPath(configPath);
    } catch (err) {
      throw new SpecError({ message: `CONFIG: ${(err as Error).message}`, hint: "the config path is relative to the repository root and may not leave it" });
    }
    if ((await fsReader(repoRoot, "the repository").read(file)) === undefined) {
      throw new SpecError({ message: `config file "${file}" does not exist in the repository`, hint: "CONFIG is relative to the repository root" });
    }
    return { root: repoRoot, file };
  }
  const rel = path.relative(repoRoot, appDir);
  if (rel.startsWith("..") || path.isAbsolute(rel)) throw new SpecError({ message: `the app directory ${appDir} is outside the repository ${repoRoot}` });
  for (let dir = appDir; ; dir = path.dirname(dir)) {
    const file = await findConfig(fsReader(dir));
    if (file !== undefined) return { root: dir, file };
    if (dir === repoRoot || path.dirname(dir) === dir) return undefined;
  }
}

/**
 * Loads the config and plans every service (the manifests decide afterwards
 * which ones the app owns; planning all keeps every spec file out of the plain
 * manifests). The caller reports only the owned services' errors.
 */
export async function generateProfiles(repoRoot: string, appDir: string, configPath: string | undefined): Promise<ProfilesResult | undefined> {
  const located = await locateConfig(repoRoot, appDir, configPath);
  if (!located) return undefined;
  const reader = fsReader(located.root, located.root === repoRoot ? "the repository" : `"${path.relative(repoRoot, located.root)}"`);
  const config = await loadConfig(reader, located.file);
  const result = await plan(reader, config);
  const configFile = path.join(located.root, config.file);
  const inputs = new Set<string>([configFile]);
  for (const s of result.services) {
    for (const c of s.described.closure) inputs.add(path.join(located.root, c.path));
    for (const f of s.config.specFiles) inputs.add(path.join(located.root, f));
  }
  return { plan: result, root: located.root, configFile, inputs };
}

/** The owned services' plans, in config order. */
export function ownedPlans(generated: ProfilesResult, owned: readonly ServiceConfig[]): ServicePlan[] {
  const keep = new Set(owned);
  return generated.plan.services.filter((s) => keep.has(s.config));
}

/** The objects of these services, in output-path order, without the fingerprint line (a build has no use for it). */
export function profileTexts(services: readonly ServicePlan[]): string[] {
  return services
    .flatMap((s) => s.profiles)
    .sort((a, b) => byteOrder(a.path, b.path))
    .flatMap((p) => buildDocuments(p.text));
}

/** "2 ServiceProfiles, 20 HTTPRoutes": the objects counted by kind, in first-seen order. */
export function countByKind(objects: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const text of objects) {
    const kind = /^kind: *["']?([A-Za-z0-9]+)/m.exec(text)?.[1] ?? "object";
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  if (counts.size === 0) return "no generated objects";
  return [...counts].map(([kind, n]) => `${n} ${kind}${n === 1 ? "" : "s"}`).join(", ");
}
