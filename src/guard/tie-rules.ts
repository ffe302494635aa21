/**
 * `tie-across-objects`: two rules in different HTTPRoute objects of one
 * Service port that match some request with the same score, so the route
 * serving it is decided by which object is older.
 *
 * The proxy (linkerd2-proxy release/v2.359.0, the proxy version-2.20 ships,
 * `linkerd/http/route/src/lib.rs`, `find` and `best`) scores every rule of
 * every route by its best match (`RequestMatch`'s `Ord` in
 * `src/http/match.rs`: path score, then header count, query-parameter count,
 * method) and keeps the first of equal scores — first the earlier rule of a
 * route, then the earlier route, and the controller lists routes by
 * creationTimestamp, then name. Between objects that order is not in the
 * manifests: it differs between clusters and changes when one is re-created.
 *
 * Modelled matches: a path Exact, PathPrefix or RegularExpression (none
 * means PathPrefix /), an optional method, Exact headers and query
 * parameters. Path scores (`src/http/match/path.rs`): Exact and
 * RegularExpression the whole path's length, PathPrefix the trimmed
 * prefix's. So two whole-path matches tie on every path both match, two
 * prefixes only when equal, and a whole-path match ties with a prefix P
 * only on the path P itself. A pair is a tie when the rest of the score is
 * equal too (the same method or none, as many headers and query
 * parameters, none of them contradicting). Each tie's example request is
 * replayed against every rule of the Service: when some rule outscores it,
 * the tie never decides and the pair is not reported.
 *
 * Linear: candidates meet only through indexes (equal Exact values, equal
 * prefixes, a trie of the regexes' literal prefixes, as
 * src/matching/template-trie.ts meets templates), pair checks and replays
 * are capped per Service, and findings are grouped per object.
 */
import type { Manifest } from "./manifests.js";
import { routeName, type RawFinding } from "./route-rules.js";
import type { ServiceRoutes } from "./service-groups.js";
import { compileGatewayPathRegex, literalPrefix, translateRustRegex, type PathMatcher } from "../matching/proxy-regex.js";
import { LazyDfa, atomChar, atomsFor, charSetsOf, searchNfa } from "../matching/regex-automaton.js";
import { pathScore } from "../matching/gateway-selection.js";
import { templateIntersection, templateSegments } from "../matching/template-paths.js";
import { pathRegexTemplate } from "../model/path-regex.js";

/** Pairs of rules checked per Service port; the rest are not looked at. */
export const MAX_PAIR_CHECKS = 20_000;
/** Pairs of regexes whose intersection is searched on automata, per Service port. */
export const MAX_AUTOMATA_CHECKS = 500;
/** Ties replayed (and so reportable) per Service port. */
export const MAX_TIES = 100;
/** Product states searched for a path two regexes both match. */
const MAX_WITNESS_STATES = 1_000;
/** Methods tried for rules that name none, GET first. */
const METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];
/** Other objects named per finding; the rest are counted. */
const MAX_NAMED = 3;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

interface Pair {
  name: string;
  value: string;
}

interface Candidate {
  object: number;
  rule: number;
  kind: "Exact" | "PathPrefix" | "RegularExpression";
  /** Exact: the path; PathPrefix: the only path it ties a whole-path match on; RegularExpression: the regex. */
  value: string;
  method?: string;
  headers: Pair[];
  query: Pair[];
  /** Candidates meet only within one key: the method and the counts. */
  key: string;
  matcher?: PathMatcher | null;
}

/** A match as the proxy scores it; `bound` when a regex header or query condition was left out (it may not match). */
interface Scored {
  object: number;
  path: { type: "Exact" | "PathPrefix" | "RegularExpression"; value: string };
  method?: string;
  headers: Pair[];
  query: Pair[];
  counts: [number, number];
}

interface Request {
  method: string;
  path: string;
  headers: Pair[];
  query: Pair[];
}

interface Tie {
  a: Candidate;
  b: Candidate;
  request: Request;
}

