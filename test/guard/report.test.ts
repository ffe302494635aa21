/** The guard's text report: grouped per file, capped per file and overall, with counts of the rest. */
import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/guard/guard.js";
import { countFindings, formatFindings } from "../../src/guard/report.js";

function finding(file: string, line: number, severity: Finding["severity"] = "error"): Finding {
  return { rule: "no-catch-all", severity, file, line, column: 1, message: `m${line}`, hint: "h" };
}

describe("formatFindings", () => {
  it("prints each finding with its hint", () => {
    expect(formatFindings([finding("a.yaml", 3, "warning")])).toBe("a.yaml:3:1: warning no-catch-all: m3\n  hint: h\n");
  });

  it("caps each file and counts the rest of it", () => {
    const text = formatFindings([1, 2, 3, 4].map((l) => finding("a.yaml", l)), { perFile: 2, total: 100 });
    expect(text.split("\n").filter((l) => /^a\.yaml:\d/.test(l))).toHaveLength(2);
    expect(text).toContain("a.yaml: 2 more findings not shown\n");
  });

  it("caps the whole report and counts the findings and files left out", () => {
    const all = ["a.yaml", "b.yaml", "c.yaml", "d.yaml"].flatMap((f) => [finding(f, 1), finding(f, 2)]);
    const text = formatFindings(all, { perFile: 10, total: 3 });
    expect(text).toContain("a.yaml:2:1");
    expect(text).toContain("b.yaml:1:1");
    expect(text).not.toContain("b.yaml:2:1");
    expect(text).toContain("b.yaml: 1 more finding not shown\n");
    expect(text.endsWith("4 more findings in 2 more files not shown\n")).toBe(true);
  });

  it("grows with the number of files at most, not with the findings", () => {
    const many = Array.from({ length: 10_000 }, (_, i) => finding("a.yaml", i + 1));
    expect(formatFindings(many).split("\n").length).toBeLessThan(30);
  });
});

describe("countFindings", () => {
  it("names only the severities that occur", () => {
    expect(countFindings([finding("a", 1), finding("a", 2), finding("a", 3, "warning")])).toBe("2 errors, 1 warning");
    expect(countFindings([])).toBe("no findings");
  });
});
