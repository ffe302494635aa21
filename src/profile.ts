/**
 * Routes + service identity + user tuning -> a validated ServiceProfile object.
 * This is the only module that knows how a Route becomes a ServiceProfile route.
 */
import { SpecError, joinPointer, type Diagnostic } from "./model/diagnostic.js";
import { namespaceError, profileName, serviceNameError } from "./model/names.js";
import type { Route, StatusClass } from "./model/route.js";
import {
  SERVICE_PROFILE_API_VERSION,
  SERVICE_PROFILE_KIND,
  type ResponseClass,
  type RetryBudget,
  type RouteSpec,
  type ServiceProfile,
} from "./model/serviceprofile.js";
import { validateProfile } from "./model/validate.js";

export const DEFAULT_CLUSTER_DOMAIN = "cluster.local";

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

export interface ProfileInput {
  service: string;
  /** The service's namespace (part of the profile's name). */
  namespace: string;
  /** Namespace the profile object lives in (a client namespace); default: `namespace`. */
  profileNamespace?: string;
  clusterDomain?: string;
  routes: Route[];
  retryBudget?: RetryBudget;
  overrides?: RouteOverrides;
}

export interface BuiltProfile {
  profile: ServiceProfile;
  warnings: Diagnostic[];
}

/** Linkerd's name checks: service a DNS-1035 label, namespaces DNS-1123 labels. */
export function identityErrors(service: string, namespace: string, profileNamespace = namespace): string[] {
  return [serviceNameError(service), namespaceError(namespace), profileNamespace !== namespace ? namespaceError(profileNamespace) : undefined].filter(
    (e): e is string => e !== undefined,
  );
}

export function statusClassToResponseClass(c: StatusClass): ResponseClass {
  const rc: ResponseClass = { condition: { status: { min: c.min, max: c.max } } };
  if (c.isFailure) rc.isFailure = true;
  return rc;
}

export function routeToSpec(route: Route): RouteSpec {
  const spec: RouteSpec = {
    name: route.name,
    condition: { method: route.match.kind === "grpc" ? "POST" : route.match.method, pathRegex: route.match.pathRegex },
  };
  if (route.statusClasses.length) spec.responseClasses = route.statusClasses.map(statusClassToResponseClass);
  if (route.isRetryable) spec.isRetryable = true;
  if (route.timeout) spec.timeout = route.timeout;
  return spec;
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

/** Builds the profile object without validating it. */
export function buildProfile(input: ProfileInput): BuiltProfile {
  const clusterDomain = input.clusterDomain ?? DEFAULT_CLUSTER_DOMAIN;
  const { routes, warnings } = applyOverrides(input.routes, input.overrides);
  const spec: ServiceProfile["spec"] = {};
  if (routes.length) spec.routes = routes.map(routeToSpec);
  if (input.retryBudget) spec.retryBudget = { ...input.retryBudget };
  return {
    profile: {
      apiVersion: SERVICE_PROFILE_API_VERSION,
      kind: SERVICE_PROFILE_KIND,
      metadata: { name: profileName(input.service, input.namespace, clusterDomain), namespace: input.profileNamespace ?? input.namespace },
      spec,
    },
    warnings,
  };
}

/** Builds and validates (names, CRD schema, Linkerd's rules); throws SpecError on the first problem set. */
export function generateProfile(input: ProfileInput, sourceFile?: string): BuiltProfile {
  const nameErrors = identityErrors(input.service, input.namespace, input.profileNamespace);
  if (nameErrors.length) {
    throw new SpecError({ message: nameErrors.join("; "), hint: "Kubernetes service names are DNS-1035 labels and namespaces DNS-1123 labels" });
  }
  const built = buildProfile(input);
  const problems = validateProfile(built.profile);
  if (problems.length) {
    const first = problems[0]!;
    throw new SpecError({
      message: `the generated ServiceProfile is invalid: ${problems.map((p) => `${p.pointer}: ${p.message}`).join("; ")}`,
      file: sourceFile,
      pointer: first.pointer,
      hint: "check the values in the spec extensions and config overrides that produce this field",
    });
  }
  return built;
}
