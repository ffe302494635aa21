/**
 * Unified diffs (as `diff -u` / `git diff` print them) of two texts, for
 * `check`'s stale-file report. Common prefix and suffix are trimmed, the
 * middle is aligned by a longest-common-subsequence table; when the middle
 * is too large for the table the whole middle is shown as replaced (still a
 * correct diff, just not a minimal one).
 */

const MAX_TABLE_CELLS = 4_000_000;

export interface UnifiedDiffOptions {
  /** Lines of context around each change (default 3). */
  context?: number;
  /** Labels for the ---/+++ lines; `/dev/null` marks a created or deleted file. */
  fromLabel: string;
  toLabel: string;
}

type Op = { kind: " " | "-" | "+"; text: string; aLine: number; bLine: number };

function splitLines(text: string): { lines: string[]; finalNewline: boolean } {
  if (text === "") return { lines: [], finalNewline: true };
  const finalNewline = text.endsWith("\n");
  const lines = (finalNewline ? text.slice(0, -1) : text).split("\n");
  return { lines, finalNewline };
}

/** Edit script between two line arrays. */
function editScript(a: string[], b: string[]): Op[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const ops: Op[] = [];
  for (let i = 0; i < start; i++) ops.push({ kind: " ", text: a[i]!, aLine: i, bLine: i });
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  const n = midA.length;
  const m = midB.length;
  if (n * m > MAX_TABLE_CELLS) {
    midA.forEach((t, i) => ops.push({ kind: "-", text: t, aLine: start + i, bLine: start }));
    midB.forEach((t, j) => ops.push({ kind: "+", text: t, aLine: endA, bLine: start + j }));
  } else {
    // lcs[i][j] = LCS length of midA[i..] and midB[j..], in one flat array.
    const w = m + 1;
    const lcs = new Uint32Array((n + 1) * w);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * w + j] = midA[i] === midB[j] ? lcs[(i + 1) * w + j + 1]! + 1 : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && midA[i] === midB[j]) {
        ops.push({ kind: " ", text: midA[i]!, aLine: start + i, bLine: start + j });
        i++;
        j++;
      } else if (j < m && (i === n || lcs[i * w + j + 1]! >= lcs[(i + 1) * w + j]!)) {
        ops.push({ kind: "+", text: midB[j]!, aLine: start + i, bLine: start + j });
        j++;
      } else {
        ops.push({ kind: "-", text: midA[i]!, aLine: start + i, bLine: start + j });
        i++;
      }
    }
  }
  for (let k = 0; k < a.length - endA; k++) ops.push({ kind: " ", text: a[endA + k]!, aLine: endA + k, bLine: endB + k });
  // Deletions before insertions inside each changed run, as diff prints them.
  normaliseRuns(ops, 0, ops.length);
  return ops;
}

function normaliseRuns(ops: Op[], from: number, to: number): void {
  let k = from;
  while (k < to) {
    if (ops[k]!.kind === " ") {
      k++;
      continue;
    }
    let end = k;
    while (end < to && ops[end]!.kind !== " ") end++;
    const run = ops.slice(k, end);
    const sorted = [...run.filter((o) => o.kind === "-"), ...run.filter((o) => o.kind === "+")];
    ops.splice(k, run.length, ...sorted);
    k = end;
  }
}

function range(start: number, count: number): string {
  // GNU diff: a one-line range omits the count; an empty range names the line before it.
  if (count === 1) return String(start + 1);
  return `${count === 0 ? start : start + 1},${count}`;
}

/** `diff -u` of two texts; "" when they are equal. */
export function unifiedDiff(before: string, after: string, options: UnifiedDiffOptions): string {
  if (before === after) return "";
  const context = options.context ?? 3;
  const a = splitLines(before);
  const b = splitLines(after);
  const ops = editScript(a.lines, b.lines);
  // "\ No newline at end of file" goes after the last line of a side that lacks one.
  const noNewlineA = !a.finalNewline ? a.lines.length - 1 : -1;
  const noNewlineB = !b.finalNewline ? b.lines.length - 1 : -1;
  if (a.lines.join("\n") === b.lines.join("\n") && a.finalNewline !== b.finalNewline) {
    // Only the final newline differs: show the last line as changed.
    const last = ops[ops.length - 1]!;
    ops.splice(ops.length - 1, 1, { ...last, kind: "-" }, { ...last, kind: "+" });
  }

  const changed = ops.map((o, i) => (o.kind !== " " ? i : -1)).filter((i) => i >= 0);
  const hunks: [number, number][] = [];
  for (const i of changed) {
    const lo = Math.max(0, i - context);
    const hi = Math.min(ops.length - 1, i + context);
    const last = hunks[hunks.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else hunks.push([lo, hi]);
  }

  let out = `--- ${options.fromLabel}\n+++ ${options.toLabel}\n`;
  for (const [lo, hi] of hunks) {
    const slice = ops.slice(lo, hi + 1);
    const aCount = slice.filter((o) => o.kind !== "+").length;
    const bCount = slice.filter((o) => o.kind !== "-").length;
    const aStart = slice.find((o) => o.kind !== "+")?.aLine ?? slice[0]!.aLine;
    const bStart = slice.find((o) => o.kind !== "-")?.bLine ?? slice[0]!.bLine;
    out += `@@ -${range(aStart, aCount)} +${range(bStart, bCount)} @@\n`;
    for (const o of slice) {
      out += `${o.kind}${o.text}\n`;
      const lacksNewline = o.kind === "+" ? o.bLine === noNewlineB : o.aLine === noNewlineA;
      if (lacksNewline) out += "\\ No newline at end of file\n";
    }
  }
  return out;
}
