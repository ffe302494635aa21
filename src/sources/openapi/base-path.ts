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
export function joinBasePath(basePath: string, key: string): string {
  let end = basePath.length;
  while (end > 0 && basePath.charCodeAt(end - 1) === 0x2f) end--;
  let start = 0;
  while (start < key.length && key.charCodeAt(start) === 0x2f) start++;
  return `${basePath.slice(0, end)}/${key.slice(start)}`;
}

/** A base path as a path: a relative one (`v1`, `./v1`) gets its leading `/`. */
export function normalizeBasePath(basePath: string): string {
  const p = basePath.replace(/^(\.\/)+/, "");
  if (p === "" || p === ".") return "";
  return p.startsWith("/") ? p : `/${p}`;
}

export interface ServerVariable {
  default?: unknown;
}

/** Replaces `{name}` by the variable's default; names without one are reported and left as they are. */
export function substituteServerVariables(url: string, variables: Record<string, ServerVariable | undefined> | undefined, missing: (name: string) => void): string {
  return url.replace(/\{([^}]*)\}/g, (whole, name: string) => {
    const v = variables?.[name];
    const d = v && typeof v === "object" ? v.default : undefined;
    if (typeof d === "string" || typeof d === "number" || typeof d === "boolean") return String(d);
    missing(name);
    return whole;
  });
}

/**
 * The path part of a server URL: scheme and authority dropped (`https://api.example.com/v2/`
 * -> `/v2/`), query and fragment dropped, and a relative URL taken as a path.
 */
export function serverUrlPath(url: string): string {
  let rest = url.trim();
  const absolute = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/.exec(rest) ?? /^\/\/[^/?#]*/.exec(rest);
  if (absolute) rest = rest.slice(absolute[0].length);
  rest = rest.replace(/[?#].*$/, "");
  return normalizeBasePath(rest);
}
