/** File-system errors reach the user as sentences: what, where (relative to the repository), what to do. */
import { PassThrough, Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { reportError } from "../../src/cli/command.js";
import { BOUND_MS, cli, config, spec, tempRepo } from "./helpers.js";

const RAW = /\bE[A-Z]{3,}\b|realpath '|mkdir '|\/tmp\//;

describe("the output path is in the way", () => {
  const cases: [string, string, Record<string, string>, RegExp][] = [
    ["the output is a regular file", "deploy", { deploy: "x" }, /error: deploy: "deploy" is a file, not a directory, so the output directory deploy cannot be used/],
    ["a directory above the output is a file", "deploy/profiles", { deploy: "x" }, /error: deploy: "deploy" is a file, not a directory, so the output directory deploy\/profiles cannot be created/],
    ["a namespace directory inside it is a file", "deploy", { "deploy/booksapp": "x" }, /error: deploy\/booksapp: "deploy\/booksapp" is a file, not a directory, so the directory for deploy\/booksapp\/books\.yaml cannot be used/],
  ];
  for (const [name, output, files, message] of cases) {
    it(`${name}: sync says so and writes nothing`, async () => {
      const repo = tempRepo({ files: { "serviceprofile-sync.yaml": config(output), "api/books.yaml": spec(), ...files } });
      const r = await cli(repo, "sync");
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toContain("hint: move or delete");
      expect(r.stderr).not.toMatch(RAW);
      expect(repo.git("status", "--porcelain")).toBe("");
    }, BOUND_MS);
  }

  it("check and sync --dry-run say the same when the output is a file", async () => {
    const repo = tempRepo({ files: { "serviceprofile-sync.yaml": config("deploy/profiles"), "api/books.yaml": spec(), deploy: "x" } });
    for (const args of [["check"], ["sync", "--dry-run"]]) {
      const r = await cli(repo, ...args);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/"deploy" is a file, not a directory/);
      expect(r.stderr).not.toMatch(RAW);
    }
  }, BOUND_MS);
});

describe("the last stop: any system error is worded", () => {
  function report(err: unknown, cwd: string): string {
    const stderr = new PassThrough();
    const out: Buffer[] = [];
    stderr.on("data", (c: Buffer) => out.push(c));
    reportError({ stdout: new PassThrough(), stderr, stdin: Readable.from([]), cwd, env: {} }, err);
    return Buffer.concat(out).toString("utf8");
  }
  const sys = (code: string, syscall: string, p: string, dest?: string) => Object.assign(new Error(`${code}: raw, ${syscall} '${p}'`), { code, syscall, path: p, ...(dest ? { dest } : {}) });

  it.each([
    ["EACCES", "open", /could not open "api\/books\.yaml": permission denied on "api\/books\.yaml"\n {2}hint: check the file's owner and mode/],
    ["ENOSPC", "write", /could not write "api\/books\.yaml": no space left for "api\/books\.yaml"/],
    ["ELOOP", "realpath", /could not resolve "api\/books\.yaml": "api\/books\.yaml" is a symbolic link loop/],
    ["EROFS", "mkdir", /could not create the directory "api\/books\.yaml": "api\/books\.yaml" is on a read-only file system/],
    ["EWHATEVER", "open", /the file system refused the operation on "api\/books\.yaml" \(EWHATEVER\)/],
  ])("%s", (code, syscall, expected) => {
    const text = report(sys(code, syscall, "/repo/api/books.yaml"), "/repo");
    expect(text).toMatch(expected);
    expect(text).not.toContain("/repo/");
  }, BOUND_MS);

  it("a rename names both paths", () => {
    expect(report(sys("ENOENT", "rename", "/repo/a/.x.bak", "/repo/a/x"), "/repo")).toMatch(/could not rename "a\/\.x\.bak" to "a\/x": "a\/\.x\.bak" does not exist/);
  }, BOUND_MS);
});
