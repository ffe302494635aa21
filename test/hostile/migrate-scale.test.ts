/**
 * `migrate` stays linear in the route count: 10,000 routes (issue 21, item 8)
 * finish under the generous bound the issue gives. The precedence check used
 * to ask every route about every probe request (quadratic).
 */
import { describe, expect, it } from "vitest";
import { runCliInProcess } from "../helpers/cli.js";
import { testTempDir } from "../helpers/tempdir.js";

const head = "apiVersion: linkerd.io/v1alpha2\nkind: ServiceProfile\nmetadata: {name: web.shop.svc.cluster.local, namespace: shop}\nspec:\n  routes:\n";

function bigProfile(n: number): string {
  const routes: string[] = [];
  for (let i = 0; i < n; i++) {
    // Literal paths in `any` (one object each), and every tenth route a method with a regex over its own subtree.
    if (i % 10 === 9) routes.push(`  - {name: r${i}, condition: {method: GET, pathRegex: "/v3/item${i}/[^/]*"}, timeout: 1s}\n`);
    else routes.push(`  - {name: r${i}, condition: {any: [{pathRegex: /v1/item${i}}, {pathRegex: /v2/item${i}}]}}\n`);
  }
  return head + routes.join("");
}

describe("migrate scale", () => {
  it("10,000 routes in under 5 s", { timeout: 120_000 }, async () => {
    const dir = testTempDir("migrate-scale-");
    const stdin = bigProfile(10_000);
    // Loads the modules first, so the bound measures migrate and not their compilation.
    expect((await runCliInProcess(["migrate", "-", "--no-header"], dir, { stdin: bigProfile(10) })).code).toBe(0);
    // CPU time, not wall time: two cores are shared by many test workers.
    const started = process.cpuUsage();
    const run = await runCliInProcess(["migrate", "-", "--no-header", "--report", "r.json"], dir, { stdin });
    const used = process.cpuUsage(started);
    const elapsed = (used.user + used.system) / 1000;
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.match(/^kind: HTTPRoute$/gm)?.length).toBe(10_001);
    expect(elapsed).toBeLessThan(5_000);
  });
});