function exactPairs(v: unknown, lower: boolean): Pair[] | undefined {
  const out: Pair[] = [];
  for (const x of list(v)) {
    if (!isObj(x) || typeof x.name !== "string" || typeof x.value !== "string") return undefined;
    if (x.type !== undefined && x.type !== "Exact") return undefined;
    out.push({ name: lower ? x.name.toLowerCase() : x.name, value: x.value });
  }
  return out;
}

function rulesOf(m: Manifest): [Obj, number][] {
  const spec = isObj(m.value.spec) ? m.value.spec : {};
  return list(spec.rules).flatMap((r, i) => (isObj(r) ? [[r, i] as [Obj, number]] : []));
}

function matchesOf(rule: Obj): Obj[] {
  // A rule without matches matches like one `PathPrefix /` match (the controller's default).
  return Array.isArray(rule.matches) && rule.matches.length ? rule.matches.filter(isObj) : [{}];
}

function pathOf(match: Obj): Scored["path"] | undefined {
  if (match.path === undefined) return { type: "PathPrefix", value: "/" };
  const p = match.path;
  if (!isObj(p) || typeof p.value !== "string") return undefined;
  const type = p.type ?? "PathPrefix";
  return type === "Exact" || type === "PathPrefix" || type === "RegularExpression" ? { type, value: p.value } : undefined;
}

function trimmedPrefix(value: string): string {
  return value === "/" ? "/" : value.replace(/\/+$/, "") || "/";
}

/** Every match of the group, for the replay, and the candidates in the model. */
function collect(objects: readonly Manifest[]): { scored: Scored[]; candidates: Candidate[] } {
  const scored: Scored[] = [];
  const candidates: Candidate[] = [];
  objects.forEach((m, object) => {
    for (const [rule, r] of rulesOf(m)) {
      for (const match of matchesOf(rule)) {
        const path = pathOf(match);
        if (!path) continue;
        const method = typeof match.method === "string" ? match.method : undefined;
        const counts: [number, number] = [list(match.headers).length, list(match.queryParams).length];
        const headers = exactPairs(match.headers, true);
        const query = exactPairs(match.queryParams, false);
        scored.push({ object, path, ...(method ? { method } : {}), headers: headers ?? [], query: query ?? [], counts });
        if (!headers || !query) continue; // a regex header or query condition: outside the model
        const value = path.type === "PathPrefix" ? trimmedPrefix(path.value) : path.value;
        candidates.push({ object, rule: r, kind: path.type, value, ...(method ? { method } : {}), headers, query, key: `${method ?? ""} ${counts[0]} ${counts[1]}` });
      }
    }
  });
  return { scored, candidates };
}

/** The merged conditions of two matches, or undefined when one contradicts the other. */
function merged(a: Pair[], b: Pair[]): Pair[] | undefined {
  const out = new Map<string, string>();
  for (const p of [...a, ...b]) {
    const had = out.get(p.name);
    if (had !== undefined && had !== p.value) return undefined;
    out.set(p.name, p.value);
  }
  return [...out].map(([name, value]) => ({ name, value }));
}

function matcherOf(c: Candidate): PathMatcher | undefined {
  if (c.matcher === undefined) {
    const v = compileGatewayPathRegex(c.value);
    c.matcher = v.ok ? v.matcher : null;
  }
  return c.matcher ?? undefined;
}

/** Whether a whole-path match (Exact or RegularExpression) matches `path` as the proxy does. */
function wholeMatches(c: Candidate, path: string): boolean {
  return c.kind === "Exact" ? c.value === path : matcherOf(c)?.test(path) === true;
}

/**
 * A path both regexes match as the proxy runs them: breadth-first over the
 * product of their whole-match DFAs, one shortest path per product state,
 * each confirmed on the proxy's leftmost-first matchers (so a regex whose
 * leftmost-first match stops short is never credited with a path).
 */
