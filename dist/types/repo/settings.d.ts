import { type GatewayApiBundle } from "../targets/gateway/bundles.js";
export type Checked<T> = {
    ok: true;
    value: T;
} | {
    ok: false;
    problem: string;
    hint: string;
};
export interface SettingRule<T> {
    /** The flag that sets it, e.g. `--retry-limit`. */
    flag: string;
    /** Where it lives in the config, e.g. `gateway.retry.limit`. */
    configKey: string;
    /** Checks a value: the flag's text, or the config's (already of the schema's type). */
    check(raw: string | number): Checked<T>;
}
/**
 * Linkerd drops a limit of 0 and, as soon as any other retry annotation is
 * set (ours always are), retries with its default of 1: linkerd2
 * version-2.20, policy-controller/k8s/index/src/outbound/index/http.rs
 * `parse_http_retry` and .../outbound/index/grpc.rs `parse_grpc_retry`
 * (`s.parse::<u16>()`, `.filter(|v| *v != 0)`, `limit.unwrap_or(1)`).
 */
export declare const RETRY_LIMIT: SettingRule<number>;
export declare const RETRY_TIMEOUT: SettingRule<string>;
export declare const RETRY_HTTP: SettingRule<string>;
export declare const RETRY_GRPC: SettingRule<string>;
export declare const PORT: SettingRule<number>;
export declare const GRANULARITY: SettingRule<"route" | "packed">;
export declare const ROUTE_ORDER: SettingRule<"linkerd" | "specific-first">;
export declare const ROUTE_NAMES: SettingRule<"service" | "short" | "full">;
/**
 * `--gateway-api-bundle` and `gatewayAPI: { bundle }`: a bundle name as the
 * folders of schema/gateway-api/ spell it. A bare release ("v1.3.0", "1.3.0")
 * is suggested its bundle, a typo the nearest name.
 */
export declare const GATEWAY_API_BUNDLE: SettingRule<GatewayApiBundle>;
export declare const CLUSTER_DOMAIN: SettingRule<string>;
export declare const BASE_PATH: SettingRule<string>;
