/**
 * The committed bundle, not the sources, is what users and GitHub run: run it
 * as a child process under Node 20 and Node 24 and compare with the sources.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync, existsSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { CLI_BUNDLE, REPO_ROOT, runtimes } from "../helpers/runtimes.js";
import { runCliInProcess } from "../helpers/cli.js";
import { testTempDir } from "../helpers/tempdir.js";

function run(node: string, args: string[], options: { cwd?: string; input?: string } = {}) {
  const result = spawnSync(node, [CLI_BUNDLE, ...args], { cwd: options.cwd ?? REPO_ROOT, input: options.input, encoding: "utf8", maxBuffer: 512 * 1024 * 1024 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("dist/cli.js", () => {
  it("exists (npm run bundle)", () => {
    expect(existsSync(CLI_BUNDLE)).toBe(true);
  });

  for (const { name, node } of runtimes()) {
    describe(`under ${name}`, () => {
      it("prints its version and help", () => {
        const version = run(node, ["--version"]);
        expect(version.code).toBe(0);
        expect(version.stdout).toMatch(/^\d+\.\d+\.\d+/);
        const help = run(node, ["profile", "--help"]);
        expect(help.code).toBe(0);
        expect(help.stdout).toContain("--open-api FILE");
      });

      it("generates the example's OpenAPI profile exactly as the sources do", async () => {
        const args = ["profile", "-n", "shop", "--open-api", "examples/shop/api/catalog.yaml", "catalog"];
        const bundled = run(node, args);
        const fromSource = await runCliInProcess(args, REPO_ROOT);
        // The same notices as the sources give (the servers base path notice, for this spec).
        expect(bundled.stderr).toBe(fromSource.stderr);
        expect(bundled.stderr).toMatch(/^notice: route names include the base path "\/api\/v1"/);
        expect(bundled.code).toBe(0);
        expect(bundled.stdout).toBe(fromSource.stdout);
        expect(bundled.stdout).toContain("name: GET /api/v1/products/{sku}/reviews.json");
      });

      it("generates the example's proto profile and reads stdin for '-'", () => {
        const fromFile = run(node, ["profile", "-n", "shop", "--proto", "examples/shop/proto/orders.proto", "orders"]);
        expect(fromFile.code).toBe(0);
        expect(fromFile.stdout).toContain("pathRegex: /shop\\.orders\\.v1\\.OrderService/PlaceOrder");
        const fromStdin = run(node, ["profile", "-n", "shop", "--proto", "-", "orders", "--no-header"], {
          input: spawnSync("cat", [path.join(REPO_ROOT, "examples/shop/proto/orders.proto")], { encoding: "utf8" }).stdout,
        });
        expect(fromStdin.code).toBe(0);
        expect(fromStdin.stdout).toBe(fromFile.stdout.split("\n").slice(1).join("\n"));
      });

      it("exits 2 on usage errors and 1 on bad input, with the place on stderr", () => {
        const usage = run(node, ["profile", "svc"]);
        expect(usage.code).toBe(2);
        expect(usage.stderr).toContain("You must specify exactly one of --template, --open-api, --proto, or --tap");
        const dir = testTempDir("sps-bad-");
        writeFileSync(path.join(dir, "bad.yaml"), "openapi: 3.0.0\npaths:\n  /x: [\n");
        const bad = run(node, ["profile", "--open-api", "bad.yaml", "svc"], { cwd: dir });
        expect(bad.code).toBe(1);
        expect(bad.stderr).toMatch(/bad\.yaml:\d+:\d+: invalid YAML/);
        expect(bad.stdout).toBe("");
      });

      it("writes a large profile through a pipe without truncating it", () => {
        // A process that exits right after a big write to a pipe loses the tail.
        const dir = testTempDir("sps-big-");
        const paths: Record<string, unknown> = {};
        for (let i = 0; i < 6000; i++) paths[`/resources/r${i}/{id}/items`] = { get: { responses: { 200: { description: "ok" }, 503: { description: "busy" } } } };
        writeFileSync(path.join(dir, "big.json"), JSON.stringify({ openapi: "3.0.0", info: { title: "big", version: "1" }, paths }));
        const out = run(node, ["profile", "--open-api", "big.json", "big"], { cwd: dir });
        expect(out.code).toBe(0);
        expect(out.stdout.length).toBeGreaterThan(1_000_000);
        const doc = parse(out.stdout) as { spec: { routes: unknown[] } };
        expect(doc.spec.routes).toHaveLength(6000);
      });
    });
  }
});