export function regexIntersection(a: string, b: string): string | undefined {
  const pa = compileGatewayPathRegex(a);
  const pb = compileGatewayPathRegex(b);
  // Two path templates (`^/books/[^/]*$`, the regexes serviceprofile-sync writes) meet segment by segment:
  // exact and linear, where the automata would cost a product construction per pair.
  const ta0 = wholePathTemplate(a);
  const tb0 = wholePathTemplate(b);
  if (ta0 !== undefined && tb0 !== undefined && pa.ok && pb.ok) {
    const common = templateIntersection(templateSegments(ta0), templateSegments(tb0));
    return common !== undefined && pa.matcher.test(common) && pb.matcher.test(common) ? common : undefined;
  }
  const ta = translateRustRegex(a);
  const tb = translateRustRegex(b);
  if (!pa.ok || !pb.ok || !ta.ok || !tb.ok) return undefined;
  const na = searchNfa(`^(?:${ta.re2})$`);
  const nb = searchNfa(`^(?:${tb.re2})$`);
  if (!na || !nb) return undefined; // a construct the automata do not model: no verdict
  const atoms = atomsFor([...charSetsOf(na), ...charSetsOf(nb)]);
  const da = new LazyDfa(na, atoms);
  const db = new LazyDfa(nb, atoms);
  const start: [number, number] = [da.initial(), db.initial()];
  const witness = new Map<string, string>([[start.join(","), ""]]);
  const queue: [number, number][] = [start];
  for (let head = 0; head < queue.length; head++) {
    const [sa, sb] = queue[head]!;
    const text = witness.get(`${sa},${sb}`)!;
    if (da.accepts(sa) && db.accepts(sb) && text.startsWith("/") && pa.matcher.test(text) && pb.matcher.test(text)) return text;
    for (let i = 0; i < atoms.length; i++) {
      const next: [number, number] = [da.step(sa, i), db.step(sb, i)];
      const key = next.join(",");
      if (witness.has(key)) continue;
      if (witness.size >= MAX_WITNESS_STATES) return undefined;
      witness.set(key, text + atomChar(atoms[i]!));
      queue.push(next);
    }
  }
  return undefined;
}

/** A character trie of literal prefixes: each regex candidate sits at its prefix's node. */
interface TrieNode {
  next: Map<string, TrieNode>;
  here: Candidate[];
}

function regexPrefix(value: string): string {
  // The proxy accepts only a match starting at 0, so a leading literal is a prefix of every path, `^` or not.
  return literalPrefix(value.startsWith("^") ? value : `^${value}`);
}

/** The regex candidates whose literal prefix is a prefix of `text`, shortest prefix first. */
function along(root: TrieNode, text: string): Candidate[] {
  const out: Candidate[] = [...root.here];
  let node: TrieNode | undefined = root;
  for (const ch of text) {
    node = node.next.get(ch);
    if (!node) break;
    out.push(...node.here);
  }
  return out;
}

