/**
 * The command the action's messages tell a developer to run: the action's
 * own release through npx from GitHub when the runner names it (the package
 * is not on the npm registry), else the project's installed CLI.
 */
import { describe, expect, it } from "vitest";
import { cliCommand } from "../../src/action/cli-command.js";
import { createEngine } from "../../src/action/engine-adapter.js";
import { readContext } from "../../src/github/context.js";
import { createGitRepo } from "../helpers/gitrepo.js";

const BASE = { GITHUB_EVENT_NAME: "push", GITHUB_REPOSITORY: "acme/shop", GITHUB_WORKSPACE: "/w" };

describe("cliCommand", () => {
  it("runs the action's own release from GitHub: a tag, a branch, a commit", () => {
    expect(cliCommand({ action: { repository: "your-org/serviceprofile-sync", ref: "v0" } })).toBe("npx github:your-org/serviceprofile-sync#v0");
    expect(cliCommand({ action: { repository: "acme/serviceprofile-sync", ref: "release/1.x" } })).toBe("npx github:acme/serviceprofile-sync#release/1.x");
    const sha = "0123456789abcdef0123456789abcdef01234567";
    expect(cliCommand({ action: { repository: "acme/sps", ref: sha } })).toBe(`npx github:acme/sps#${sha}`);
  });

  it("names the installed CLI for a local action, or anything a shell or Markdown would read differently", () => {
    expect(cliCommand({ action: undefined })).toBe("npx serviceprofile-sync");
    expect(cliCommand({})).toBe("npx serviceprofile-sync");
    expect(cliCommand({ action: { repository: "acme/sps", ref: "v1`; rm -rf ~`" } })).toBe("npx serviceprofile-sync");
    expect(cliCommand({ action: { repository: "acme", ref: "v1" } })).toBe("npx serviceprofile-sync");
    expect(cliCommand({ action: { repository: "acme/sps", ref: "-v1" } })).toBe("npx serviceprofile-sync");
  });
});

describe("the runner's GITHUB_ACTION_REPOSITORY and GITHUB_ACTION_REF", () => {
  it("are read into the context, both or neither", () => {
    const ctx = readContext({ ...BASE, GITHUB_ACTION_REPOSITORY: "your-org/serviceprofile-sync", GITHUB_ACTION_REF: "v0" }, () => "{}");
    expect(ctx.action).toEqual({ repository: "your-org/serviceprofile-sync", ref: "v0" });
    expect(readContext({ ...BASE, GITHUB_ACTION_REPOSITORY: "", GITHUB_ACTION_REF: "" }, () => "{}").action).toBeUndefined();
    expect(readContext({ ...BASE, GITHUB_ACTION_REPOSITORY: "your-org/serviceprofile-sync" }, () => "{}").action).toBeUndefined();
  });
});

describe("the missing-config message", () => {
  it("tells the user to run init with the command it is given", async () => {
    const repo = createGitRepo({ files: { "README.md": "no config here\n" } });
    try {
      const analyze = (cli?: string) => createEngine().analyze({ repoDir: repo.dir, workDir: repo.dir, config: undefined, base: undefined, baseLabel: "main", headLabel: "main", ...(cli ? { cli } : {}) });
      await expect(analyze("npx github:your-org/serviceprofile-sync#v0")).rejects.toThrow('run "npx github:your-org/serviceprofile-sync#v0 init" to write one');
      await expect(analyze()).rejects.toThrow('run "npx serviceprofile-sync init" to write one');
    } finally {
      repo.cleanup();
    }
  });
});
