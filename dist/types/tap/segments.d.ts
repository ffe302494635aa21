/**
 * What a path segment looks like: a fixed name, a version, or a value that
 * varies between requests (an id). These are the consolidation rules of
 * `profile --tap` (the README's "Offline tap" section lists them for users):
 *
 *  - `{uuid}`: an RFC 4122-shaped UUID;
 *  - `{id}`: a decimal number; a hex string of 8+ characters with both digits
 *    and letters (hashes, object ids); an opaque token of 16+ characters of
 *    the base64/base64url alphabet with digits and either both letter cases
 *    or many digits (ULIDs, encoded keys);
 *  - a version (`v1`, `v2beta1`, `v1.2`) is never a value;
 *  - a file name keeps its extension: `2878.json` -> `{id}.json`.
 *
 * Segments that are none of these stay literal unless many distinct ones
 * follow the same prefix (see path-trie.ts), which makes them `{name}`.
 */
export type SegmentClass = {
    kind: "literal";
} | {
    kind: "version";
} | {
    kind: "param";
    param: "id" | "uuid";
    suffix: string;
};
export declare function isVersionSegment(segment: string): boolean;
export declare function classifySegment(segment: string): SegmentClass;
/** The extension a literal file name would keep when consolidated (`.js` of `app.js`), else "". */
export declare function extensionOf(segment: string): string;
/** The path without its query string or fragment. */
export declare function stripQuery(path: string): string;
/**
 * gRPC calls are routes as they are (`/pkg.Service/Method`): never
 * consolidated. Known from the content-type when the recording has headers,
 * else from the shape: POST to `/<package>.<Service>/<Method>`.
 */
export declare function isGrpcRequest(method: string, path: string, contentType?: string): boolean;
