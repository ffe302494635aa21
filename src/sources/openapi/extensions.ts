/**
 * `x-linkerd-retryable` and `x-linkerd-timeout`, read at the document, path
 * item and operation levels. Keys match case-insensitively (as Linkerd's
 * go-openapi extensions do); a value of the wrong kind is an error at its place,
 * never silently dropped.
 */
import { parseGoDuration } from "../../model/duration.js";
import type { Node, RefResolver } from "./refs.js";
import { describe } from "./refs.js";

export const RETRYABLE_KEY = "x-linkerd-retryable";
export const TIMEOUT_KEY = "x-linkerd-timeout";

export interface LinkerdExtensions {
  isRetryable?: boolean;
  timeout?: string;
}

/** The extensions set on one object (document, path item or operation). */
export function readExtensions(refs: RefResolver, node: Node): LinkerdExtensions {
  const found: LinkerdExtensions = {};
  for (const key of refs.keys(node)) {
    // Every key of every operation passes here: lower-case only the ones that can be ours.
    if (key.length !== RETRYABLE_KEY.length && key.length !== TIMEOUT_KEY.length) continue;
    const lower = key.toLowerCase();
    if (lower !== RETRYABLE_KEY && lower !== TIMEOUT_KEY) continue;
    const at = refs.child(node, key)!;
    if (lower === RETRYABLE_KEY) {
      if (found.isRetryable !== undefined) continue; // first spelling in document order wins
      if (typeof at.value !== "boolean") {
        throw refs.valueError(at, `${key} must be true or false, not ${describe(at.value)}`, `write '${RETRYABLE_KEY}: true' (a YAML/JSON boolean, without quotes)`);
      }
      found.isRetryable = at.value;
    } else {
      if (found.timeout !== undefined) continue;
      const parsed = typeof at.value === "string" ? parseGoDuration(at.value) : undefined;
      if (typeof at.value !== "string" || !parsed?.ok) {
        const why = parsed && !parsed.ok ? ` (${parsed.error})` : "";
        throw refs.valueError(
          at,
          `${key} must be a Go duration string, not ${describe(at.value)}${why}`,
          `write a duration like '300ms', '10s' or '1m30s' (units ns, us, ms, s, m, h)`,
        );
      }
      found.timeout = at.value;
    }
  }
  return found;
}

/** The operation's value, else the path item's, else the document's. */
export function effectiveExtensions(...levels: LinkerdExtensions[]): LinkerdExtensions {
  const out: LinkerdExtensions = {};
  for (const level of levels) {
    out.isRetryable ??= level.isRetryable;
    out.timeout ??= level.timeout;
  }
  return out;
}
