/**
 * The source tree keeps the shape docs/architecture.md draws: every folder of
 * src/ sits on one floor, imports run only to lower floors (never up, never
 * in a circle, type-only imports included), and the page describes every
 * folder there is.
 */
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../helpers/runtimes.js";

const SRC = path.join(REPO_ROOT, "src");

/** Lowest first. A folder may import from its own floor's other folders only where listed in SIDEWAYS. */
const FLOORS: string[][] = [
  ["model", "generated", "version"],
  ["matching"],
  ["files", "render"],
  ["git"],
  ["lint"],
  ["targets"],
  ["sources"],
  ["tap"],
  ["repo"],
  ["guard"],
  ["migrate"],
  ["diff"],
  ["github", "kustomize"],
  ["index"],
  ["action", "cli"],
];
const SIDEWAYS = new Set(["files->render", "render->files", "action->github", "cli->kustomize"]);

function floorOf(folder: string): number {
  const i = FLOORS.findIndex((f) => f.includes(folder));
  if (i < 0) throw new Error(`src/${folder} is on no floor: add it to FLOORS here and to docs/architecture.md`);
  return i;
}

interface Edge {
  from: string;
  to: string;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (/\.ts$/.test(e.name) && !e.name.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

function importEdges(): Edge[] {
  const edges: Edge[] = [];
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?\sfrom\s+["'](\.{1,2}\/[^"']+)["']/g)) {
      const target = path.resolve(path.dirname(file), m[1]!).replace(/\.js$/, ".ts");
      edges.push({ from: path.relative(SRC, file), to: path.relative(SRC, target) });
    }
  }
  return edges;
}

const top = (rel: string) => rel.split(path.sep)[0]!.replace(/\.ts$/, "");

describe("the source tree's floors", () => {
  const edges = importEdges();

  it("reads the imports", () => {
    expect(edges.length).toBeGreaterThan(300);
  });

  it("imports only downward between folders", () => {
    const upward = edges.filter((e) => {
      const a = top(e.from);
      const b = top(e.to);
      if (a === b || SIDEWAYS.has(`${a}->${b}`)) return false;
      return floorOf(a) <= floorOf(b);
    });
    expect(upward.map((e) => `${e.from} -> ${e.to}`)).toEqual([]);
  });

  it("has no import cycle between files", () => {
    const graph = new Map<string, string[]>();
    for (const e of edges) graph.set(e.from, [...(graph.get(e.from) ?? []), e.to]);
    const state = new Map<string, 1 | 2>();
    const stack: string[] = [];
    const cycles: string[] = [];
    const visit = (n: string) => {
      state.set(n, 1);
      stack.push(n);
      for (const m of graph.get(n) ?? []) {
        if (state.get(m) === 1) cycles.push([...stack.slice(stack.indexOf(m)), m].join(" -> "));
        else if (!state.has(m)) visit(m);
      }
      stack.pop();
      state.set(n, 2);
    };
    for (const n of graph.keys()) if (!state.has(n)) visit(n);
    expect(cycles).toEqual([]);
  });

  it("is described folder by folder in docs/architecture.md", () => {
    const page = readFileSync(path.join(REPO_ROOT, "docs/architecture.md"), "utf8");
    const folders = readdirSync(SRC, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    for (const f of folders) {
      floorOf(f);
      expect(page, `docs/architecture.md does not mention src/${f}/`).toContain(`src/${f}/`);
    }
  });
});
