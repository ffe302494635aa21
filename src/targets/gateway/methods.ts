/**
 * The HTTP methods an HTTPRoute match can name: the `method` enum of the
 * Gateway API v1.2.1 HTTPRoute CRD (schema/gateway-api/
 * gateway.networking.k8s.io_httproutes.yaml, `spec.rules[].matches[].method`;
 * Linkerd's policy.linkerd.io/v1beta3 HTTPRoute has the same enum).
 *
 * Methods are compared as the proxy compares them: linkerd2-proxy
 * (linkerd/http/route/src/http/match.rs, `MatchRequest::match_request`)
 * tests `req.method() != *method` on `http::Method` values, which are equal
 * only byte for byte, as RFC 9110 §9.1 says ("The method token is
 * case-sensitive"). So a request sent as `get` is not a GET request, and no
 * HTTPRoute can name it; nor can one name `PROPFIND`.
 */
export const HTTPROUTE_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"]);

export function isHttpRouteMethod(method: string): boolean {
  return HTTPROUTE_METHODS.has(method);
}
