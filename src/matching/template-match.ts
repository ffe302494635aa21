/**
 * Does a path template take a path? The meaning is Linkerd's PathToRegex
 * (`{...}` becomes `[^/]*`, everything else literal) as a whole-path match,
 * but no regex is built: templates made from recorded traffic can be as long
 * as the longest recorded path, and V8 refuses (at match time) a regex that
 * large. Matching is linear-ish: a wildcard never crosses `/`, so segments
 * pair up one to one, and within one segment the literal pieces between
 * wildcards are found left to right (the classic greedy glob match).
 */

/** One path segment of a template: literal pieces, with a wildcard between each two. */
type SegmentPattern = string[];

/** A template split at `/` into segment patterns. */
export type CompiledTemplate = SegmentPattern[];

export function compileTemplate(template: string): CompiledTemplate {
  const segments: CompiledTemplate = [];
  let pieces: string[] = [];
  let literal = "";
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!;
    if (c === "{") {
      const close = template.indexOf("}", i + 1);
      if (close !== -1) {
        // A `{...}` holding `/` still becomes one `[^/]*`, as PathToRegex does.
        pieces.push(literal);
        literal = "";
        i = close;
        continue;
      }
    }
    if (c === "/") {
      pieces.push(literal);
      segments.push(pieces);
      pieces = [];
      literal = "";
      continue;
    }
    literal += c;
  }
  pieces.push(literal);
  segments.push(pieces);
  return segments;
}

function segmentMatches(pieces: SegmentPattern, text: string): boolean {
  if (pieces.length === 1) return text === pieces[0];
  const first = pieces[0]!;
  const last = pieces[pieces.length - 1]!;
  if (text.length < first.length + last.length || !text.startsWith(first) || !text.endsWith(last)) return false;
  let at = first.length;
  const end = text.length - last.length;
  for (let k = 1; k < pieces.length - 1; k++) {
    const piece = pieces[k]!;
    const found = text.indexOf(piece, at);
    if (found === -1 || found + piece.length > end) return false;
    at = found + piece.length;
  }
  return true;
}

/** Whether the whole `path` matches the compiled template. */
export function templateMatches(compiled: CompiledTemplate, path: string): boolean {
  const parts = path.split("/");
  if (parts.length !== compiled.length) return false;
  for (let i = 0; i < parts.length; i++) if (!segmentMatches(compiled[i]!, parts[i]!)) return false;
  return true;
}
