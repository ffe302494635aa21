/**
 * Which routes can match a path at all, without trying every route: each
 * match has a literal prefix every path it matches starts with ("" when it
 * is not known), and a trie of those prefixes gives, for one path, the
 * routes worth asking. Asking only them gives the same answer as asking all
 * of them, so a precedence check over n requests and n routes costs about
 * n times the path length instead of n squared.
 */
import { hasTopLevelAlternation } from "./condition.js";
import type { GrpcRoute, HttpRouteMatch, RouteObject } from "../model/gateway.js";

interface Node {
  items: number[];
  next: Map<string, Node>;
}

/** Items (by their index) filed under literal path prefixes. */
export class PrefixIndex {
  private readonly root: Node = { items: [], next: new Map() };

  add(prefix: string, item: number): void {
    let node = this.root;
    for (const ch of prefix) {
      let child = node.next.get(ch);
      if (!child) {
        child = { items: [], next: new Map() };
        node.next.set(ch, child);
      }
      node = child;
    }
    if (node.items[node.items.length - 1] !== item) node.items.push(item);
  }

  /** Every item with a prefix the path starts with, each once, in ascending order. */
  candidates(path: string): number[] {
    const out = new Set<number>(this.root.items);
    let node: Node | undefined = this.root;
    for (const ch of path) {
      node = node.next.get(ch);
      if (!node) break;
      for (const i of node.items) out.add(i);
    }
    return [...out].sort((a, b) => a - b);
  }
}

/**
 * A literal prefix of every path the regex matches when its match must
 * start at the path's first character ("" when unknown): plain and escaped
 * characters up to the first metacharacter, less one made optional.
 */
export function regexLiteralPrefix(regex: string): string {
  const re = regex.startsWith("^") ? regex.slice(1) : regex;
  if (hasTopLevelAlternation(re)) return "";
  let out = "";
  for (let i = 0; i < re.length; i++) {
    const c = re[i]!;
    const next = re[i + 1] ?? "";
    let ch: string | undefined;
    if (c === "\\" && /[^A-Za-z0-9]/.test(next)) {
      ch = next;
      i++;
    } else if (!/[\\.+*?()[\]{}^$|]/.test(c)) ch = c;
    if (ch === undefined || /[*?{]/.test(re[i + 1] ?? "")) break;
    out += ch;
  }
  return out;
}

/** The literal prefix of one HTTPRoute match's path, as the proxy matches it (selection.ts pathScore). */
function httpMatchPrefix(m: HttpRouteMatch): string {
  const p = m.path;
  if (!p) return "";
  if (p.type === "Exact") return p.value;
  if (p.type === "PathPrefix") return p.value.replace(/\/+$/, "");
  // A regex counts only when its match spans the path, so it starts at the first character.
  return regexLiteralPrefix(p.value);
}

/** The route objects (by index) as a prefix index over every match of every rule. */
export function routeObjectIndex(objects: readonly RouteObject[]): PrefixIndex {
  const index = new PrefixIndex();
  objects.forEach((o, i) => {
    for (const rule of o.spec.rules) {
      const matches = rule.matches ?? [];
      if (matches.length === 0) index.add("", i);
      if (o.kind === "HTTPRoute") for (const m of matches as HttpRouteMatch[]) index.add(httpMatchPrefix(m), i);
      else {
        for (const m of matches as NonNullable<GrpcRoute["spec"]["rules"][number]["matches"]>) {
          const s = m.method?.service;
          const name = m.method?.method;
          index.add(s === undefined ? "" : name === undefined ? `/${s}/` : `/${s}/${name}`, i);
        }
      }
    }
  });
  return index;
}
