/**
 * Output files named on the command line (--report, --output) are checked
 * before a command prints or computes anything, so a bad path fails fast and
 * leaves stdout empty instead of failing after the result went to stdout.
 */
import { constants, promises as fs } from "node:fs";
import * as path from "node:path";
import { SpecError } from "../model/diagnostic.js";
import { displayPath } from "./display-path.js";
import type { CliIO } from "./command.js";

/**
 * Throws a SpecError when `file` cannot be written: it is a directory, or
 * its directory is missing (unless `createDirs`, which needs the nearest
 * existing ancestor to be a writable directory), or permission is denied.
 */
export async function checkWritable(io: CliIO, flag: string, file: string, options: { createDirs?: boolean } = {}): Promise<void> {
  const abs = path.resolve(io.cwd, file);
  const shown = displayPath(io, abs);
  const fail = (why: string, hint: string): never => {
    throw new SpecError({ message: `${flag} ${JSON.stringify(shown)} cannot be written: ${why}`, hint });
  };
  const existing = await fs.stat(abs).catch(() => undefined);
  if (existing?.isDirectory()) fail("it is a directory", "name a file, e.g. report.md inside it");
  if (existing) {
    if (!(await writable(abs))) fail("permission denied", "choose a file you may write, or change its permissions");
    return;
  }
  let dir = path.dirname(abs);
  if (options.createDirs) while (!(await fs.stat(dir).catch(() => undefined)) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  const parent = await fs.stat(dir).catch(() => undefined);
  if (!parent) fail(`its directory ${JSON.stringify(displayPath(io, dir))} does not exist`, "create the directory first, or write the file elsewhere");
  if (!parent!.isDirectory()) fail(`${JSON.stringify(displayPath(io, dir))} is not a directory`, "check the path");
  if (!(await writable(dir))) fail(`the directory ${JSON.stringify(displayPath(io, dir))} is not writable`, "choose a directory you may write to");
}

async function writable(p: string): Promise<boolean> {
  try {
    await fs.access(p, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
