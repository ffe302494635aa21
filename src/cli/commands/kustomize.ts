/**
 * `serviceprofile-sync kustomize fn | plugin | install-plugin`: the kustomize
 * faces of the generator. The bodies live in src/kustomize/; this module only
 * reads stdin, arguments and the environment and writes the results.
 */
import { realpathSync } from "node:fs";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { EXIT_FAILURE, EXIT_OK, parseCommandArgs, readAll, UsageError, type CliIO, type Command } from "../command.js";
import { kustomizationReader, SELECT_ENV, type GeneratorOptions } from "../../kustomize/generate.js";
import { runKrmFunction } from "../../kustomize/function.js";
import { runLegacyPlugin } from "../../kustomize/legacy-plugin.js";
import { defaultPluginHome, installPlugin, pluginExecutablePath, shimScript, type ShimTarget } from "../../kustomize/install-plugin.js";
import { GENERATOR_API_VERSION, GENERATOR_KIND } from "../../kustomize/generator-config.js";

const help = `Generate ServiceProfiles inside a kustomize build.

Usage:
  serviceprofile-sync kustomize fn [--root DIR]
  serviceprofile-sync kustomize plugin CONFIG_FILE [--root DIR]
  serviceprofile-sync kustomize install-plugin [--dir DIR | --path FILE] [--command CMD | --node PATH --cli PATH]
                                              [--force] [--print]

Both generator routes take a ${GENERATOR_KIND} resource as their config:

  apiVersion: ${GENERATOR_API_VERSION}
  kind: ${GENERATOR_KIND}
  metadata:
    name: profiles
  spec:
    clusterDomain: cluster.local        # optional
    services:                           # as in serviceprofile-sync.yaml
      - name: books
        namespace: booksapp
        openapi: api/books.yaml
  # or, instead of the fields above:  spec: {configFile: serviceprofile-sync.yaml}
  #   select: [booksapp/*]               # optional, beside either: only these services

Every service of the config is built, unless spec.select (or, when it is
absent, $${SELECT_ENV}) names some: NAME or NAMESPACE/NAME entries, '*' a
wildcard; an entry that matches no service is an error.

Paths are relative to the kustomization directory and may not leave it; spec
files are read from that directory tree only, never from the network.

Subcommands:
  fn               KRM function (the kustomize/kpt "exec" function contract): reads a
                   ResourceList on stdin, writes it to stdout with the generated profiles
                   appended to items and problems in results; exits 1 on errors.
                   Needs 'kustomize build --enable-alpha-plugins --enable-exec' (standalone
                   kustomize; 'kubectl kustomize' has no --enable-exec) or 'kpt fn eval --exec'.
  plugin           Legacy exec plugin body: CONFIG_FILE is the generator config kustomize
                   passes; prints the profiles as a YAML stream. Works with
                   'kubectl kustomize --enable-alpha-plugins' once the plugin is installed.
  install-plugin   Writes the executable kustomize looks for,
                   <plugin home>/serviceprofile-sync.io/v1alpha1/serviceprofilegenerator/${GENERATOR_KIND},
                   a shell script that runs this CLI: 'kustomize plugin CONFIG' when called with
                   an argument (legacy plugin), 'kustomize fn' when called without (KRM exec
                   function), so the same file serves both routes. The plugin home is
                   $KUSTOMIZE_PLUGIN_HOME, else $XDG_CONFIG_HOME/kustomize/plugin, else
                   ~/.config/kustomize/plugin.

Flags:
      --root DIR        the kustomization directory (default: $KUSTOMIZE_PLUGIN_CONFIG_ROOT
                        for plugin, else the working directory, which kustomize sets to it)
      --dir DIR         install-plugin: plugin home to install into (then point kustomize at it
                        with KUSTOMIZE_PLUGIN_HOME=DIR)
      --path FILE       install-plugin: write the script at exactly FILE, e.g. for the KRM
                        function's exec path (/usr/local/bin/serviceprofile-sync-fn)
      --command CMD     install-plugin: run CMD (looked up on PATH at build time) instead of
                        pinning the node binary and CLI script running now
      --node PATH       install-plugin: node binary to pin (default: the one running now)
      --cli PATH        install-plugin: CLI script to pin (default: the one running now)
      --force           install-plugin: replace a file at that path that we did not write
      --print           install-plugin: print the script and its path instead of writing it

Examples:
  serviceprofile-sync kustomize install-plugin
  kubectl kustomize --enable-alpha-plugins deploy/overlays/prod

  # KRM function route (standalone kustomize): write an exec path for the function ...
  serviceprofile-sync kustomize install-plugin --path /usr/local/bin/serviceprofile-sync-fn
  # ... annotate the generator config with it:
  #   metadata:
  #     annotations:
  #       config.kubernetes.io/function: |
  #         exec:
  #           path: /usr/local/bin/serviceprofile-sync-fn
  # (kustomize >= 5.7 also takes 'path: serviceprofile-sync' with 'args: [kustomize, fn]'), then:
  kustomize build --enable-alpha-plugins --enable-exec deploy/overlays/prod

Exit codes: 0 success, 1 invalid config or spec, 2 wrong usage.
`;

const options = {
  root: { type: "string" },
  dir: { type: "string" },
  path: { type: "string" },
  command: { type: "string" },
  node: { type: "string" },
  cli: { type: "string" },
  force: { type: "boolean" },
  print: { type: "boolean" },
} as const;

function writeMessages(io: CliIO, messages: string[]): void {
  for (const m of messages) io.stderr.write(`${m}\n`);
}

/** $SERVICEPROFILE_SYNC_SELECT, when set and not empty. */
function envSelect(io: CliIO): GeneratorOptions {
  const value = io.env[SELECT_ENV];
  return value !== undefined && value.trim() !== "" ? { select: value } : {};
}

