/**
 * Retry and timeout settings as Linkerd's route annotations
 * (linkerd2 policy-controller/k8s/index/src/outbound/index/http.rs, grpc.rs):
 * `retry.linkerd.io/http|grpc|limit|timeout` and `timeout.linkerd.io/request`.
 * Annotations belong to the whole route object, so two routes can share an
 * object only when these are equal.
 */
import type { StatusClass } from "../../model/route.js";

export const RETRY_HTTP = "retry.linkerd.io/http";
export const RETRY_GRPC = "retry.linkerd.io/grpc";
export const RETRY_LIMIT = "retry.linkerd.io/limit";
export const RETRY_TIMEOUT = "retry.linkerd.io/timeout";
export const TIMEOUT_REQUEST = "timeout.linkerd.io/request";

export const GRPC_RETRY_CONDITIONS = ["cancelled", "deadline-exceeded", "internal", "resource-exhausted", "unavailable"] as const;
export const DEFAULT_GRPC_RETRY = "unavailable";

/**
 * The statuses a ServiceProfile route counts as failures: the first class
 * that matches decides, and a status no class matches is a failure when it
 * is 5xx (Linkerd's default classification). This is what `isRetryable`
 * retries, written as Linkerd's `retry.linkerd.io/http` list.
 */
export function httpRetryCondition(classes: readonly StatusClass[]): string {
  const failing: boolean[] = [];
  for (let s = 100; s <= 599; s++) {
    const c = classes.find((k) => s >= k.min && s <= k.max);
    failing.push(c ? c.isFailure : s >= 500);
  }
  const ranges: [number, number][] = [];
  failing.forEach((f, i) => {
    if (!f) return;
    const s = i + 100;
    const last = ranges[ranges.length - 1];
    if (last && last[1] === s - 1) last[1] = s;
    else ranges.push([s, s]);
  });
  if (ranges.length === 1 && ranges[0]![0] === 500 && ranges[0]![1] === 599) return "5xx";
  return ranges.map(([a, b]) => (a === b ? String(a) : `${a}-${b}`)).join(",");
}

/** A class Gateway API output keeps the meaning of: Linkerd counts 5xx, and only 5xx, as failures. */
export function classMatchesDefault(c: StatusClass): boolean {
  return c.isFailure ? c.min >= 500 && c.max <= 599 : c.max < 500 || c.min > 599;
}

const HTTP_CONDITION = /^(?:5xx|gateway-error|[1-5][0-9]{2}(?:-[1-5][0-9]{2})?)$/;

/** Problems with a `retry.linkerd.io/http` value, as Linkerd would read it. */
export function httpConditionProblems(value: string): string[] {
  return value
    .split(",")
    .map((p) => p.trim())
    .flatMap((p) => {
      if (!HTTP_CONDITION.test(p)) return [`"${p}" is not 5xx, gateway-error, a status code or a range of codes`];
      const [a, b] = p.split("-").map(Number);
      if (b !== undefined && !Number.isNaN(a!) && b < a!) return [`"${p}" is an empty range`];
      return [];
    });
}

export function grpcConditionProblems(value: string): string[] {
  return value
    .split(",")
    .map((p) => p.trim())
    .filter((p) => !(GRPC_RETRY_CONDITIONS as readonly string[]).includes(p))
    .map((p) => `"${p}" is not one of ${GRPC_RETRY_CONDITIONS.join(", ")}`);
}
