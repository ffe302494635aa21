/**
 * The HTTPRoutes of each Service port, as Linkerd's outbound policy gathers
 * them for the proxy: a route attached to a Service port serves that port, a
 * route naming no port serves every port (policy-controller/k8s/index/src/
 * outbound/index.rs, version-2.20). One group per Service port named by some
 * route, and one per Service for the routes naming no port. Routes in
 * another namespace than the Service's are consumer routes, which apply only
 * to clients in their namespace (the project's Gateway API contract,
 * "producer" and "consumer" routes): they form groups of their own, so
 * nothing is said about how they meet the Service's own routes.
 */
import type { Manifest } from "./manifests.js";
import { servicesOf } from "./route-rules.js";

export interface ServiceRoutes {
  /** "Service shop/web port 80", "Service shop/web". */
  label: string;
  /** Every HTTPRoute serving the port, in input order, each once. */
  routes: Manifest[];
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function httpRoutesByServicePort(manifests: readonly Manifest[]): ServiceRoutes[] {
  const groups = new Map<string, { label: string; own: Manifest[] }>();
  const anyPort = new Map<string, Manifest[]>();
  for (const m of manifests) {
    if (m.kind !== "HTTPRoute") continue;
    const routeNs = isObj(m.value.metadata) && typeof m.value.metadata.namespace === "string" ? m.value.metadata.namespace : "default";
    for (const s of servicesOf(m)) {
      const svcNs = s.namespace ?? routeNs;
      const consumers = svcNs === routeNs ? "" : ` (consumer routes in namespace ${routeNs})`;
      const svc = `${svcNs}/${s.name}${consumers ? `@${routeNs}` : ""}`;
      const key = s.port === undefined ? svc : `${svc}:${s.port}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { label: `Service ${svcNs}/${s.name}${s.port === undefined ? "" : ` port ${s.port}`}${consumers}`, own: [] }));
      if (g.own[g.own.length - 1] !== m) g.own.push(m); // several parentRefs of one route come one after another
      if (s.port === undefined) {
        let a = anyPort.get(svc);
        if (!a) anyPort.set(svc, (a = []));
        if (a[a.length - 1] !== m) a.push(m);
      }
    }
  }
  const out: ServiceRoutes[] = [];
  for (const [key, g] of groups) {
    const svc = key.replace(/:\d+$/, "");
    const routes = key === svc ? g.own : [...new Set([...g.own, ...(anyPort.get(svc) ?? [])])];
    out.push({ label: g.label, routes });
  }
  return out;
}
