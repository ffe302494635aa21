/**
 * File-system errors as sentences. Node's `ENOTDIR: not a directory,
 * realpath '/abs/…'` names a path that may not exist and gives no hint; a
 * user gets what went wrong, where (relative to the repository) and what to
 * do, and never a bare error code.
 */
import * as path from "node:path";
import { SpecError } from "../model/diagnostic.js";

/** What Node puts on a failed fs call. */
interface SystemError extends Error {
  code?: string;
  syscall?: string;
  path?: string;
  dest?: string;
}

export function isSystemError(err: unknown): err is SystemError {
  return err instanceof Error && typeof (err as SystemError).code === "string" && /^E[A-Z]+$/.test((err as SystemError).code!);
}

/** `abs` relative to `root` in POSIX form; `.` for the root; absolute when outside it. */
export function shownPath(abs: string, root: string): string {
  const rel = path.relative(root, abs);
  if (rel === "") return ".";
  if (rel.startsWith("..") || path.isAbsolute(rel)) return abs;
  return rel.split(path.sep).join("/");
}

const VERBS: Record<string, string> = {
  open: "open",
  read: "read",
  readFile: "read",
  write: "write",
  writeFile: "write",
  mkdir: "create the directory",
  rmdir: "remove the directory",
  unlink: "delete",
  rename: "rename",
  link: "back up",
  realpath: "resolve",
  stat: "inspect",
  lstat: "inspect",
  scandir: "list the directory",
  opendir: "list the directory",
  access: "access",
  spawn: "run",
};

/** The sentence for one code: what is wrong and what to do. */
function explain(code: string, where: string): { why: string; hint: string } {
  switch (code) {
    case "ENOENT":
      return { why: `"${where}" does not exist`, hint: "check the path; paths are relative to the repository root" };
    case "ENOTDIR":
      return { why: `a part of "${where}" is a file, not a directory`, hint: "move or delete that file, or choose another path" };
    case "EEXIST":
      return { why: `"${where}" already exists and is in the way (a file where a directory is needed, or the reverse)`, hint: "move or delete it, or choose another path" };
    case "EISDIR":
      return { why: `"${where}" is a directory, not a file`, hint: "name a file" };
    case "EACCES":
    case "EPERM":
      return { why: `permission denied on "${where}"`, hint: "check the file's owner and mode, and who runs the command" };
    case "EROFS":
      return { why: `"${where}" is on a read-only file system`, hint: "run where the repository is writable" };
    case "ENOSPC":
    case "EDQUOT":
      return { why: `no space left for "${where}"`, hint: "free disk space (or quota) and run again" };
    case "ELOOP":
      return { why: `"${where}" is a symbolic link loop`, hint: "fix the symbolic links on the path" };
    case "ENAMETOOLONG":
      return { why: `the path "${where}" is too long for the file system`, hint: "use shorter names" };
    case "EMFILE":
    case "ENFILE":
      return { why: `too many open files while reading "${where}"`, hint: "raise the open-file limit (ulimit -n) and run again" };
    case "EBUSY":
      return { why: `"${where}" is busy (in use by another process)`, hint: "wait for the other process, then run again" };
    default:
      return { why: `the file system refused the operation on "${where}" (${code})`, hint: "check the path and its permissions" };
  }
}

/**
 * A system error as a SpecError: "could not <verb> "<where>": <why>", placed
 * at the path when it is inside the repository. Other errors are returned as
 * they are.
 */
export function describeFsError(err: unknown, root: string, action?: string): unknown {
  if (!isSystemError(err)) return err;
  const where = err.path ? shownPath(err.path, root) : "?";
  const { why, hint } = explain(err.code!, where);
  const verb = action ?? VERBS[err.syscall ?? ""] ?? "use";
  const target = err.dest ? ` to "${shownPath(err.dest, root)}"` : "";
  return new SpecError({
    message: `could not ${verb} "${where}"${target}: ${why}`,
    hint,
  });
}
