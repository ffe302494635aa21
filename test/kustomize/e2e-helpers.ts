/**
 * For the end-to-end tests of the deploy-time routes: the built bundle, real
 * kubectl and kpt (missing tools fail the test, never skip it), temp dirs,
 * and the exec plugin installed the way a user installs it.
 */
import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import { accessSync, constants, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, onTestFinished } from "vitest";
import { CLI_BUNDLE, REPO_ROOT } from "../helpers/runtimes.js";

export { CLI_BUNDLE, REPO_ROOT };
/** The first executable of that name on PATH. */
function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const candidate = path.join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** kubectl from PATH; when absent, the path the failure message names. */
export const KUBECTL = onPath("kubectl") ?? "kubectl (not on PATH)";
export const OVERLAY = path.join(REPO_ROOT, "examples/kustomize/overlay");
export const PLUGIN_REL = "kustomize/plugin/serviceprofile-sync.io/v1alpha1/serviceprofilegenerator/ServiceProfileGenerator";

export function requireExecutable(file: string, why: string): string {
  try {
    accessSync(file, constants.X_OK);
  } catch {
    throw new Error(`${file} is missing or not executable: ${why}`);
  }
  return file;
}

export function requireBundle(): string {
  if (!existsSync(CLI_BUNDLE)) throw new Error(`${CLI_BUNDLE} is missing: run 'npm run bundle' (npm test builds first)`);
  return CLI_BUNDLE;
}

/** kpt, the other KRM orchestrator on the machine, with the same install as kubectl. */
export function requireKpt(): string {
  const kpt = onPath("kpt");
  if (kpt) return requireExecutable(kpt, "kpt runs the KRM function test");
  throw new Error("kpt is not on PATH: it runs the KRM exec function test (kubectl kustomize cannot: it has no --enable-exec)");
}

/** Dirs made outside a test (in beforeAll or at module level), removed when the file's tests are done. */
const fileDirs: string[] = [];
afterAll(() => {
  for (const d of fileDirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A temp dir, removed when the test that made it ends (or the file's tests, when made outside a test), also on failure. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `sps-${prefix}-`));
  try {
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  } catch {
    fileDirs.push(dir); // not inside a test
  }
  return dir;
}

let scratch: string | undefined;
/** One TMPDIR for the tools a file's tests run: kustomize leaves its kust-plugin-config-* copies behind. */
function toolTmp(): string {
  if (!scratch) {
    scratch = mkdtempSync(path.join(tmpdir(), "sps-tool-tmp-"));
    fileDirs.push(scratch);
  }
  return scratch;
}

/** A copy of a directory tree to change freely. */
export function copyTree(from: string, to: string): string {
  mkdirSync(path.dirname(to), { recursive: true });
  cpSync(from, to, { recursive: true });
  return to;
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function run(cmd: string, args: string[], options: SpawnSyncOptions = {}): Run {
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, ...options });
  if (r.error) throw r.error;
  return { code: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** The environment the tests give kubectl and the CLI: this machine's, minus anything that would pick another plugin home. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: toolTmp(), ...extra };
  delete env.KUSTOMIZE_PLUGIN_HOME;
  if (!extra.XDG_CONFIG_HOME) delete env.XDG_CONFIG_HOME;
  return env;
}

/**
 * Installs the exec plugin into a fresh XDG_CONFIG_HOME with the built CLI,
 * run by `node` (this process's by default). Returns that XDG_CONFIG_HOME.
 */
export function installPluginInto(node = process.execPath): { xdg: string; shim: string; stdout: string } {
  const home = tempDir("home");
  const xdg = path.join(home, ".config");
  const r = run(node, [requireBundle(), "kustomize", "install-plugin", "--cli", CLI_BUNDLE], { env: cleanEnv({ XDG_CONFIG_HOME: xdg, HOME: home }) });
  if (r.code !== 0) throw new Error(`install-plugin failed: ${r.stderr}`);
  return { xdg, shim: path.join(xdg, PLUGIN_REL), stdout: r.stdout };
}

/** Every file under a directory with its content, for "nothing was written" checks. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = `${statSync(p).mode.toString(8)} ${readFileSync(p, "utf8")}`;
    }
  };
  walk(dir);
  return out;
}
