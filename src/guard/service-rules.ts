/**
 * The guard's checks across the routes of one Service: what a request that
 * no rule matches gets.
 */
import type { Manifest } from "./manifests.js";
import { routeName, servicesOf, type RawFinding } from "./route-rules.js";
import { linkerdOrder, selectRoute } from "../matching/gateway-selection.js";
import type { HttpRoute, HttpRouteMatch } from "../model/gateway.js";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Requests the no-catch-all rule tries: the root, and a path no API is likely to serve, with each common method. */
const PROBE_PATHS = ["/", "/serviceprofile-sync-unmatched"];
const PROBE_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];
const PATH_TYPES = new Set(["Exact", "PathPrefix", "RegularExpression"]);

/** The route as gateway-selection reads it, keeping only well-formed matches (Gateway API defaults filled in). */
function selectable(m: Manifest): HttpRoute {
  const meta = isObj(m.value.metadata) ? m.value.metadata : {};
  const spec = isObj(m.value.spec) ? m.value.spec : {};
  const rules = list(spec.rules)
    .filter(isObj)
    .map((r) => ({
      matches: Array.isArray(r.matches)
        ? r.matches.filter(isObj).map((x): HttpRouteMatch => {
            const p = isObj(x.path) && typeof x.path.value === "string" && typeof x.path.type === "string" && PATH_TYPES.has(x.path.type) ? (x.path as HttpRouteMatch["path"]) : { type: "PathPrefix" as const, value: "/" };
            return {
              path: p,
              method: typeof x.method === "string" ? x.method : undefined,
              headers: list(x.headers).filter(isObj) as HttpRouteMatch["headers"],
              queryParams: list(x.queryParams).filter(isObj) as HttpRouteMatch["queryParams"],
            };
          })
        : undefined,
    }));
  return {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "HTTPRoute",
    metadata: { name: routeName(m), namespace: typeof meta.namespace === "string" ? meta.namespace : "default" },
    spec: { parentRefs: [], rules },
  };
}

/**
 * A Service (port) whose HTTPRoutes leave some request unmatched: the proxy
 * answers it with 404 instead of forwarding it. Linkerd sends the proxy the
 * Service's routes alone and a default route only when there are none
 * (policy-controller/grpc/src/outbound/http.rs `protocol`, `if
 * routes.is_empty()`, version-2.20); routes the controller drops (`dropped`)
 * do not count, and when all of them are dropped the default route applies.
 */
export function servicesWithoutCatchAll(manifests: readonly Manifest[], dropped: ReadonlySet<Manifest>): RawFinding[] {
  interface Group {
    label: string;
    routes: { manifest: Manifest; parentIndex: number }[];
  }
  const groups = new Map<string, Group>();
  const anyPort = new Map<string, { manifest: Manifest; parentIndex: number }[]>();
  for (const m of manifests) {
    if (m.kind !== "HTTPRoute" || dropped.has(m)) continue;
    const routeNs = isObj(m.value.metadata) && typeof m.value.metadata.namespace === "string" ? m.value.metadata.namespace : "default";
    for (const s of servicesOf(m)) {
      const svc = `${s.namespace ?? routeNs}/${s.name}`;
      const key = s.port === undefined ? `${svc}` : `${svc}:${s.port}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { label: s.port === undefined ? `Service ${svc}` : `Service ${svc} port ${s.port}`, routes: [] }));
      g.routes.push({ manifest: m, parentIndex: s.index });
      if (s.port === undefined) {
        let a = anyPort.get(svc);
        if (!a) anyPort.set(svc, (a = []));
        a.push({ manifest: m, parentIndex: s.index });
      }
    }
  }
  const out: RawFinding[] = [];
  for (const [key, g] of groups) {
    // A route naming no port serves every port, so it joins each port's routes.
    const svc = key.replace(/:\d+$/, "");
    const members = key === svc ? g.routes : [...g.routes, ...(anyPort.get(svc) ?? [])];
    const objects = linkerdOrder(members.map((r) => selectable(r.manifest)));
    const miss = firstUnmatched(objects);
    if (!miss) continue;
    const first = g.routes[0]!;
    out.push({
      rule: "no-catch-all",
      manifest: first.manifest,
      path: ["spec", "parentRefs", first.parentIndex],
      message: `${g.label}: no route matches every request, so Linkerd answers the others with 404 (for example ${miss.method} ${miss.path})`,
      hint: `add a last rule without matches (or with path PathPrefix /) that forwards the rest to the Service, e.g. in HTTPRoute ${routeName(first.manifest)}`,
    });
  }
  return out;
}

function firstUnmatched(routes: HttpRoute[]): { method: string; path: string } | undefined {
  for (const path of PROBE_PATHS) {
    for (const method of PROBE_METHODS) {
      if (!selectRoute(routes, { method, path })) return { method, path };
    }
  }
  return undefined;
}
