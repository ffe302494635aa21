export interface OverlapInput {
    method: string;
    template: string;
}
export interface Overlap {
    /** Indexes into the input, first < second. */
    first: number;
    second: number;
    /** A path both match. */
    example: string;
}
export interface OverlapAnalysis {
    /** Each group lists input indexes in input order; every input is in exactly one group. */
    groups: number[][];
    /** Every overlapping pair, in input order. */
    overlaps: Overlap[];
}
export declare function analyzeOverlaps(routes: readonly OverlapInput[]): OverlapAnalysis;
