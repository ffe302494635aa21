/**
 * Hand tuning of routes, whatever they are emitted as: the config's
 * `defaults:` and `routes:` entries applied over what the spec says.
 */
import { type Diagnostic } from "./diagnostic.js";
import type { Route, StatusClass } from "./route.js";
/** Hand tuning that survives regeneration (config `defaults:` and `routes:`). */
export interface RouteTuning {
    timeout?: string;
    isRetryable?: boolean;
    /** Classes put before the generated ones, so they win (first match). */
    responseClasses?: StatusClass[];
}
export interface RouteOverrides {
    defaults?: RouteTuning;
    routes?: Record<string, RouteTuning>;
}
/**
 * Precedence, highest first: the config's entry for the route, the spec's own
 * values (x-linkerd-*, idempotency options), the config's `defaults`.
 * Warns about entries that match no route.
 */
export declare function applyOverrides(routes: Route[], overrides: RouteOverrides | undefined): {
    routes: Route[];
    warnings: Diagnostic[];
};
