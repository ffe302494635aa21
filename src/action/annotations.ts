/**
 * Problems -> GitHub annotations on the file and line they are about.
 * GitHub shows at most ten annotations of each level per step, so the tenth
 * says how many more there are instead of being silently dropped.
 */
import { formatDiagnostic, type Diagnostic } from "../model/diagnostic.js";
import type { StaleFile } from "./engine.js";

export type AnnotationLevel = "error" | "warning" | "notice";

export interface Annotation {
  level: AnnotationLevel;
  title: string;
  message: string;
  file?: string;
  startLine?: number;
  startColumn?: number;
}

/** GitHub's per-step display limit for each level. */
export const ANNOTATIONS_PER_LEVEL = 10;

export function diagnosticAnnotation(d: Diagnostic, title: string): Annotation {
  const place = d.pointer !== undefined && d.pointer !== "" ? ` (at ${d.pointer})` : "";
  const hint = d.hint ? `\nHint: ${d.hint}` : "";
  const a: Annotation = { level: d.severity === "warning" ? "warning" : "error", title, message: `${d.message}${place}${hint}` };
  if (d.file) a.file = d.file;
  if (d.file && d.line !== undefined) a.startLine = d.line;
  if (d.file && d.line !== undefined && d.column !== undefined) a.startColumn = d.column;
  return a;
}

export function staleAnnotation(file: StaleFile, fixCommand: string, asError: boolean): Annotation {
  const why =
    file.reason === "missing"
      ? "is not committed, but the specs generate it"
      : file.reason === "orphaned"
        ? "belongs to a service no longer in the config"
        : "does not match what the specs generate";
  return {
    level: asError ? "error" : "warning",
    title: "Stale ServiceProfile",
    file: file.path,
    // A missing file has no line to point at; GitHub then shows the annotation on the run.
    ...(file.reason === "missing" ? {} : { startLine: 1 }),
    message: `${file.path} ${why}. Run \`${fixCommand}\` and commit the result.`,
  };
}

export interface AnnotationInput {
  errors: Diagnostic[];
  warnings: Diagnostic[];
  stale: StaleFile[];
  staleAsError: boolean;
  fixCommand: string;
}

export function annotationsFor(input: AnnotationInput): Annotation[] {
  const list = [
    ...input.errors.map((d) => diagnosticAnnotation(d, "ServiceProfile generation failed")),
    ...input.stale.map((s) => staleAnnotation(s, input.fixCommand, input.staleAsError)),
    ...input.warnings.map((d) => diagnosticAnnotation(d, "ServiceProfile generation warning")),
  ];
  return capAnnotations(list);
}

/** Keeps the first nine of a level and folds the rest into a tenth. */
export function capAnnotations(list: Annotation[], perLevel = ANNOTATIONS_PER_LEVEL): Annotation[] {
  const out: Annotation[] = [];
  for (const level of ["error", "warning", "notice"] as const) {
    const ofLevel = list.filter((a) => a.level === level);
    if (ofLevel.length <= perLevel) {
      out.push(...ofLevel);
      continue;
    }
    out.push(...ofLevel.slice(0, perLevel - 1));
    const rest = ofLevel.length - (perLevel - 1);
    out.push({ level, title: `${rest} more`, message: `${rest} more ${level}s are listed in the job summary.` });
  }
  return out;
}

/** The one-line form for the log, next to each annotation. */
export function diagnosticLine(d: Diagnostic): string {
  return formatDiagnostic(d);
}
