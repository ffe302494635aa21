import { afterEach, describe, expect, it } from "vitest";
import { createGitRepo, type GitRepo } from "../helpers/gitrepo.js";
import { gitReader, gitTopLevel, lsFiles, resolveCommit } from "../../src/git.js";
import { isSpecError } from "../../src/model/diagnostic.js";

let repo: GitRepo;
afterEach(() => repo?.cleanup());

describe("gitReader", () => {
  it("reads files of a ref without checking it out", async () => {
    repo = createGitRepo({ files: { "a.txt": "one\n", "dir/b.txt": "bee\n" } });
    const first = repo.git("rev-parse", "HEAD");
    repo.write({ "a.txt": "two\n" });
    repo.commit("second");
    const reader = await gitReader(repo.dir, first);
    try {
      expect((await reader.read("a.txt"))?.toString()).toBe("one\n");
      expect((await reader.read("dir/b.txt"))?.toString()).toBe("bee\n");
      expect(await reader.read("missing.txt")).toBeUndefined();
      expect(await reader.listFiles()).toEqual(["a.txt", "dir/b.txt"]);
      expect(repo.read("a.txt")).toBe("two\n");
    } finally {
      reader.close();
    }
  });

  it("reads many blobs through one batch, in order", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 200; i++) files[`f/${i}.txt`] = `content ${i}\n`.repeat(i + 1);
    repo = createGitRepo({ files });
    const reader = await gitReader(repo.dir, "HEAD");
    try {
      const texts = await Promise.all(Object.keys(files).map((f) => reader.read(f)));
      expect(texts.map((t) => t?.toString())).toEqual(Object.values(files));
    } finally {
      reader.close();
    }
  });

  it("follows symlinks inside the tree and refuses ones that leave it", async () => {
    repo = createGitRepo();
    repo.write({ "specs/real.yaml": "x: 1\n" });
    repo.symlink("link.yaml", "specs/real.yaml");
    repo.symlink("dirlink", "specs");
    repo.symlink("escape.yaml", "../../etc/passwd");
    repo.symlink("abs.yaml", "/etc/passwd");
    repo.commit("links");
    const reader = await gitReader(repo.dir, "HEAD");
    try {
      expect((await reader.read("link.yaml"))?.toString()).toBe("x: 1\n");
      expect((await reader.read("dirlink/real.yaml"))?.toString()).toBe("x: 1\n");
      for (const bad of ["escape.yaml", "abs.yaml"]) {
        const err = await reader.read(bad).then(() => undefined, (e: unknown) => e);
        expect(isSpecError(err)).toBe(true);
        expect((err as Error).message).toMatch(/outside the repository/);
      }
      await expect(reader.read("../outside")).rejects.toThrow(/leaves the repository/);
    } finally {
      reader.close();
    }
  });

  it("names an unknown ref", async () => {
    repo = createGitRepo({ files: { "a.txt": "a" } });
    await expect(resolveCommit(repo.dir, "no-such-branch")).rejects.toThrow(/unknown git ref "no-such-branch"/);
  });
});

describe("work tree listing", () => {
  it("lists tracked and untracked files but not ignored ones", async () => {
    repo = createGitRepo({ files: { ".gitignore": "ignored/\n", "tracked.yaml": "a" } });
    repo.write({ "untracked.yaml": "b", "ignored/x.yaml": "c" });
    expect(await lsFiles(repo.dir)).toEqual([".gitignore", "tracked.yaml", "untracked.yaml"]);
    expect(await gitTopLevel(repo.path("."))).toBeDefined();
  });
});

describe("gitReader in a plain Node process", () => {
  it("keeps the process alive while a read is pending and lets it exit when idle", async () => {
    const { build } = await import("esbuild");
    const { execFileSync } = await import("node:child_process");
    const { mkdtempSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const path = await import("node:path");
    repo = createGitRepo({ files: { "a.txt": "from git\n" } });
    const out = mkdtempSync(path.join(tmpdir(), "sps-bundle-"));
    try {
      const file = path.join(out, "read.mjs");
      await build({
        stdin: {
          contents: `import { gitReader } from "./src/git.ts";
const r = await gitReader(process.argv[2], "HEAD");
await new Promise((res) => setTimeout(res, 20));
process.stdout.write(String(await r.read("a.txt")));
process.stdout.write(String(await r.read("nope.txt")));`,
          resolveDir: process.cwd(),
          loader: "ts",
        },
        outfile: file,
        bundle: true,
        platform: "node",
        format: "esm",
        logLevel: "error",
      });
      // No close(): the idle cat-file process must not keep Node running (the 10 s timeout would fail the test).
      expect(execFileSync(process.execPath, [file, repo.dir], { encoding: "utf8", timeout: 10_000 })).toBe("from git\nundefined");
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
