/**
 * The CLI and action bundles built from the current sources into a
 * temporary directory (scripts/build.mjs --outdir), for end-to-end tests
 * that must run what the sources say today without touching the committed
 * dist/.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { REPO_ROOT } from "./runtimes.js";

export interface Bundles {
  dir: string;
  cli: string;
  action: string;
  cleanup(): void;
}

export function buildBundles(): Bundles {
  const dir = mkdtempSync(path.join(tmpdir(), "sps-bundles-"));
  try {
    execFileSync(process.execPath, ["scripts/build.mjs", "--outdir", dir, "--no-types"], { cwd: REPO_ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`building the bundles failed: ${(err as { stderr?: string }).stderr ?? String(err)}`, { cause: err });
  }
  return {
    dir,
    cli: path.join(dir, "cli.js"),
    action: path.join(dir, "action.js"),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
