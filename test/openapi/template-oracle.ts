/**
 * An independent, regex-free model of what a path template means: literal
 * text, and `{param}` placeholders that stand for any run of characters other
 * than `/`. Tests compare the generated regexes against it.
 */

type Piece = { literal: string } | { param: string };

/** Splits a template at `{...}` placeholders (leftmost first, no nesting), as Linkerd does. */
export function templatePieces(template: string): Piece[] {
  const pieces: Piece[] = [];
  let i = 0;
  let literal = "";
  while (i < template.length) {
    const close = template[i] === "{" ? template.indexOf("}", i + 1) : -1;
    if (close !== -1) {
      if (literal) pieces.push({ literal });
      literal = "";
      pieces.push({ param: template.slice(i + 1, close) });
      i = close + 1;
    } else {
      literal += template[i];
      i++;
    }
  }
  if (literal) pieces.push({ literal });
  return pieces;
}

/** True when `path` is an instance of `template` (each placeholder filled with a `/`-free string). */
export function templateMatches(template: string, path: string): boolean {
  const pieces = templatePieces(template);
  const match = (pi: number, at: number): boolean => {
    if (pi === pieces.length) return at === path.length;
    const piece = pieces[pi]!;
    if ("literal" in piece) return path.startsWith(piece.literal, at) && match(pi + 1, at + piece.literal.length);
    for (let end = at; end <= path.length; end++) {
      if (match(pi + 1, end)) return true;
      if (path[end] === "/") return false;
    }
    return false;
  };
  return match(0, 0);
}

function fill(template: string, value: string): string {
  return templatePieces(template)
    .map((p) => ("literal" in p ? p.literal : value))
    .join("");
}

/** Concrete request paths for a template: placeholders filled with sample values. */
export function concretePaths(template: string): string[] {
  return [...new Set([fill(template, "42"), fill(template, "abc-1")])];
}

const META = new Set("\\.+*?()|[]{}^$");

/**
 * Paths that differ from a concrete instance at one regex metacharacter of the
 * literal text (replaced, removed, doubled, or replaced by its predecessor):
 * an unescaped metacharacter would let the regex match some of them.
 */
export function nearMisses(template: string): string[] {
  const out = new Set<string>();
  const pieces = templatePieces(template);
  pieces.forEach((piece, pi) => {
    if (!("literal" in piece)) return;
    for (let i = 0; i < piece.literal.length; i++) {
      const c = piece.literal[i]!;
      if (!META.has(c)) continue;
      const prev = i > 0 ? piece.literal[i - 1]! : "a";
      for (const replacement of ["x", "", c + c, prev, "/"]) {
        const changed = piece.literal.slice(0, i) + replacement + piece.literal.slice(i + 1);
        out.add(pieces.map((p, j) => (j === pi ? changed : "literal" in p ? p.literal : "42")).join(""));
      }
    }
  });
  return [...out];
}
