/**
 * Hostile regexes: catastrophic patterns run in linear time (checked in a
 * child process with a hard timeout, since a hang would block this one),
 * regexes the proxy's engine rejects are reported by route, and a
 * 10,000-route profile replays in bounded time.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { onTestFinished, describe, expect, it } from "vitest";
import type { ServiceProfile } from "../../src/model/serviceprofile.js";
import type { TapRequestEvent } from "../../src/sources/tap/event.js";
import { verifyRecording } from "../../src/tap/verify.js";
import { BOUND_MS } from "./helpers.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

function profile(routes: ServiceProfile["spec"]["routes"]): ServiceProfile {
  return { apiVersion: "linkerd.io/v1alpha2", kind: "ServiceProfile", metadata: { name: "web.default.svc.cluster.local", namespace: "default" }, spec: { routes } };
}

function request(seq: number, method: string, p: string): TapRequestEvent {
  return { kind: "request", id: `0:${seq}`, seq, direction: "inbound", src: "10.0.0.1:1", dst: "10.0.0.2:80", method, authority: "web.default.svc.cluster.local", path: p };
}

/** Bundles a small entry that replays a request with the given path, and runs it with a hard timeout. */
async function replayInChild(regexes: string[], pathExpr: string): Promise<{ status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), "sps-regex-"));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const entry = path.join(dir, "entry.ts");
  writeFileSync(
    entry,
    `import { verifyRecording } from ${JSON.stringify(path.join(root, "src/tap/verify.ts"))};\n` +
      `const routes = ${JSON.stringify(regexes)}.map((r, i) => ({ name: "r" + i, condition: { method: "GET", pathRegex: r } }));\n` +
      `const profile = { apiVersion: "linkerd.io/v1alpha2", kind: "ServiceProfile", metadata: { name: "web.default.svc.cluster.local", namespace: "default" }, spec: { routes } };\n` +
      `const p = ${pathExpr};\n` +
      `const ev = { kind: "request", id: "0:1", seq: 1, direction: "inbound", src: "a", dst: "b", method: "GET", authority: "web", path: p };\n` +
      `const r = verifyRecording(profile, [ev]);\n` +
      `process.stdout.write(JSON.stringify({ matched: r.totals.matched, length: p.length }));\n`,
  );
  const esbuild = await import("esbuild");
  const out = path.join(dir, "entry.mjs");
  await esbuild.build({ entryPoints: [entry], bundle: true, platform: "node", format: "esm", outfile: out, logLevel: "silent" });
  const r = spawnSync(process.execPath, [out], { encoding: "utf8", timeout: BOUND_MS, killSignal: "SIGKILL" });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

describe("catastrophic regexes finish (linear-time engine)", () => {
  it("/(a+)+b, (a|a)*c, (a*)*$ and (.*a){12} against a 100 KB path", async () => {
    const r = await replayInChild(["/(a+)+b", "/(a|a)*c", "/(a*)*x$", "/(.*a){12}z"], `"/" + "a".repeat(100_000)`);
    expect(r.signal, r.stderr).toBeNull();
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ matched: 0, length: 100_001 });
  }, BOUND_MS * 2);
});

describe("regexes the proxy's engine rejects", () => {
  it("are dropped as the proxy drops them and reported with the route's name", () => {
    const report = verifyRecording(
      profile([
        { name: "lookahead", condition: { pathRegex: "/a(?=b)" } },
        { name: "backref-with-method", condition: { all: [{ method: "POST" }, { pathRegex: "/(x)\\1" }] } },
        { name: "braces", condition: { pathRegex: "/books/{id}" } },
      ]),
      [request(1, "POST", "/anything"), request(2, "GET", "/books/{id}")],
    );
    const byName = new Map(report.routes.map((r) => [r.name, r]));
    expect(byName.get("lookahead")).toMatchObject({ dropped: true, hits: 0 });
    expect(byName.get("lookahead")!.problems[0]).toMatch(/^pathRegex "\/a\(\?=b\)" does not compile in the proxy \(look-around/);
    // Inside `all`, the method still applies: every POST matches.
    expect(byName.get("backref-with-method")).toMatchObject({ dropped: false, hits: 1 });
    expect(byName.get("backref-with-method")!.problems[0]).toMatch(/backreferences/);
    // RE2 would read `{id}` literally; the proxy refuses it.
    expect(byName.get("braces")).toMatchObject({ dropped: true, hits: 0 });
    expect(report.totals.unmatched).toBe(1);
  });
});

describe("a 10,000-route profile", () => {
  it("replays 20,000 requests", () => {
    const routes = Array.from({ length: 10_000 }, (_, i) => ({ name: `GET /r${i}/{id}`, condition: { method: "GET", pathRegex: `/r${i}/[^/]*` } }));
    const events = Array.from({ length: 20_000 }, (_, i) => request(i + 1, "GET", `/r${(i * 7919) % 12_000}/${i}`));
    const report = verifyRecording(profile(routes), events);
    // r10000..r11999 are not routes: 2,000 of every 12,000 residues.
    expect(report.totals.requests).toBe(20_000);
    expect(report.totals.unmatched).toBe(events.filter((e) => Number(e.path.split("/")[1]!.slice(1)) >= 10_000).length);
  }, BOUND_MS * 3);
});
