/**
 * What was observed for one route: requests, response status codes, gRPC
 * status codes, latency, and a few example paths. Mergeable: when path
 * consolidation folds routes together their figures are added up, and the
 * folded record forwards to the one it went into, so in-flight requests
 * that still point at it land in the right place.
 */
import { LatencyHistogram } from "./histogram.js";
export declare const MAX_EXAMPLES = 3;
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
export declare function newStats(firstSeq: number): RouteStats;
/** Follows merges to the live record. */
export declare function live(stats: RouteStats): RouteStats;
export declare function addExample(stats: RouteStats, path: string): void;
/** Adds `from` into `into` and makes `from` forward to it. */
export declare function mergeStats(into: RouteStats, from: RouteStats): void;
export declare function countStatus(stats: RouteStats, status: number): void;
export declare function grpcStatusName(status: number | string): string;
export declare function countGrpcStatus(stats: RouteStats, status: number | string): void;
export declare function sortedCounts<K extends number | string>(counts: Map<K, number>): [K, number][];
