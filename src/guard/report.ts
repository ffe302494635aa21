/**
 * The guard's findings as text and as JSON. Text: one block per file, each
 * finding `file:line:column: severity RULE-ID: message` with its hint below,
 * capped per file and overall with a count of the rest, so the output grows
 * with the number of files at most. JSON (`check --format json`): every
 * finding, in a stable shape.
 */
import type { Finding } from "./guard.js";

export const MAX_PER_FILE = 10;
export const MAX_TOTAL = 100;

export function formatFindings(findings: readonly Finding[], limits = { perFile: MAX_PER_FILE, total: MAX_TOTAL }): string {
  let text = "";
  let shown = 0;
  let i = 0;
  while (i < findings.length) {
    const file = findings[i]!.file;
    let end = i;
    while (end < findings.length && findings[end]!.file === file) end++;
    const room = Math.min(limits.perFile, limits.total - shown);
    if (room <= 0) break;
    const take = findings.slice(i, Math.min(end, i + room));
    for (const f of take) text += `${f.file}:${f.line}:${f.column}: ${f.severity} ${f.rule}: ${f.message}\n  hint: ${f.hint}\n`;
    shown += take.length;
    if (end - i > take.length) text += `${file}: ${more(end - i - take.length)} not shown\n`;
    i = end;
  }
  if (i < findings.length) {
    const rest = findings.length - i;
    const files = new Set(findings.slice(i).map((f) => f.file)).size;
    text += `${more(rest)} in ${files} more file${files === 1 ? "" : "s"} not shown\n`;
  }
  return text;
}

function more(n: number): string {
  return `${n} more finding${n === 1 ? "" : "s"}`;
}

/** `2 errors, 1 warning` (only the severities that occur). */
export function countFindings(findings: readonly Finding[]): string {
  const n = { error: 0, warning: 0, info: 0 };
  for (const f of findings) n[f.severity]++;
  const part = (count: number, word: string) => (count ? `${count} ${word}${count === 1 ? "" : "s"}` : "");
  return [part(n.error, "error"), part(n.warning, "warning"), part(n.info, "info")].filter(Boolean).join(", ") || "no findings";
}

/** A generated file `check` finds stale. */
export interface StaleFile {
  path: string;
  state: "missing" | "out of date" | "no longer generated" | "edited by hand";
}

/**
 * `check --format json`: `{version: 1, files: [{path, state}], findings:
 * [{rule, severity, file, line, column, message, hint}]}`. The keys, the
 * states and the rule IDs are a contract; a change to them bumps `version`.
 */
export function checkJson(files: readonly StaleFile[], findings: readonly Finding[]): string {
  const list = findings.map((f) => ({ rule: f.rule, severity: f.severity, file: f.file, line: f.line, column: f.column, message: f.message, hint: f.hint }));
  return JSON.stringify({ version: 1, files: files.map((f) => ({ path: f.path, state: f.state })), findings: list }, null, 2) + "\n";
}
