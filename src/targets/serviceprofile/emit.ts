/**
 * The ServiceProfile emitter: routes + service identity + user tuning -> a
 * validated linkerd.io/v1alpha2 ServiceProfile. The only module that knows
 * how a Route becomes a ServiceProfile route; the Gateway API emitter
 * (../gateway/) is its sibling over the same routes.
 */
import { SpecError, type Diagnostic } from "../../model/diagnostic.js";
import { DEFAULT_CLUSTER_DOMAIN, identityErrors, profileName } from "../../model/names.js";
import { applyOverrides, type RouteOverrides } from "../../model/tuning.js";
import type { Route, StatusClass } from "../../model/route.js";
import {
  SERVICE_PROFILE_API_VERSION,
  SERVICE_PROFILE_KIND,
  type ResponseClass,
  type RetryBudget,
  type RouteSpec,
  type ServiceProfile,
} from "../../model/serviceprofile.js";
import { validateProfile } from "./validate.js";
import { mergeDuplicateRoutes } from "../unique-routes.js";
import { generatedObjectError } from "../generated-error.js";
import { orderSpecificFirst, shadowDiagnostics, type RouteOrder } from "../../lint/profile-shadowing.js";

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
  /** "linkerd" (default): the routes' own order; "specific-first": reordered so no route is shadowed where possible. */
  routeOrder?: RouteOrder;
}

export interface BuiltProfile {
  profile: ServiceProfile;
  /** The route behind each of the profile's routes, in the profile's order: where a problem in one came from. */
  specRoutes: Route[];
  warnings: Diagnostic[];
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

/** Builds the profile object without validating it. */
export function buildProfile(input: ProfileInput): BuiltProfile {
  const clusterDomain = input.clusterDomain ?? DEFAULT_CLUSTER_DOMAIN;
  const { routes, warnings } = applyOverrides(mergeDuplicateRoutes(input.routes), input.overrides);
  const spec: ServiceProfile["spec"] = {};
  const specs = routes.map(routeToSpec);
  let specRoutes = routes;
  if (routes.length && input.routeOrder === "specific-first") {
    // The reorder moves the same objects: map them back to their routes.
    const routeOf = new Map(specs.map((s, i) => [s, routes[i]!]));
    spec.routes = orderSpecificFirst(specs);
    specRoutes = spec.routes.map((s) => routeOf.get(s)!);
  } else if (routes.length) spec.routes = specs;
  if (input.retryBudget) spec.retryBudget = { ...input.retryBudget };
  return {
    profile: {
      apiVersion: SERVICE_PROFILE_API_VERSION,
      kind: SERVICE_PROFILE_KIND,
      metadata: { name: profileName(input.service, input.namespace, clusterDomain), namespace: input.profileNamespace ?? input.namespace },
      spec,
    },
    specRoutes,
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
    throw generatedObjectError({
      kind: "ServiceProfile",
      problems,
      routeAt: (pointer) => {
        const route = /^\/spec\/routes\/(\d+)(\/|$)/.exec(pointer);
        return route ? built.specRoutes[Number(route[1])] : undefined;
      },
      ...(sourceFile !== undefined ? { source: sourceFile } : {}),
    });
  }
  // Routes an earlier route makes unreachable: a warning, the profile is still what Linkerd would make.
  built.warnings.push(...shadowDiagnostics(built.profile, sourceFile));
  return built;
}
