/**
 * The GitHub Action entry point, bundled to dist/action.js. Outside a
 * runner it fails at once, before loading the engine and the API client
 * (most of the bundle), so a misconfigured step costs milliseconds.
 */
import { readFileSync } from "node:fs";
import { readContext } from "../github/context.js";

/** A workflow command's data, escaped the way the runner unescapes it. */
function commandData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

let ready = true;
try {
  readContext(process.env, (p) => readFileSync(p, "utf8"));
} catch (err) {
  process.stdout.write(`::error::${commandData((err as Error).message)}\n`);
  process.exitCode = 1;
  ready = false;
}
if (ready) {
  const { main } = await import("./entry.js");
  await main();
}
