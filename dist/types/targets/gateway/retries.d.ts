/**
 * Retry and timeout settings as Linkerd's route annotations
 * (linkerd2 policy-controller/k8s/index/src/outbound/index/http.rs, grpc.rs):
 * `retry.linkerd.io/http|grpc|limit|timeout` and `timeout.linkerd.io/request`.
 * Annotations belong to the whole route object, so two routes can share an
 * object only when these are equal.
 */
import type { StatusClass } from "../../model/route.js";
export declare const RETRY_HTTP = "retry.linkerd.io/http";
export declare const RETRY_GRPC = "retry.linkerd.io/grpc";
export declare const RETRY_LIMIT = "retry.linkerd.io/limit";
export declare const RETRY_TIMEOUT = "retry.linkerd.io/timeout";
export declare const TIMEOUT_REQUEST = "timeout.linkerd.io/request";
export declare const GRPC_RETRY_CONDITIONS: readonly ["cancelled", "deadline-exceeded", "internal", "resource-exhausted", "unavailable"];
export declare const DEFAULT_GRPC_RETRY = "unavailable";
/**
 * The statuses a ServiceProfile route counts as failures: the first class
 * that matches decides, and a status no class matches is a failure when it
 * is 5xx (Linkerd's default classification). This is what `isRetryable`
 * retries, written as Linkerd's `retry.linkerd.io/http` list.
 */
export declare function httpRetryCondition(classes: readonly StatusClass[]): string;
/** A class Gateway API output keeps the meaning of: Linkerd counts 5xx, and only 5xx, as failures. */
export declare function classMatchesDefault(c: StatusClass): boolean;
/** Problems with a `retry.linkerd.io/http` value, as Linkerd would read it. */
export declare function httpConditionProblems(value: string): string[];
export declare function grpcConditionProblems(value: string): string[];
