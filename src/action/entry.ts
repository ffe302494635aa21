/**
 * Wires the runner (@actions/core), the REST client and the engine into
 * runAction. Loaded by main.ts only once the environment is a runner's.
 */
import * as core from "@actions/core";
import { readFileSync } from "node:fs";
import { commentApi, createClient, graphqlRequest } from "../github/api.js";
import { VERSION } from "../version.js";
import { createEngine } from "./engine-adapter.js";
import { runAction, type ActionIO } from "./run.js";

const io: ActionIO = {
  env: process.env,
  readFile: (p) => readFileSync(p, "utf8"),
  info: (m) => core.info(m),
  warning: (m) => core.warning(m),
  annotate: (a) => {
    const props: core.AnnotationProperties = { title: a.title };
    if (a.file !== undefined) props.file = a.file;
    if (a.startLine !== undefined) props.startLine = a.startLine;
    if (a.startColumn !== undefined) props.startColumn = a.startColumn;
    if (a.level === "error") core.error(a.message, props);
    else if (a.level === "warning") core.warning(a.message, props);
    else core.notice(a.message, props);
  },
  setOutput: (name, value) => core.setOutput(name, value),
  setSecret: (value) => core.setSecret(value),
  appendSummary: async (markdown) => {
    if (!process.env.GITHUB_STEP_SUMMARY) return;
    await core.summary.addRaw(markdown, true).write();
  },
  setFailed: (m) => core.setFailed(m),
};

export async function main(): Promise<void> {
  try {
    await runAction({
    io,
      engine: createEngine(),
      commentApi: (token, ctx) => commentApi(createClient(token, ctx.apiUrl, core), ctx.repository),
      graphql: (token, ctx) => graphqlRequest(createClient(token, ctx.apiUrl, core)),
      version: VERSION,
    });
  } catch (err) {
    core.setFailed(`unexpected error: ${(err as Error)?.stack ?? String(err)}`);
  }
}
