/** The table `npm run bench` ends with (bench/table.mjs): medians, targets, spread. */
import { describe, expect, it } from "vitest";
import { formatTable, formatValue } from "../../bench/table.mjs";

describe("bench table", () => {
  it("gives each figure's median, target, verdict, peak RSS and spread", () => {
    const table = formatTable(
      [
        { figure: "proto: generation / read", values: [3.9, 4.4, 3.2], target: 4, kind: "guard", peakMB: 96.4 },
        { figure: "proto: peak RSS (MB)", values: [96.4, 101.2, 99], target: 100, unit: "MB", peakMB: 101.2 },
        { figure: "diff / full diff", values: [0.061, 0.049], target: 0.05 },
      ],
      { runs: 3, node: "v20.20.2" },
    );
    const lines = table.split("\n");
    expect(lines[0]).toContain("min / median / max over 3 run(s)");
    expect(lines[2]).toBe("| proto: generation / read | 3.90x | <= 4.00x | guard | met | 96 MB | 3.20x / 3.90x / 4.40x |");
    expect(lines[3]).toBe("| proto: peak RSS (MB) | 99 MB | <= 100 MB | goal | met | 101 MB | 96 MB / 99 MB / 101 MB |");
    // With two runs the median is the lower one; no peak RSS means an empty cell.
    expect(lines[4]).toBe("| diff / full diff | 0.049x | <= 0.050x | goal | met |  | 0.049x / 0.049x / 0.061x |");
    expect(lines.at(-2)).toBe("3 of 3 targets met (Node v20.20.2).");
    // A table with a guard says once what a guard is.
    expect(lines.at(-1)).toMatch(/^A guard is settled by measurement/);
  });

  it("says MISSED when the median is over the target", () => {
    const table = formatTable([{ figure: "f", values: [1.3, 1.25, 1.1], target: 1.2 }]);
    expect(table).toContain("| f | 1.25x | <= 1.20x | goal | MISSED |");
    expect(table).not.toContain("A guard");
    expect(table).toContain("0 of 1 targets met.");
    expect(formatValue(0.0123)).toBe("0.012x");
  });
});
