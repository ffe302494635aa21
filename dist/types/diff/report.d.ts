import type { DiffReport } from "./routes.js";
import type { ReportFindings } from "./impact.js";
/** Linkerd keeps using a ServiceProfile a client already has (linkerd/linkerd2 issues #11032 and #14274). */
export declare const SWITCH_NOTE = "the routes take effect only once the ServiceProfile is gone from the cluster, and clients that already use it may keep it until they restart (linkerd/linkerd2 #11032, #14274)";
export declare const BOTH_NOTE = "a ServiceProfile for this service is generated too: Linkerd uses it, and ignores these routes, while it exists";
export declare const DEFAULT_MARKDOWN_MAX_CHARS = 60000;
export declare function renderJson(report: DiffReport): string;
export declare function summaryLine(report: DiffReport): string;
/** `2 errors, 1 warning` (only the severities that occur). */
export declare function severityCounts(f: Pick<ReportFindings, "errors" | "warnings" | "infos">): string;
export declare function renderText(report: DiffReport): string;
export interface MarkdownOptions {
    /** Hard cap on the output length (default 60,000, under GitHub's 65,536 comment limit). */
    maxChars?: number;
    /** First line; default "### ServiceProfile changes". */
    title?: string;
}
export declare function renderMarkdown(report: DiffReport, options?: MarkdownOptions): string;
