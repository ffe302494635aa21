import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fsReader } from "../../src/files/reader.js";
import { SpecError } from "../../src/model/diagnostic.js";

describe("fsReader", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "sps-fs-reader-"));
    mkdirSync(path.join(dir, "root", "specs"), { recursive: true });
    writeFileSync(path.join(dir, "root", "specs", "a.proto"), "service S {}\n");
    writeFileSync(path.join(dir, "secret.proto"), "service T {}\n");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("reads a file and says undefined for a missing one", async () => {
    const reader = fsReader(path.join(dir, "root"));
    expect((await reader.read("specs/a.proto"))?.toString()).toBe("service S {}\n");
    expect(await reader.read("specs/nope.proto")).toBeUndefined();
  });

  it("a directory is a clear error naming it", async () => {
    const err = await fsReader(path.join(dir, "root"))
      .read("specs")
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(SpecError);
    expect((err as SpecError).diagnostic).toMatchObject({ file: "specs", message: '"specs" is a directory, not a file' });
  });

  it("refuses a named pipe instead of waiting for a writer", async () => {
    execFileSync("mkfifo", [path.join(dir, "root", "specs", "pipe.proto")]);
    const err = await fsReader(path.join(dir, "root"))
      .read("specs/pipe.proto")
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(SpecError);
    expect((err as SpecError).diagnostic).toMatchObject({ file: "specs/pipe.proto", message: '"specs/pipe.proto" is not a regular file (a pipe, socket or device)' });
  });

  it("reads a file of a mebibyte or more the same way as a small one", async () => {
    const big = "a".repeat(1 << 20);
    writeFileSync(path.join(dir, "root", "specs", "big.json"), big);
    expect((await fsReader(path.join(dir, "root")).read("specs/big.json"))?.toString()).toBe(big);
  });

  it("refuses a symlink out of the root", async () => {
    symlinkSync(path.join(dir, "secret.proto"), path.join(dir, "root", "specs", "link.proto"));
    await expect(fsReader(path.join(dir, "root")).read("specs/link.proto")).rejects.toThrow(/outside the repository/);
  });
});
