/**
 * action.yml, the docs and the example workflows agree: every input and
 * output is documented as declared, every use of the action passes only
 * inputs it has, and every workflow grants the permissions its mode needs.
 */
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { INPUT_NAMES, OUTPUT_NAMES } from "../../src/action/inputs.js";
import { REPO_ROOT } from "../helpers/runtimes.js";
import { inputsTable, outputsTable } from "./docs-tables.js";
import { actionYaml } from "./harness.js";

const OUR_ACTION = /^[\w.-]+\/serviceprofile-sync@[\w.-]+$/;
/** The Action's reference page, and the README whose Action section shows the smallest workflow. */
const DOC = readFileSync(path.join(REPO_ROOT, "docs/action.md"), "utf8");
const DOC_PAGES = ["README.md", "docs/action.md"];

interface Step {
  uses?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  on: unknown;
  permissions?: Record<string, string>;
  jobs: Record<string, { permissions?: Record<string, string>; steps: Step[] }>;
}

/** Workflow files under examples/ (any file with jobs:), plus the yaml blocks of the docs pages that show workflows. */
function workflows(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(e.name)) {
        const text = readFileSync(p, "utf8");
        if (/^jobs:/m.test(text)) out.push({ name: path.relative(REPO_ROOT, p), text });
      }
    }
  };
  walk(path.join(REPO_ROOT, "examples"));
  for (const page of DOC_PAGES) {
    let i = 0;
    for (const m of readFileSync(path.join(REPO_ROOT, page), "utf8").matchAll(/```yaml\n([\s\S]*?)```/g)) {
      i++;
      if (/^jobs:/m.test(m[1]!)) out.push({ name: `${page} block ${i}`, text: m[1]! });
    }
  }
  return out;
}

function triggers(on: unknown): string[] {
  if (typeof on === "string") return [on];
  if (Array.isArray(on)) return on.map(String);
  return Object.keys(on as object);
}

describe("action.yml", () => {
  const action = actionYaml();

  it("declares exactly the inputs and outputs the code reads and sets, each described", () => {
    expect(Object.keys(action.inputs)).toEqual([...INPUT_NAMES]);
    expect(Object.keys(action.outputs)).toEqual([...OUTPUT_NAMES]);
    for (const [name, spec] of [...Object.entries(action.inputs), ...Object.entries(action.outputs)]) {
      expect(spec.description?.trim().length, name).toBeGreaterThan(10);
    }
  });

  it("runs the committed bundle on node24, with branding", () => {
    const raw = parse(readFileSync(path.join(REPO_ROOT, "action.yml"), "utf8")) as { runs: { using: string; main: string }; branding: { icon: string; color: string }; name: string; description: string };
    expect(raw.runs).toEqual({ using: "node24", main: "dist/action.js" });
    expect(raw.branding.icon).toBeTruthy();
    expect(raw.branding.color).toBeTruthy();
    expect(raw.name).toBeTruthy();
    expect(raw.description.length).toBeLessThanOrEqual(125 * 3);
  });
});

describe("docs/action.md", () => {
  it("has the inputs table as action.yml declares them", () => {
    if (!DOC.includes(inputsTable())) {
      throw new Error(`docs/action.md's inputs table differs from action.yml; it must read:\n\n${inputsTable()}\n`);
    }
  });

  it("has the outputs table as action.yml declares them", () => {
    if (!DOC.includes(outputsTable())) {
      throw new Error(`docs/action.md's outputs table differs from action.yml; it must read:\n\n${outputsTable()}\n`);
    }
  });
});

describe("example workflows", () => {
  const all = workflows();
  const inputs = actionYaml().inputs;

  it("include one for each documented use", () => {
    const names = all.map((w) => w.name);
    for (const f of ["pr-comment.yml", "auto-commit.yml", "fail-on-stale.yml", "monorepo.yml", "app-token.yml"]) {
      expect(names).toContain(`examples/workflows/${f}`);
    }
    expect(names.filter((n) => n.startsWith("docs/action.md")).length).toBeGreaterThanOrEqual(4);
    expect(names.filter((n) => n.startsWith("README.md")).length).toBeGreaterThanOrEqual(1);
  });

  it.each(all.map((w) => [w.name, w.text]))("%s is a valid workflow that uses the action as declared", (name, text) => {
    const wf = parse(text) as Workflow;
    expect(wf.jobs, name).toBeTypeOf("object");
    let uses = 0;
    for (const [jobName, job] of Object.entries(wf.jobs)) {
      const permissions = { ...wf.permissions, ...job.permissions };
      for (const step of job.steps) {
        if (!step.uses || !OUR_ACTION.test(step.uses)) continue;
        uses++;
        const given = Object.keys(step.with ?? {});
        for (const key of given) expect(Object.keys(inputs), `${name}: job ${jobName} passes unknown input "${key}"`).toContain(key);
        for (const [key, spec] of Object.entries(inputs)) {
          if (spec.required) expect(given, `${name}: required input ${key}`).toContain(key);
        }
        // The permissions each mode needs (docs/action.md, "Permissions").
        expect(permissions.contents, `${name}: job ${jobName} needs contents: read or write`).toMatch(/^(read|write)$/);
        const w = step.with ?? {};
        // With a token of its own (an app token, a PAT), that token's permissions govern, not the job's.
        if (w.token !== undefined) continue;
        if (String(w.commit) === "true") expect(permissions.contents, `${name}: commit needs contents: write`).toBe("write");
        const comments = String(w.comment ?? "auto") !== "false" && triggers(wf.on).includes("pull_request");
        if (comments) expect(permissions["pull-requests"], `${name}: comments need pull-requests: write`).toBe("write");
      }
    }
    expect(uses, `${name} uses the action`).toBeGreaterThan(0);
  });
});
