export type DurationResult = {
    ok: true;
    nanos: bigint;
} | {
    ok: false;
    error: string;
};
export declare function parseGoDuration(input: string): DurationResult;
export declare function isGoDuration(input: string): boolean;
/** Formats nanoseconds the way Go's Duration.String() does (e.g. `1m30s`, `250ms`). */
export declare function formatGoDuration(nanos: bigint): string;
