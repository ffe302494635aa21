/**
 * Which routes can match the same request. A ServiceProfile picks the first
 * route in list order; Linkerd's Gateway API matching picks the most specific
 * rule and breaks ties by creationTimestamp and name. Routes that cannot
 * match a common request need no care; routes that can are put in overlap
 * groups, so the emitter can keep each group's order inside one object.
 *
 * Routes are compared through their path templates: same method, same number
 * of segments (a parameter never matches `/`), and every segment pair has a
 * common string. A trie of segments keeps the walk to the branches that can
 * still overlap.
 */
import { templateIntersection, templateSegments, type Token } from "./paths.js";

export interface OverlapInput {
  method: string;
  template: string;
}

export interface Overlap {
  /** Indexes into the input, first < second. */
  first: number;
  second: number;
  /** A path both match. */
  example: string;
}

export interface OverlapAnalysis {
  /** Each group lists input indexes in input order; every input is in exactly one group. */
  groups: number[][];
  /** Every overlapping pair, in input order. */
  overlaps: Overlap[];
}

interface TrieNode {
  segment: Token[] | undefined;
  literal: string | undefined;
  children: Map<string, TrieNode>;
  leaves: number[];
}

function newNode(segment?: Token[]): TrieNode {
  return { segment, literal: segment && segment.every((t) => t !== null) ? segment.join("") : undefined, children: new Map(), leaves: [] };
}

function segmentKey(segment: Token[]): string {
  return segment.map((t) => (t === null ? "\u0000" : t)).join("");
}

class UnionFind {
  private readonly parent: number[];
  constructor(n: number) {
    this.parent = Array.from({ length: n }, (_, i) => i);
  }
  find(x: number): number {
    while (this.parent[x] !== x) {
      this.parent[x] = this.parent[this.parent[x]!]!;
      x = this.parent[x]!;
    }
    return x;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

export function analyzeOverlaps(routes: readonly OverlapInput[]): OverlapAnalysis {
  const segments = routes.map((r) => templateSegments(r.template));
  // One trie per method and segment count: nothing else can overlap.
  const tries = new Map<string, TrieNode>();
  routes.forEach((r, i) => {
    const key = `${r.method} ${segments[i]!.length}`;
    let node: TrieNode | undefined = tries.get(key);
    if (!node) tries.set(key, (node = newNode()));
    for (const seg of segments[i]!) {
      const k = segmentKey(seg);
      let child: TrieNode | undefined = node.children.get(k);
      if (!child) node.children.set(k, (child = newNode(seg)));
      node = child;
    }
    node.leaves.push(i);
  });

  const uf = new UnionFind(routes.length);
  const overlaps: Overlap[] = [];
  routes.forEach((r, i) => {
    const mine = segments[i]!;
    const root = tries.get(`${r.method} ${mine.length}`)!;
    const candidates: number[] = [];
    const walk = (node: TrieNode, depth: number): void => {
      if (depth === mine.length) {
        for (const j of node.leaves) if (j > i) candidates.push(j);
        return;
      }
      const seg = mine[depth]!;
      const literal = seg.every((t) => t !== null) ? seg.join("") : undefined;
      if (literal !== undefined) {
        // A literal segment meets its own literal and the parameter branches only.
        const same = node.children.get(literal);
        if (same) walk(same, depth + 1);
        for (const child of node.children.values()) if (child.literal === undefined && templateIntersection([seg], [child.segment!]) !== undefined) walk(child, depth + 1);
      } else {
        for (const child of node.children.values()) if (templateIntersection([seg], [child.segment!]) !== undefined) walk(child, depth + 1);
      }
    };
    walk(root, 0);
    for (const j of candidates) {
      const example = templateIntersection(mine, segments[j]!);
      if (example === undefined) continue;
      overlaps.push({ first: i, second: j, example });
      uf.union(i, j);
    }
  });
  overlaps.sort((a, b) => a.first - b.first || a.second - b.second);

  const byRoot = new Map<number, number[]>();
  routes.forEach((_, i) => {
    const root = uf.find(i);
    const group = byRoot.get(root);
    if (group) group.push(i);
    else byRoot.set(root, [i]);
  });
  return { groups: [...byRoot.values()].sort((a, b) => a[0]! - b[0]!), overlaps };
}
