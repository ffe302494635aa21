import { describe, expect, it } from "vitest";
import { unifiedDiff } from "../../src/diff/unified.js";

const labels = { fromLabel: "a/f.yaml", toLabel: "b/f.yaml" };

/** Applies a unified diff to `before`; the result must be `after` for a correct diff. */
function applyPatch(before: string, patch: string): string {
  const a = before === "" ? [] : before.replace(/\n$/, "").split("\n");
  const out: string[] = [];
  let pos = 0;
  const lines = patch.split("\n").slice(2);
  let lastNoNewline = false;
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k]!;
    const h = /^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@$/.exec(line);
    if (h) {
      const start = Number(h[1]) - (h[2] === "0" ? 0 : 1);
      while (pos < start) out.push(a[pos++]!);
      continue;
    }
    if (line.startsWith(" ")) {
      expect(a[pos]).toBe(line.slice(1));
      out.push(a[pos++]!);
      lastNoNewline = false;
    } else if (line.startsWith("-")) {
      expect(a[pos]).toBe(line.slice(1));
      pos++;
    } else if (line.startsWith("+")) {
      out.push(line.slice(1));
      lastNoNewline = lines[k + 1] === "\\ No newline at end of file";
    }
  }
  while (pos < a.length) out.push(a[pos++]!);
  return out.length ? out.join("\n") + (lastNoNewline ? "" : "\n") : "";
}

describe("unifiedDiff", () => {
  it("prints diff -u hunks with three lines of context", () => {
    const before = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n";
    const after = "a\nb\nc\nd\nE\nf\ng\nh\ni\nj\nk\n";
    expect(unifiedDiff(before, after, labels)).toBe(
      "--- a/f.yaml\n+++ b/f.yaml\n@@ -2,9 +2,10 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n i\n j\n+k\n",
    );
  });

  it("separates distant changes into hunks", () => {
    const lines = Array.from({ length: 20 }, (_, i) => `l${i}`);
    const changed = [...lines];
    changed[1] = "X";
    changed[18] = "Y";
    const d = unifiedDiff(lines.join("\n") + "\n", changed.join("\n") + "\n", labels);
    expect(d.match(/^@@.*@@$/gm)).toEqual(["@@ -1,5 +1,5 @@", "@@ -16,5 +16,5 @@"]);
  });

  it("handles created and deleted files and missing final newlines", () => {
    expect(unifiedDiff("", "x\ny\n", { fromLabel: "/dev/null", toLabel: "b/f" })).toBe("--- /dev/null\n+++ b/f\n@@ -0,0 +1,2 @@\n+x\n+y\n");
    expect(unifiedDiff("x\n", "", { fromLabel: "a/f", toLabel: "/dev/null" })).toBe("--- a/f\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n");
    expect(unifiedDiff("x\ny", "x\ny\n", labels)).toBe("--- a/f.yaml\n+++ b/f.yaml\n@@ -1,2 +1,2 @@\n x\n-y\n\\ No newline at end of file\n+y\n");
    expect(unifiedDiff("same\n", "same\n", labels)).toBe("");
  });

  it("produces patches that turn before into after (randomised)", () => {
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 300; round++) {
      const a = Array.from({ length: rand(30) }, () => "abcde"[rand(5)]!);
      const b = [...a];
      for (let e = rand(6); e > 0; e--) {
        const at = rand(b.length + 1);
        if (rand(2) && b.length) b.splice(at, 1);
        else b.splice(at, 0, "xyz"[rand(3)]!);
      }
      const before = a.length ? a.join("\n") + "\n" : "";
      const after = b.length ? b.join("\n") + "\n" : "";
      const patch = unifiedDiff(before, after, labels);
      if (before === after) expect(patch).toBe("");
      else expect(applyPatch(before, patch)).toBe(after);
    }
  });
});