/** The CLI script running now, with symlinks (npm's bin links) resolved. */
export function runningCli(): string {
  const script = process.argv[1];
  if (!script) throw new UsageError("cannot tell which CLI script is running: pass --cli PATH or --command CMD");
  try {
    return realpathSync(script);
  } catch {
    return path.resolve(script);
  }
}

export const kustomizeCommand: Command = {
  name: "kustomize",
  summary: "kustomize generator: KRM function (fn), legacy exec plugin (plugin), install-plugin",
  help,
  async run(args: string[], io: CliIO): Promise<number> {
    // kustomize appends a plugin config's argsOneLiner/argsFromFile after the config path; say so, not "unknown option".
    if (args[0] === "plugin" && args.length > 2 && !(args.length === 4 && args[2] === "--root")) {
      throw new UsageError(`"kustomize plugin" takes one argument, the generator config file, got ${args.length - 1} (argsOneLiner and argsFromFile are not used by this plugin)`);
    }
    const { values, positionals } = parseCommandArgs(args, options);
    const [sub, ...rest] = positionals;
    const rootFlag = values.root !== undefined ? path.resolve(io.cwd, values.root) : undefined;
    const only = (allowed: (keyof typeof values)[]) => {
      for (const key of Object.keys(values) as (keyof typeof values)[]) {
        if (values[key] !== undefined && key !== "help" && !allowed.includes(key)) throw new UsageError(`--${key} does not apply to "kustomize ${sub}"`);
      }
    };
    switch (sub) {
      case "fn": {
        only(["root"]);
        if (rest.length) throw new UsageError(`"kustomize fn" takes no arguments (its input is a ResourceList on stdin), got ${rest.join(" ")}`);
        const input = (await readAll(io.stdin)).toString("utf8");
        const outcome = await runKrmFunction(input, kustomizationReader(rootFlag ?? io.cwd), envSelect(io));
        io.stdout.write(outcome.stdout);
        writeMessages(io, outcome.messages);
        return outcome.ok ? EXIT_OK : EXIT_FAILURE;
      }
      case "plugin": {
        only(["root"]);
        if (rest.length !== 1) {
          throw new UsageError(
            rest.length === 0
              ? `"kustomize plugin" needs the generator config file kustomize passes as its first argument`
              : `"kustomize plugin" takes one argument, got ${rest.length} (argsOneLiner and argsFromFile are not used by this plugin)`,
          );
        }
        const configPath = path.resolve(io.cwd, rest[0]!);
        let data: Buffer;
        try {
          data = await fs.readFile(configPath);
        } catch (err) {
          throw new Error(`cannot read the generator config ${configPath}: ${(err as Error).message}`, { cause: err });
        }
        const root = rootFlag ?? (io.env.KUSTOMIZE_PLUGIN_CONFIG_ROOT ? path.resolve(io.cwd, io.env.KUSTOMIZE_PLUGIN_CONFIG_ROOT) : io.cwd);
        const outcome = await runLegacyPlugin(data, `${GENERATOR_KIND} config`, kustomizationReader(root), envSelect(io));
        io.stdout.write(outcome.stdout);
        writeMessages(io, outcome.messages);
        return outcome.ok ? EXIT_OK : EXIT_FAILURE;
      }
      case "install-plugin": {
        only(["dir", "path", "command", "node", "cli", "force", "print"]);
        if (rest.length) throw new UsageError(`"kustomize install-plugin" takes no arguments, got ${rest.join(" ")}`);
        if (values.command !== undefined && (values.node !== undefined || values.cli !== undefined)) {
          throw new UsageError("give --command, or --node/--cli, not both");
        }
        const target: ShimTarget =
          values.command !== undefined
            ? { kind: "command", command: values.command }
            : { kind: "pinned", node: path.resolve(io.cwd, values.node ?? process.execPath), cli: values.cli !== undefined ? path.resolve(io.cwd, values.cli) : runningCli() };
        if (values.dir !== undefined && values.path !== undefined) throw new UsageError("give --dir or --path, not both");
        const home = values.dir !== undefined ? path.resolve(io.cwd, values.dir) : values.path === undefined ? defaultPluginHome(io.env) : undefined;
        const file = home !== undefined ? pluginExecutablePath(home) : path.resolve(io.cwd, values.path!);
        if (values.print) {
          io.stdout.write(`# ${file}\n${shimScript(target)}`);
          return EXIT_OK;
        }
        const result = await installPlugin(file, target, values.force === true);
        const runs = target.kind === "pinned" ? `${target.node} ${target.cli}` : `${target.command} (from PATH)`;
        io.stdout.write(
          `${result.replaced ? "updated" : "installed"} the kustomize exec plugin for ${GENERATOR_KIND} (${GENERATOR_API_VERSION})\n` +
            `  at:   ${result.path}\n` +
            `  runs: ${runs} kustomize plugin CONFIG_FILE   (or kustomize fn, when called without arguments)\n` +
            (values.path !== undefined
              ? `use it as the KRM function: config.kubernetes.io/function: "exec: {path: ${result.path}}", then kustomize build --enable-alpha-plugins --enable-exec DIR\n`
              : (values.dir !== undefined ? `kustomize finds it with KUSTOMIZE_PLUGIN_HOME=${home}\n` : "") +
                `build with: kubectl kustomize --enable-alpha-plugins DIR   (or kustomize build --enable-alpha-plugins DIR)\n`),
        );
        return EXIT_OK;
      }
      case undefined:
        throw new UsageError(`"kustomize" needs a subcommand: fn, plugin or install-plugin`);
      default:
        throw new UsageError(`unknown kustomize subcommand "${sub}": use fn, plugin or install-plugin`);
    }
  },
};
