/**
 * Finding API descriptions in a repository: which files are OpenAPI/Swagger
 * documents or proto files with services, so that a spec nobody mapped to a
 * service is listed as "unmapped" instead of being silently ignored, and so
 * `init` can guess a starter config.
 *
 * The sniff is deliberately cheap (a top-level `openapi:`/`swagger:` key, a
 * `service X {` block): discovery reads every candidate file in the repo.
 */
import { promises as fs } from "node:fs";
import * as path from "node:path";
import type { SourceReader } from "../files/reader.js";
import { byteOrder, gitTopLevel, lsFiles } from "../git.js";
import { globMatcher } from "./glob.js";

export interface SpecCandidate {
  /** Repo-relative path. */
  path: string;
  kind: "openapi" | "proto";
  /** Proto: the services the file declares, in file order. */
  services?: string[];
}

const SPEC_EXTENSIONS = /\.(ya?ml|json|swagger)$/i;
const PROTO_EXTENSION = /\.proto$/i;
/** Larger files are not sniffed: API descriptions are rarely this big, data dumps often are. */
const MAX_SNIFF_BYTES = 16 * 1024 * 1024;
const ALWAYS_SKIPPED = new Set(["node_modules", ".git"]);

/**
 * Files of the work tree at `root`, repo-relative and sorted: `git ls-files`
 * (tracked plus untracked-but-not-ignored) in a git repository, else a walk
 * honouring the root .gitignore's simple patterns.
 */
export async function listWorkTreeFiles(root: string, knownGitRoot = false): Promise<string[]> {
  // knownGitRoot: the caller has already asked git, so a child process (a fork of this one) is spared.
  if (knownGitRoot || (await isGitRoot(root))) {
    return (await lsFiles(root)).filter((f) => !f.split("/").some((seg) => ALWAYS_SKIPPED.has(seg)));
  }
  const ignored = await rootGitignore(root);
  const out: string[] = [];
  async function walk(dir: string): Promise<void> {
    const entries = await fs.readdir(path.join(root, dir), { withFileTypes: true });
    for (const e of entries) {
      if (ALWAYS_SKIPPED.has(e.name)) continue;
      const rel = dir ? `${dir}/${e.name}` : e.name;
      if (ignored(rel) || (e.isDirectory() && ignored(rel + "/"))) continue;
      if (e.isDirectory()) await walk(rel);
      else if (e.isFile() || e.isSymbolicLink()) out.push(rel);
    }
  }
  await walk("");
  return out.sort(byteOrder);
}

async function isGitRoot(root: string): Promise<boolean> {
  const top = await gitTopLevel(root);
  return top !== undefined && (await fs.realpath(top)) === (await fs.realpath(root));
}

/** The root .gitignore's plain patterns (negations are not supported and ignored). */
async function rootGitignore(root: string): Promise<(rel: string) => boolean> {
  let text: string;
  try {
    text = await fs.readFile(path.join(root, ".gitignore"), "utf8");
  } catch {
    return () => false;
  }
  const patterns = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#") && !l.startsWith("!"));
  const dirOnly = globMatcher(patterns.filter((p) => p.endsWith("/")));
  const any = globMatcher(patterns.filter((p) => !p.endsWith("/")));
  return (rel) => (rel.endsWith("/") ? dirOnly(rel.slice(0, -1)) : false) || any(rel.replace(/\/$/, ""));
}

/** Whether a path could hold a spec, by its name alone. */
export function isCandidatePath(relPath: string): boolean {
  return SPEC_EXTENSIONS.test(relPath) || PROTO_EXTENSION.test(relPath);
}

/** Classifies one file's text, or undefined when it is no spec. */
export function sniffSpec(relPath: string, text: string): SpecCandidate | undefined {
  if (PROTO_EXTENSION.test(relPath)) {
    const services = protoServiceNames(text);
    return services.length ? { path: relPath, kind: "proto", services } : undefined;
  }
  if (!SPEC_EXTENSIONS.test(relPath)) return undefined;
  return looksLikeOpenApi(text) ? { path: relPath, kind: "openapi" } : undefined;
}

function looksLikeOpenApi(text: string): boolean {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (/^\s*\{/.test(body)) {
    if (!/"(openapi|swagger)"/.test(body)) return false;
    try {
      const v = JSON.parse(body) as unknown;
      return v !== null && typeof v === "object" && !Array.isArray(v) && ("openapi" in v || "swagger" in v);
    } catch {
      return false;
    }
  }
  // A top-level key starts at column 0 of a line (optionally quoted).
  return /^["']?(?:openapi|swagger)["']?[ \t]*:/m.test(body);
}

/** Service names declared in proto text (comments and strings stripped). */
export function protoServiceNames(text: string): string[] {
  const code = text
    .replace(/\/\*[\s\S]*?\*\//g, " ")
    .replace(/\/\/[^\n]*/g, " ")
    .replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, '""');
  return [...code.matchAll(/\bservice\s+([A-Za-z_][A-Za-z0-9_]*)\s*\{/g)].map((m) => m[1]!);
}

export interface DiscoverOptions {
  /** Config `ignore:` globs. */
  ignore?: string[];
  /** Paths never considered (the output directory, the config file). */
  exclude?: (relPath: string) => boolean;
}

/** Every spec among `files`, read through `reader`, sorted by path. */
export async function discoverSpecs(reader: SourceReader, files: string[], options: DiscoverOptions = {}): Promise<SpecCandidate[]> {
  const ignored = globMatcher(options.ignore ?? []);
  const candidates = files.filter((f) => isCandidatePath(f) && !ignored(f) && !(options.exclude?.(f) ?? false));
  const found = await Promise.all(
    candidates.map(async (f) => {
      let data: Buffer | undefined;
      try {
        data = await reader.read(f);
      } catch {
        return undefined; // unreadable (e.g. a link leaving the repo): not a spec we could use anyway
      }
      if (data === undefined || data.length > MAX_SNIFF_BYTES) return undefined;
      return sniffSpec(f, data.toString("utf8"));
    }),
  );
  return found.filter((c): c is SpecCandidate => c !== undefined).sort((a, b) => byteOrder(a.path, b.path));
}

/** Candidates no service uses (directly or through a `$ref`). */
export function unmappedSpecs(candidates: SpecCandidate[], used: ReadonlySet<string>): SpecCandidate[] {
  return candidates.filter((c) => !used.has(c.path));
}
