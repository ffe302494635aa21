/**
 * `npm ci` on Node 20 without an EBADENGINE warning: every package in
 * package-lock.json that declares `engines.node` must accept Node 20. The
 * dev toolchain (eslint 10, vite 8) needs 20.19, so that is the Node 20 the
 * README's Quick start names. The range check below covers the forms that
 * occur in the lock file and throws on any other, so a new form fails loudly
 * instead of passing unread.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../helpers/runtimes.js";

/** The oldest Node 20 `npm ci` must be clean on. */
const NODE20 = "20.19.0";

type Version = [number, number, number];

function parseVersion(text: string, range: string): { v: Version; parts: number } {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(text);
  if (!m) throw new Error(`engines range "${range}": cannot read version "${text}"`);
  const parts = m[3] !== undefined ? 3 : m[2] !== undefined ? 2 : 1;
  return { v: [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)], parts };
}

function compare(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/** The first version above a partial one: 20 → 21.0.0, 1.2 → 1.3.0, 1.2.3 → 1.2.4. */
function bump([major, minor, patch]: Version, parts: number): Version {
  return parts === 1 ? [major + 1, 0, 0] : parts === 2 ? [major, minor + 1, 0] : [major, minor, patch + 1];
}

/** The version interval one comparator allows: [lowest included, first excluded). */
function comparator(token: string, range: string): (v: Version) => boolean {
  const m = /^(>=|<=|>|<|=|\^|~)?(.+)$/.exec(token);
  if (!m) throw new Error(`engines range "${range}": unknown comparator "${token}"`);
  const op = m[1] ?? "";
  const { v: base, parts } = parseVersion(m[2]!, range);
  const next = bump(base, parts);
  switch (op) {
    case ">=":
      return (v) => compare(v, base) >= 0;
    case ">":
      return (v) => compare(v, next) >= 0;
    case "<":
      return (v) => compare(v, base) < 0;
    case "<=":
      return (v) => compare(v, next) < 0;
    case "":
    case "=":
      return (v) => compare(v, base) >= 0 && compare(v, next) < 0;
    case "~": {
      const upper: Version = parts === 1 ? [base[0] + 1, 0, 0] : [base[0], base[1] + 1, 0];
      return (v) => compare(v, base) >= 0 && compare(v, upper) < 0;
    }
    case "^": {
      // The first non-zero part given is the one that may not change.
      const upper: Version = base[0] > 0 || parts === 1 ? [base[0] + 1, 0, 0] : base[1] > 0 || parts === 2 ? [0, base[1] + 1, 0] : [0, 0, base[2] + 1];
      return (v) => compare(v, base) >= 0 && compare(v, upper) < 0;
    }
    default:
      throw new Error(`engines range "${range}": unknown operator "${op}"`);
  }
}

/** Whether a node-semver range (the subset package.json `engines` use) accepts a version. */
function satisfies(version: string, range: string): boolean {
  const { v } = parseVersion(version, range);
  return range.split("||").some((alternative) => {
    // ">= 20" is ">=20"; the comparators of one alternative must all hold.
    const tokens = alternative.trim().replace(/([<>]=?|=|\^|~)\s+/g, "$1").split(/\s+/).filter(Boolean);
    if (tokens.length === 0) throw new Error(`engines range "${range}": empty alternative`);
    return tokens.every((token) => comparator(token, range)(v));
  });
}

describe("the engines range check", () => {
  it.each([
    [">=20", true],
    [">= 20", true],
    [">=22", false],
    ["^20.19.0 || ^22.13.0 || >=24", true],
    ["^20.19.1 || >=22.12.0", false],
    ["^20.0.0 || ^22.0.0 || >=24.0.0", true],
    ["18 || 20 || >=22", true],
    ["18 || >=22", false],
    ["^18.18.0 || ^20.9.0 || >=21.1.0", true],
    ["^12.22.0 || ^14.16.0 || ^16.0.0 || >=17.0.0", true],
    [">=0.6.11 <=0.7.0 || >=0.7.3", true],
    [">=0.6.11 <=0.7.0", false],
    ["^10 || ^12 || >=14", true],
    ["~20.18", false],
    ["<20", false],
    [">19", true],
  ])("%s accepts 20.19.0: %s", (range, expected) => {
    expect(satisfies(NODE20, range)).toBe(expected);
  });

  it.each(["20.x", "*", ">=20.0.0-rc.1", "node >= 20", "20 - 22", ""])("throws on the unknown form %j", (range) => {
    expect(() => satisfies(NODE20, range)).toThrow(/engines range/);
  });
});

describe("package-lock.json", () => {
  const lock = JSON.parse(readFileSync(path.join(REPO_ROOT, "package-lock.json"), "utf8")) as {
    packages: Record<string, { version?: string; engines?: unknown }>;
  };
  const declared = Object.entries(lock.packages).flatMap(([where, entry]) => {
    if (entry.engines === undefined) return [];
    const node = (entry.engines as { node?: unknown }).node;
    if (Array.isArray(entry.engines) || (node !== undefined && typeof node !== "string")) throw new Error(`${where}: engines in an unknown form: ${JSON.stringify(entry.engines)}`);
    return node === undefined ? [] : [{ name: `${where || "(root)"}@${entry.version ?? ""}`, range: node }];
  });

  it("declares engines.node for many packages (the check reads something)", () => {
    expect(declared.length).toBeGreaterThan(20);
  });

  it.each([NODE20, process.versions.node])("every package's engines.node accepts Node %s", (version) => {
    const refused = declared.filter(({ range }) => !satisfies(version, range)).map(({ name, range }) => `${name} wants node ${range}`);
    expect(refused).toEqual([]);
  });
});
