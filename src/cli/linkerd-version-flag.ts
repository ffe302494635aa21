/** `--linkerd-version`, checked by the same rules as the config's `linkerd: { version }`. */
import { UsageError } from "./command.js";
import { apiVersionProblem, linkerdVersionValueError, parseLinkerdVersion, type GatewayApiVersion, type LinkerdVersion } from "../targets/gateway/index.js";

export function linkerdVersionFlag(value: string | undefined, apiVersion: GatewayApiVersion): LinkerdVersion | undefined {
  if (value === undefined) return undefined;
  const version = parseLinkerdVersion(value);
  if (!version) throw new UsageError(`--linkerd-version: ${linkerdVersionValueError(value)}`);
  const unread = apiVersionProblem(apiVersion, version);
  if (unread) throw new UsageError(`--api-version v1beta1 with --linkerd-version ${version}: ${unread.message}; ${unread.hint}`);
  return version;
}
