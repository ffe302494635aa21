/**
 * The settings that both a command-line flag and the config accept, each
 * checked by one rule here, so `--retry-limit 0` and `retry: { limit: 0 }`
 * are refused alike, with the same words. The CLI puts the flag's name in
 * front of a problem, the config the value's file:line:column.
 */
import { dns1123SubdomainErrors } from "../model/names.js";
import { closest } from "../model/suggest.js";
import { quotedShort } from "../model/shorten.js";
import { toAnnotationDuration } from "../targets/gateway/durations.js";
import { grpcConditionProblems, httpConditionProblems } from "../targets/gateway/retries.js";
import { GATEWAY_API_BUNDLES, parseGatewayApiBundle, type GatewayApiBundle } from "../targets/gateway/bundles.js";

export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string; hint: string };

export interface SettingRule<T> {
  /** The flag that sets it, e.g. `--retry-limit`. */
  flag: string;
  /** Where it lives in the config, e.g. `gateway.retry.limit`. */
  configKey: string;
  /** Checks a value: the flag's text, or the config's (already of the schema's type). */
  check(raw: string | number): Checked<T>;
}

function oneOf<T extends string>(flag: string, configKey: string, allowed: readonly T[]): SettingRule<T> {
  return {
    flag,
    configKey,
    check(raw) {
      const s = String(raw);
      if ((allowed as readonly string[]).includes(s)) return { ok: true, value: s as T };
      const guess = closest(s, allowed);
      return { ok: false, problem: `${quotedShort(s)} is not one of ${allowed.join(", ")}`, hint: guess ? `did you mean "${guess}"?` : `use one of ${allowed.join(", ")}` };
    },
  };
}

function wholeNumber(flag: string, configKey: string, min: number, max: number, why: (n: number) => string | undefined = () => undefined): SettingRule<number> {
  return {
    flag,
    configKey,
    check(raw) {
      const s = String(raw);
      const n = typeof raw === "number" ? raw : /^\d+$/.test(s) ? Number(s) : NaN;
      if (!Number.isInteger(n)) return { ok: false, problem: `${quotedShort(s)} is not a whole number`, hint: `use a whole number from ${min} to ${max}` };
      if (n < min || n > max) return { ok: false, problem: why(n) ?? `${n} is not from ${min} to ${max}`, hint: `use a whole number from ${min} to ${max}` };
      return { ok: true, value: n };
    },
  };
}

/**
 * Linkerd drops a limit of 0 and, as soon as any other retry annotation is
 * set (ours always are), retries with its default of 1: linkerd2
 * version-2.20, policy-controller/k8s/index/src/outbound/index/http.rs
 * `parse_http_retry` and .../outbound/index/grpc.rs `parse_grpc_retry`
 * (`s.parse::<u16>()`, `.filter(|v| *v != 0)`, `limit.unwrap_or(1)`).
 */
export const RETRY_LIMIT = wholeNumber("--retry-limit", "gateway.retry.limit", 1, 65535, (n) =>
  n === 0 ? "a limit of 0 does not turn retries off: Linkerd ignores it and retries once, its default" : undefined,
);

export const RETRY_TIMEOUT: SettingRule<string> = {
  flag: "--retry-timeout",
  configKey: "gateway.retry.timeout",
  check(raw) {
    const s = String(raw);
    const d = toAnnotationDuration(s);
    return d.ok ? { ok: true, value: s } : { ok: false, problem: d.error, hint: "use a duration such as 500ms or 2s" };
  },
};

function conditions(flag: string, configKey: string, problems: (v: string) => string[], hint: string): SettingRule<string> {
  return {
    flag,
    configKey,
    check(raw) {
      const s = String(raw);
      const found = problems(s);
      return found.length ? { ok: false, problem: found.join("; "), hint } : { ok: true, value: s };
    },
  };
}

export const RETRY_HTTP = conditions("--retry-http", "gateway.retry.http", httpConditionProblems, "e.g. 5xx, gateway-error, 504 or 500-504, separated by commas");
export const RETRY_GRPC = conditions("--retry-grpc", "gateway.retry.grpc", grpcConditionProblems, "e.g. unavailable,internal");

export const PORT = wholeNumber("--port", "gateway.port", 1, 65535);
export const GRANULARITY = oneOf("--granularity", "gateway.granularity", ["route", "packed"] as const);
export const ROUTE_ORDER = oneOf("--route-order", "routeOrder", ["linkerd", "specific-first"] as const);
export const ROUTE_NAMES = oneOf("--route-names", "routeNames", ["short", "service", "full"] as const);

/**
 * `--gateway-api-bundle` and `gatewayAPI: { bundle }`: a bundle name as the
 * folders of schema/gateway-api/ spell it. A bare release ("v1.3.0", "1.3.0")
 * is suggested its bundle, a typo the nearest name.
 */
export const GATEWAY_API_BUNDLE: SettingRule<GatewayApiBundle> = {
  flag: "--gateway-api-bundle",
  configKey: "gatewayAPI.bundle",
  check(raw) {
    const s = String(raw);
    const bundle = parseGatewayApiBundle(s);
    if (bundle) return { ok: true, value: bundle };
    const release = /^v?(\d+\.\d+\.\d+)$/.exec(s);
    const guess = (release ? GATEWAY_API_BUNDLES.find((b) => b.startsWith(`v${release[1]}-`)) : undefined) ?? closest(s, GATEWAY_API_BUNDLES);
    return {
      ok: false,
      problem: `${quotedShort(s)} is not a Gateway API bundle this tool checks against: use one of ${GATEWAY_API_BUNDLES.join(", ")}`,
      hint: guess ? `did you mean "${guess}"?` : "the default is the bundle your Linkerd version ships (v1.1.1-experimental), else v1.2.1-standard",
    };
  },
};

export const CLUSTER_DOMAIN: SettingRule<string> = {
  flag: "--cluster-domain",
  configKey: "clusterDomain",
  check(raw) {
    const s = String(raw);
    const errors = dns1123SubdomainErrors(s);
    return errors.length ? { ok: false, problem: `${quotedShort(s)} is not a valid cluster domain: ${errors.join("; ")}`, hint: "the default is cluster.local" } : { ok: true, value: s };
  },
};

export const BASE_PATH: SettingRule<string> = {
  flag: "--base-path",
  configKey: "basePath",
  check(raw) {
    const s = String(raw);
    return s.startsWith("/") ? { ok: true, value: s } : { ok: false, problem: `${quotedShort(s)} does not start with "/"`, hint: "e.g. /api/v1" };
  },
};
