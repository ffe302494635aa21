// Types for bench/table.mjs, for the test that imports it.
export interface TableRow {
  figure: string;
  values: number[];
  target: number;
  kind?: "goal" | "guard";
  unit?: "x" | "MB";
  peakMB?: number;
}
export function formatValue(value: number, unit?: "x" | "MB"): string;
export function formatTable(rows: TableRow[], options?: { runs?: number; node?: string }): string;
