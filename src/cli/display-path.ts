/**
 * One rule for file paths in CLI messages: relative to the current directory,
 * or to --root when it is given, as the user would type it (`../api.yaml`
 * too); absolute when that would climb more than two directories (a chain
 * of ../../.. says less than the path itself).
 *
 * Readers name files relative to the root $refs may not leave (often an
 * enclosing git work tree the user never chose); messages are relabelled
 * here, at the edge, so the user sees the path they would type.
 */
import * as path from "node:path";
import { isSpecError, type Diagnostic } from "../model/diagnostic.js";
import type { CliIO } from "./command.js";

const MAX_UP = 2;

/** `abs` as shown in messages: relative to `base` (default: the current directory) when inside it. */
export function displayPath(io: CliIO, abs: string, base: string = io.cwd): string {
  const rel = path.relative(base, abs);
  if (rel === "") return ".";
  const parts = rel.split(path.sep);
  if (path.isAbsolute(rel) || parts.slice(0, MAX_UP + 1).every((p) => p === "..")) return abs.split(path.sep).join("/");
  return parts.join("/");
}

export interface PathDisplay {
  /** A reader's root-relative name as shown to the user. */
  shown(file: string): string;
  diagnostics(list: Diagnostic[]): Diagnostic[];
  /** The same error, its place relabelled when it is a SpecError. */
  error(err: unknown): unknown;
}

/** Relabels names relative to `root` (where files are read) for the display base: --root when given, else the current directory. */
export function pathDisplay(io: CliIO, root: string, explicitRoot: string | undefined, keep: readonly string[] = []): PathDisplay {
  const base = explicitRoot !== undefined ? path.resolve(io.cwd, explicitRoot) : io.cwd;
  const shown = (file: string) => (keep.includes(file) ? file : displayPath(io, path.resolve(root, file), base));
  const relabel = (d: Diagnostic): Diagnostic => (d.file === undefined ? d : { ...d, file: shown(d.file) });
  return {
    shown,
    diagnostics: (list) => list.map(relabel),
    error(err) {
      if (isSpecError(err)) Object.assign(err.diagnostic, relabel(err.diagnostic));
      return err;
    },
  };
}
