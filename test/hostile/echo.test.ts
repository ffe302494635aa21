/** Hostile command lines: input echoed in a message is capped, whatever its size (issue 20 §5). */
import { describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import { runCliInProcess } from "../helpers/cli.js";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const HUGE = "z".repeat(6000);

describe("echoed input is capped", () => {
  it.each([
    ["an unknown command", [HUGE]],
    ["an unknown flag", ["profile", `--${HUGE}`, "svc"]],
    ["an enum flag value", ["profile", "--template", "--route-order", HUGE, "svc"]],
    ["a number flag value", ["routes", "--open-api", "a.yaml", "--retry-limit", HUGE, "svc"]],
    ["a cluster domain", ["profile", "--template", "--cluster-domain", HUGE, "svc"]],
    ["a missing spec file", ["profile", "--open-api", `${HUGE}.yaml`, "svc"]],
    ["a missing tap recording", ["routes", "--tap", HUGE, "svc"]],
    ["a .proto given as --open-api", ["profile", "--open-api", `${HUGE}.proto`, "svc"]],
  ])("%s: exit non-zero, stdout empty, stderr short", async (_name, args) => {
    const r = await runCliInProcess(args, REPO);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr.length).toBeLessThan(1200);
    expect(r.stderr).toContain("chars)");
  });
});

describe("the last guard", () => {
  it("a spec value quoted in a message is cut, whatever quotes it", async () => {
    const long = "9".repeat(20000);
    const spec = `openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      x-linkerd-timeout: "${long} parsecs"\n      responses: {'200': {description: ok}}\n`;
    const r = await runCliInProcess(["profile", "--open-api", "-", "svc"], REPO, { stdin: spec });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr.length).toBeLessThan(4500);
    expect(r.stderr).toContain("(message cut at 2000 of");
  });
});
