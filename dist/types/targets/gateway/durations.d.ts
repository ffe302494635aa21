export type Converted = {
    ok: true;
    value: string;
} | {
    ok: false;
    error: string;
};
/**
 * A request timeout for `rules[].timeouts.request`. Two grammars must both
 * accept it: Gateway API's `Duration` (GEP-2257, `^([0-9]{1,5}(h|m|s|ms)){1,4}$`)
 * and Linkerd's, which reads the field with its annotation parser, ONE whole
 * number and a unit, and silently ignores anything else (linkerd2
 * version-2.20 policy-controller/k8s/index/src/outbound/index/http.rs,
 * `convert_gateway_rule`: `parse_duration(timeouts.request…).ok()?`). So
 * `1m30s` is written `90s`, `1.5s` `1500ms`; a value that needs more than
 * five digits in its largest exact unit cannot be written.
 */
export declare function toGatewayDuration(goDuration: string): Converted;
/**
 * Linkerd's annotation durations (`timeout.linkerd.io/*`, `retry.linkerd.io/timeout`):
 * ONE whole number and a unit of ms, s, m, h or d
 * (linkerd2 policy-controller/k8s/index/src/outbound/index.rs, `parse_duration`).
 * The largest unit that divides the value exactly: 1.5s -> 1500ms, 1m30s -> 90s.
 */
export declare function toAnnotationDuration(goDuration: string): Converted;
