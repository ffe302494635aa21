import { describe, expect, it } from "vitest";
import { canonicalJson, readFingerprint, withFingerprint } from "../../src/repo/fingerprint.js";

/** The definition: JSON.stringify with every object's keys sorted by a replacer. */
function reference(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

function rng(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return Math.floor((s / 2 ** 32) * n);
  };
}

const KEYS = ["name", "b", "a", "B", "é", "a b", "", "10", "2", "01", "-1", "1.5", "__proto__", "toJSON", "z\u0000", "\ud83d\ude00", "Z"];
const LEAVES: unknown[] = ["x", "", "é\n\"", 0, -0, 1.5, -2e21, NaN, Infinity, true, false, null, undefined, () => 1, new Date(0), 10n];

function value(r: (n: number) => number, depth: number): unknown {
  const k = depth > 3 ? 0 : r(3);
  if (k === 0) {
    const leaf = LEAVES[r(LEAVES.length)];
    return typeof leaf === "bigint" ? "big" : leaf; // a bigint makes both throw
  }
  if (k === 1) return Array.from({ length: r(4) }, () => value(r, depth + 1));
  const o: Record<string, unknown> = {};
  for (let n = r(5); n > 0; n--) {
    const key = KEYS[r(KEYS.length)]!;
    if (key === "__proto__") Object.defineProperty(o, key, { value: value(r, depth + 1), enumerable: true, configurable: true, writable: true });
    else if (key === "toJSON" && r(2)) o[key] = () => "custom";
    else o[key] = value(r, depth + 1);
  }
  return o;
}

describe("canonicalJson", () => {
  it("sorts keys at every depth", () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}');
  });

  it("writes exactly what the sorted-replacer definition writes, for any value", () => {
    for (let seed = 1; seed <= 5000; seed++) {
      const v = value(rng(seed), 0);
      expect(canonicalJson(v), String(seed)).toBe(reference(v));
    }
    class Point {
      constructor(
        readonly y: number,
        readonly x: number,
      ) {}
    }
    const sparse: unknown[] = [1];
    sparse[2] = 3;
    for (const v of [new Point(1, 2), Object.create(null), sparse, { a: undefined, b: [undefined] }, { 1: "a", b: "c", 0: "d" }, "s", 3]) {
      expect(canonicalJson(v)).toBe(reference(v));
    }
  });
});

describe("readFingerprint", () => {
  const text = withFingerprint("# generated\nkind: ServiceProfile\n", "sha256:" + "a".repeat(64), [{ path: "api/x.yaml", hash: "b".repeat(40) }]);

  it("reads the inputs, the closure and whether the body is intact", () => {
    const r = readFingerprint(text)!;
    expect(r.inputs).toBe("sha256:" + "a".repeat(64));
    expect(r.closure).toEqual([{ path: "api/x.yaml", hash: "b".repeat(40) }]);
    expect(r.bodyIntact).toBe(true);
    expect(readFingerprint(text.replace("ServiceProfile", "Service"))!.bodyIntact).toBe(false);
  });
});
