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
export function selectable(m: Manifest): HttpRoute {
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
  const out: RawFinding[] = [];
  for (const g of catchAllCoverage(manifests.filter((m) => !dropped.has(m)))) {
    if (!g.miss) continue;
    const first = g.routes[0]!;
    out.push({
      rule: "no-catch-all",
      manifest: first.manifest,
      path: ["spec", "parentRefs", first.parentIndex],
      message: `${g.label}: no route matches every request, so Linkerd answers the others with 404 (for example ${g.miss.method} ${g.miss.path})`,
      hint: `add a last rule without matches (or with path PathPrefix /) that forwards the rest to the Service, e.g. in HTTPRoute ${routeName(first.manifest)}`,
    });
  }
  return out;
}

/** The HTTPRoutes of one Service (port) and a request none of them matches, if there is one. */
export interface ServiceCoverage {
  /** `Service ns/name` or `Service ns/name port 8080`. */
  label: string;
  routes: { manifest: Manifest; parentIndex: number }[];
  miss?: { method: string; path: string };
}

/**
 * Per Service (port) with HTTPRoutes: whether they leave a request unmatched.
 * Every route given counts, dropped or not: `diff` asks whether the routes as
 * written still have a catch-all, whatever else is wrong with them.
 */
export function catchAllCoverage(manifests: readonly Manifest[]): ServiceCoverage[] {
  interface Group {
    label: string;
    routes: { manifest: Manifest; parentIndex: number }[];
  }
  const groups = new Map<string, Group>();
  const anyPort = new Map<string, { manifest: Manifest; parentIndex: number }[]>();
  for (const m of manifests) {
    if (m.kind !== "HTTPRoute") continue;
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
  const out: ServiceCoverage[] = [];
  for (const [key, g] of groups) {
    // A route naming no port serves every port, so it joins each port's routes.
    const svc = key.replace(/:\d+$/, "");
    const members = key === svc ? g.routes : [...g.routes, ...(anyPort.get(svc) ?? [])];
    const objects = linkerdOrder(members.map((r) => selectable(r.manifest)));
    const miss = firstUnmatched(objects);
    out.push(miss ? { label: g.label, routes: g.routes, miss } : { label: g.label, routes: g.routes });
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

interface GrpcHit {
  manifest: Manifest;
  port?: number;
}

export function serviceKeys(m: Manifest): { svc: string; port?: number; index: number }[] {
  const routeNs = isObj(m.value.metadata) && typeof m.value.metadata.namespace === "string" ? m.value.metadata.namespace : "default";
  return servicesOf(m).map((s) => ({ svc: `${s.namespace ?? routeNs}/${s.name}`, port: s.port, index: s.index }));
}

/**
 * HTTPRoutes on a Service port that also has a GRPCRoute: the controller
 * sends the proxy the GRPCRoutes and no HTTPRoute (policy-controller/grpc/
 * src/outbound.rs, `if !grpc_routes.is_empty()` before the HTTP branch) and
 * marks the HTTPRoute Conflicted (policy-controller/k8s/status/src/index.rs,
 * `parent_has_conflicting_routes`), both at version-2.20. A parentRef without
 * a port covers every port of the Service.
 */
export function httpRoutesHiddenByGrpc(manifests: readonly Manifest[]): RawFinding[] {
  // Per Service: the first GRPCRoute on every port, the first on each port, and the first of all (lookups stay constant-time).
  const grpc = new Map<string, { anyPort?: GrpcHit; byPort: Map<number, GrpcHit>; first: GrpcHit }>();
  for (const m of manifests) {
    if (m.kind !== "GRPCRoute") continue;
    for (const k of serviceKeys(m)) {
      const hit = { manifest: m, port: k.port };
      let entry = grpc.get(k.svc);
      if (!entry) grpc.set(k.svc, (entry = { byPort: new Map(), first: hit }));
      if (k.port === undefined) entry.anyPort ??= hit;
      else if (!entry.byPort.has(k.port)) entry.byPort.set(k.port, hit);
    }
  }
  const out: RawFinding[] = [];
  for (const m of manifests) {
    if (m.kind !== "HTTPRoute") continue;
    for (const k of serviceKeys(m)) {
      const entry = grpc.get(k.svc);
      const hit = entry && (k.port === undefined ? entry.first : (entry.byPort.get(k.port) ?? entry.anyPort));
      if (!hit) continue;
      const port = k.port ?? hit.port;
      out.push({
        rule: "grpc-hides-http",
        manifest: m,
        path: ["spec", "parentRefs", k.index],
        message: `HTTPRoute ${routeName(m)}: GRPCRoute ${routeName(hit.manifest)} (${hit.manifest.file}) also attaches to Service ${k.svc}${port === undefined ? "" : ` port ${port}`}, so Linkerd ignores this HTTPRoute there`,
        hint: "serve gRPC and HTTP on different Service ports (set parentRefs[].port on both), or express these routes as GRPCRoutes",
      });
    }
  }
  return out;
}

/**
 * A ServiceProfile with routes or dstOverrides for a Service that also has
 * HTTPRoutes or GRPCRoutes: the proxy uses the profile and ignores the
 * routes while it exists (linkerd2-proxy release/v2.359.0, shipped by
 * version-2.20: `linkerd/app/outbound/src/sidecar.rs` routes by the profile
 * when `should_override_policy`, in `src/http/logical/profile.rs`, finds
 * `has_routes_or_targets`). A profile is named <service>.<namespace>.svc.<cluster domain>.
 */
export function profilesOverridingRoutes(manifests: readonly Manifest[]): RawFinding[] {
  const routed = new Map<string, Manifest>();
  for (const m of manifests) {
    if (m.kind === "ServiceProfile") continue;
    for (const k of serviceKeys(m)) if (!routed.has(k.svc)) routed.set(k.svc, m);
  }
  const out: RawFinding[] = [];
  for (const m of manifests) {
    if (m.kind !== "ServiceProfile") continue;
    const name = isObj(m.value.metadata) && typeof m.value.metadata.name === "string" ? m.value.metadata.name : "";
    const parts = /^([^.]+)\.([^.]+)\.svc\./.exec(name);
    if (!parts) continue;
    const spec = isObj(m.value.spec) ? m.value.spec : {};
    if (!list(spec.routes).length && !list(spec.dstOverrides).length) continue;
    const svc = `${parts[2]}/${parts[1]}`;
    const route = routed.get(svc);
    if (!route) continue;
    out.push({
      rule: "profile-overrides-routes",
      manifest: m,
      path: ["metadata", "name"],
      message: `ServiceProfile ${name}: while it has routes, Linkerd's proxies use it for Service ${svc} and ignore the Service's ${route.kind}s (e.g. ${routeName(route)} in ${route.file})`,
      hint: "delete the ServiceProfile (or its routes and dstOverrides) once the Gateway API routes are ready; until then the routes do nothing",
    });
  }
  return out;
}
