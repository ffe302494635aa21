/** Concurrent runs: one sync at a time per repository, a bounded wait, and no lock outlives its process. */
import { spawn } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { describe, expect, it } from "vitest";
import { acquireSyncLock, lockPath } from "../../src/repo/lock.js";
import { BOUND_MS, cli, spec, tempRepo } from "./helpers.js";

function services(names: string[]): string {
  return `output: deploy\nservices:\n${names.map((n) => `  - {name: ${n}, namespace: shop, openapi: api/${n}.yaml}\n`).join("")}`;
}

/** The pid of a process that has exited (killed), for a stale lock. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
  await new Promise((resolve) => child.once("spawn", resolve));
  const pid = child.pid!;
  child.kill("SIGKILL");
  await new Promise((resolve) => child.once("exit", resolve));
  return pid;
}

describe("sync: concurrent runs", () => {
  it("four syncs at once while services are being deleted: all succeed, the end state is right", async () => {
    const names = Array.from({ length: 30 }, (_, i) => `svc${i}`);
    const files: Record<string, string> = { "serviceprofile-sync.yaml": services(names) };
    for (const n of names) files[`api/${n}.yaml`] = spec(`/${n}`);
    const repo = tempRepo({ files });
    expect((await cli(repo, "sync")).code).toBe(0);
    repo.write({ "serviceprofile-sync.yaml": services(names.slice(0, 5)) });
    const runs = await Promise.all([1, 2, 3, 4].map(() => cli(repo, "sync")));
    for (const r of runs) {
      expect(r.stderr).not.toMatch(/ENOENT|\.bak/);
      expect(r.code, r.stderr).toBe(0);
    }
    // Exactly one of them did the deleting; the others found nothing to do.
    expect(runs.filter((r) => r.stdout.includes("25 deleted")).length).toBe(1);
    expect(repo.exists("deploy/shop/svc4.yaml")).toBe(true);
    expect(repo.exists("deploy/shop/svc5.yaml")).toBe(false);
    expect(existsSync(await lockPath(repo.dir))).toBe(false);
  }, BOUND_MS * 2);

  it("a live lock: a second sync fails after its bounded wait with the holder's pid", async () => {
    const repo = tempRepo({ files: { "serviceprofile-sync.yaml": services(["a"]), "api/a.yaml": spec() } });
    const lock = await acquireSyncLock(repo.dir);
    try {
      const r = await cli(repo, "sync", "--lock-wait", "0");
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`^error: another sync is running \\(pid ${process.pid}, since [^)]+\\); waited 0s for it\\n {2}hint: wait for it to finish; if that process is gone, delete \\.git/serviceprofile-sync\\.lock\\n$`));
      expect(repo.exists("deploy")).toBe(false);
    } finally {
      await lock.release();
    }
    expect((await cli(repo, "sync")).code).toBe(0);
  }, BOUND_MS);

  it("a killed process's lock does not outlive it: the next sync takes it over", async () => {
    const repo = tempRepo({ files: { "serviceprofile-sync.yaml": services(["a"]), "api/a.yaml": spec() } });
    const file = await lockPath(repo.dir);
    writeFileSync(file, JSON.stringify({ pid: await deadPid(), host: hostname(), started: "2024-01-01T00:00:00.000Z" }));
    const r = await cli(repo, "sync", "--lock-wait", "0");
    expect(r.code, r.stderr).toBe(0);
    expect(repo.exists("deploy/shop/a.yaml")).toBe(true);
    expect(existsSync(file)).toBe(false);
  }, BOUND_MS);

  it("the wait is bounded: polls stop at the limit (no clock involved)", async () => {
    const repo = tempRepo({ noGit: true });
    const held = await acquireSyncLock(repo.dir);
    let polls = 0;
    try {
      await expect(acquireSyncLock(repo.dir, { waitMs: 1000, sleep: async () => void polls++ })).rejects.toThrow(/another sync is running \(pid \d+/);
      expect(polls).toBe(10);
    } finally {
      await held.release();
    }
    expect(existsSync(held.path)).toBe(false);
  }, BOUND_MS);

  it("a lock that names no owner is reported, not taken over", async () => {
    const repo = tempRepo({ files: { "serviceprofile-sync.yaml": services(["a"]), "api/a.yaml": spec() } });
    writeFileSync(await lockPath(repo.dir), "garbage");
    const r = await cli(repo, "sync", "--lock-wait", "0");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the sync lock \.git\/serviceprofile-sync\.lock exists but does not name its owner\n {2}hint: if no sync is running, delete/);
  }, BOUND_MS);

  it("--lock-wait must be a number", async () => {
    const repo = tempRepo({ files: { "serviceprofile-sync.yaml": services(["a"]), "api/a.yaml": spec() } });
    const r = await cli(repo, "sync", "--lock-wait", "soon");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--lock-wait must be a number of seconds, not "soon"');
  }, BOUND_MS);
});
