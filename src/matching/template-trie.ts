/**
 * Path templates in a trie of segment patterns, one per method and segment
 * count (a parameter never matches `/`, so nothing else can meet). It answers
 * "which templates can match a request this template matches" by walking
 * only the branches whose segments still meet: a literal segment goes to its
 * own literal child in one lookup, and only children with parameters are
 * tried one by one. Used for overlap groups (overlap.ts) and by the
 * shadowing lint, which asks whether any earlier route takes a request.
 */
import { segmentIntersection, type Segment } from "./template-paths.js";

/**
 * A node's children of one kind, by segment key: the only child itself, or a
 * map once there are two (two nodes in three have at most one child of a
 * kind; a map each was 5 MB of the Graph beta profile's 13 MB trie).
 */
type Children = TrieNode | Map<string, TrieNode> | undefined;

interface TrieNode {
  segment: Segment | undefined;
  /** Children whose segment is a literal (its key is the literal). */
  literals: Children;
  /** Children whose segment has a parameter. */
  patterns: Children;
  /** Ids of the templates that end here, ascending. */
  leaves: number[] | undefined;
  /** The smallest id anywhere below (ids are added in ascending order, so the first one). */
  min: number;
}

function newNode(segment: Segment | undefined, id: number): TrieNode {
  return { segment, literals: undefined, patterns: undefined, leaves: undefined, min: id };
}

function child(children: Children, key: string): TrieNode | undefined {
  if (children === undefined) return undefined;
  if (children instanceof Map) return children.get(key);
  return children.segment!.key === key ? children : undefined;
}

/** The children with one more, in the order they were added. */
function withChild(children: Children, node: TrieNode): Children {
  if (children === undefined) return node;
  if (children instanceof Map) return children.set(node.segment!.key, node);
  return new Map([
    [children.segment!.key, children],
    [node.segment!.key, node],
  ]);
}

/** Pushes each child whose segment meets `seg`. */
function pushMeeting(children: Children, seg: Segment, out: TrieNode[]): void {
  if (children === undefined) return;
  if (!(children instanceof Map)) {
    if (segmentIntersection(seg, children.segment!) !== undefined) out.push(children);
    return;
  }
  for (const c of children.values()) if (segmentIntersection(seg, c.segment!) !== undefined) out.push(c);
}

export class TemplateTrie {
  private readonly roots = new Map<string, TrieNode>();
  private last = -Infinity;

  /** Adds a template under an id; ids must come in ascending order. */
  add(id: number, method: string, segments: readonly Segment[]): void {
    if (id <= this.last) throw new Error(`template ids must ascend (${id} after ${this.last})`);
    this.last = id;
    const key = `${method} ${segments.length}`;
    let node: TrieNode | undefined = this.roots.get(key);
    if (!node) this.roots.set(key, (node = newNode(undefined, id)));
    for (const seg of segments) {
      const parent: TrieNode = node;
      const literal = seg.literal !== undefined;
      let next = child(literal ? parent.literals : parent.patterns, seg.key);
      if (!next) {
        next = newNode(seg, id);
        if (literal) parent.literals = withChild(parent.literals, next);
        else parent.patterns = withChild(parent.patterns, next);
      }
      node = next;
    }
    // `[id]`, not `[]` and push: most nodes end one template, and a pushed array keeps room for 17.
    if (node.leaves) node.leaves.push(id);
    else node.leaves = [id];
  }

  /**
   * Calls `visit` with each id below `limit` whose template meets `segments`
   * in every segment; a `visit` that returns true stops the walk. Subtrees
   * holding only ids at or above the limit are skipped.
   */
  private walk(method: string, segments: readonly Segment[], limit: number, visit: (id: number) => boolean | void): void {
    const root = this.roots.get(`${method} ${segments.length}`);
    if (!root) return;
    // Two parallel stacks, not [node, depth] pairs: this walk runs several times per route.
    const nodes: TrieNode[] = [root];
    const depths: number[] = [0];
    while (nodes.length) {
      const node = nodes.pop()!;
      const depth = depths.pop()!;
      if (node.min >= limit) continue;
      if (depth === segments.length) {
        for (const id of node.leaves ?? []) {
          if (id >= limit) break;
          if (visit(id) === true) return;
        }
        continue;
      }
      const seg = segments[depth]!;
      if (seg.literal !== undefined) {
        const same = child(node.literals, seg.literal);
        if (same) nodes.push(same);
      } else {
        pushMeeting(node.literals, seg, nodes);
      }
      pushMeeting(node.patterns, seg, nodes);
      while (depths.length < nodes.length) depths.push(depth + 1);
    }
  }

  /** Ids below `limit` of the templates that can match a request `segments` matches, ascending. */
  meeting(method: string, segments: readonly Segment[], limit = Infinity): number[] {
    const out: number[] = [];
    this.walk(method, segments, limit, (id) => {
      out.push(id);
    });
    return out.length > 1 ? out.sort((a, b) => a - b) : out;
  }

  /** Whether any template with an id below `limit` can match a request `segments` matches. */
  anyMeeting(method: string, segments: readonly Segment[], limit: number): boolean {
    let found = false;
    this.walk(method, segments, limit, () => (found = true));
    return found;
  }
}
