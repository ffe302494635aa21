/**
 * Route object names. The proxy labels route metrics with the object's
 * `metadata.name` (contract, "Metrics are per route object"), so names are an
 * interface: derived only from the service and the route, readable, DNS-1123
 * subdomains of at most 253 characters, unique per namespace and kind. A
 * short hash of the route's own name is added only where two routes would
 * otherwise share a name, or a name would be too long.
 */
import { createHash } from "node:crypto";

export const MAX_NAME = 253;
const HASH_LENGTH = 8;

/** Lower case letters and digits, everything else one `-`. */
export function slug(text: string): string {
  const dashed = text.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  // Runs are one `-` by now: at most one to drop at each end.
  return dashed.slice(dashed.startsWith("-") ? 1 : 0, dashed.endsWith("-") ? -1 : undefined);
}

function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, HASH_LENGTH);
}

function join(...parts: string[]): string {
  return parts.filter((p) => p !== "").join("-");
}

/** `books-get-books-id` for `GET /books/{id}`; `voting-svc-votingservice-voteburger` for an rpc. */
export function readableName(service: string, routeKey: string): string {
  return join(service, slug(routeKey)) || service;
}

/** The name of the catch-all route: reads as the default route in metrics. */
export function defaultRouteName(service: string): string {
  return `${service}-default`;
}

function withHash(base: string, key: string): string {
  const room = MAX_NAME - HASH_LENGTH - 1;
  const trimmed = base.length > room ? base.slice(0, room).replace(/-+$/, "") : base;
  return `${trimmed}-${shortHash(key)}`;
}

/**
 * Final names for a set of objects, each given as its readable base and the
 * key it stands for (the route name). Bases shared by two keys, or longer
 * than 253 characters, get the hash of their key; so do names that would
 * then meet a reserved one (the catch-all).
 */
export function assignNames(items: readonly { base: string; key: string }[], reserved: ReadonlySet<string> = new Set()): string[] {
  const count = new Map<string, number>();
  for (const it of items) count.set(it.base, (count.get(it.base) ?? 0) + 1);
  return items.map((it) => {
    const clash = (count.get(it.base) ?? 0) > 1 || reserved.has(it.base) || it.base.length > MAX_NAME;
    return clash ? withHash(it.base, it.key) : it.base;
  });
}
