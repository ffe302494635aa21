// The one table `npm run bench` ends with: each figure's median
// over the runs against its target, the peak RSS of the measured process and
// the spread. Markdown, so a real run can go into docs/benchmarks.md as printed.

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

/** A ratio with two decimals (three below 0.1), or MB as a whole number. */
export function formatValue(value, unit = "x") {
  if (unit === "MB") return `${value.toFixed(0)} MB`;
  return `${value.toFixed(value < 0.1 ? 3 : 2)}x`;
}

/**
 * `rows`: `{ figure, values, target, kind?, unit?, peakMB? }`, where `values`
 * holds one figure per run, lower is better, and `kind` is "goal" (the
 * default) or "guard". Returns the Markdown table.
 */
export function formatTable(rows, { runs, node } = {}) {
  const lines = [
    `| figure | median | target | kind | | peak RSS | min / median / max over ${runs ?? "the"} run(s) |`,
    "| --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const row of rows) {
    const unit = row.unit ?? "x";
    const m = median(row.values);
    const met = m <= row.target;
    const spread = [Math.min(...row.values), m, Math.max(...row.values)].map((v) => formatValue(v, unit)).join(" / ");
    const peak = row.peakMB !== undefined && row.peakMB > 0 ? `${row.peakMB.toFixed(0)} MB` : "";
    lines.push(`| ${row.figure} | ${formatValue(m, unit)} | <= ${formatValue(row.target, unit)} | ${row.kind ?? "goal"} | ${met ? "met" : "MISSED"} | ${peak} | ${spread} |`);
  }
  const missed = rows.filter((r) => median(r.values) > r.target).length;
  lines.push("", `${rows.length - missed} of ${rows.length} targets met${node ? ` (Node ${node})` : ""}.`);
  if (rows.some((r) => r.kind === "guard")) lines.push("A guard is settled by measurement and only keeps its figure from regressing; a goal is still to be reached.");
  return lines.join("\n");
}
