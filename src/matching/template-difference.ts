/**
 * "Template A minus templates B1..Bk" as an RE2/Rust regex without
 * look-around: the paths A matches that no B matches. The Gateway API
 * emitter uses it when overlapping routes cannot share one object (their
 * retry or timeout annotations differ): the later route's regex gives up the
 * paths an earlier route takes, so no request's winner rests on
 * creationTimestamp.
 *
 * Templates of one segment count are worked segment by segment (a parameter
 * is `[^/]*`, as PathToRegex writes it). At each segment, every B still alive
 * either covers A's segment (takes all of it) or is a literal; the segment
 * splits into "one of those literals" and "anything else A takes", and the
 * B's that are left alive decide the rest. Literals are cut out of a segment
 * with a trie (`{id}` minus `new`:
 * `(?:[^/n][^/]*|n(?:[^/e][^/]*|e(?:[^/w][^/]*|w[^/]+)?)?)?`).
 * Shapes outside that (a B segment with a parameter that does not cover A's,
 * a literal cut from a segment with two parameters) give undefined, as does a
 * result longer than the caller's budget: the caller warns instead.
 */
import { quoteMeta as quote } from "../model/path-regex.js";
import { patternMatches, segmentCovers, segmentIntersection, type Segment } from "./template-paths.js";

/** A character inside `[^...]`: letters and digits as they are, ASCII punctuation escaped (both engines allow it). */
function classChar(c: string): string {
  if (/^[A-Za-z0-9]$/.test(c)) return c;
  if (/^[\x21-\x7e]$/.test(c)) return `\\${c}`;
  return `\\x{${c.codePointAt(0)!.toString(16).toUpperCase()}}`;
}

interface TrieNode {
  end: boolean;
  next: Map<string, TrieNode>;
}

function trieOf(words: Iterable<string>): TrieNode {
  const root: TrieNode = { end: false, next: new Map() };
  for (const w of words) {
    let node = root;
    for (const c of w) {
      let child = node.next.get(c);
      if (!child) node.next.set(c, (child = { end: false, next: new Map() }));
      node = child;
    }
    node.end = true;
  }
  return root;
}

/** Strings of `[^/]*` that are not one of the trie's words (read from `node` on); `grow` is told each piece's length, to stop early. */
function notWords(node: TrieNode, grow: (n: number) => void): string {
  if (node.next.size === 0) return node.end ? "[^/]+" : "[^/]*";
  const alternatives = [`[^/${[...node.next.keys()].map(classChar).join("")}][^/]*`];
  grow(alternatives[0]!.length + 5);
  for (const [c, child] of node.next) alternatives.push(quote(c) + notWords(child, grow));
  const body = alternatives.join("|");
  return node.end ? `(?:${body})` : `(?:${body})?`;
}

/** A segment's own regex: its literal runs quoted, a parameter `[^/]*`. */
export function segmentRegex(seg: Segment): string {
  return seg.params === 0 ? quote(seg.literal!) : seg.runs.map(quote).join("[^/]*");
}

/** Bounds the work of one subtraction, whatever the routes (each step costs one pass over the live B's). */
const MAX_WORK = 20_000;

class TooBig extends Error {}

/**
 * The regex (unanchored body, no top-level `|`) of the paths `a` matches and
 * none of `minus` does; every template in `minus` must have a's segment count.
 * Undefined when no path is left, when a shape is not handled (above), or when
 * the regex would be longer than `budget` characters.
 */
export function templateDifference(a: readonly Segment[], minus: readonly (readonly Segment[])[], budget: number): string | undefined {
  if (minus.some((b) => b.length !== a.length)) return undefined;
  let work = 0;
  let length = 0;
  const grow = (n: number) => {
    length += n;
    // Pieces of branches that come to nothing count too, so allow slack; the exact check is at the end.
    if (length > budget * 4 || (work += 1) > MAX_WORK) throw new TooBig();
  };
  // Paths of segments i.. (joined by "/") that a takes and none of `alive` does; undefined: none.
  const rest = (i: number, alive: readonly (readonly Segment[])[]): string | undefined => {
    if (i === a.length) return alive.length === 0 ? "" : undefined;
    if (alive.length === 0) {
      const text = a.slice(i).map(segmentRegex).join("/");
      grow(text.length);
      return text;
    }
    work += alive.length;
    const seg = a[i]!;
    const covering: (readonly Segment[])[] = [];
    const byLiteral = new Map<string, (readonly Segment[])[]>();
    for (const b of alive) {
      const s = b[i]!;
      // A B that cannot meet a's segment is out of the way from here on.
      if (segmentIntersection(s, seg) === undefined) continue;
      if (segmentCovers(s, seg) === true) covering.push(b);
      else if (s.params === 0) {
        if (seg.params === 0 || !patternMatches(seg, s.literal!)) continue;
        const list = byLiteral.get(s.literal!);
        if (list) list.push(b);
        else byLiteral.set(s.literal!, [b]);
      } else throw new TooBig();
    }
    const sep = i + 1 < a.length ? "/" : "";
    const parts: string[] = [];
    let own: string;
    if (byLiteral.size === 0) {
      own = segmentRegex(seg);
      grow(own.length + sep.length);
    } else {
      // One parameter: the value it takes is the literal without a's prefix and suffix.
      if (seg.params !== 1) throw new TooBig();
      const [prefix, suffix] = [seg.runs[0]!, seg.runs[1]!];
      own = quote(prefix) + notWords(trieOf([...byLiteral.keys()].map((w) => w.slice(prefix.length, w.length - suffix.length))), grow) + quote(suffix);
      grow(quote(prefix).length + quote(suffix).length + sep.length);
    }
    const tail = rest(i + 1, covering);
    if (tail !== undefined) parts.push(own + sep + tail);
    for (const [literal, list] of byLiteral) {
      const next = rest(i + 1, [...covering, ...list]);
      if (next === undefined) continue;
      const head = quote(literal) + sep;
      grow(head.length + 1);
      parts.push(head + next);
    }
    if (parts.length === 0) return undefined;
    return parts.length === 1 ? parts[0]! : `(?:${parts.join("|")})`;
  };
  try {
    const out = rest(0, minus);
    return out !== undefined && out.length <= budget ? out : undefined;
  } catch (err) {
    if (err instanceof TooBig) return undefined;
    throw err;
  }
}
