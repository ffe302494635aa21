/**
 * Output directories a config used before its `output:` changed. Each is
 * found by the kustomization.yaml sync generated there: the generated header
 * names this config file. Only that kustomization and the generated files it
 * lists belong to sync; everything else in the directory is left alone.
 */
import * as path from "node:path";
import { parse as parseYaml } from "yaml";
import { isSpecError } from "../model/diagnostic.js";
import type { SourceReader } from "../files/reader.js";
import { generatedHeaderSources } from "../render.js";
import { kustomizationPath, type RepoConfig } from "./config.js";
import type { ExistingFiles } from "./plan.js";

export interface OrphanOutput {
  /** The old output directory, repo-relative. */
  dir: string;
  kustomizationPath: string;
  /** Files its kustomization lists (repo-relative, inside `dir`). */
  listed: Set<string>;
  /** The kustomization and every listed file that exists: text, or null when not a regular readable file. */
  files: ExistingFiles;
}

/** Reads a repo file as text: undefined when it does not exist, null when it cannot be read as a file. */
export type TextReader = (relPath: string) => Promise<string | null | undefined>;

const KUSTOMIZATION = "kustomization.yaml";

/** The old output directories of `config` among `repoFiles`, in path order. */
export async function findOrphanOutputs(config: RepoConfig, repoFiles: readonly string[], read: TextReader): Promise<OrphanOutput[]> {
  const current = kustomizationPath(config.output);
  const candidates = repoFiles.filter((f) => f !== current && f.endsWith(`/${KUSTOMIZATION}`));
  const out: OrphanOutput[] = [];
  for (const kPath of candidates) {
    const text = await read(kPath);
    if (!text) continue;
    const sources = generatedHeaderSources(text);
    if (sources?.length !== 1 || sources[0] !== config.file) continue;
    const dir = kPath.slice(0, -KUSTOMIZATION.length - 1);
    const listed = listedResources(text, dir);
    const files: ExistingFiles = new Map([[kPath, text]]);
    for (const f of listed) {
      const t = await read(f);
      if (t !== undefined) files.set(f, t);
    }
    out.push({ dir, kustomizationPath: kPath, listed, files });
  }
  return out;
}

/** The repo paths a kustomization's `resources:` name inside its own directory (anything leaving it is ignored). */
function listedResources(text: string, dir: string): Set<string> {
  const listed = new Set<string>();
  let doc: { resources?: unknown } | null;
  try {
    doc = parseYaml(text) as { resources?: unknown } | null;
  } catch {
    return listed; // an unreadable kustomization lists nothing: nothing is deleted
  }
  for (const r of Array.isArray(doc?.resources) ? doc.resources : []) {
    if (typeof r !== "string") continue;
    const p = path.posix.normalize(`${dir}/${r}`);
    if (p.startsWith(`${dir}/`)) listed.add(p);
  }
  return listed;
}

/** A TextReader over a SourceReader (the work tree or a git ref). */
export function textReader(reader: SourceReader): TextReader {
  return async (relPath) => {
    try {
      return (await reader.read(relPath))?.toString("utf8");
    } catch (err) {
      if (isSpecError(err)) return null; // a symlink leaving the repository, say
      throw err;
    }
  };
}
