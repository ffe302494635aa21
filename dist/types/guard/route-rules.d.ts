/**
 * The guard's checks of one route object at a time. Each names the linkerd2
 * code (tag version-2.20) whose behaviour it encodes.
 */
import { type LinkerdVersion } from "../targets/gateway/linkerd-version.js";
import type { Manifest, FieldPath } from "./manifests.js";
import type { RuleId } from "./rules.js";
/** A finding before its severity and position are settled. */
export interface RawFinding {
    rule: RuleId;
    manifest: Manifest;
    path: FieldPath;
    message: string;
    hint: string;
}
export declare function routeName(m: Manifest): string;
/**
 * Whether Linkerd's outbound policy serves the route: a parentRef of kind
 * Service in the core group ("" or absent group count as core; a parentRef
 * without a kind is not a Service). policy-controller/k8s/index/src/outbound/
 * index.rs `is_parent_service`, `is_service` (version-2.20). Routes on a
 * Gateway belong to an ingress implementation and are not the guard's.
 */
export declare function servicesOf(m: Manifest): {
    name: string;
    namespace?: string;
    port?: number;
    index: number;
}[];
export declare function unsupportedFilters(m: Manifest): RawFinding[];
/**
 * Fields Linkerd never reads. `convert_gateway_rule` (outbound/index/http.rs,
 * version-2.20) takes only `timeouts.request` from a rule; nothing in the
 * policy controller reads a rule's `retry` or `sessionPersistence`: retries are
 * the retry.linkerd.io annotations of the whole route object. Before 2.20 a
 * gateway.networking.k8s.io HTTPRoute's `timeouts.request` is not read either
 * (linkerd/linkerd2#14750; the table in docs/gateway-api.md cites each tag),
 * while Linkerd's own policy.linkerd.io HTTPRoute reads it on every version.
 */
export declare function ignoredFields(m: Manifest, linkerdVersion?: LinkerdVersion): RawFinding[];
/**
 * A GRPCRoute match without `method` (headers only, or `{}`): `try_match`
 * (policy-controller/k8s/index/src/routes/grpc.rs, version-2.20) passes
 * `method: None` on to the proxy, which rejects the whole outbound policy
 * for the Service (linkerd/linkerd2#14047), not just the route.
 */
export declare function grpcMatchesWithoutMethod(m: Manifest): RawFinding[];
/**
 * A `RegularExpression` path the proxy's regex engine (Rust `regex`, modelled
 * in src/matching/proxy-regex.ts) does not compile. `path_match`
 * (policy-controller/k8s/index/src/routes/http.rs, version-2.20) parses the
 * regex and fails the conversion, which drops the route.
 */
export declare function rejectedRegexes(m: Manifest): RawFinding[];
/**
 * A path regex whose leftmost-first match cannot span some path it matches
 * as a whole: the proxy (linkerd2-proxy release/v2.359.0, the one
 * version-2.20 ships, `linkerd/http/route/src/http/match/path.rs`,
 * `MatchPath::Regex`) runs `re.find` on the path and takes the match only
 * when it covers the whole path, so `/a/(b|bc)` does not match `/a/bc`.
 */
export declare function partialMatchRegexes(m: Manifest): RawFinding[];
/** The annotation that says retrying a POST or PATCH route is intended (docs/guard.md#retry-non-idempotent). */
export declare const ALLOW_RETRY_ANNOTATION = "serviceprofile-sync.io/allow-retry";
/**
 * Retries on a route that matches POST or PATCH requests. Linkerd retries
 * whatever the route's retry annotations say, whatever the method
 * (`parse_http_retry`, outbound/index/http.rs, version-2.20: any of the
 * limit, timeout or conditions turns retries on), so a retried POST may run
 * twice. This is the guard's own policy, not a Linkerd error: the route
 * object's annotation serviceprofile-sync.io/allow-retry: "true" says the
 * retries are intended. Routes this tool generates (annotated
 * serviceprofile-sync.io/route or /routes) count as opted in: the generator
 * retries a route only when the spec (x-linkerd-retryable) or the config
 * (isRetryable) says so. GRPCRoutes are left out: every gRPC call is a POST.
 */
export declare function nonIdempotentRetries(m: Manifest): RawFinding[];
/**
 * Retry and timeout annotations the admission webhook rejects and the
 * controller cannot parse (src/targets/gateway/linkerd-annotations.ts, which
 * cites policy-controller/runtime/src/admission.rs and the parsers at
 * version-2.20). The route is refused at apply, or dropped if it got in.
 */
export declare function rejectedAnnotations(m: Manifest): RawFinding[];
