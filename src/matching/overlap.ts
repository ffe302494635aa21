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
 * still overlap (template-trie.ts).
 */
import { templateIntersection, templateSegments, type Segment } from "./template-paths.js";
import { TemplateTrie } from "./template-trie.js";

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
  const trie = new TemplateTrie();
  const uf = new UnionFind(routes.length);
  const overlaps: Overlap[] = [];
  const trieSegments: Segment[][] = [];
  const literals = new Map<string, Segment>();
  routes.forEach((r, i) => {
    const mine = templateSegments(r.template, literals);
    // Every earlier route this one meets; the trie holds only earlier routes yet.
    for (const j of trie.meeting(r.method, mine)) {
      overlaps.push({ first: j, second: i, example: templateIntersection(trieSegments[j]!, mine)! });
      uf.union(j, i);
    }
    trieSegments.push(mine);
    trie.add(i, r.method, mine);
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
