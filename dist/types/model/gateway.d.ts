/**
 * The Gateway API route objects this project emits, as the v1.2.1
 * standard-channel CRDs define them (only the fields we write or read).
 * HTTPRoute is also served as gateway.networking.k8s.io/v1beta1 and as
 * Linkerd's policy.linkerd.io/v1beta3; GRPCRoute as v1alpha2 (Linkerd 2.15–2.17).
 */
export declare const GATEWAY_GROUP = "gateway.networking.k8s.io";
export type HttpRouteApiVersion = "gateway.networking.k8s.io/v1" | "gateway.networking.k8s.io/v1beta1" | "policy.linkerd.io/v1beta3";
export type GrpcRouteApiVersion = "gateway.networking.k8s.io/v1" | "gateway.networking.k8s.io/v1alpha2";
export interface ParentRef {
    group: "core" | "";
    kind: "Service";
    name: string;
    namespace?: string;
    port?: number;
}
export interface ObjectMeta {
    name: string;
    namespace: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
}
export type HttpPathMatchType = "Exact" | "PathPrefix" | "RegularExpression";
export interface HttpRouteMatch {
    path?: {
        type: HttpPathMatchType;
        value: string;
    };
    method?: string;
    headers?: {
        type?: "Exact" | "RegularExpression";
        name: string;
        value: string;
    }[];
    queryParams?: {
        type?: "Exact" | "RegularExpression";
        name: string;
        value: string;
    }[];
}
export interface BackendRef {
    group?: string;
    kind?: string;
    name: string;
    namespace?: string;
    port?: number;
    weight?: number;
}
export interface RouteTimeouts {
    request?: string;
    backendRequest?: string;
}
export interface HttpRouteRule {
    matches?: HttpRouteMatch[];
    timeouts?: RouteTimeouts;
    backendRefs?: BackendRef[];
}
export interface HttpRoute {
    apiVersion: HttpRouteApiVersion;
    kind: "HTTPRoute";
    metadata: ObjectMeta;
    spec: {
        parentRefs: ParentRef[];
        hostnames?: string[];
        rules: HttpRouteRule[];
    };
}
export interface GrpcMethodMatch {
    type?: "Exact" | "RegularExpression";
    service?: string;
    method?: string;
}
export interface GrpcRouteMatch {
    method?: GrpcMethodMatch;
    headers?: {
        type?: "Exact" | "RegularExpression";
        name: string;
        value: string;
    }[];
}
export interface GrpcRouteRule {
    matches?: GrpcRouteMatch[];
    backendRefs?: BackendRef[];
}
export interface GrpcRoute {
    apiVersion: GrpcRouteApiVersion;
    kind: "GRPCRoute";
    metadata: ObjectMeta;
    spec: {
        parentRefs: ParentRef[];
        hostnames?: string[];
        rules: GrpcRouteRule[];
    };
}
export type RouteObject = HttpRoute | GrpcRoute;
/** Annotations the generator puts on its route objects: the route a rule came from (one rule), or the list of them. */
export declare const ROUTE_ANNOTATION = "serviceprofile-sync.io/route";
export declare const ROUTES_ANNOTATION = "serviceprofile-sync.io/routes";
/** The name ServiceProfile metrics gave unmatched requests; the catch-all carries it. */
export declare const DEFAULT_ROUTE_LABEL = "[DEFAULT]";
/** The ServiceProfile route name of a selected rule. */
export declare function ruleRouteName(route: RouteObject, rule: number): string | undefined;
