/**
 * Applying changes to the manifests directory on disk, all or nothing:
 *  1. every new text goes to a temp file beside its target;
 *  2. files about to be replaced or deleted get a hard-link backup;
 *  3. temp files are renamed over their targets and deleted files renamed away;
 *  4. backups are removed, then directories left empty.
 * A failure in 1 removes the temp files; a failure in 2-3 undoes every step
 * done so far, so the directory is as it was. Nothing outside `output` is
 * ever written (deletions may also be in old output directories, `orphanDirs`),
 * and no path is followed through a symlink out of the repo.
 */
import { linkSync, promises as fs, readFileSync, renameSync, rmdirSync, unlinkSync } from "node:fs";
import * as path from "node:path";
import { randomBytes } from "node:crypto";
import { SpecError } from "../model/diagnostic.js";
import { describeFsError } from "../files/fs-error.js";
import { byteOrder } from "../git.js";
import type { FileChange } from "./changes.js";
import type { ExistingFiles } from "./plan.js";

/** The file-system calls the writer makes; tests swap in failing ones. */
export interface WriteOps {
  writeFile(p: string, data: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  link(existing: string, newPath: string): Promise<void>;
  unlink(p: string): Promise<void>;
  mkdir(p: string): Promise<string | undefined>;
  rmdir(p: string): Promise<void>;
}

/**
 * Temp files are written asynchronously, a batch at a time: creating a file
 * is the slow part of a sync's writes (about 1.3 ms each on the bench
 * machine), and the thread pool overlaps them. The renames, links and
 * unlinks around them are synchronous (wrapped, so a failure is still a
 * rejection): they run one after another so that a failure can be undone,
 * and each async one was a thread-pool round trip (a thousand renames took
 * about 0.5 s, synchronously about 30 ms).
 */
export const nodeWriteOps: WriteOps = {
  writeFile: (p, data) => fs.writeFile(p, data, { flag: "wx" }),
  rename: async (a, b) => renameSync(a, b),
  link: async (a, b) => linkSync(a, b),
  unlink: async (p) => unlinkSync(p),
  mkdir: (p) => fs.mkdir(p, { recursive: true }),
  rmdir: async (p) => rmdirSync(p),
};

/** Every file under `output` (repo-relative), read as text; symlinks and unreadable entries as null. */
export async function readOutputDir(root: string, output: string): Promise<ExistingFiles> {
  try {
    return await readOutputDirUnchecked(root, output);
  } catch (err) {
    throw describeFsError(err, root);
  }
}

async function readOutputDirUnchecked(root: string, output: string): Promise<ExistingFiles> {
  const files: ExistingFiles = new Map();
  const absOutput = path.join(root, output);
  await assertDirectoryPath(root, output, `the output directory ${output}`);
  await assertInside(root, absOutput, output);
  const found: string[] = [];
  async function walk(rel: string): Promise<void> {
    let entries;
    try {
      entries = await fs.readdir(path.join(root, rel), { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT" || (err as NodeJS.ErrnoException).code === "ENOTDIR") return;
      throw err;
    }
    const dirs: string[] = [];
    for (const e of entries) {
      const child = `${rel}/${e.name}`;
      if (e.isDirectory()) dirs.push(child);
      else if (e.isFile()) {
        if (!TEMP_NAME.test(e.name)) found.push(child);
      } else files.set(child, null);
    }
    await Promise.all(dirs.map(walk));
  }
  await walk(output);
  // Read synchronously: a thousand small files from the page cache take a third of
  // the time of bounded parallel async reads (measured: 35 ms against 100-150 ms),
  // whose cost is the thread-pool round trip, not the disk.
  for (const f of found) files.set(f, readFileSync(path.join(root, f), "utf8"));
  return new Map([...files].sort(([a], [b]) => byteOrder(a, b)));
}

/**
 * Reads a work-tree file as text the way readOutputDir does: undefined when
 * it does not exist, null when it is not a regular file (a symbolic link is
 * never sync's: it writes none).
 */
export function workTreeTextReader(root: string): (relPath: string) => Promise<string | null | undefined> {
  return async (relPath) => {
    const abs = path.join(root, relPath);
    try {
      const stat = await fs.lstat(abs);
      if (!stat.isFile()) return null;
      return await fs.readFile(abs, "utf8");
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "ENOTDIR") return undefined;
      if (code === "EACCES" || code === "EISDIR") return null;
      throw describeFsError(err, root);
    }
  };
}

const TEMP_NAME = /^\..*\.spsync-[0-9a-f]+\.(tmp|bak)$/;

/**
 * Refuses a path on which a directory is needed (`rel`, repo-relative) when
 * it, or a directory on the way to it, exists as something else: Node would
 * say ENOTDIR or EEXIST about a path that does not exist.
 */
async function assertDirectoryPath(root: string, rel: string, needed: string): Promise<void> {
  const parts = rel.split("/");
  for (let i = 1; i <= parts.length; i++) {
    const prefix = parts.slice(0, i).join("/");
    let stat;
    try {
      stat = await fs.stat(path.join(root, prefix));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return; // created later, as a directory
      throw err;
    }
    if (!stat.isDirectory()) {
      throw new SpecError({
        message: `"${prefix}" is a file, not a directory, so ${needed} cannot be ${i === parts.length ? "used" : "created"}`,
        file: prefix,
        hint: `move or delete "${prefix}" (serviceprofile-sync never overwrites a file it did not generate), or choose another output: in the config`,
      });
    }
  }
}

/** Refuses a directory whose real location is outside the repository (a symlinked output dir). */
async function assertInside(root: string, abs: string, shown: string): Promise<void> {
  const realRoot = await fs.realpath(root);
  let probe = abs;
  // The nearest existing ancestor decides where writes would land.
  while (true) {
    try {
      const real = await fs.realpath(probe);
      if (real !== realRoot && !real.startsWith(realRoot + path.sep)) {
        throw new SpecError({
          message: `${shown} resolves to ${real}, outside the repository`,
          file: shown,
          hint: "the manifests directory must be inside the repository; replace the symbolic link with a directory",
        });
      }
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
      const parent = path.dirname(probe);
      if (parent === probe) return;
      probe = parent;
    }
  }
}

interface Step {
  kind: "create" | "replace" | "delete";
  target: string;
  temp?: string;
  backup?: string;
}

/**
 * Applies create/update/delete changes under `root`, atomically as described above; fs errors come out as sentences.
 * `orphanDirs`: old output directories whose files may be deleted; each is removed too once that leaves it empty.
 */
export async function applyChanges(root: string, output: string, changes: FileChange[], ops: WriteOps = nodeWriteOps, orphanDirs: readonly string[] = []): Promise<void> {
  try {
    await applyChangesUnchecked(root, output, changes, ops, orphanDirs);
  } catch (err) {
    throw describeFsError(err, root);
  }
}

async function applyChangesUnchecked(root: string, output: string, changes: FileChange[], ops: WriteOps, orphanDirs: readonly string[]): Promise<void> {
  if (changes.length === 0) return;
  const outputPrefix = output + "/";
  for (const c of changes) {
    const inOrphan = c.action === "delete" && orphanDirs.some((d) => c.path.startsWith(d + "/"));
    if (!c.path.startsWith(outputPrefix) && !inOrphan) throw new Error(`internal: refusing to change ${c.path}, outside ${output}`);
  }
  // Before anything is written: every directory a new file needs must be one (or not exist yet).
  for (const dir of [...new Set(changes.filter((c) => c.action !== "delete").map((c) => path.posix.dirname(c.path)))].sort()) {
    await assertDirectoryPath(root, dir, `the directory for ${changes.find((c) => path.posix.dirname(c.path) === dir)!.path}`);
  }
  // Once per directory: the check is about where a directory's writes land.
  const dirsChecked = new Set<string>();
  for (const c of changes) {
    const dir = path.dirname(c.path);
    if (dirsChecked.has(dir)) continue;
    dirsChecked.add(dir);
    await assertInside(root, path.join(root, dir), c.path);
  }
  const tag = randomBytes(6).toString("hex");
  const steps: Step[] = changes.map((c) => {
    const target = path.join(root, c.path);
    const hidden = (suffix: string) => path.join(path.dirname(target), `.${path.basename(target)}.spsync-${tag}.${suffix}`);
    if (c.action === "delete") return { kind: "delete", target, backup: hidden("bak") };
    return { kind: c.action === "create" ? "create" : "replace", target, temp: hidden("tmp"), backup: c.action === "update" ? hidden("bak") : undefined };
  });

  // 1. Temp files (and the directories they need).
  const createdDirs: string[] = [];
  const temps: string[] = [];
  try {
    const writes = steps.map((s, i) => ({ s, text: changes[i]!.after ?? "" })).filter((w) => w.s.temp);
    for (const dir of [...new Set(writes.map((w) => path.dirname(w.s.target)))].sort()) {
      const made = await ops.mkdir(dir);
      if (made) createdDirs.push(made);
    }
    // Temp files are independent: written a bounded number at a time.
    for (let i = 0; i < writes.length; i += 32) {
      const batch = writes.slice(i, i + 32);
      const results = await Promise.allSettled(batch.map((w) => ops.writeFile(w.s.temp!, w.text)));
      // A write that failed half way may have left a partial temp file: clean those up too.
      for (const w of batch) temps.push(w.s.temp!);
      const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
      if (failed) throw failed.reason;
    }
  } catch (err) {
    await cleanup(ops, temps, createdDirs);
    throw err;
  }

  // 2 + 3. Backups, then renames; every completed step is undone on failure.
  const done: { step: Step; phase: "backup" | "commit" }[] = [];
  try {
    for (const s of steps) {
      if (s.kind === "replace") {
        await ops.link(s.target, s.backup!);
        done.push({ step: s, phase: "backup" });
      }
    }
    for (const s of steps) {
      if (s.kind === "delete") await ops.rename(s.target, s.backup!);
      else await ops.rename(s.temp!, s.target);
      done.push({ step: s, phase: "commit" });
    }
  } catch (err) {
    await rollback(ops, done);
    await cleanup(ops, temps, createdDirs);
    throw err;
  }

  // 4. Past the point of no return: leftovers are only hidden backup files.
  await Promise.all(steps.filter((s) => s.backup).map((s) => ops.unlink(s.backup!).catch(() => undefined)));
  await removeEmptyDirs(root, output, orphanDirs, steps.filter((s) => s.kind === "delete").map((s) => path.dirname(s.target)), ops);
}

async function rollback(ops: WriteOps, done: { step: Step; phase: "backup" | "commit" }[]): Promise<void> {
  for (const { step, phase } of [...done].reverse()) {
    try {
      if (phase === "backup") await ops.unlink(step.backup!);
      else if (step.kind === "create") await ops.unlink(step.target);
      else if (step.kind === "replace") await ops.rename(step.backup!, step.target);
      else await ops.rename(step.backup!, step.target);
    } catch {
      // Best effort: keep undoing the other steps.
    }
  }
}

async function cleanup(ops: WriteOps, temps: string[], createdDirs: string[]): Promise<void> {
  for (const t of temps) await ops.unlink(t).catch(() => undefined);
  // mkdir -p reports the top directory it made; remove the chain it made, deepest first.
  for (const d of [...createdDirs].reverse()) await fs.rm(d, { recursive: true, force: true }).catch(() => undefined);
}

/**
 * Directories emptied by deletions, deepest first, up to the output directory
 * (kept) or up to and including an old output directory: what sync created
 * to hold its files. Never a directory above either, and never a non-empty one.
 */
async function removeEmptyDirs(root: string, output: string, orphanDirs: readonly string[], dirs: string[], ops: WriteOps): Promise<void> {
  const absOutput = path.join(root, output);
  // Each start climbs to the nearest enclosing scope: the output (exclusive) or an old output (inclusive).
  const scopes = [{ abs: absOutput, inclusive: false }, ...orphanDirs.map((d) => ({ abs: path.join(root, d), inclusive: true }))];
  for (const start of [...new Set(dirs)].sort().reverse()) {
    const scope = scopes
      .filter((s) => start === s.abs || start.startsWith(s.abs + path.sep))
      .sort((a, b) => b.abs.length - a.abs.length)[0];
    if (!scope) continue;
    const stop = scope.inclusive ? path.dirname(scope.abs) : scope.abs;
    let d = start;
    while (d !== stop && d.startsWith(stop + path.sep)) {
      try {
        await ops.rmdir(d);
      } catch {
        break; // not empty
      }
      d = path.dirname(d);
    }
  }
}
