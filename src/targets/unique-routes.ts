/**
 * One route per request identity across inputs. Several spec files can
 * describe the same route (the same proto service in two `--proto` files, a
 * shared file listed twice): left alone, each copy becomes an object or a
 * profile route under the same name. Both targets run their routes through
 * here first, so every face (profile, routes, sync, generate, the action, the
 * kustomize function) gets the same rule:
 *  - identical copies merge into the first;
 *  - copies that differ are an error naming both files and what differs.
 * Copies within one file are left to the source and the shadowing lint: no
 * source makes them, and a hand-written profile (migrate) may hold them.
 */
import { SpecError } from "../model/diagnostic.js";
import type { Route, RouteOrigin, StatusClass } from "../model/route.js";

/** The identity a route's object name is derived from (targets/gateway/emit.ts: `id`). */
export function routeIdentity(route: Route): string {
  const m = route.match;
  return m.kind === "grpc" ? `rpc ${m.path}` : `${m.method} ${m.pathTemplate}`;
}

function place(origin: RouteOrigin | undefined, fallback: string | undefined): string {
  const file = origin?.file ?? fallback ?? "the input";
  return origin?.line !== undefined ? `${file}:${origin.line}` : file;
}

function classes(list: StatusClass[]): string {
  return list.length === 0 ? "none" : list.map((c) => `${c.min === c.max ? c.min : `${c.min}-${c.max}`}${c.isFailure ? " failure" : ""}`).join(", ");
}

/** What differs between two copies of a route, one phrase per field; empty when they are the same route. */
export function routeDifferences(a: Route, b: Route): string[] {
  const out: string[] = [];
  const quote = (v: unknown) => (v === undefined ? "unset" : JSON.stringify(v));
  if (a.name !== b.name) out.push(`name ${quote(a.name)} vs ${quote(b.name)}`);
  if (a.match.pathRegex !== b.match.pathRegex) out.push(`pathRegex ${quote(a.match.pathRegex)} vs ${quote(b.match.pathRegex)}`);
  if (classes(a.statusClasses) !== classes(b.statusClasses)) out.push(`response classes ${classes(a.statusClasses)} vs ${classes(b.statusClasses)}`);
  if ((a.isRetryable ?? false) !== (b.isRetryable ?? false)) out.push(`isRetryable ${a.isRetryable ?? false} vs ${b.isRetryable ?? false}`);
  if (a.timeout !== b.timeout) out.push(`timeout ${quote(a.timeout)} vs ${quote(b.timeout)}`);
  return out;
}

/**
 * The routes with copies from other files merged; throws SpecError when two
 * copies differ. Linear: one map lookup per route. `source` names the input
 * for routes without an origin.
 */
export function mergeDuplicateRoutes(routes: Route[], source?: string): Route[] {
  const first = new Map<string, Route>();
  let merged: Route[] | undefined;
  routes.forEach((route, i) => {
    const id = routeIdentity(route);
    const seen = first.get(id);
    const file = route.origin?.file ?? source;
    if (!seen || (seen.origin?.file ?? source) === file) {
      if (!seen) first.set(id, route);
      merged?.push(route);
      return;
    }
    const diff = routeDifferences(seen, route);
    if (diff.length) {
      const what = route.match.kind === "grpc" ? `rpc ${route.match.path}` : `route ${route.match.method} ${route.match.pathTemplate}`;
      throw new SpecError({
        message: `${what} is defined in both ${place(seen.origin, source)} and ${place(route.origin, source)}, differently: ${diff.join("; ")}`,
        ...(file !== undefined ? { file } : {}),
        ...(route.origin?.line !== undefined ? { line: route.origin.line } : {}),
        ...(route.origin?.pointer !== undefined && route.origin.line === undefined ? { pointer: route.origin.pointer } : {}),
        hint: "generated objects are named after the route, so each route must come from one definition: remove one copy, make them agree, or pass only one of the files",
      });
    }
    // An identical copy: dropped, so the output holds the route once.
    merged ??= routes.slice(0, i);
  });
  return merged ?? routes;
}
