import { type RawFinding } from "./route-rules.js";
import type { ServiceRoutes } from "./service-groups.js";
export declare function shadowedRules(groups: readonly ServiceRoutes[]): RawFinding[];
