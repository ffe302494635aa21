/**
 * Hand tuning of routes, whatever they are emitted as: the config's
 * `defaults:` and `routes:` entries applied over what the spec says.
 */
import { joinPointer, type Diagnostic } from "./diagnostic.js";
import type { Route, StatusClass } from "./route.js";

/** Hand tuning that survives regeneration (config `defaults:` and `routes:`). */
export interface RouteTuning {
  timeout?: string;
  isRetryable?: boolean;
  /** Classes put before the generated ones, so they win (first match). */
  responseClasses?: StatusClass[];
}

export interface RouteOverrides {
  defaults?: RouteTuning;
  routes?: Record<string, RouteTuning>;
}

/** Per-route tuning: replaces the spec's values; its classes go first so they win (first match). */
function tune(route: Route, tuning: RouteTuning | undefined): Route {
  if (!tuning) return route;
  return {
    ...route,
    timeout: tuning.timeout ?? route.timeout,
    isRetryable: tuning.isRetryable ?? route.isRetryable,
    statusClasses: [...(tuning.responseClasses ?? []), ...route.statusClasses],
  };
}

/** Service-wide defaults: fill in only what neither the spec nor the route's entry set; classes go last. */
function fillDefaults(route: Route, defaults: RouteTuning | undefined): Route {
  if (!defaults) return route;
  return {
    ...route,
    timeout: route.timeout ?? defaults.timeout,
    isRetryable: route.isRetryable ?? defaults.isRetryable,
    statusClasses: [...route.statusClasses, ...(defaults.responseClasses ?? [])],
  };
}

/**
 * Precedence, highest first: the config's entry for the route, the spec's own
 * values (x-linkerd-*, idempotency options), the config's `defaults`.
 * Warns about entries that match no route.
 */
export function applyOverrides(routes: Route[], overrides: RouteOverrides | undefined): { routes: Route[]; warnings: Diagnostic[] } {
  if (!overrides) return { routes, warnings: [] };
  const names = new Set(routes.map((r) => r.name));
  const warnings: Diagnostic[] = Object.keys(overrides.routes ?? {})
    .filter((name) => !names.has(name))
    .map((name) => ({
      severity: "warning" as const,
      // Relative to the service's entry in the config; the repo layer places it.
      pointer: joinPointer("", "routes", name),
      message: `the override for route "${name}" matches no generated route`,
      hint: "route names are '<METHOD> <path>' for OpenAPI and, for proto, the rpc name (routeNames: short), 'Service/Method' (service) or '/pkg.Service/Method' (full); check the spelling or remove the entry",
    }));
  const tuned = routes.map((r) => fillDefaults(tune(r, overrides.routes?.[r.name]), overrides.defaults));
  return { routes: tuned, warnings };
}
