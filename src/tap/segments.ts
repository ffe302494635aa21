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

export type SegmentClass = { kind: "literal" } | { kind: "version" } | { kind: "param"; param: "id" | "uuid"; suffix: string };

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const NUMBER = /^\d+$/;
const HEX = /^(?:[0-9a-f]{8,}|[0-9A-F]{8,})$/;
const TOKEN = /^[A-Za-z0-9_-]{16,}={0,2}$/;
const VERSION = /^v\d+(?:[._-]?(?:alpha|beta|rc|preview)?\d*)*$/i;
/** A file extension: a dot and a short name that starts with a letter. */
const EXTENSION = /^(.+?)(\.[A-Za-z][A-Za-z0-9]{0,7})$/;

export function isVersionSegment(segment: string): boolean {
  return VERSION.test(segment);
}

function valueKind(stem: string): "id" | "uuid" | undefined {
  if (UUID.test(stem)) return "uuid";
  if (NUMBER.test(stem)) return "id";
  if (HEX.test(stem) && /\d/.test(stem) && /[a-fA-F]/.test(stem)) return "id";
  if (TOKEN.test(stem) && /\d/.test(stem)) {
    const mixedCase = /[a-z]/.test(stem) && /[A-Z]/.test(stem);
    const digits = stem.replace(/\D/g, "").length;
    if (mixedCase || digits * 4 >= stem.length) return "id";
  }
  return undefined;
}

export function classifySegment(segment: string): SegmentClass {
  if (segment === "") return { kind: "literal" };
  if (isVersionSegment(segment)) return { kind: "version" };
  const whole = valueKind(segment);
  if (whole) return { kind: "param", param: whole, suffix: "" };
  const ext = EXTENSION.exec(segment);
  if (ext) {
    const stem = valueKind(ext[1]!);
    if (stem) return { kind: "param", param: stem, suffix: ext[2]! };
  }
  return { kind: "literal" };
}

/** The extension a literal file name would keep when consolidated (`.js` of `app.js`), else "". */
export function extensionOf(segment: string): string {
  const ext = EXTENSION.exec(segment);
  return ext ? ext[2]! : "";
}

/** The path without its query string or fragment. */
export function stripQuery(path: string): string {
  const i = path.search(/[?#]/);
  return i < 0 ? path : path.slice(0, i);
}

const GRPC_PATH = /^\/[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*\/[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * gRPC calls are routes as they are (`/pkg.Service/Method`): never
 * consolidated. Known from the content-type when the recording has headers,
 * else from the shape: POST to `/<package>.<Service>/<Method>`.
 */
export function isGrpcRequest(method: string, path: string, contentType?: string): boolean {
  if (contentType !== undefined) return contentType.toLowerCase().startsWith("application/grpc");
  if (method !== "POST" || !GRPC_PATH.test(path)) return false;
  return path.indexOf(".") > 0 && path.indexOf(".") < path.lastIndexOf("/");
}
