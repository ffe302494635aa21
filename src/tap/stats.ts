/**
 * What was observed for one route: requests, response status codes, gRPC
 * status codes, latency, and a few example paths. Mergeable: when path
 * consolidation folds routes together their figures are added up, and the
 * folded record forwards to the one it went into, so in-flight requests
 * that still point at it land in the right place.
 */
import { LatencyHistogram } from "./histogram.js";

export const MAX_EXAMPLES = 3;

export interface RouteStats {
  requests: number;
  /** HTTP status -> responses. */
  statuses: Map<number, number>;
  /** gRPC status name (`OK`, `Unavailable`, `Code(99)`) -> responses. */
  grpcStatuses: Map<string, number>;
  /** Request start to response end where recorded, else to response headers, in µs. */
  latency: LatencyHistogram;
  /** Up to MAX_EXAMPLES distinct request paths, as recorded. */
  examples: string[];
  /** Number of the first request event, for Linkerd's first-seen order. */
  firstSeq: number;
  /** Set when this record was merged into another. */
  mergedInto?: RouteStats;
}

export function newStats(firstSeq: number): RouteStats {
  return { requests: 0, statuses: new Map(), grpcStatuses: new Map(), latency: new LatencyHistogram(), examples: [], firstSeq };
}

/** Follows merges to the live record. */
export function live(stats: RouteStats): RouteStats {
  let s = stats;
  while (s.mergedInto) s = s.mergedInto;
  return s;
}

export function addExample(stats: RouteStats, path: string): void {
  if (stats.examples.length < MAX_EXAMPLES && !stats.examples.includes(path)) stats.examples.push(path);
}

function addCounts<K>(into: Map<K, number>, from: Map<K, number>): void {
  for (const [k, n] of from) into.set(k, (into.get(k) ?? 0) + n);
}

/** Adds `from` into `into` and makes `from` forward to it. */
export function mergeStats(into: RouteStats, from: RouteStats): void {
  if (into === from) return;
  into.requests += from.requests;
  addCounts(into.statuses, from.statuses);
  addCounts(into.grpcStatuses, from.grpcStatuses);
  into.latency.merge(from.latency);
  for (const e of from.examples) addExample(into, e);
  into.firstSeq = Math.min(into.firstSeq, from.firstSeq);
  from.mergedInto = into;
}

export function countStatus(stats: RouteStats, status: number): void {
  const s = live(stats);
  s.statuses.set(status, (s.statuses.get(status) ?? 0) + 1);
}

/** gRPC status names as Go's codes.Code prints them (and so tap's text output). */
const GRPC_CODES = ["OK", "Canceled", "Unknown", "InvalidArgument", "DeadlineExceeded", "NotFound", "AlreadyExists", "PermissionDenied", "ResourceExhausted", "FailedPrecondition", "Aborted", "OutOfRange", "Unimplemented", "Internal", "Unavailable", "DataLoss", "Unauthenticated"];

export function grpcStatusName(status: number | string): string {
  if (typeof status === "string") return status;
  return GRPC_CODES[status] ?? `Code(${status})`;
}

export function countGrpcStatus(stats: RouteStats, status: number | string): void {
  const s = live(stats);
  const key = grpcStatusName(status);
  s.grpcStatuses.set(key, (s.grpcStatuses.get(key) ?? 0) + 1);
}

export function sortedCounts<K extends number | string>(counts: Map<K, number>): [K, number][] {
  return [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
