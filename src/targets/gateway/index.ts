/**
 * The Gateway API target: build the route objects for a service, check
 * them, and hand them back with what the caller should tell the user.
 */
import { SpecError } from "../../model/diagnostic.js";
import { buildGatewayRoutes, GATEWAY_API_VERSIONS, type BuiltRoutes, type GatewayApiVersion, type GatewayInput } from "./emit.js";
import { apiVersionProblem } from "./linkerd-version.js";
import { grpcConditionProblems, httpConditionProblems } from "./retries.js";
import { validateRouteObject } from "./validate.js";

export * from "./emit.js";
export * from "./linkerd-version.js";
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

/** Builds and checks the routes of one service; throws SpecError on the first problem set. */
export function generateGatewayRoutes(input: GatewayInput): BuiltRoutes {
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
  const built = buildGatewayRoutes(input);
  // Checked before anything is printed or written: the CRD schema of the version emitted, its CEL rules, Linkerd's annotation rules.
  for (const o of built.objects) {
    const problems = validateRouteObject(o);
    if (problems.length === 0) continue;
    throw new SpecError({
      message: `the generated ${o.kind} ${o.metadata.name} is invalid: ${problems
        .slice(0, 5)
        .map((p) => `${p.pointer}: ${p.message}`)
        .join("; ")}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ""}`,
      file: input.source,
      hint: "check the spec paths and the values in the spec extensions and config that produce this field",
    });
  }
  return built;
}
