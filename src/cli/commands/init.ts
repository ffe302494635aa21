/**
 * `serviceprofile-sync init`: scan the repository for API descriptions and
 * write a starter config with one guessed entry per spec (per proto service),
 * named after the Kubernetes Service it matches when manifests declare one,
 * each marked for the user to check.
 */
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { stringify } from "yaml";
import { EXIT_FAILURE, EXIT_OK, UsageError, parseCommandArgs, type CliIO, type Command } from "../command.js";
import { SpecError } from "../../model/diagnostic.js";
import { normalizeRepoPath } from "../../files/reader.js";
import { CONFIG_FILE_NAMES, findConfig, parseConfig } from "../../repo/config.js";
import { discoverSpecs, listWorkTreeFiles, type SpecCandidate } from "../../repo/discover.js";
import { openWorkspace } from "../../repo/workspace.js";
import { discoverServices, matchServices, type ManifestService, type MatchReason } from "../../repo/k8s-services.js";
import { plural } from "../repo-command.js";

const DEFAULT_OUTPUT = "deploy/serviceprofiles";
export const INIT_MARKER = "# TODO(serviceprofile-sync init): check name and namespace";

const help = `Write a starter serviceprofile-sync.yaml for this repository.

Usage:
  serviceprofile-sync init [flags]

Finds OpenAPI/Swagger documents and proto files with services (tracked or
untracked files, .gitignore respected) and writes one guessed service entry per
spec file (per service for proto files), each marked with
"${INIT_MARKER}".
When the repository's YAML manifests declare Kubernetes Services, an entry
takes the name and namespace of the Service that matches its spec (by name,
e.g. EmojiService ~ emoji-svc, or by directory), and says which one in a comment.
Never overwrites an existing config unless --force is given.

Flags:
      --config PATH    where to write (default: serviceprofile-sync.yaml at the repository root)
      --root DIR       repository root (default: the git work tree holding the current directory)
      --output DIR     the manifests directory to put in the config (default "${DEFAULT_OUTPUT}")
      --namespace NS   namespace for services no manifest names one for (default "default")
      --force          overwrite an existing config

Exit codes: 0 written, 1 a config exists already, 2 wrong usage.
`;

/** Makes a DNS-1035 label from a file or service name: `VotingService` -> `voting-service`. */
export function guessServiceName(raw: string): string {
  let s = raw
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1-$2")
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/-+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (!/^[a-z]/.test(s)) s = `svc-${s}`.replace(/-$/, "");
  s = s.slice(0, 63).replace(/-+$/, "");
  return s === "" ? "svc" : s;
}

function fileStem(p: string): string {
  return path.posix
    .basename(p)
    .replace(/\.(ya?ml|json|swagger|proto)$/i, "")
    .replace(/[._-](openapi|swagger|oas|api|spec)$/i, "")
    .replace(/^(openapi|swagger)$/i, path.posix.basename(path.posix.dirname(p)) || "api");
}

interface Entry {
  name: string;
  namespace: string;
  openapi?: string;
  proto?: string;
  protoServices?: string[];
}

/** Where an entry's name and namespace came from, said in a comment above it. */
export interface EntryOrigin {
  service: ManifestService;
  reason: MatchReason;
}

/**
 * One entry per spec (per proto service), named after the Kubernetes Service
 * it most likely describes when the repository declares one, else guessed
 * from the file or proto service name.
 */
export function guessEntries(specs: SpecCandidate[], namespace: string, services: ManifestService[] = []): { entries: Entry[]; origins: (EntryOrigin | undefined)[] } {
  const guessed = guessFromNames(specs, namespace);
  const matches = matchServices(
    guessed.map((e) => ({ guess: e.name, specPath: e.openapi ?? e.proto! })),
    services,
  );
  const names = new Set(guessed.map((e, i) => (matches[i] ? `${matches[i]!.service.namespace ?? namespace}/${matches[i]!.service.name}` : "")));
  const entries = guessed.map((e, i) => {
    const m = matches[i];
    if (!m) {
      // A guess that collides with a matched Service's name would make two entries write one file.
      let name = e.name;
      for (let k = 2; names.has(`${namespace}/${name}`); k++) name = `${e.name.slice(0, 60)}-${k}`;
      names.add(`${namespace}/${name}`);
      return { ...e, name };
    }
    return { ...e, name: m.service.name, namespace: m.service.namespace ?? namespace };
  });
  return { entries, origins: matches };
}

function guessFromNames(specs: SpecCandidate[], namespace: string): Entry[] {
  const entries: Entry[] = [];
  const used = new Set<string>();
  const unique = (name: string) => {
    let n = name;
    for (let i = 2; used.has(n); i++) n = `${name.slice(0, 60)}-${i}`;
    used.add(n);
    return n;
  };
  for (const s of specs) {
    if (s.kind === "openapi") entries.push({ name: unique(guessServiceName(fileStem(s.path))), namespace, openapi: s.path });
    else {
      const services = s.services ?? [];
      for (const svc of services) {
        const e: Entry = { name: unique(guessServiceName(svc)), namespace, proto: s.path };
        if (services.length > 1) e.protoServices = [svc];
        entries.push(e);
      }
    }
  }
  return entries;
}

