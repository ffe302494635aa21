/**
 * The protocol-neutral route model. Sources (OpenAPI, proto, tap) produce
 * Routes; emitters (ServiceProfile today, Gateway API routes later) consume
 * them. Nothing here knows the ServiceProfile's shape.
 */
/** An inclusive HTTP status range and whether it counts as a failure. */
export interface StatusClass {
    min: number;
    max: number;
    isFailure: boolean;
}
export interface RouteOrigin {
    file: string;
    /** JSON pointer of the operation (OpenAPI) or the rpc's full name (proto). */
    pointer?: string;
    line?: number;
}
export interface HttpMatch {
    kind: "http";
    /** Upper-case HTTP method. */
    method: string;
    /** The full path template as written, with `{param}` placeholders. */
    pathTemplate: string;
    /** Anchored-by-the-proxy regular expression (RE2 syntax) for the path. */
    pathRegex: string;
}
export interface GrpcMatch {
    kind: "grpc";
    /** Fully qualified service name, `pkg.Service` (no leading dot). */
    service: string;
    method: string;
    /** `/pkg.Service/Method`. */
    path: string;
    /** Linkerd sends gRPC as HTTP/2 POST; kept for emitters that need it. */
    pathRegex: string;
}
export interface Route {
    name: string;
    match: HttpMatch | GrpcMatch;
    /** Exact codes first, ascending, then ranges; empty when the source has none. */
    statusClasses: StatusClass[];
    isRetryable?: boolean;
    /** Go duration string as written by the user (validated). */
    timeout?: string;
    origin?: RouteOrigin;
}
/** What a source produced: the routes and every file that was read for them. */
export interface SourceResult {
    routes: Route[];
    /** Repository-relative paths of all files the routes depend on (incl. $ref targets). */
    inputs: string[];
    warnings: import("./diagnostic.js").Diagnostic[];
    /** OpenAPI 3: the base paths taken from `servers` (distinct, non-empty), which `linkerd profile` ignores. */
    serversBasePaths?: string[];
}
