/**
 * Base paths: where the spec's path keys hang in the URL space the service
 * sees. Pure string work, no URL parser: a server URL may hold characters a
 * URL parser would percent-encode, and the path must stay as written.
 */
/**
 * Linkerd's join: every trailing `/` of the base and every leading `/` of the
 * key trimmed, one `/` between (linkerd2 pkg/profiles/openapi.go,
 * swaggerToServiceProfile: `strings.TrimRight(swagger.BasePath, "/")` and
 * `base + "/" + strings.TrimLeft(relPath, "/")`), so `//openapi` is `/openapi`.
 */
export declare function joinBasePath(basePath: string, key: string): string;
/** A base path as a path: a relative one (`v1`, `./v1`) gets its leading `/`. */
export declare function normalizeBasePath(basePath: string): string;
export interface ServerVariable {
    default?: unknown;
}
/** Replaces `{name}` by the variable's default; names without one are reported and left as they are. */
export declare function substituteServerVariables(url: string, variables: Record<string, ServerVariable | undefined> | undefined, missing: (name: string) => void): string;
/**
 * The path part of a server URL: scheme and authority dropped (`https://api.example.com/v2/`
 * -> `/v2/`), query and fragment dropped, and a relative URL taken as a path.
 */
export declare function serverUrlPath(url: string): string;
