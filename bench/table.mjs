// The one table `npm run bench` ends with (issue 13): each figure's median
// over the runs against its target, the peak RSS of the measured process and
// the spread. Markdown, so a real run can go into the README as printed.

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

/** A ratio with two decimals (three below 0.1), or MB as a whole number. */
export function formatValue(value, unit = "x") {
  if (unit === "MB") return `${value.toFixed(0)} MB`;
  return `${value.toFixed(value < 0.1 ? 3 : 2)}x`;
}

/**
 * `rows`: `{ figure, values, target, unit?, peakMB? }`, where `values` holds
 * one figure per run and lower is better. Returns the Markdown table.
 */
export function formatTable(rows, { runs, node } = {}) {
  const lines = [
    `| figure | median | target | | peak RSS | min / median / max over ${runs ?? "the"} run(s) |`,
    "| --- | --- | --- | --- | --- | --- |",
  ];
  for (const row of rows) {
    const unit = row.unit ?? "x";
    const m = median(row.values);
    const met = m <= row.target;
    const spread = [Math.min(...row.values), m, Math.max(...row.values)].map((v) => formatValue(v, unit)).join(" / ");
    const peak = row.peakMB !== undefined && row.peakMB > 0 ? `${row.peakMB.toFixed(0)} MB` : "";
    lines.push(`| ${row.figure} | ${formatValue(m, unit)} | <= ${formatValue(row.target, unit)} | ${met ? "met" : "MISSED"} | ${peak} | ${spread} |`);
  }
  const missed = rows.filter((r) => median(r.values) > r.target).length;
  lines.push("", `${rows.length - missed} of ${rows.length} targets met${node ? ` (Node ${node})` : ""}.`);
  return lines.join("\n");
}
