import type { Node, RefResolver } from "./refs.js";
export declare const RETRYABLE_KEY = "x-linkerd-retryable";
export declare const TIMEOUT_KEY = "x-linkerd-timeout";
export interface LinkerdExtensions {
    isRetryable?: boolean;
    timeout?: string;
}
/** The extensions set on one object (document, path item or operation). */
export declare function readExtensions(refs: RefResolver, node: Node): LinkerdExtensions;
/** The operation's value, else the path item's, else the document's. */
export declare function effectiveExtensions(...levels: LinkerdExtensions[]): LinkerdExtensions;
