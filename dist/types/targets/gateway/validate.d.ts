export { isAllowedExactPath } from "./path-value.js";
export interface RouteProblem {
    /** JSON pointer into the route object. */
    pointer: string;
    message: string;
}
/** Problems with one route object; empty when it may be printed or written. */
export declare function validateRouteObject(obj: unknown): RouteProblem[];
