/** The linkerd.io/v1alpha2 ServiceProfile object, as the CRD defines it. */
export declare const SERVICE_PROFILE_API_VERSION = "linkerd.io/v1alpha2";
export declare const SERVICE_PROFILE_KIND = "ServiceProfile";
export interface StatusRange {
    min?: number;
    max?: number;
}
export interface ResponseMatch {
    status?: StatusRange;
    all?: ResponseMatch[];
    any?: ResponseMatch[];
    not?: ResponseMatch;
}
export interface ResponseClass {
    condition: ResponseMatch;
    isFailure?: boolean;
}
export interface RequestMatch {
    pathRegex?: string;
    method?: string;
    all?: RequestMatch[];
    any?: RequestMatch[];
    /** The CRD types request `not` as a list; Linkerd's Go type takes one match. Both are accepted. */
    not?: RequestMatch | RequestMatch[];
}
export interface RouteSpec {
    name: string;
    condition: RequestMatch;
    responseClasses?: ResponseClass[];
    isRetryable?: boolean;
    timeout?: string;
}
export interface RetryBudget {
    retryRatio: number;
    minRetriesPerSecond: number;
    ttl: string;
}
export interface ServiceProfileSpec {
    routes?: RouteSpec[];
    retryBudget?: RetryBudget;
    dstOverrides?: {
        authority: string;
        weight: number | string;
    }[];
    opaquePorts?: string[];
}
export interface ServiceProfile {
    apiVersion: typeof SERVICE_PROFILE_API_VERSION;
    kind: typeof SERVICE_PROFILE_KIND;
    metadata: {
        name: string;
        namespace: string;
    };
    spec: ServiceProfileSpec;
}
