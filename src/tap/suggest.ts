/**
 * Suggestions from observed figures. They are printed in the report and only
 * written into the profile on request (`--apply-suggestions`):
 *
 *  - timeout: the next value of the 1-2-5 series (100ms, 200ms, 500ms, 1s,
 *    2s, ...) at or above twice the observed p99 latency, at least 100ms;
 *    only with at least MIN_LATENCY_SAMPLES latencies;
 *  - response classes: one class per HTTP status code seen, ascending, 5xx
 *    marked as failures (what an OpenAPI spec listing those codes gives);
 *    none for gRPC, whose failures are classified by grpc-status.
 *
 * Retries are mentioned (for idempotent methods that saw 5xx responses) but
 * never applied: only the service's owner knows whether a retry is safe.
 */
import { formatGoDuration } from "../model/duration.js";
import type { StatusClass } from "../model/route.js";
import type { RouteStats } from "./stats.js";

export const MIN_LATENCY_SAMPLES = 20;
const MIN_TIMEOUT_MS = 100;
const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"]);

export type Suggestion =
  | { kind: "timeout"; timeout: string; reason: string }
  | { kind: "responseClasses"; classes: StatusClass[]; reason: string }
  | { kind: "retries"; reason: string };

/** Smallest of 1, 2, 5 x 10^k milliseconds that is >= ms. */
export function niceCeilMs(ms: number): number {
  let scale = 1;
  while (scale * 10 <= ms) scale *= 10;
  for (const step of [1, 2, 5, 10]) if (step * scale >= ms) return step * scale;
  return 10 * scale;
}

export function formatMs(us: number): string {
  const ms = us / 1000;
  if (ms >= 1000) return `${(ms / 1000).toFixed(ms >= 10_000 ? 1 : 2)}s`;
  if (ms >= 10) return `${Math.round(ms)}ms`;
  return `${ms.toFixed(ms >= 1 ? 1 : 3)}ms`;
}

export function suggest(method: string, stats: RouteStats, grpc: boolean): Suggestion[] {
  const out: Suggestion[] = [];
  const samples = stats.latency.count;
  const p99 = stats.latency.quantile(0.99);
  if (p99 !== undefined && samples >= MIN_LATENCY_SAMPLES) {
    const ms = niceCeilMs(Math.max(MIN_TIMEOUT_MS, (2 * p99) / 1000));
    const timeout = formatGoDuration(BigInt(ms) * 1_000_000n);
    out.push({ kind: "timeout", timeout, reason: `p99 latency ${formatMs(p99)} over ${samples} responses; ${timeout} leaves twice that` });
  }
  if (!grpc && stats.statuses.size > 0) {
    const codes = [...stats.statuses.keys()].filter((c) => c >= 100 && c <= 599).sort((a, b) => a - b);
    if (codes.length) {
      out.push({
        kind: "responseClasses",
        classes: codes.map((c) => ({ min: c, max: c, isFailure: c >= 500 })),
        reason: `status codes seen: ${codes.join(", ")}`,
      });
    }
  }
  const failures = [...stats.statuses].filter(([c]) => c >= 500).reduce((n, [, k]) => n + k, 0);
  if (IDEMPOTENT.has(method) && failures > 0) {
    const total = [...stats.statuses.values()].reduce((a, b) => a + b, 0);
    out.push({
      kind: "retries",
      reason: `${failures} of ${total} responses were 5xx; if the handler is idempotent, isRetryable: true lets the proxy retry them (not applied automatically)`,
    });
  }
  return out;
}
