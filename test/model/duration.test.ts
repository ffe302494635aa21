import { describe, expect, it } from "vitest";
import { formatGoDuration, parseGoDuration } from "../../src/model/duration.js";

describe("parseGoDuration (Go's time.ParseDuration)", () => {
  it.each([
    ["300ms", 300_000_000n],
    ["1m30s", 90_000_000_000n],
    ["1.5h", 5_400_000_000_000n],
    ["10s", 10_000_000_000n],
    ["0", 0n],
    ["-1.5s", -1_500_000_000n],
    ["+5m", 300_000_000_000n],
    ["1h2m3s4ms5us6ns", 3_723_004_005_006n],
    ["2µs", 2_000n],
    ["2μs", 2_000n],
    [".5s", 500_000_000n],
    ["1.s", 1_000_000_000n],
    ["1.0000000001s", 1_000_000_000n],
  ])("accepts %s", (text, nanos) => {
    expect(parseGoDuration(text)).toEqual({ ok: true, nanos });
  });

  it.each(["", "10", "10 seconds", "1d", "s", ".s", "1.2.3s", "ms10", "-", "1h 2m", "9999999999999h"])("rejects %j", (text) => {
    const result = parseGoDuration(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/^time: /);
  });

  it("names the unit Go does not know", () => {
    expect(parseGoDuration("5d")).toEqual({ ok: false, error: 'time: unknown unit "d" in duration "5d"' });
  });

  it("says a unit is missing", () => {
    expect(parseGoDuration("10")).toEqual({ ok: false, error: 'time: missing unit in duration "10"' });
  });
});

describe("formatGoDuration (Go's Duration.String)", () => {
  it.each([
    [0n, "0s"],
    [1_500_000_000n, "1.5s"],
    [90_000_000_000n, "1m30s"],
    [3_600_000_000_000n, "1h0m0s"],
    [300_000_000n, "300ms"],
    [1_500n, "1.5µs"],
    [7n, "7ns"],
    [-2_000_000_000n, "-2s"],
  ])("%d ns is %s", (nanos, text) => {
    expect(formatGoDuration(nanos)).toBe(text);
  });
});
