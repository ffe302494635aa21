/**
 * vitest globalSetup: every run gets a temp directory of its own, and fails
 * when a test leaves anything in it.
 *
 * TMPDIR is pointed at a fresh `sps-test-run-*` directory before the workers
 * start, so os.tmpdir() in every test, in the code under test and in the
 * processes tests spawn (git, kubectl, node) lands there. Runs of other
 * engineers on the same machine have their own, so their files in flight are
 * never taken for leaks. At the end the entries still there are named, the
 * directory is removed either way, and the run exits 1.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

const RUN_PREFIX = "sps-test-run-";
const SHOWN = 200;

/** A fresh run directory under `base`. */
export function openRunDir(base = tmpdir()): string {
  return mkdtempSync(path.join(base, RUN_PREFIX));
}

/** What is left in the run directory, sorted; the directory is removed either way. */
export function closeRunDir(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The failure message naming what was left. */
export function leakReport(left: string[]): string {
  const shown = left.slice(0, SHOWN).map((e) => `  ${e}\n`).join("");
  const more = left.length > SHOWN ? `  ... and ${left.length - SHOWN} more\n` : "";
  return (
    `FAIL temp dir check: tests left ${left.length} entr${left.length === 1 ? "y" : "ies"} in the temp dir (removed now):\n${shown}${more}` +
    "  every test must remove what it creates, also when it fails (onTestFinished, afterEach or try/finally)\n"
  );
}

export default function setup(): () => void {
  const previous = { TMPDIR: process.env.TMPDIR, TMP: process.env.TMP, TEMP: process.env.TEMP };
  const runDir = openRunDir();
  process.env.TMPDIR = process.env.TMP = process.env.TEMP = runDir;
  return () => {
    for (const [k, v] of Object.entries(previous)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    const left = closeRunDir(runDir);
    if (left.length) {
      process.stderr.write(`\n${leakReport(left)}`);
      // A thrown error here is only logged ("error during close"); the exit code is what CI reads.
      process.exitCode = 1;
    }
  };
}
