/** `--gateway-api-bundle`, checked by the same rule as the config's `gatewayAPI: { bundle }`. */
import { flagValue, UsageError } from "./command.js";
import { GATEWAY_API_BUNDLE } from "../repo/settings.js";
import { bundleApiVersionProblem, type GatewayApiBundle, type GatewayApiVersion } from "../targets/gateway/index.js";

export function gatewayApiBundleFlag(value: string | undefined, apiVersion: GatewayApiVersion): GatewayApiBundle | undefined {
  const bundle = flagValue(GATEWAY_API_BUNDLE, value);
  if (bundle !== undefined && apiVersion !== "v1") throw new UsageError(`--gateway-api-bundle with --api-version ${apiVersion}: ${bundleApiVersionProblem(apiVersion)}`);
  return bundle;
}
