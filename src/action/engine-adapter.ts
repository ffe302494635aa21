/**
 * The action's Engine over the repository-sync modules: the checkout is read
 * from the file system, the base and commit targets through git objects, and
 * nothing is ever checked out or written to the work tree.
 */
import * as path from "node:path";
import { compareRepos, readFiles } from "../diff/compare.js";
import { fileStreamOpener } from "../files/file-stream.js";
import type { DiffReport, StaleFile } from "../diff/routes.js";
import { fsReader, normalizeRepoPath, type SourceReader } from "../files/reader.js";
import { gitReader, type GitSourceReader } from "../git.js";
import { isSpecError, type Diagnostic } from "../model/diagnostic.js";
import { assessChanges } from "../repo/changes.js";
import type { ExistingFiles } from "../repo/plan.js";
import { findOrphanOutputs, textReader } from "../repo/orphans.js";
import { CONFIG_FILE_NAMES, ConfigError, loadConfig } from "../repo/config.js";
import { plan } from "../repo/plan.js";
import { readOutputDir } from "../repo/write.js";
import { refState, worktreeState, type RepoState } from "../repo/workspace.js";
import type { Analysis, AnalyzeRequest, CommitPlan, CommitPlanRequest, Engine } from "./engine.js";
import { InputError } from "./inputs.js";

/**
 * The config's repository path: the `config` input is relative to the
 * working directory; without it, a default-named config in the working
 * directory wins over the repository root's (a config per directory).
 */
export async function resolveConfigPath(reader: SourceReader, repoDir: string, workDir: string, config: string | undefined): Promise<string | undefined> {
  const rel = path.relative(repoDir, workDir).split(path.sep).join("/");
  if (rel === ".." || rel.startsWith("../") || path.isAbsolute(rel)) {
    throw new InputError(`working-directory ${workDir} is outside the repository ${repoDir}`);
  }
  if (config !== undefined) {
    try {
      return normalizeRepoPath(path.posix.join(rel, config.replace(/\\/g, "/")));
    } catch {
      throw new InputError(`input "config" (${config}) must name a file inside the repository`);
    }
  }
  if (rel === "") return undefined;
  for (const name of CONFIG_FILE_NAMES) {
    const candidate = `${rel}/${name}`;
    if ((await reader.read(candidate)) !== undefined) return candidate;
  }
  return undefined;
}

/** Text of every file under `dir` in a tree; null where it cannot be read as a file. */
async function treeDir(reader: GitSourceReader, dir: string): Promise<ExistingFiles> {
  return readFiles(reader, (await reader.listFiles()).filter((file) => file.startsWith(`${dir}/`)));
}

function configDiagnostics(err: unknown): Diagnostic[] | undefined {
  if (err instanceof ConfigError) return err.diagnostics;
  if (isSpecError(err)) return [err.diagnostic];
  return undefined;
}

/**
 * When no generated file is committed yet the engine reports the check as
 * not done; the action reports every planned file as missing instead.
 */
async function missingWhenUncommitted(report: DiffReport, reader: SourceReader, repoDir: string): Promise<DiffReport> {
  if (report.stale.checked || report.head.config === null || report.configErrors.some((c) => c.side === "head")) return report;
  const config = await loadConfig(reader, report.head.config);
  const desired = await plan(reader, config, { reuse: true });
  const a = assessChanges(desired, await readOutputDir(repoDir, config.output));
  const files: StaleFile[] = a.changes.map((c) => ({ path: c.path, kind: c.action === "create" ? "missing" : c.action === "delete" ? "extra" : "stale" }));
  if (files.length === 0) return report;
  return {
    ...report,
    stale: { checked: true, upToDate: false, files },
    summary: { ...report.summary, staleFiles: files.length },
  };
}

export function createEngine(): Engine {
  return {
    async analyze(req: AnalyzeRequest): Promise<Analysis> {
      const ws = { root: req.repoDir, reader: fsReader(req.repoDir), inGit: true };
      const reader = ws.reader;
      const configPath = await resolveConfigPath(reader, req.repoDir, req.workDir, req.config);
      // Tap recordings are streamed from the checkout, however large.
      const head: RepoState = { ...worktreeState(ws), ref: req.headLabel, openStream: fileStreamOpener(req.repoDir) };
      const baseState = req.base ? await refState(ws, req.base) : undefined;
      try {
        // Without a base, head is compared with itself: no route changes, only the stale check.
        const base = baseState ? { ...baseState, ref: req.baseLabel } : head;
        const { report } = await compareRepos(base, head, configPath !== undefined ? { configPath } : {});
        if (report.head.config === null && report.base.config === null && report.configErrors.length === 0) {
          throw new InputError(
            configPath
              ? `config file "${configPath}" does not exist in the checkout`
              : `no ${CONFIG_FILE_NAMES[0]} in the checkout: run "${req.cli ?? "npx serviceprofile-sync"} init" to write one, or set the action's config input`,
          );
        }
        const patched = await missingWhenUncommitted(report, reader, req.repoDir);
        const headConfig = patched.head.config;
        let outputDir: string | undefined;
        if (headConfig !== null) {
          try {
            outputDir = (await loadConfig(reader, headConfig)).output;
          } catch {
            outputDir = undefined;
          }
        }
        return {
          report: patched,
          configPath: headConfig ?? patched.base.config ?? configPath ?? CONFIG_FILE_NAMES[0],
          outputDir,
          hasBase: baseState !== undefined,
        };
      } finally {
        baseState?.close();
      }
    },

    async planCommit(req: CommitPlanRequest): Promise<CommitPlan> {
      const reader = await gitReader(req.repoDir, req.commit);
      try {
        const configPath = await resolveConfigPath(reader, req.repoDir, req.workDir, req.config);
        let config;
        try {
          config = await loadConfig(reader, configPath);
        } catch (err) {
          const diagnostics = configDiagnostics(err);
          if (diagnostics) return { changes: [], errors: diagnostics };
          throw err;
        }
        const desired = await plan(reader, config, { reuse: true });
        // Everything read here is committed: no edit is lost by a commit, so nothing needs --force.
        const orphans = await findOrphanOutputs(config, await reader.listFiles(), textReader(reader));
        const a = assessChanges(desired, await treeDir(reader, config.output), orphans);
        return {
          changes: a.changes.map((c) => ({ path: c.path, content: c.action === "delete" ? undefined : Buffer.from(c.after ?? "", "utf8") })),
          errors: [...desired.errors, ...a.refused],
          outputDir: config.output,
          orphanDirs: orphans.map((o) => o.dir),
        };
      } finally {
        reader.close();
      }
    },
  };
}
