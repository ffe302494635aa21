/**
 * .github/workflows/release.yml cannot run here, so this checks its structure
 * (trigger, jobs, least-privilege permissions, the steps and their guards)
 * and runs its two shell steps that decide something with bash: the version
 * and major tag computed from sample tags, and the registry token check.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { REPO_ROOT } from "../helpers/runtimes.js";
import { testTempDir } from "../helpers/tempdir.js";

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}
interface Job {
  needs?: string | string[];
  permissions?: Record<string, string>;
  outputs?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: { push?: { tags?: string[]; branches?: string[] } } & Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
}

const read = (file: string) => parse(readFileSync(path.join(REPO_ROOT, ".github/workflows", file), "utf8")) as Workflow;
const release = read("release.yml");
const jobs = release.jobs;

function step(job: string, id: string): Step {
  const found = jobs[job]?.steps.find((s) => s.id === id);
  if (!found) throw new Error(`release.yml: job ${job} has no step with id ${id}`);
  return found;
}

/** Runs a step's script as GitHub does (bash -e), and returns what it wrote to $GITHUB_OUTPUT. */
function runStep(s: Step, cwd: string, env: Record<string, string>): { code: number | null; stdout: string; outputs: Record<string, string> } {
  const output = path.join(cwd, "github-output");
  writeFileSync(output, "");
  const r = spawnSync("bash", ["-e", "-c", s.run!], { cwd, encoding: "utf8", env: { PATH: process.env.PATH ?? "", GITHUB_OUTPUT: output, ...env } });
  const outputs = Object.fromEntries(
    readFileSync(output, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );
  return { code: r.status, stdout: r.stdout, outputs };
}

describe("release.yml: trigger and permissions", () => {
  it("runs on version tags only, not on branches or the major tag it moves", () => {
    expect(Object.keys(release.on)).toEqual(["push"]);
    expect(release.on.push).toEqual({ tags: ["v*.*.*"] });
  });

  it("reads only by default; each job asks for what it needs and no more", () => {
    expect(release.permissions).toEqual({ contents: "read" });
    expect(jobs.test!.permissions).toEqual({ contents: "read" });
    expect(jobs.release!.permissions).toEqual({ contents: "write" });
    expect(jobs.publish!.permissions).toEqual({ contents: "read", "id-token": "write" });
  });

  it("tests first, then releases, then publishes", () => {
    expect(jobs.release!.needs).toBe("test");
    expect(jobs.publish!.needs).toBe("release");
  });
});

describe("release.yml: the steps", () => {
  it("runs the same tests as CI (.ci/run) and fails on a stale dist/", () => {
    const ciTest = read("ci.yml").jobs.test!.steps.map((s) => s.run).filter(Boolean);
    expect(ciTest).toEqual(["bash .ci/run"]);
    const runs = jobs.test!.steps.map((s) => s.run ?? "");
    expect(runs).toContain("bash .ci/run");
    expect(runs.findIndex((r) => r.includes("git status --porcelain -- dist"))).toBeGreaterThan(runs.indexOf("bash .ci/run"));
  });

  it("attaches the npm pack tarball to the tag's GitHub release", () => {
    expect(step("release", "pack").run).toMatch(/npm pack --json/);
    const upload = jobs.release!.steps.find((s) => s.run?.includes("gh release create"));
    expect(upload?.env?.FILE).toBe("${{ steps.pack.outputs.file }}");
    expect(upload?.run).toMatch(/gh release create "\$GITHUB_REF_NAME" "\$FILE"/);
    expect(upload?.run).toMatch(/gh release upload "\$GITHUB_REF_NAME" "\$FILE" --clobber/);
  });

  it("moves the major tag computed from the version, and only for a release", () => {
    const move = jobs.release!.steps.find((s) => s.run?.includes("git push"));
    expect(move?.if).toBe("steps.version.outputs.major != ''");
    expect(move?.env?.MAJOR).toBe("${{ steps.version.outputs.major }}");
    expect(move?.run).toContain('git tag --force "$MAJOR" HEAD');
    expect(move?.run).toContain('git push --force origin "refs/tags/$MAJOR"');
  });

  it("publishes with provenance only when the NPM_TOKEN secret is configured", () => {
    const publish = jobs.publish!.steps.find((s) => s.run?.includes("npm publish"));
    expect(publish?.run).toMatch(/^npm publish --provenance --access public --tag "\$NPM_TAG"$/);
    expect(publish?.env?.NODE_AUTH_TOKEN).toBe("${{ secrets.NPM_TOKEN }}");
    // Every step of the job, checkout and setup-node included, waits on the token check.
    for (const s of jobs.publish!.steps.slice(1)) expect(s.if, s.name ?? s.uses).toBe("steps.token.outputs.configured == 'true'");
    expect(step("publish", "token").env?.NPM_TOKEN).toBe("${{ secrets.NPM_TOKEN }}");
    expect(jobs.publish!.steps.find((s) => s.uses?.startsWith("actions/setup-node@"))?.with?.["registry-url"]).toBe("https://registry.npmjs.org");
    // The token reaches no other job.
    const elsewhere = JSON.stringify([jobs.test, jobs.release]);
    expect(elsewhere).not.toContain("NPM_TOKEN");
  });
});

describe("release.yml: the version step, run with bash", () => {
  const versionStep = step("release", "version");

  function version(tag: string, declared: string) {
    const dir = testTempDir("sps-release-");
    writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "x", version: declared }));
    return runStep(versionStep, dir, { GITHUB_REF_NAME: tag });
  }

  it.each([
    ["v1.2.3", "1.2.3", "v1"],
    ["v0.1.0", "0.1.0", "v0"],
    ["v12.0.10", "12.0.10", "v12"],
  ])("%s releases %s and moves %s", (tag, declared, major) => {
    const r = version(tag, declared);
    expect(r.code, r.stdout).toBe(0);
    expect(r.outputs).toEqual({ version: declared, major, "npm-tag": "latest", prerelease: "false" });
  });

  it("a prerelease moves no major tag and goes to npm's next", () => {
    const r = version("v2.0.0-rc.1", "2.0.0-rc.1");
    expect(r.code, r.stdout).toBe(0);
    expect(r.outputs).toEqual({ version: "2.0.0-rc.1", major: "", "npm-tag": "next", prerelease: "true" });
  });

  it.each([
    ["v1.2", "1.2.0", /not a version tag/],
    ["v1", "1.0.0", /not a version tag/],
    ["1.2.3", "1.2.3", /not a version tag/],
    ["v1.2.3", "1.2.4", /does not match package.json's version 1\.2\.4/],
  ])("%s with package.json at %s fails", (tag, declared, message) => {
    const r = version(tag, declared);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(message);
    expect(r.outputs).toEqual({});
  });
});

describe("release.yml: the token check, run with bash", () => {
  it("says configured only when the secret is set", () => {
    const dir = testTempDir("sps-release-");
    expect(runStep(step("publish", "token"), dir, { NPM_TOKEN: "npm_abc" }).outputs).toEqual({ configured: "true" });
    const without = runStep(step("publish", "token"), dir, { NPM_TOKEN: "" });
    expect(without.code).toBe(0);
    expect(without.outputs).toEqual({ configured: "false" });
    expect(without.stdout).toMatch(/^::notice::no NPM_TOKEN secret: not publishing to npm/);
  });
});
