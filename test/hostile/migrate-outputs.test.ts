/**
 * Hostile input to migrate's outputs: a report path through a regular file,
 * a stream of thousands of other kinds, and two large copies of a profile
 * that differ everywhere. Every failure leaves stdout empty, and no message
 * grows with the input.
 */
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { runCliInProcess } from "../helpers/cli.js";
import { testTempDir } from "../helpers/tempdir.js";
import { BOUND_MS } from "./helpers.js";

function profile(routes: number, timeout: string): string {
  const head = "apiVersion: linkerd.io/v1alpha2\nkind: ServiceProfile\nmetadata: {name: web.shop.svc.cluster.local, namespace: shop}\nspec:\n  routes:\n";
  return head + Array.from({ length: routes }, (_, i) => `  - {name: r${i}, condition: {method: GET, pathRegex: /r${i}}, timeout: ${timeout}}\n`).join("");
}

describe("migrate outputs under hostile input", () => {
  it("a report path through a regular file: a clear error, stdout empty", async () => {
    const dir = testTempDir("migrate-hostile-");
    writeFileSync(path.join(dir, "p.yaml"), profile(3, "1s"));
    writeFileSync(path.join(dir, "file"), "x");
    const run = await runCliInProcess(["migrate", "p.yaml", "--report", "file/r.json"], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/the report file\/r\.json cannot be written: file is not a directory/);
    expect(run.stderr).not.toMatch(/ENOTDIR|\n\s+at /);
  }, BOUND_MS);

  it("10,000 other documents around one profile: one bounded warning line", async () => {
    const dir = testTempDir("migrate-hostile-");
    const others = Array.from({ length: 10_000 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c${i}}\n`);
    writeFileSync(path.join(dir, "all.yaml"), [...others, profile(2, "1s")].join("---\n"));
    const run = await runCliInProcess(["migrate", "all.yaml", "--report", "r.json"], dir);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stderr.split("\n").filter((l) => /skipped/.test(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]!).toMatch(/skipped 10000 document\(s\) that are not ServiceProfiles: ConfigMap at line 1, ConfigMap at line 5,.*, \.\.\.$/);
    expect(lines[0]!.length).toBeLessThan(300);
  }, BOUND_MS);

  it("two 5,000-route copies of one profile that differ in every route: the error lists ten fields and counts the rest", async () => {
    const dir = testTempDir("migrate-hostile-");
    writeFileSync(path.join(dir, "a.yaml"), profile(5_000, "1s"));
    writeFileSync(path.join(dir, "b.yaml"), profile(5_000, "2s"));
    const run = await runCliInProcess(["migrate", "a.yaml", "b.yaml"], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/a\.yaml and b\.yaml both hold ServiceProfile shop\/web\.shop\.svc\.cluster\.local, and they differ at \/spec\/routes\/0\/timeout, .* and 4990 more;/);
    expect(run.stderr.length).toBeLessThan(2_000);
  }, BOUND_MS);
});
