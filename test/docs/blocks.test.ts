/**
 * The docs' shell blocks are either run here or say why not. A block marked
 * `<!-- docs-test: run -->` runs with `serviceprofile-sync` meaning the built
 * CLI, in the repository's root, and when the next block is marked
 * `<!-- docs-test: output -->` its stdout must read exactly so. Every other
 * sh/bash/console block must be marked `<!-- docs-test: not run (why) -->`.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_BUNDLE, REPO_ROOT } from "../helpers/runtimes.js";
import { codeBlocks, docPages } from "./markdown.js";

const SHELL = /^(sh|bash|shell|console)\b/;

interface Runnable {
  page: string;
  line: number;
  script: string;
  expected: string | undefined;
}

function collect(): { runnable: Runnable[]; unmarked: string[] } {
  const runnable: Runnable[] = [];
  const unmarked: string[] = [];
  for (const page of docPages(REPO_ROOT)) {
    const blocks = codeBlocks(readFileSync(path.join(REPO_ROOT, page), "utf8"));
    blocks.forEach((block, i) => {
      const marker = block.marker ?? "";
      if (marker === "docs-test: run") {
        const next = blocks[i + 1];
        runnable.push({ page, line: block.line, script: block.body, expected: next?.marker === "docs-test: output" ? `${next.body}\n` : undefined });
      } else if (SHELL.test(block.info) && !/^docs-test: not run \(.+\)$/.test(marker)) {
        unmarked.push(`${page}:${block.line}`);
      }
    });
  }
  return { runnable, unmarked };
}

const { runnable, unmarked } = collect();
let dir: string;
let bin: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "sps-docs-blocks-"));
  bin = path.join(dir, "bin");
  mkdirSync(bin);
  // `serviceprofile-sync` on PATH is the CLI built from this tree.
  writeFileSync(path.join(bin, "serviceprofile-sync"), `#!/bin/sh\nexec "${process.execPath}" "${CLI_BUNDLE}" "$@"\n`, { mode: 0o755 });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("docs code blocks", () => {
  it("mark every shell block as run or not run", () => {
    expect(unmarked).toEqual([]);
  });

  it("run at least the README's examples", () => {
    expect(runnable.filter((r) => r.page === "README.md").length).toBeGreaterThanOrEqual(3);
  });

  for (const block of runnable) {
    it(`${block.page}:${block.line} runs${block.expected === undefined ? "" : " and prints what the page shows"}`, () => {
      const stdout = execFileSync("bash", ["-eo", "pipefail", "-c", block.script], {
        cwd: REPO_ROOT,
        encoding: "utf8",
        env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}` },
      });
      if (block.expected !== undefined) expect(stdout).toBe(block.expected);
    });
  }
});
