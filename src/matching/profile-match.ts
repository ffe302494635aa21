/**
 * Which route of a profile a request gets, exactly as the Linkerd proxy
 * decides it (the destination controller's translation plus the proxy's
 * matcher):
 *
 *  - routes are tried in order; the first whose condition matches wins;
 *  - the fields set on one condition must all hold (`all`, `any`, `method`,
 *    `not`, `pathRegex`); `all: []` holds, `any: []` does not;
 *  - `method` is trimmed and upper-cased, then compared with the request's
 *    method as is;
 *  - `pathRegex` is trimmed and anchored by adding `^` unless it starts with
 *    one and `$` unless it ends with one (plain concatenation: `a|b` becomes
 *    `^a|b$`), and is matched against the path without its query string;
 *  - a part that cannot be translated (a regex that does not compile) is
 *    dropped from the `all`/`any` (or the implicit `all` of several fields)
 *    it is in; alone at the top it drops the route;
 *  - regexes run on the proxy's engine (Rust syntax, linear time:
 *    model/proxy-regex.ts); one the proxy accepts but that engine cannot
 *    evaluate matches nothing here and is reported as not checked.
 *
 * `not` is one condition in Linkerd's Go type but a list in the CRD schema;
 * both are accepted here, a list meaning "none of these".
 */
import type { RequestMatch, RouteSpec, ServiceProfile } from "../model/serviceprofile.js";
import { compileProfilePathRegex, literalPrefix, proxyAnchoredPathRegex, regexProblemText, compileProxyPathRegex as proxyPathRegex } from "./proxy-regex.js";

export { proxyPathRegex };

export interface MatchRequest {
  method: string;
  /** The request path without query string (the proxy matches `uri.path()`). */
  path: string;
}

export type Matcher = (req: MatchRequest) => boolean;

export interface CompiledRoute {
  index: number;
  name: string;
  spec: RouteSpec;
  /** Undefined when the proxy would drop the route. */
  matcher: Matcher | undefined;
  /** Why parts of the condition are dropped (regexes that do not compile). */
  problems: string[];
}

