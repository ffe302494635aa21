import { type RouteStats } from "./stats.js";
export declare const DEFAULT_DISTINCT_VALUES = 20;
type ParamKind = "id" | "uuid" | "name";
export interface TemplateSegment {
    literal?: string;
    param?: ParamKind;
    suffix?: string;
}
export interface PathTemplateGroup {
    method: string;
    segments: TemplateSegment[];
    stats: RouteStats;
}
export declare class PathTrie {
    private readonly root;
    private readonly distinctValues;
    constructor(distinctValues?: number);
    /** Counts a request; returns the figures record it was counted in. `path` must start with "/" and have no query. */
    add(method: string, path: string, seq: number, example: string): RouteStats;
    private child;
    /** Folds every literal child of one extension group into `{name}<ext>`; returns that child. */
    private fold;
    private mergeNode;
    /**
     * The templates, after folding parameters that differ only in kind at one
     * position (`{id}` and `{uuid}` give the same regex, so one would hide the
     * other): they become one `{id}`, or `{name}`/`{uuid}` when all agree.
     */
    finish(): PathTemplateGroup[];
}
/**
 * `/books/{id}/pages/{id2}`: parameters numbered from the second of a kind
 * on, so that names stay unique within a template as OpenAPI requires.
 */
export declare function templateText(segments: TemplateSegment[]): string;
export {};
