/**
 * Errors are values with places: every problem the engine finds carries the
 * file it is in and, where known, a line/column or a JSON pointer. Faces decide
 * how to show them (stderr, GitHub annotations, KRM results).
 */
export type Severity = "error" | "warning";

export interface Diagnostic {
  severity: Severity;
  message: string;
  /** Repository-relative (or user-given) path of the file the problem is in. */
  file?: string;
  /** 1-based line and column. */
  line?: number;
  column?: number;
  /** RFC 6901 JSON pointer into the file's document. */
  pointer?: string;
  /** What the user can do about it. */
  hint?: string;
  /** Names a kind of finding that faces treat apart (e.g. "route-shadowed", listed per profile in the diff). */
  code?: string;
}

/** Thrown by the engine for problems in user input; carries a Diagnostic. */
export class SpecError extends Error {
  readonly diagnostic: Diagnostic;
  constructor(diagnostic: Omit<Diagnostic, "severity"> & { severity?: Severity }) {
    super(diagnostic.message);
    this.name = "SpecError";
    this.diagnostic = { severity: "error", ...diagnostic };
  }
}

export function isSpecError(err: unknown): err is SpecError {
  return err instanceof SpecError;
}

/** `file:line:col: message (at pointer)` plus the hint on its own line. */
export function formatDiagnostic(d: Diagnostic): string {
  let place = d.file ?? "";
  if (d.file && d.line !== undefined) {
    place += `:${d.line}`;
    if (d.column !== undefined) place += `:${d.column}`;
  }
  const head = place ? `${place}: ` : "";
  const where = d.pointer !== undefined && d.pointer !== "" ? ` (at ${d.pointer})` : "";
  const label = d.severity === "warning" ? "warning: " : "";
  const hint = d.hint ? `\n  hint: ${d.hint}` : "";
  return `${head}${label}${d.message}${where}${hint}`;
}

/** Escapes one JSON pointer token (RFC 6901). */
export function pointerToken(token: string | number): string {
  const text = String(token);
  // Most tokens need no escape; the test is cheaper than two replaces (a spec walk makes one per child).
  return /[~/]/.test(text) ? text.replace(/~/g, "~0").replace(/\//g, "~1") : text;
}

export function joinPointer(base: string, ...tokens: (string | number)[]): string {
  if (tokens.length === 1) return `${base}/${pointerToken(tokens[0]!)}`;
  return base + tokens.map((t) => "/" + pointerToken(t)).join("");
}

export function splitPointer(pointer: string): string[] {
  if (pointer === "" || pointer === "#") return [];
  return pointer
    .replace(/^#/, "")
    .split("/")
    .slice(1)
    .map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
}
