/**
 * Request paths folded into path templates as they stream in, in memory
 * bounded by the shape of the API rather than by the traffic: one node per
 * template segment, figures per method at the node where a path ends.
 *
 * A segment that looks like a value (segments.ts) goes straight to a
 * parameter child. A literal segment gets its own child until more than
 * `distinctValues` literal children with the same extension hang off one
 * node; then they are all folded into one `{name}` child (`{name}.js` for
 * file names), and later ones go there directly. Versions (`v1`) never count
 * and never fold.
 */
import { classifySegment, extensionOf, isVersionSegment } from "./segments.js";
import { addExample, mergeStats, newStats, type RouteStats } from "./stats.js";

export const DEFAULT_DISTINCT_VALUES = 20;

type ParamKind = "id" | "uuid" | "name";

interface PathNode {
  literals: Map<string, PathNode>;
  /** Key: `<kind>|<suffix>`. */
  params: Map<string, PathNode>;
  /** Literal children per extension group (versions excluded). */
  groupSizes: Map<string, number>;
  /** Extension groups already folded into `{name}<ext>`. */
  folded: Set<string>;
  /** Method -> figures of requests whose path ends here. */
  ends: Map<string, RouteStats>;
}

function newNode(): PathNode {
  return { literals: new Map(), params: new Map(), groupSizes: new Map(), folded: new Set(), ends: new Map() };
}

export interface TemplateSegment {
  literal?: string;
  param?: ParamKind;
  suffix?: string;
}

export interface PathTemplateGroup {
  method: string;
  segments: TemplateSegment[];
  stats: RouteStats;
}

export class PathTrie {
  private readonly root = newNode();
  private readonly distinctValues: number;

  constructor(distinctValues = DEFAULT_DISTINCT_VALUES) {
    this.distinctValues = distinctValues;
  }

  /** Counts a request; returns the figures record it was counted in. `path` must start with "/" and have no query. */
  add(method: string, path: string, seq: number, example: string): RouteStats {
    let node = this.root;
    for (const segment of path.slice(1).split("/")) node = this.child(node, segment);
    let stats = node.ends.get(method);
    if (!stats) {
      stats = newStats(seq);
      node.ends.set(method, stats);
    }
    stats.requests++;
    addExample(stats, example);
    return stats;
  }

  private child(node: PathNode, segment: string): PathNode {
    const cls = classifySegment(segment);
    if (cls.kind === "param") return getOrCreate(node.params, `${cls.param}|${cls.suffix}`);
    const existing = node.literals.get(segment);
    if (existing) return existing;
    if (cls.kind === "version") return getOrCreate(node.literals, segment);
    const group = extensionOf(segment);
    if (node.folded.has(group)) return getOrCreate(node.params, `name|${group}`);
    const created = newNode();
    node.literals.set(segment, created);
    const size = (node.groupSizes.get(group) ?? 0) + 1;
    node.groupSizes.set(group, size);
    if (size > this.distinctValues) return this.fold(node, group);
    return created;
  }

  /** Folds every literal child of one extension group into `{name}<ext>`; returns that child. */
  private fold(node: PathNode, group: string): PathNode {
    const target = getOrCreate(node.params, `name|${group}`);
    for (const [segment, child] of [...node.literals]) {
      if (isVersionSegment(segment) || extensionOf(segment) !== group) continue;
      node.literals.delete(segment);
      this.mergeNode(target, child);
    }
    node.groupSizes.delete(group);
    node.folded.add(group);
    return target;
  }

  private mergeNode(into: PathNode, from: PathNode): void {
    for (const [method, stats] of from.ends) {
      const mine = into.ends.get(method);
      if (mine) mergeStats(mine, stats);
      else into.ends.set(method, stats);
    }
    for (const [key, child] of from.params) {
      const mine = into.params.get(key);
      if (mine) this.mergeNode(mine, child);
      else into.params.set(key, child);
    }
    for (const group of from.folded) {
      if (into.folded.has(group)) continue;
      // Fold the group in `into` first so the children below land in one place.
      this.fold(into, group);
    }
    for (const [segment, child] of from.literals) {
      const mine = into.literals.get(segment);
      if (mine) {
        this.mergeNode(mine, child);
        continue;
      }
      const group = extensionOf(segment);
      if (!isVersionSegment(segment) && into.folded.has(group)) {
        this.mergeNode(getOrCreate(into.params, `name|${group}`), child);
        continue;
      }
      into.literals.set(segment, child);
      if (isVersionSegment(segment)) continue;
      const size = (into.groupSizes.get(group) ?? 0) + 1;
      into.groupSizes.set(group, size);
      if (size > this.distinctValues) this.fold(into, group);
    }
  }

  /**
   * The templates, after folding parameters that differ only in kind at one
   * position (`{id}` and `{uuid}` give the same regex, so one would hide the
   * other): they become one `{id}`, or `{name}`/`{uuid}` when all agree.
   */
  finish(): PathTemplateGroup[] {
    const out: PathTemplateGroup[] = [];
    const walk = (node: PathNode, prefix: TemplateSegment[]) => {
      for (const [method, stats] of node.ends) out.push({ method, segments: prefix, stats });
      for (const [segment, child] of node.literals) walk(child, [...prefix, { literal: segment }]);
      const bySuffix = new Map<string, { kinds: Set<ParamKind>; nodes: PathNode[] }>();
      for (const [key, child] of node.params) {
        const [kind, suffix = ""] = key.split("|") as [ParamKind, string?];
        const entry = bySuffix.get(suffix) ?? { kinds: new Set(), nodes: [] };
        entry.kinds.add(kind);
        entry.nodes.push(child);
        bySuffix.set(suffix, entry);
      }
      for (const [suffix, { kinds, nodes }] of bySuffix) {
        const merged = nodes[0]!;
        for (const other of nodes.slice(1)) this.mergeNode(merged, other);
        const kind: ParamKind = kinds.size === 1 ? [...kinds][0]! : "id";
        walk(merged, [...prefix, { param: kind, suffix }]);
      }
    };
    walk(this.root, []);
    return out;
  }
}

function getOrCreate(map: Map<string, PathNode>, key: string): PathNode {
  let node = map.get(key);
  if (!node) {
    node = newNode();
    map.set(key, node);
  }
  return node;
}

/**
 * `/books/{id}/pages/{id2}`: parameters numbered from the second of a kind
 * on, so that names stay unique within a template as OpenAPI requires.
 */
export function templateText(segments: TemplateSegment[]): string {
  const seen = new Map<string, number>();
  const parts = segments.map((s) => {
    if (s.literal !== undefined) return s.literal;
    const n = (seen.get(s.param!) ?? 0) + 1;
    seen.set(s.param!, n);
    return `{${s.param}${n > 1 ? n : ""}}${s.suffix ?? ""}`;
  });
  return "/" + parts.join("/");
}