export function renderStarterConfig(entries: Entry[], output: string, origins: (EntryOrigin | undefined)[] = []): string {
  const lines = [
    "# serviceprofile-sync configuration: which API descriptions become which Linkerd",
    "# ServiceProfiles. Written by `serviceprofile-sync init`; check every entry marked",
    "# TODO, then run `serviceprofile-sync sync`. Reference: the README of serviceprofile-sync.",
    "",
    `# Generated manifests: <output>/<namespace>/<service>.yaml and a kustomization.yaml.`,
    `output: ${stringify(output).trim()}`,
    "clusterDomain: cluster.local",
    "# What sync writes: serviceprofile (a ServiceProfile per service), gateway (Gateway",
    "# API HTTPRoutes/GRPCRoutes, which replace ServiceProfiles since Linkerd 2.16: files",
    "# <output>/<namespace>/<service>.routes.yaml), or both while migrating. Also per service.",
    "# target: gateway",
    "# gateway:",
    "#   apiVersion: v1        # v1 (Linkerd 2.18+), v1beta1 (2.15-2.17) or linkerd (policy.linkerd.io)",
    "#   port: 8080            # attach to this Service port only (default: every port)",
    "#   retry: { limit: 2 }   # retry.linkerd.io/* for retryable routes",
    "",
  ];
  if (entries.length === 0) {
    lines.push("# No OpenAPI/Swagger or proto files with services were found; add entries like:", "#  - name: web-svc", "#    namespace: default", "#    openapi: api/web.yaml", "services: []");
  } else {
    lines.push("services:");
    entries.forEach((e, i) => {
      const o = origins[i];
      if (o) lines.push(`  # From Service ${o.service.name}${o.service.namespace ? ` (namespace ${o.service.namespace})` : ""} in ${o.service.file}:${o.service.line}, matched by ${o.reason}`);
      lines.push(`  ${INIT_MARKER}`);
      const body = stringify([e], { indentSeq: true, lineWidth: 0 }).trimEnd().split("\n");
      for (const l of body) lines.push(`  ${l}`);
    });
  }
  return lines.join("\n") + "\n";
}

export const initCommand: Command = {
  name: "init",
  summary: "Write a starter serviceprofile-sync.yaml from the specs found in the repository",
  help,
  async run(args: string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, {
      config: { type: "string" },
      root: { type: "string" },
      output: { type: "string", default: DEFAULT_OUTPUT },
      namespace: { type: "string", short: "n", default: "default" },
      force: { type: "boolean" },
    });
    if (positionals.length) throw new UsageError(`init takes no arguments (got ${positionals.join(" ")})`);
    const ws = await openWorkspace(io.cwd, { root: values.root, config: values.config });
    let output: string;
    try {
      output = normalizeRepoPath(values.output);
    } catch (err) {
      throw new UsageError(`--output: ${(err as Error).message}`);
    }
    const target = ws.configPath ?? (await findConfig(ws.reader)) ?? CONFIG_FILE_NAMES[0];
    if (!values.force && (await ws.reader.read(target)) !== undefined) {
      io.stderr.write(`error: ${target} exists already; not overwriting it\n  hint: edit it, or run init --force to replace it\n`);
      return EXIT_FAILURE;
    }
    const files = await listWorkTreeFiles(ws.root);
    const generated = (f: string) => f.startsWith(output + "/");
    const specs = await discoverSpecs(ws.reader, files, { exclude: generated });
    const services = await discoverServices(ws.reader, files, generated);
    const { entries, origins } = guessEntries(specs, values.namespace, services);
    const text = renderStarterConfig(entries, output, origins);
    try {
      parseConfig(text, target);
    } catch (err) {
      // A guess the validator rejects (e.g. --namespace Bad) is the user's input: say so.
      if (err instanceof SpecError) throw new UsageError(`the starter config would be invalid: ${err.message}`);
      throw err;
    }
    const abs = path.join(ws.root, target);
    await fs.mkdir(path.dirname(abs), { recursive: true });
    await fs.writeFile(abs, text, { flag: values.force ? "w" : "wx" });
    const matched = origins.filter(Boolean).length;
    io.stdout.write(`wrote ${target} with ${plural(entries.length, "service")} from ${plural(specs.length, "spec file")}${matched ? ` (${matched} named after the Kubernetes Services in the repository)` : ""}\n`);
    if (entries.length) io.stdout.write(`next: check each entry marked TODO (name and namespace), then run serviceprofile-sync sync\n`);
    return EXIT_OK;
  },
};