/** The ties between objects among one Service port's candidates, pairs of objects once each, within the budgets. */
function findTies(candidates: Candidate[], scored: Scored[]): Tie[] {
  const byKey = new Map<string, Candidate[]>();
  for (const c of candidates) {
    let l = byKey.get(c.key);
    if (!l) byKey.set(c.key, (l = []));
    l.push(c);
  }
  const named = new Set(scored.flatMap((m) => (m.method !== undefined ? [m.method] : [])));
  const unnamed = METHODS.find((m) => !named.has(m)) ?? "GET";
  const ties: Tie[] = [];
  const paired = new Set<string>();
  let checks = 0;
  let automata = 0;
  let replays = 0;
  const consider = (a: Candidate, b: Candidate, path: () => string | undefined): boolean => {
    // Every pair looked at counts, skipped or not: the work stays within the budget.
    if (++checks > MAX_PAIR_CHECKS || replays >= MAX_TIES) return false;
    if (a.object === b.object) return true;
    const pairKey = a.object < b.object ? `${a.object},${b.object}` : `${b.object},${a.object}`;
    if (paired.has(pairKey)) return true;
    const headers = merged(a.headers, b.headers);
    const query = merged(a.query, b.query);
    if (!headers || !query) return true;
    const p = path();
    if (p === undefined) return true;
    replays++;
    let request: Request = { method: a.method ?? "GET", path: p, headers, query };
    if (outscored(scored, request, a)) {
      // Rules naming no method tie on every method: a rule naming GET outscores them on GET only.
      if (a.method !== undefined) return true;
      request = { ...request, method: unnamed };
      if (outscored(scored, request, a)) return true;
    }
    paired.add(pairKey);
    ties.push(a.object < b.object ? { a, b, request } : { a: b, b: a, request });
    return true;
  };
  for (const group of byKey.values()) {
    const exact = new Map<string, Candidate[]>();
    const prefix = new Map<string, Candidate[]>();
    const root: TrieNode = { next: new Map(), here: [] };
    for (const c of group) {
      if (c.kind === "Exact") push(exact, c.value, c);
      else if (c.kind === "PathPrefix") push(prefix, c.value, c);
      else {
        let node = root;
        for (const ch of regexPrefix(c.value)) {
          let n = node.next.get(ch);
          if (!n) node.next.set(ch, (n = { next: new Map(), here: [] }));
          node = n;
        }
        node.here.push(c);
      }
    }
    let going = true;
    const pairs = (as: readonly Candidate[], bs: readonly Candidate[], path: (a: Candidate, b: Candidate) => string | undefined) => {
      for (const a of as) {
        for (const b of bs) {
          if (!going) return;
          going = consider(a, b, () => path(a, b));
        }
      }
    };
    // Equal Exact paths, equal prefixes: each with the earlier ones of its bucket.
    for (const bucket of [...exact.values(), ...prefix.values()]) {
      for (let i = 1; i < bucket.length && going; i++) pairs(bucket.slice(0, i), [bucket[i]!], (_, b) => b.value);
    }
    // A whole-path match and a prefix meet on the prefix's own path.
    for (const [p, ps] of prefix) {
      if (!going) break;
      pairs([...(exact.get(p) ?? []), ...along(root, p)], ps, (w) => (wholeMatches(w, p) ? p : undefined));
    }
    // An Exact path and the regexes whose literal prefix it starts with.
    for (const [p, es] of exact) {
      if (!going) break;
      pairs(along(root, p), es, (r) => (wholeMatches(r, p) ? p : undefined));
    }
    // Two regexes meet only when one's literal prefix starts the other's.
    const regexes = group.filter((c) => c.kind === "RegularExpression");
    const order = new Map(regexes.map((c, i) => [c, i]));
    for (const r of regexes) {
      if (!going) break;
      for (const s of along(root, regexPrefix(r.value))) {
        if (!going) break;
        if (s === r || (regexPrefix(s.value) === regexPrefix(r.value) && order.get(s)! > order.get(r)!)) continue;
        going = consider(s, r, () => (s.object !== r.object && automata++ < MAX_AUTOMATA_CHECKS ? regexIntersection(s.value, r.value) : undefined));
      }
    }
  }
  return ties;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const l = map.get(key);
  if (l) l.push(value);
  else map.set(key, [value]);
}

function scoreOf(m: Scored, r: Request): number[] | undefined {
  if (m.method !== undefined && m.method !== r.method) return undefined;
  // Exact conditions are checked; a regex one is assumed to match (an upper bound: outscoring is then only possible).
  for (const h of m.headers) if (!r.headers.some((x) => x.name === h.name && x.value === h.value)) return undefined;
  for (const q of m.query) if (!r.query.some((x) => x.name === q.name && x.value === q.value)) return undefined;
  const path = pathScore(m.path, r.path);
  return path === undefined ? undefined : [path, m.counts[0], m.counts[1], m.method !== undefined ? 1 : 0];
}