/** The path as the proxy sees it for matching: no query string or fragment. */
export function matchPath(recordedPath: string): string {
  const i = recordedPath.search(/[?#]/);
  return i < 0 ? recordedPath : recordedPath.slice(0, i);
}

/** Linkerd's method normalisation (ParseMethod): trimmed, upper case. */
export function profileMethod(method: string): string {
  return method.trim().toUpperCase();
}

export function compileRequestMatch(m: RequestMatch | undefined, problems: string[] = []): Matcher | undefined {
  if (!m || typeof m !== "object") return undefined;
  // One part per field set, in the controller's order; a part may fail to translate.
  const parts: (Matcher | undefined)[] = [];
  const subs = (list: unknown) => (Array.isArray(list) ? list : []).map((s) => compileRequestMatch(s as RequestMatch, problems)).filter((s): s is Matcher => s !== undefined);
  if (m.all !== undefined && m.all !== null) {
    const all = subs(m.all);
    parts.push((req) => all.every((s) => s(req)));
  }
  if (m.any !== undefined && m.any !== null) {
    const any = subs(m.any);
    parts.push((req) => any.some((s) => s(req)));
  }
  if (typeof m.method === "string" && m.method !== "") {
    const want = profileMethod(m.method);
    parts.push(want === "" ? undefined : (req) => req.method === want);
  }
  if (m.not !== undefined && m.not !== null) {
    if (Array.isArray(m.not)) {
      const none = subs(m.not);
      parts.push((req) => !none.some((s) => s(req)));
    } else {
      const sub = compileRequestMatch(m.not, problems);
      parts.push(sub === undefined ? undefined : (req) => !sub(req));
    }
  }
  if (typeof m.pathRegex === "string" && m.pathRegex !== "") {
    const v = compileProfilePathRegex(m.pathRegex);
    if (!v.ok) problems.push(regexProblemText(m.pathRegex, v));
    if (v.ok) {
      const re = v.matcher;
      parts.push((req) => re.test(req.path));
    } else parts.push(v.kind === "rejected" ? undefined : () => false);
  }
  if (parts.length === 0) return undefined;
  // A single field is the condition itself; several are an `all` that drops untranslatable members.
  if (parts.length === 1) return parts[0];
  const ok = parts.filter((p): p is Matcher => p !== undefined);
  return (req) => ok.every((p) => p(req));
}

export function compileRoutes(profile: Pick<ServiceProfile, "spec">): CompiledRoute[] {
  return (profile.spec?.routes ?? []).map((spec, index) => {
    const problems: string[] = [];
    const matcher = compileRequestMatch(spec.condition, problems);
    return { index, name: spec.name, spec, matcher, problems };
  });
}

/** The route the proxy picks for a request, or undefined when none matches. */
export function firstMatch(routes: CompiledRoute[], req: MatchRequest): CompiledRoute | undefined {
  for (const r of routes) if (r.matcher?.(req)) return r;
  return undefined;
}

/**
 * What every request a condition matches must have, as the proxy reads it:
 * the method when one is required and a literal start of the path ("" when
 * unknown). Only the top level and `all` members constrain; `any`/`not`
 * and dropped regexes do not.
 */
export function requestFootprint(m: RequestMatch | undefined): { method?: string; prefix: string } {
  let method: string | undefined;
  let prefix = "";
  const visit = (c: RequestMatch | undefined) => {
    if (!c || typeof c !== "object") return;
    if (typeof c.method === "string" && profileMethod(c.method) !== "") method ??= profileMethod(c.method);
    if (typeof c.pathRegex === "string" && c.pathRegex !== "" && compileProfilePathRegex(c.pathRegex).ok) {
      const p = literalPrefix(proxyAnchoredPathRegex(c.pathRegex));
      if (p.length > prefix.length) prefix = p;
    }
    if (Array.isArray(c.all)) c.all.forEach((x) => visit(x));
  };
  visit(m);
  return { ...(method !== undefined ? { method } : {}), prefix };
}

interface TrieNode {
  routes: number[];
  kids: Map<string, TrieNode>;
}

/**
 * firstMatch for many routes: only the routes whose method and literal path
 * prefix fit the request are tested, still in profile order, so the answer is
 * firstMatch's (the footprint is a necessary condition for a match).
 */
export class RouteTable {
  private readonly byMethod = new Map<string | undefined, TrieNode>();

  constructor(private readonly routes: CompiledRoute[]) {
    for (const r of routes) {
      if (!r.matcher) continue;
      const foot = requestFootprint(r.spec.condition);
      let node: TrieNode | undefined = this.byMethod.get(foot.method);
      if (!node) this.byMethod.set(foot.method, (node = { routes: [], kids: new Map() }));
      for (const c of foot.prefix) {
        let next: TrieNode | undefined = node.kids.get(c);
        if (!next) node.kids.set(c, (next = { routes: [], kids: new Map() }));
        node = next;
      }
      node.routes.push(r.index);
    }
  }

  match(req: MatchRequest): CompiledRoute | undefined {
    const ids: number[] = [];
    for (const key of [req.method, undefined]) {
      let node = this.byMethod.get(key);
      let i = 0;
      const path = req.path;
      while (node) {
        for (const id of node.routes) ids.push(id);
        if (i >= path.length) break;
        // Keys are code points; step over a surrogate pair at once.
        const cp = path.codePointAt(i)!;
        const ch = String.fromCodePoint(cp);
        i += ch.length;
        node = node.kids.get(ch);
      }
    }
    if (ids.length > 1) ids.sort((a, b) => a - b);
    for (const id of ids) {
      const r = this.routes[id]!;
      if (r.matcher!(req)) return r;
    }
    return undefined;
  }
}
