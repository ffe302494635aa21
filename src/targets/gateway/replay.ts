/**
 * Does Linkerd's Gateway API selection pick, for every request, the route a
 * ServiceProfile's first match picks? The requests are the ones that tell:
 * a concrete path of every route and a path of every overlap between two
 * routes. ServiceProfile matching is a full match of each route's pathRegex
 * in list order (RE2, as the proxy's `regex` crate); the Gateway side is the
 * selection model in selection.ts.
 */
import { RE2JS } from "re2js";
import type { Route } from "../../model/route.js";
import { analyzeOverlaps } from "../../matching/overlap.js";
import { samplePath } from "../../matching/template-paths.js";
import { linkerdOrder, selectRoute, type HttpRequest } from "../../matching/gateway-selection.js";
import { DEFAULT_ROUTE_LABEL, ruleRouteName, type RouteObject } from "../../model/gateway.js";

export interface PrecedenceMismatch {
  request: HttpRequest;
  /** What the ServiceProfile's first match picks; undefined: no route (the default). */
  profile: string | undefined;
  /** What Linkerd's Gateway API selection picks; `[DEFAULT]` for the catch-all, undefined for a 404. */
  gateway: string | undefined;
  /** The pick rests on creationTimestamp/name between these objects. */
  tieBreak: string[];
}


function profileMatcher(routes: readonly Route[]): (req: HttpRequest) => string | undefined {
  const compiled = routes.map((r) => ({
    name: r.name,
    method: r.match.kind === "grpc" ? "POST" : r.match.method,
    re: RE2JS.compile(`^(?:${r.match.pathRegex})$`),
  }));
  return (req) => compiled.find((c) => c.method === req.method && c.re.matches(req.path))?.name;
}

/** The requests worth replaying for a list of routes. */
export function probeRequests(routes: readonly Route[]): HttpRequest[] {
  const out: HttpRequest[] = [];
  const seen = new Set<string>();
  const add = (method: string, path: string) => {
    const key = `${method} ${path}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push({ method, path });
    }
  };
  const http = routes.filter((r) => r.match.kind === "http");
  for (const r of routes) {
    if (r.match.kind === "grpc") add("POST", r.match.path);
    else {
      add(r.match.method, samplePath(r.match.pathTemplate));
      add(r.match.method, samplePath(r.match.pathTemplate, "new"));
    }
  }
  const analysis = analyzeOverlaps(http.map((r) => ({ method: (r.match as { method: string }).method, template: (r.match as { pathTemplate: string }).pathTemplate })));
  for (const o of analysis.overlaps) add((http[o.first]!.match as { method: string }).method, o.example);
  // A request no route names: it must still reach the Service (the catch-all, or Linkerd's default route).
  if (routes.some((r) => r.match.kind === "grpc")) add("POST", "/serviceprofile.sync.Unknown/Call");
  else add("GET", "/serviceprofile-sync/unmatched");
  return out;
}

/** Every probe request where the two selections differ. */
export function replayPrecedence(routes: readonly Route[], objects: readonly RouteObject[], requests: readonly HttpRequest[] = probeRequests(routes)): PrecedenceMismatch[] {
  const profile = profileMatcher(routes);
  const ordered = linkerdOrder(objects);
  const mismatches: PrecedenceMismatch[] = [];
  for (const request of requests) {
    const want = profile(request);
    const picked = selectRoute(ordered, request);
    // With no route attached, Linkerd serves its default route (contract, "The default route is gone...").
    const got = objects.length === 0 ? DEFAULT_ROUTE_LABEL : picked ? ruleRouteName(picked.route, picked.rule) : undefined;
    const expected = want ?? DEFAULT_ROUTE_LABEL;
    if (got !== expected || (picked && picked.tiedWith.length > 0)) {
      mismatches.push({ request, profile: want, gateway: got, tieBreak: picked ? picked.tiedWith.map((o) => o.metadata.name) : [] });
    }
  }
  return mismatches;
}