/** Whether any match of the Service scores higher than the tied candidate on the request. */
function outscored(scored: Scored[], r: Request, tied: Candidate): boolean {
  const path = tied.kind === "PathPrefix" ? Buffer.byteLength(tied.value === "/" ? "/" : tied.value, "utf8") : Buffer.byteLength(r.path, "utf8");
  const mine = [tied.kind === "PathPrefix" && tied.value === "/" ? 1 : path, tied.headers.length, tied.query.length, tied.method !== undefined ? 1 : 0];
  for (const m of scored) {
    const s = scoreOf(m, r);
    if (!s) continue;
    for (let i = 0; i < 4; i++) {
      if (s[i]! !== mine[i]!) {
        if (s[i]! > mine[i]!) return true;
        break;
      }
    }
  }
  return false;
}

function requestText(r: Request): string {
  const query = r.query.map((q) => `${encodeURIComponent(q.name)}=${encodeURIComponent(q.value)}`).join("&");
  const headers = r.headers.map((h) => `${h.name}: ${h.value}`).join(", ");
  return `${r.method} ${r.path}${query ? `?${query}` : ""}${headers ? ` with ${headers}` : ""}`;
}

function objectKey(m: Manifest): string {
  const meta = isObj(m.value.metadata) ? m.value.metadata : {};
  return `${typeof meta.namespace === "string" ? meta.namespace : "default"}/${routeName(m)}`;
}

/** One finding per object that ties with objects listed before it, naming them (capped) with an example request each. */
export function tiesAcrossObjects(groups: readonly ServiceRoutes[]): RawFinding[] {
  const out: RawFinding[] = [];
  const reported = new Set<string>();
  const ids = new Map<Manifest, number>();
  const id = (m: Manifest) => {
    let i = ids.get(m);
    if (i === undefined) ids.set(m, (i = ids.size));
    return i;
  };
  for (const g of groups) {
    // Two documents of one namespace/name are one object to Kubernetes (the last applied wins), not two that tie.
    const names = new Set<string>();
    const routes = g.routes.filter((m) => {
      const key = objectKey(m);
      return !names.has(key) && Boolean(names.add(key));
    });
    if (routes.length < 2) continue;
    const { scored, candidates } = collect(routes);
    const byLater = new Map<number, Tie[]>();
    for (const t of findTies(candidates, scored)) {
      const key = `${id(routes[t.a.object]!)},${id(routes[t.b.object]!)}`;
      if (reported.has(key)) continue; // the same two objects on another port of the Service
      reported.add(key);
      const l = byLater.get(t.b.object);
      if (l) l.push(t);
      else byLater.set(t.b.object, [t]);
    }
    for (const [later, ties] of byLater) {
      const m = routes[later]!;
      const named = ties.slice(0, MAX_NAMED).map((t) => `rule ${t.b.rule} and HTTPRoute ${routeName(routes[t.a.object]!)} rule ${t.a.rule} (${routes[t.a.object]!.file}) both match ${requestText(t.request)}`);
      const rest = ties.length - named.length;
      out.push({
        rule: "tie-across-objects",
        manifest: m,
        path: ["spec", "rules", ties[0]!.b.rule],
        message: `HTTPRoute ${routeName(m)} on ${g.label}: ${named.join("; ")}${rest ? `; and it ties with ${rest} more ${rest === 1 ? "object" : "objects"}` : ""}, with the same score; the proxy takes the older object's rule (creationTimestamp, then name), so which rule serves these requests differs between clusters and changes when an object is re-created`,
        hint: "merge the rules into one HTTPRoute, where the earlier rule wins a tie, or make their paths disjoint",
      });
    }
  }
  return out;
}

/** The path template of `^<template regex>$`, when its literals hold no brace that would read as a parameter. */
function wholePathTemplate(regex: string): string | undefined {
  if (!regex.startsWith("^") || !regex.endsWith("$") || regex.endsWith("\\$")) return undefined;
  const template = pathRegexTemplate(regex.slice(1, -1));
  return template !== undefined && !/[{}]/.test(template.replaceAll("{}", "")) ? template : undefined;
}
