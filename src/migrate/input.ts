/**
 * ServiceProfiles to migrate, from one text: one document or a `---`
 * stream (what `kubectl get sp -o yaml` of several items or a hand-kept
 * file holds). Each document is read by parseProfileText, so errors carry
 * the line in the whole file; a `List` (kubectl's `-o yaml` of several)
 * is opened, and other kinds are left out.
 */
import { SpecError } from "../model/diagnostic.js";
import type { ServiceProfile } from "../model/serviceprofile.js";
import { parseProfileText } from "../sources/profile-file.js";
import { parseData } from "../files/parse.js";
import type { Diagnostic } from "../model/diagnostic.js";

export interface InputProfile {
  file: string;
  /** 1-based line the document starts on. */
  line: number;
  profile: ServiceProfile;
  warnings: Diagnostic[];
}

/** Splits at `---` lines; each chunk with the line it starts on. */
function documents(text: string): { text: string; line: number }[] {
  const lines = text.split("\n");
  const out: { text: string; line: number }[] = [];
  let start = 0;
  const flush = (end: number) => {
    const chunk = lines.slice(start, end).join("\n");
    if (chunk.replace(/#.*$/gm, "").trim() !== "") out.push({ text: chunk, line: start + 1 });
  };
  lines.forEach((l, i) => {
    if (/^---(\s|$)/.test(l)) {
      flush(i);
      start = i + 1;
    }
  });
  flush(lines.length);
  return out;
}

/** The kind a block-style document names on its one top-level `kind:` line, else undefined. */
function sniffKind(text: string): string | undefined {
  const lines = text.match(/^kind:.*$/gm);
  if (lines?.length !== 1) return undefined;
  return /^kind:[ \t]*(["']?)([A-Za-z0-9]+)\1[ \t]*(?:#.*)?$/.exec(lines[0]!)?.[2];
}

/** A document (or List item) of another kind, left out. */
export interface SkippedDocument {
  line: number;
  kind: string;
}

function kindName(kind: unknown): string {
  return typeof kind === "string" && kind !== "" ? kind : "(no kind)";
}

/**
 * The profiles in a file. Documents and List items of another kind are
 * left out, in a file as in a directory (a kustomize directory or a
 * `kubectl get -o yaml` of several kinds holds more than profiles); they are
 * added to `skipped` so the caller can say so.
 */
export function readProfiles(text: string, file: string, skipped: SkippedDocument[] = []): InputProfile[] {
  const out: InputProfile[] = [];
  for (const doc of documents(text)) {
    try {
      readDocument(doc, file, skipped, out);
    } catch (err) {
      throw err instanceof SpecError ? inWholeFile(err, doc.line - 1) : err;
    }
  }
  return out;
}

/**
 * The error with its line counted in the whole file. Each document is parsed
 * on its own (padding it with the lines before it made a stream of n
 * documents cost n squared), so its lines start at 1.
 */
function inWholeFile(err: SpecError, offset: number): SpecError {
  const d = err.diagnostic;
  return d.line === undefined || offset === 0 ? err : new SpecError({ ...d, line: d.line + offset });
}

function shiftLines(warnings: Diagnostic[], offset: number): Diagnostic[] {
  return offset === 0 ? warnings : warnings.map((w) => (w.line === undefined ? w : { ...w, line: w.line + offset }));
}

function readDocument(doc: { text: string; line: number }, file: string, skipped: SkippedDocument[], out: InputProfile[]): void {
  const offset = doc.line - 1;
  // A block-style profile names its kind on a top-level line: no need to parse it twice.
  if (sniffKind(doc.text) === "ServiceProfile") {
    const loaded = parseProfileText(doc.text, file);
    out.push({ file, line: doc.line, profile: loaded.profile, warnings: shiftLines(loaded.warnings, offset) });
    return;
  }
  const value = parseData(doc.text, file);
  const kind = value && typeof value === "object" ? (value as { kind?: unknown }).kind : undefined;
  if (kind === "List" && Array.isArray((value as { items?: unknown }).items)) {
    ((value as { items: unknown[] }).items ?? []).forEach((item) => {
      const itemKind = item && typeof item === "object" ? (item as { kind?: unknown }).kind : undefined;
      if (itemKind !== "ServiceProfile") {
        skipped.push({ line: doc.line, kind: kindName(itemKind) });
        return;
      }
      const loaded = parseProfileText(JSON.stringify(item), file);
      out.push({ file, line: doc.line, profile: loaded.profile, warnings: loaded.warnings.map(({ line: _l, column: _c, ...w }) => w) });
    });
    return;
  }
  if (kind !== "ServiceProfile") {
    skipped.push({ line: doc.line, kind: kindName(kind) });
    return;
  }
  const loaded = parseProfileText(doc.text, file);
  out.push({ file, line: doc.line, profile: loaded.profile, warnings: shiftLines(loaded.warnings, offset) });
}
