/** The temp-dir check itself: what a run leaves is named, and the run directory goes either way. */
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { closeRunDir, leakReport, openRunDir } from "../helpers/tmpdir-guard.js";
import { BOUND_MS } from "./helpers.js";

describe("temp dir check", () => {
  it("this run has a temp dir of its own", () => {
    expect(path.basename(tmpdir())).toMatch(/^sps-test-run-/);
  }, BOUND_MS);

  it("names every entry left behind and removes the run dir", () => {
    const dir = openRunDir();
    mkdtempSync(path.join(dir, "sps-cli-"));
    writeFileSync(path.join(dir, "sps-repo-x-event.json"), "{}");
    const left = closeRunDir(dir);
    expect(existsSync(dir)).toBe(false);
    expect(left).toHaveLength(2);
    expect(left[1]).toBe("sps-repo-x-event.json");
    const report = leakReport(left);
    expect(report).toMatch(/^FAIL temp dir check: tests left 2 entries in the temp dir \(removed now\):\n {2}sps-cli-\w{6}\n {2}sps-repo-x-event\.json\n/);
  }, BOUND_MS);

  it("a clean run leaves nothing to report", () => {
    expect(closeRunDir(openRunDir())).toEqual([]);
  }, BOUND_MS);
});
