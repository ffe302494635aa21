/**
 * The Gateway API target: build the route objects for a service, check
 * them, and hand them back with what the caller should tell the user.
 */
import { SpecError } from "../../model/diagnostic.js";
import { gatewayShadowDiagnostics, routesSpecificFirst } from "../../lint/gateway-shadowing.js";
import type { RouteOrder } from "../../lint/profile-shadowing.js";
import { buildGatewayRoutes, GATEWAY_API_VERSIONS, type BuiltRoutes, type GatewayApiVersion, type GatewayInput } from "./emit.js";
import { apiVersionProblem } from "./linkerd-version.js";
import { outputBundle } from "./bundles.js";
import { grpcConditionProblems, httpConditionProblems } from "./retries.js";
import { validateRouteObject } from "./validate.js";
import { generatedObjectError } from "../generated-error.js";

export * from "./emit.js";
export * from "./linkerd-version.js";
export * from "./bundles.js";
export type * from "../../model/gateway.js";

export const GATEWAY_API_VERSION_NAMES = GATEWAY_API_VERSIONS.join(", ");

/** `v1`, `v1beta1`, `linkerd`, or the full HTTPRoute apiVersion they stand for. */
export function parseGatewayApiVersion(value: string): GatewayApiVersion | undefined {
  const full: Record<string, GatewayApiVersion> = {
    "gateway.networking.k8s.io/v1": "v1",
    "gateway.networking.k8s.io/v1beta1": "v1beta1",
    "policy.linkerd.io/v1beta3": "linkerd",
  };
  if ((GATEWAY_API_VERSIONS as readonly string[]).includes(value)) return value as GatewayApiVersion;
  return full[value];
}

/**
 * Builds and checks the routes of one service; throws SpecError on the first problem set.
 * The warnings include the rules Linkerd can never pick (lint/gateway-shadowing.ts).
 */
export function generateGatewayRoutes(input: GatewayInput & { routeOrder?: RouteOrder }): BuiltRoutes {
  const retry = input.options?.retry ?? {};
  const conditionProblems = [
    ...(retry.http !== undefined ? httpConditionProblems(retry.http).map((p) => `retry http: ${p}`) : []),
    ...(retry.grpc !== undefined ? grpcConditionProblems(retry.grpc).map((p) => `retry grpc: ${p}`) : []),
  ];
  if (conditionProblems.length) {
    throw new SpecError({ message: conditionProblems.join("; "), hint: "HTTP: 5xx, gateway-error, codes (504) or ranges (500-504); gRPC: cancelled, deadline-exceeded, internal, resource-exhausted, unavailable" });
  }
  const unread = apiVersionProblem(input.options?.apiVersion, input.options?.linkerdVersion);
  if (unread) throw new SpecError({ ...unread, file: input.source });
  const { routeOrder, ...rest } = input;
  const built = buildGatewayRoutes(routeOrder === "specific-first" ? { ...rest, routes: routesSpecificFirst(rest.routes) } : rest);
  // Checked before anything is printed or written: the CRD schema of the version emitted (of the chosen bundle), its CEL rules, Linkerd's annotation rules.
  const bundle = outputBundle(input.options ?? {});
  built.objects.forEach((o, i) => {
    const problems = validateRouteObject(o, bundle);
    if (problems.length === 0) return;
    const rules = built.ruleRoutes[i] ?? [];
    throw generatedObjectError({
      kind: o.kind,
      name: o.metadata.name,
      problems,
      // A rule's problem comes from its route; the object's own fields (name, annotations) from its first route.
      routeAt: (pointer) => {
        const rule = /^\/spec\/rules\/(\d+)(\/|$)/.exec(pointer);
        return rule ? rules[Number(rule[1])] : pointer.startsWith("/metadata/") ? rules[0] : undefined;
      },
      source: input.source,
    });
  });
  built.warnings.push(...gatewayShadowDiagnostics(built.objects, input.source));
  return built;
}
