/**
 * An operation's `responses` keys -> status classes: exact codes ascending,
 * then `1XX`..`5XX` ranges ascending. `default` and anything else is ignored.
 */
import type { StatusClass } from "../../model/route.js";
export interface StatusKeys {
    classes: StatusClass[];
    /** Numeric keys that are not HTTP statuses (outside 100..599): no class is made for them. */
    outOfRange: string[];
}
export declare function statusClassesFor(keys: readonly string[]): StatusKeys;
