/** Small readers of the project's markdown, for the docs tests. */
import { readdirSync } from "node:fs";
import * as path from "node:path";

/** README.md and every page under docs/, as repository-relative paths. */
export function docPages(root: string): string[] {
  const pages = ["README.md"];
  for (const name of readdirSync(path.join(root, "docs")).sort()) if (name.endsWith(".md")) pages.push(`docs/${name}`);
  return pages;
}

/** Lines outside fenced code blocks, with their 1-based numbers. */
export function proseLines(text: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  let fence: string | undefined;
  text.split("\n").forEach((line, i) => {
    const m = /^\s*(```+|~~~+)/.exec(line);
    if (m) {
      if (fence === undefined) fence = m[1]![0]!;
      else if (m[1]![0] === fence) fence = undefined;
      return;
    }
    if (fence === undefined) out.push({ text: line, line: i + 1 });
  });
  return out;
}

/** Inline links `[text](target)` outside code, with their line. */
export function markdownLinks(text: string): { target: string; line: number }[] {
  const out: { target: string; line: number }[] = [];
  for (const { text: line, line: n } of proseLines(text)) {
    const withoutCode = line.replace(/`[^`]*`/g, "");
    for (const m of withoutCode.matchAll(/\]\((<[^>]*>|[^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      out.push({ target: m[1]!.replace(/^<|>$/g, ""), line: n });
    }
  }
  return out;
}

/** GitHub's anchors for the headings of a page: lower case, punctuation dropped, spaces to dashes, repeats numbered. */
export function headingSlugs(text: string): Set<string> {
  const seen = new Map<string, number>();
  const slugs = new Set<string>();
  for (const { text: line } of proseLines(text)) {
    const m = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const base = m[1]!
      .replace(/<[^>]+>/g, "")
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\- _]/gu, "")
      .replace(/ /g, "-");
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    slugs.add(n === 0 ? base : `${base}-${n}`);
  }
  return slugs;
}

/** Fenced code blocks: their info string, body, first line and the HTML comment just above them (if any). */
export function codeBlocks(text: string): { info: string; body: string; line: number; marker: string | undefined }[] {
  const lines = text.split("\n");
  const out: { info: string; body: string; line: number; marker: string | undefined }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(```+)\s*(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !lines[j]!.startsWith(open[1]!)) body.push(lines[j++]!);
    let k = i - 1;
    while (k >= 0 && lines[k]!.trim() === "") k--;
    const marker = k >= 0 ? /^<!--\s*(.*?)\s*-->$/.exec(lines[k]!.trim())?.[1] : undefined;
    out.push({ info: open[2]!.trim(), body: body.join("\n"), line: i + 1, marker });
    i = j;
  }
  return out;
}
