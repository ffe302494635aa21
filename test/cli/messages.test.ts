/** Messages a person can act on (issue 20 §5) and flags validated as their config twins (issue 21). */
import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCliInProcess } from "../helpers/cli.js";
import { testTempDir } from "../helpers/tempdir.js";
import { ConfigError, parseConfig } from "../../src/repo/config.js";
import { formatDiagnostic } from "../../src/model/diagnostic.js";
import { closest } from "../../src/model/suggest.js";

const REPO = fileURLToPath(new URL("../../", import.meta.url));

function tempDir(files: Record<string, string> = {}): string {
  const dir = testTempDir("sps-msg-");
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

function configErrors(text: string): string[] {
  try {
    parseConfig(text, "serviceprofile-sync.yaml");
  } catch (err) {
    if (err instanceof ConfigError) return err.diagnostics.map(formatDiagnostic);
    throw err;
  }
  return [];
}

const RETRYABLE = "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      x-linkerd-retryable: true\n      responses: {'200': {description: ok}}\n";

describe("did you mean", () => {
  it("suggests only near words, and nothing for long input", () => {
    expect(closest("profil", ["profile", "routes"])).toBe("profile");
    expect(closest("gatway", ["serviceprofile", "gateway", "both"])).toBe("gateway");
    expect(closest("xyz", ["profile", "routes"])).toBeUndefined();
    expect(closest("x".repeat(5000), ["profile"])).toBeUndefined();
  });

  it("a misspelt flag names the flag it looks like, without advice about positionals", async () => {
    const r = await runCliInProcess(["profile", "--open-apo", "x.yaml", "svc"], REPO);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("error: unknown flag --open-apo: did you mean --open-api?\nRun with --help for usage.\n");
  });

  it("an unknown flag far from every flag is named alone", async () => {
    const r = await runCliInProcess(["routes", "--zzzzzz", "svc"], REPO);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: unknown flag --zzzzzz\nRun with --help for usage.\n");
  });

  it("a misspelt command prints one line with the suggestion, not the whole help", async () => {
    const r = await runCliInProcess(["profil", "--open-api", "x.yaml", "svc"], REPO);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("error: unknown command \"profil\": did you mean \"profile\"?\nRun 'serviceprofile-sync --help' for the list of commands.\n");
  });

  it("an unknown command is echoed capped", async () => {
    const r = await runCliInProcess(["q".repeat(5000)], REPO);
    expect(r.code).toBe(2);
    expect(r.stderr.length).toBeLessThan(300);
    expect(r.stderr).toContain("(5000 characters)");
  });

  it("a misspelt enum value in the config is placed at file:line:column with the suggestion", () => {
    expect(configErrors("output: deploy\ntarget: gatway\nservices: []\n")).toEqual([
      'serviceprofile-sync.yaml:2:9: target must be one of: serviceprofile, gateway, both\n  hint: did you mean "gateway"?',
    ]);
  });
});

describe("flags validate as their config twins", () => {
  const service = (extra: string) => `output: deploy\nservices:\n  - name: web\n    namespace: apps\n    openapi: web.yaml\n${extra}`;
  // [flag args, config text, the words both must say]
  const cases: [string, string[], string, string][] = [
    ["retry limit 0", ["--retry-limit", "0"], service("    gateway: { retry: { limit: 0 } }\n"), "a limit of 0 does not turn retries off: Linkerd ignores it and retries once, its default"],
    ["retry limit too large", ["--retry-limit", "70000"], service("    gateway: { retry: { limit: 70000 } }\n"), "70000 is not from 1 to 65535"],
    ["retry timeout finer than 1ms", ["--retry-timeout", "1us"], service("    gateway: { retry: { timeout: 1us } }\n"), "not a whole number of milliseconds"],
    ["retry http condition", ["--retry-http", "teapot"], service("    gateway: { retry: { http: teapot } }\n"), '"teapot" is not 5xx, gateway-error, a status code or a range of codes'],
    ["retry grpc condition", ["--retry-grpc", "sometimes"], service("    gateway: { retry: { grpc: sometimes } }\n"), '"sometimes" is not one of cancelled'],
    ["port", ["--port", "0"], service("    gateway: { port: 0 }\n"), "0 is not from 1 to 65535"],
    ["cluster domain", ["--cluster-domain", "bad domain"], "output: deploy\nclusterDomain: bad domain\nservices: []\n", '"bad domain" is not a valid cluster domain'],
  ];
  it.each(cases)("%s: the flag is refused (exit 2, stdout empty) with the config's words", async (_name, flag, config, words) => {
    const r = await runCliInProcess(["routes", "--open-api", "-", ...flag, "svc"], REPO, { stdin: RETRYABLE });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`${flag[0]}: `);
    expect(r.stderr).toContain(words);
    expect(configErrors(config).join("\n")).toContain(words);
  });

  it.each([
    ["--route-order", "fast", "routeOrder: fast", '"fast" is not one of linkerd, specific-first'],
    ["--route-names", "long", "routeNames: long", "routeNames must be one of: short, service, full"],
  ])("%s: the flag and the config refuse the same values", async (flag, value, configLine, words) => {
    const r = await runCliInProcess(["profile", "--proto", "x.proto", flag, value, "svc"], REPO);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(flag === "--route-order" ? words : '"long" is not one of short, service, full');
    const text = `output: deploy\nservices:\n  - name: web\n    namespace: apps\n    proto: web.proto\n    ${configLine}\n`;
    expect(configErrors(text).join("\n")).toContain(flag === "--route-order" ? "routeOrder must be one of: linkerd, specific-first" : words);
  });

  it("--base-path must start with / as basePath must", async () => {
    const r = await runCliInProcess(["profile", "--open-api", "-", "--base-path", "api", "svc"], REPO, { stdin: RETRYABLE });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--base-path: "api" does not start with "/"');
    expect(configErrors('output: deploy\nservices:\n  - name: web\n    namespace: apps\n    openapi: web.yaml\n    basePath: api\n').join("\n")).toContain('must start with "/"');
  });

  it("--retry-limit 1 is still written", async () => {
    const r = await runCliInProcess(["routes", "--open-api", "-", "--retry-limit", "1", "svc"], tempDir(), { stdin: RETRYABLE });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('retry.linkerd.io/limit: "1"');
  });
});
