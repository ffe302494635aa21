/**
 * Runs the built action (dist/action.js) the way the GitHub runner does: a
 * child Node process in the checkout, with INPUT_* for every input of
 * action.yml (defaults filled in as the runner fills them), the GITHUB_*
 * variables, an event payload file, and GITHUB_OUTPUT / GITHUB_STEP_SUMMARY
 * files that are read back afterwards. Workflow commands on stdout
 * (::error file=...::) are parsed into annotations.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { inputEnvName } from "../../src/action/inputs.js";
import { REPO_ROOT } from "../helpers/runtimes.js";
import { ISOLATED_GIT_ENV } from "./git-fixture.js";

export const ACTION_BUNDLE = path.join(REPO_ROOT, "dist/action.js");

interface ActionYaml {
  inputs: Record<string, { description: string; default?: string; required?: boolean }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string };
}

export function actionYaml(): ActionYaml {
  return parse(readFileSync(path.join(REPO_ROOT, "action.yml"), "utf8")) as ActionYaml;
}

function newestIn(dir: string): { file: string; mtime: number } {
  let newest = { file: dir, mtime: 0 };
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    const n = e.isDirectory() ? newestIn(p) : { file: p, mtime: statSync(p).mtimeMs };
    if (n.mtime > newest.mtime) newest = n;
  }
  return newest;
}

/**
 * The action's own sources. The engine's are bundled too, but `npm test`
 * builds right before the tests run, so only the common slip (editing the
 * action and running its tests without a build) is caught here.
 */
const ACTION_SOURCES = ["src/action", "src/github"];

/**
 * The tests run the bundle, not the sources: it must exist and be newer than
 * the action's sources (`npm test` builds first; by hand: node scripts/build.mjs).
 */
export function requireFreshBundle(): void {
  if (!existsSync(ACTION_BUNDLE)) throw new Error(`${ACTION_BUNDLE} is missing: run 'node scripts/build.mjs' (npm test does)`);
  const newest = ACTION_SOURCES.map((d) => newestIn(path.join(REPO_ROOT, d))).reduce((a, b) => (b.mtime > a.mtime ? b : a));
  if (newest.mtime > statSync(ACTION_BUNDLE).mtimeMs) {
    throw new Error(`dist/action.js is older than ${path.relative(REPO_ROOT, newest.file)}: run 'node scripts/build.mjs' (npm test does)`);
  }
}

export interface WorkflowCommand {
  command: string;
  properties: Record<string, string>;
  message: string;
}

export interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** ::error / ::warning / ::notice commands. */
  annotations: WorkflowCommand[];
  /** The ::error:: the step failed with (setFailed), if any. */
  failure: string | undefined;
  /** The JSON report the `report` output points at, read before the runner's temp dir goes. */
  report: unknown;
  /** GITHUB_WORKSPACE, to inspect the checkout afterwards. */
  workspace: string;
}

export interface RunOptions {
  node: string;
  /** GITHUB_WORKSPACE: the checkout. */
  workspace: string;
  eventName: string;
  payload: unknown;
  repository: string;
  sha: string;
  ref: string;
  headRef?: string;
  baseRef?: string;
  apiUrl: string;
  /** As the workflow's `with:`; the rest get action.yml's defaults. */
  inputs?: Record<string, string>;
  token?: string;
  /** The action bundle to run; default: dist/action.js. */
  bundle?: string;
}

function unescapeData(s: string): string {
  return s.replace(/%0D/g, "\r").replace(/%0A/g, "\n").replace(/%25/g, "%");
}

function unescapeProperty(s: string): string {
  return unescapeData(s).replace(/%3A/g, ":").replace(/%2C/g, ",");
}

export function parseWorkflowCommands(stdout: string): WorkflowCommand[] {
  const out: WorkflowCommand[] = [];
  for (const line of stdout.split("\n")) {
    const m = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!m) continue;
    const properties: Record<string, string> = {};
    for (const pair of (m[2] ?? "").split(",").filter(Boolean)) {
      const i = pair.indexOf("=");
      properties[pair.slice(0, i)] = unescapeProperty(pair.slice(i + 1));
    }
    out.push({ command: m[1]!, properties, message: unescapeData(m[3]!) });
  }
  return out;
}

