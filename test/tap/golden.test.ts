/**
 * `profile --tap` and `verify` end to end, through the CLI, against golden
 * files reviewed by eye (test/tap/golden/<case>/). Recordings and profiles
 * are in test/fixtures/tap/; the commands run there so that file names in
 * headers and reports are stable.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { runCliInProcess } from "../helpers/cli.js";
import { FIXTURES } from "./helpers.js";

const GOLDEN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "golden");
const tmp = mkdtempSync(path.join(tmpdir(), "tap-golden-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function golden(name: string): string {
  return readFileSync(path.join(GOLDEN, name), "utf8");
}

interface Case {
  name: string;
  args: string[];
  code: number;
  /** Golden file of stdout. */
  stdout: string;
  /** Report file name inside the case's golden directory, written with --report. */
  report?: string;
}

const cases: Case[] = [
  { name: "booksapp-json-auto", args: ["profile", "--tap", "booksapp-webapp.tap.json", "webapp"], code: 0, stdout: "profile.yaml", report: "report.txt" },
  {
    name: "booksapp-wide-parity",
    args: ["profile", "--tap", "booksapp-webapp.tap.wide.txt", "--consolidate", "none", "--tap-route-limit", "5", "webapp"],
    code: 0,
    stdout: "profile.yaml",
    report: "report.md",
  },
  { name: "shop-api-suggestions", args: ["profile", "--tap", "shop-api.tap.txt", "-n", "shop", "--apply-suggestions", "api"], code: 0, stdout: "profile.yaml", report: "report.json" },
  { name: "booksapp-merge", args: ["profile", "--tap", "booksapp-webapp.tap.json", "--merge", "webapp-partial.yaml", "webapp"], code: 0, stdout: "profile.yaml", report: "report.txt" },
  { name: "emojivoto-voting", args: ["profile", "--tap", "emojivoto-voting.tap.json", "-n", "emojivoto", "--tap-route-limit", "30", "-o", "json", "voting-svc"], code: 0, stdout: "profile.json" },
  { name: "verify-booksapp", args: ["verify", "--profile", "webapp-profile.yaml", "--tap", "booksapp-webapp.tap.wide.txt"], code: 1, stdout: "verify.txt" },
  {
    name: "verify-booksapp",
    args: ["verify", "--profile", "webapp-profile.yaml", "--tap", "booksapp-webapp.tap.json", "--format", "markdown", "--max-unmatched", "10%"],
    code: 0,
    stdout: "verify.md",
  },
];

describe("golden outputs", () => {
  for (const c of cases) {
    it(`${c.name}: ${c.args.slice(0, 1).join(" ")} -> ${c.stdout}${c.report ? ` + ${c.report}` : ""}`, async () => {
      const reportPath = c.report ? path.join(tmp, `${c.name}-${c.report}`) : undefined;
      const run = await runCliInProcess([...c.args, ...(reportPath ? ["--report", reportPath] : [])], FIXTURES);
      expect(run.stderr).not.toMatch(/^error:/m);
      expect(run.code).toBe(c.code);
      expect(run.stdout).toBe(golden(`${c.name}/${c.stdout}`));
      if (reportPath) expect(readFileSync(reportPath, "utf8")).toBe(golden(`${c.name}/${c.report}`));
    });
  }

  it("the JSON and wide booksapp recordings give the same profile", async () => {
    const a = await runCliInProcess(["profile", "--tap", "booksapp-webapp.tap.json", "webapp"], FIXTURES);
    const b = await runCliInProcess(["profile", "--tap", "booksapp-webapp.tap.wide.txt", "webapp"], FIXTURES);
    expect(a.code).toBe(0);
    expect(a.stdout.replace(/^#.*\n/, "")).toBe(b.stdout.replace(/^#.*\n/, ""));
  });
});
