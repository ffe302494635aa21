/**
 * Installs the legacy exec plugin: a small shell script at the place
 * kustomize looks for it, which runs this CLI's `kustomize plugin` command.
 *
 * kustomize's plugin home is the first directory that exists of
 * $KUSTOMIZE_PLUGIN_HOME, $XDG_CONFIG_HOME/kustomize/plugin,
 * $HOME/.config/kustomize/plugin and $HOME/kustomize/plugin; the executable
 * is <home>/<group>/<version>/<lowercase kind>/<Kind>.
 */
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { GENERATOR_API_VERSION, GENERATOR_GROUP, GENERATOR_KIND, GENERATOR_VERSION } from "./generator-config.js";

/** Marks a file as ours, so a reinstall may replace it and nothing else. */
const SHIM_MARKER = "# serviceprofile-sync kustomize exec plugin";

export type ShimTarget =
  /** Pin an absolute node binary and CLI script (survives PATH changes, breaks if either moves). */
  | { kind: "pinned"; node: string; cli: string }
  /** Run a command found on PATH when kustomize calls the plugin. */
  | { kind: "command"; command: string };

/** The plugin home kustomize would use with this environment (where we install unless told otherwise). */
export function defaultPluginHome(env: Record<string, string | undefined>): string {
  if (env.KUSTOMIZE_PLUGIN_HOME) return env.KUSTOMIZE_PLUGIN_HOME;
  if (env.XDG_CONFIG_HOME) return path.join(env.XDG_CONFIG_HOME, "kustomize", "plugin");
  const home = env.HOME;
  if (!home) throw new Error("cannot tell where kustomize looks for plugins: none of KUSTOMIZE_PLUGIN_HOME, XDG_CONFIG_HOME and HOME is set; pass --dir");
  return path.join(home, ".config", "kustomize", "plugin");
}

/** <home>/serviceprofile-sync.io/v1alpha1/serviceprofilegenerator/ServiceProfileGenerator */
export function pluginExecutablePath(pluginHome: string): string {
  return path.join(pluginHome, GENERATOR_GROUP, GENERATOR_VERSION, GENERATOR_KIND.toLowerCase(), GENERATOR_KIND);
}

/** POSIX shell single-quoting. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:@%+=-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * The script. kustomize calls a legacy exec plugin with the config file as
 * its argument, and a KRM exec function with none (the ResourceList comes on
 * stdin), so one file serves both routes.
 */
export function shimScript(target: ShimTarget): string {
  const cli = target.kind === "pinned" ? `${shellQuote(target.node)} ${shellQuote(target.cli)}` : shellQuote(target.command);
  return [
    "#!/bin/sh",
    SHIM_MARKER,
    `# for ${GENERATOR_KIND} (apiVersion ${GENERATOR_API_VERSION}); written by 'serviceprofile-sync kustomize install-plugin'.`,
    "# With an argument (legacy exec plugin, kustomize --enable-alpha-plugins) it runs 'kustomize plugin';",
    "# without one (KRM exec function, --enable-alpha-plugins --enable-exec) it runs 'kustomize fn'.",
    "# Reinstall after moving or upgrading the CLI.",
    `if [ "$#" -eq 0 ]; then exec ${cli} kustomize fn; fi`,
    `exec ${cli} kustomize plugin "$@"`,
    "",
  ].join("\n");
}

export interface InstallResult {
  path: string;
  replaced: boolean;
}

/**
 * Writes the shim at `file` (atomically, mode 0755). Refuses to overwrite a file that
 * is not one of our shims unless `force`.
 */
export async function installPlugin(file: string, target: ShimTarget, force = false): Promise<InstallResult> {
  let existing: string | undefined;
  try {
    existing = await fs.readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  if (existing !== undefined && !existing.includes(SHIM_MARKER) && !force) {
    throw new Error(`${file} exists and was not written by serviceprofile-sync; remove it or pass --force to replace it`);
  }
  await fs.mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.tmp-${process.pid}`;
  await fs.writeFile(temp, shimScript(target), { mode: 0o755 });
  await fs.chmod(temp, 0o755);
  await fs.rename(temp, file);
  return { path: file, replaced: existing !== undefined };
}