/** GITHUB_OUTPUT's heredoc format: `name<<DELIMITER\nvalue\nDELIMITER`. */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i]!);
    if (!m) continue;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i]!);
    out[m[1]!] = value.join("\n");
  }
  return out;
}

/** The value the runner gives an input the workflow did not set. */
function runnerDefault(value: string | undefined, token: string): string {
  if (value === undefined) return "";
  return value.replace(/\$\{\{\s*github\.token\s*\}\}/g, token);
}

export async function runAction(options: RunOptions): Promise<ActionRun> {
  const temp = mkdtempSync(path.join(tmpdir(), "sps-runner-"));
  try {
    const runnerTemp = path.join(temp, "_temp");
    mkdirSync(runnerTemp);
    const eventPath = path.join(temp, "event.json");
    const outputPath = path.join(temp, "output");
    const summaryPath = path.join(temp, "summary.md");
    writeFileSync(eventPath, JSON.stringify(options.payload, null, 2));
    writeFileSync(outputPath, "");
    writeFileSync(summaryPath, "");
    const token = options.token ?? "ghs_fakeTokenForTests";
    const inputs: Record<string, string> = {};
    for (const [name, spec] of Object.entries(actionYaml().inputs)) {
      inputs[inputEnvName(name)] = options.inputs?.[name] ?? runnerDefault(spec.default, token);
    }
    for (const name of Object.keys(options.inputs ?? {})) {
      if (!(name in actionYaml().inputs)) throw new Error(`test bug: input "${name}" is not in action.yml`);
    }
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: temp,
      ...ISOLATED_GIT_ENV,
      CI: "true",
      GITHUB_ACTIONS: "true",
      GITHUB_EVENT_NAME: options.eventName,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_REPOSITORY: options.repository,
      GITHUB_REPOSITORY_OWNER: options.repository.split("/")[0]!,
      GITHUB_SHA: options.sha,
      GITHUB_REF: options.ref,
      GITHUB_HEAD_REF: options.headRef ?? "",
      GITHUB_BASE_REF: options.baseRef ?? "",
      GITHUB_WORKSPACE: options.workspace,
      GITHUB_OUTPUT: outputPath,
      GITHUB_STEP_SUMMARY: summaryPath,
      GITHUB_API_URL: options.apiUrl,
      GITHUB_SERVER_URL: "https://github.com",
      GITHUB_RUN_ID: "4242",
      GITHUB_WORKFLOW: "profiles",
      GITHUB_JOB: "sync",
      RUNNER_TEMP: runnerTemp,
      RUNNER_OS: "Linux",
      ...inputs,
    };
    // Async: the fake API lives in this process and must keep answering.
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(options.node, [options.bundle ?? ACTION_BUNDLE], { cwd: options.workspace, env, encoding: "utf8", timeout: 60_000, maxBuffer: 64 << 20 }, (err, out, errOut) => {
        const c = err ? (typeof err.code === "number" ? err.code : null) : 0;
        resolve({ code: c, stdout: out, stderr: errOut });
      });
    });
    const outputs = parseOutputFile(readFileSync(outputPath, "utf8"));
    const report = outputs.report && existsSync(outputs.report) ? (JSON.parse(readFileSync(outputs.report, "utf8")) as unknown) : undefined;
    const annotations = parseWorkflowCommands(stdout).filter((c) => ["error", "warning", "notice"].includes(c.command));
    const failures = annotations.filter((a) => a.command === "error" && Object.keys(a.properties).length === 0);
    return {
      code,
      stdout,
      stderr,
      outputs,
      report,
      workspace: options.workspace,
      summary: readFileSync(summaryPath, "utf8"),
      annotations,
      failure: failures.at(-1)?.message,
    };
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}
