export declare class LatencyHistogram {
    private readonly buckets;
    count: number;
    max: number;
    add(us: number): void;
    merge(other: LatencyHistogram): void;
    /** The q-quantile (0..1) in microseconds, nearest-rank; undefined when empty. */
    quantile(q: number): number | undefined;
}
