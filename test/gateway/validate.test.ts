/**
 * validateRouteObject: the v1.2.1 CRD schema (generated validators), the CEL
 * rules checked in code, metadata, and what Linkerd refuses or ignores.
 * Every rule has a failing case with its pointer and message.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Ajv } from "ajv";
import { RE2JS } from "re2js";
import { parse as parseYaml } from "yaml";
import { validate as httpSchema } from "../../src/generated/httproute-validator.js";
import { validate as grpcSchema } from "../../src/generated/grpcroute-validator.js";
import { linkerdDurationError } from "../../src/targets/gateway/linkerd-annotations.js";
import { codePointLength, routeFormats } from "../../src/targets/gateway/schema-runtime.js";
import { gatewayDurationMs, isPlainRegex, re2Error } from "../../src/targets/gateway/validate-rules.js";
import { isAllowedExactPath, validateRouteObject, type RouteProblem } from "../../src/targets/gateway/validate.js";

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const service = { group: "core", kind: "Service", name: "books", port: 8080 };

function httpRoute(apiVersion = "gateway.networking.k8s.io/v1"): Any {
  return {
    apiVersion,
    kind: "HTTPRoute",
    metadata: { name: "books-get-books-id", namespace: "default", annotations: { "serviceprofile-sync.io/route": "GET /books/{id}" } },
    spec: {
      parentRefs: [{ ...service }],
      rules: [
        { matches: [{ path: { type: "RegularExpression", value: "^(?:/books/[^/]*)$" }, method: "GET" }], timeouts: { request: "300ms" } },
        { matches: [{ path: { type: "Exact", value: "/books/new" }, method: "GET" }] },
        {},
      ],
    },
  };
}

function grpcRoute(apiVersion = "gateway.networking.k8s.io/v1"): Any {
  return {
    apiVersion,
    kind: "GRPCRoute",
    metadata: { name: "books-getbook", namespace: "default" },
    spec: {
      parentRefs: [{ group: "", kind: "Service", name: "books" }],
      rules: [{ matches: [{ method: { type: "Exact", service: "shop.v1.Books", method: "GetBook" } }] }, {}],
    },
  };
}

/** Mutate a fresh object, return its problems. */
function problemsOf(make: () => Any, change: (o: Any) => void): RouteProblem[] {
  const o = make();
  change(o);
  return validateRouteObject(o);
}

const p = (pointer: string, message: string): RouteProblem => ({ pointer, message });

describe("validateRouteObject: valid objects", () => {
  it.each(["gateway.networking.k8s.io/v1", "gateway.networking.k8s.io/v1beta1", "policy.linkerd.io/v1beta3"])("HTTPRoute %s passes", (apiVersion) => {
    const o = httpRoute(apiVersion);
    if (apiVersion.endsWith("v1beta1")) delete o.spec.rules[0].timeouts;
    expect(validateRouteObject(o)).toEqual([]);
  });

  it.each(["gateway.networking.k8s.io/v1", "gateway.networking.k8s.io/v1alpha2"])("GRPCRoute %s passes", (apiVersion) => {
    expect(validateRouteObject(grpcRoute(apiVersion))).toEqual([]);
  });

  it("accepts a catch-all, retry annotations, labels, a port-less parentRef and weighted backendRefs", () => {
    const o = httpRoute();
    o.metadata.labels = { "app.kubernetes.io/managed-by": "serviceprofile-sync" };
    Object.assign(o.metadata.annotations, { "retry.linkerd.io/http": "5xx,gateway-error,504,500-503", "retry.linkerd.io/limit": "3", "retry.linkerd.io/timeout": "250ms", "timeout.linkerd.io/request": "0" });
    delete o.spec.parentRefs[0].port;
    o.spec.rules.push({ matches: [{ path: { type: "PathPrefix", value: "/" } }], backendRefs: [{ name: "books-v2", port: 8080, weight: 10 }] });
    o.spec.rules[0].timeouts = { request: "0s", backendRequest: "10s" }; // request 0 means no timeout: any backendRequest
    expect(validateRouteObject(o)).toEqual([]);
  });

  it("policy.linkerd.io/v1beta3 takes compound timeouts (Linkerd reads them as Go durations there)", () => {
    expect(problemsOf(() => httpRoute("policy.linkerd.io/v1beta3"), (o) => (o.spec.rules[0].timeouts = { request: "1m30s" }))).toEqual([]);
  });

  it("counts maxLength in code points, as the API server does", () => {
    expect(problemsOf(httpRoute, (o) => (o.spec.parentRefs[0].name = "😀".repeat(253)))).toEqual([]);
    expect(problemsOf(httpRoute, (o) => (o.spec.parentRefs[0].name = "😀".repeat(254)))).toContainEqual(
      p("/spec/parentRefs/0/name", "name is too long: the HTTPRoute CRD of Gateway API v1.2.1-standard allows at most 253 characters"),
    );
    expect(codePointLength("a😀\ud800b")).toBe(4);
    // The same as counting one by one, with and without surrogates (lone ones count as one, as Go counts U+FFFD).
    for (const s of ["", "abc", "é€", "😀", "\udc00", "x\ud83d", "\ud83d\ude00\ud83d", "a".repeat(300)]) {
      expect(codePointLength(s), JSON.stringify(s)).toBe(Array.from(s).length);
    }
  });
});

describe("validateRouteObject: dispatch", () => {
  it("refuses what is not a route object", () => {
    expect(validateRouteObject([])).toEqual([p("", "a route object must be a mapping with apiVersion, kind, metadata and spec")]);
    const [unknownVersion] = problemsOf(httpRoute, (o) => (o.apiVersion = "gateway.networking.k8s.io/v2"));
    expect(unknownVersion?.pointer).toBe("/apiVersion");
    expect(unknownVersion?.message).toMatch(/^"gateway.networking.k8s.io\/v2" "HTTPRoute" is not a route this project emits; expected one of: gateway.networking.k8s.io\/v1 HTTPRoute, .*policy.linkerd.io\/v1beta3 HTTPRoute$/);
    expect(problemsOf(grpcRoute, (o) => (o.apiVersion = "gateway.networking.k8s.io/v1beta1"))[0]?.pointer).toBe("/kind");
    expect(problemsOf(grpcRoute, (o) => (o.apiVersion = "policy.linkerd.io/v1beta3"))[0]?.pointer).toBe("/kind");
    expect(problemsOf(httpRoute, (o) => (o.apiVersion = "constructor"))[0]?.pointer).toBe("/apiVersion");
  });
});

describe("validateRouteObject: CRD schema", () => {
  it("refuses unknown fields, which the API server would drop", () => {
    expect(problemsOf(httpRoute, (o) => (o.spec.rules[1].retry = { attempts: 2 }))).toEqual([
      p("/spec/rules/1/retry", 'unknown field "retry": the HTTPRoute CRD of Gateway API v1.2.1-standard has no such field here, and the API server would drop it'),
    ]);
    expect(problemsOf(grpcRoute, (o) => (o.spec.rules[0].matches[0].method.path = "/x"))).toEqual([
      p("/spec/rules/0/matches/0/method/path", 'unknown field "path": the GRPCRoute CRD of Gateway API v1.2.1-standard has no such field here, and the API server would drop it'),
    ]);
  });

  it("names missing required fields, wrong types and enum values", () => {
    expect(problemsOf(httpRoute, (o) => delete o.spec)).toContainEqual(p("/spec", 'missing required field "spec"'));
    expect(problemsOf(httpRoute, (o) => delete o.spec.parentRefs[0].name)).toContainEqual(p("/spec/parentRefs/0/name", 'missing required field "name"'));
    expect(problemsOf(httpRoute, (o) => (o.spec.parentRefs[0].port = "8080"))).toContainEqual(p("/spec/parentRefs/0/port", "port must be an integer, not a string"));
    expect(problemsOf(httpRoute, (o) => (o.spec.rules[1].matches[0].method = "FETCH"))).toContainEqual(
      p("/spec/rules/1/matches/0/method", '"FETCH" is not allowed here; use one of "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"'),
    );
  });

  it("checks lengths, counts, patterns and ranges", () => {
    expect(problemsOf(httpRoute, (o) => (o.spec.rules[1].matches[0].path.value = "/" + "a".repeat(1024)))).toContainEqual(
      p("/spec/rules/1/matches/0/path/value", "value is too long: the HTTPRoute CRD of Gateway API v1.2.1-standard allows at most 1024 characters"),
    );
    expect(problemsOf(httpRoute, (o) => (o.spec.rules[1].matches[0].headers = [{ name: "", value: "x" }]))).toContainEqual(
      p("/spec/rules/1/matches/0/headers/0/name", "name must not be empty"),
    );
    expect(problemsOf(httpRoute, (o) => (o.spec.rules[1].matches[0].headers = [{ name: "x y", value: "x" }]))).toContainEqual(
      p("/spec/rules/1/matches/0/headers/0/name", `"x y" is not allowed here: it must match ^[A-Za-z0-9!#$%&'*+\\-.^_\\x60|~]+$`),
    );
    expect(problemsOf(httpRoute, (o) => (o.spec.rules = Array.from({ length: 17 }, () => ({}))))).toContainEqual(
      p("/spec/rules", "rules has 17 entries, but the HTTPRoute CRD of Gateway API v1.2.1-standard allows at most 16: split the rules over several objects"),
    );
    expect(problemsOf(httpRoute, (o) => (o.spec.rules[1].matches = Array.from({ length: 65 }, (_, i) => ({ path: { type: "Exact", value: `/p${i}` } }))))).toContainEqual(
      p("/spec/rules/1/matches", "matches has 65 entries, but the HTTPRoute CRD of Gateway API v1.2.1-standard allows at most 64"),
    );
    expect(problemsOf(grpcRoute, (o) => (o.spec.rules[0].matches = Array.from({ length: 9 }, () => ({ method: { method: "Get" } }))))).toContainEqual(
      p("/spec/rules/0/matches", "matches has 9 entries, but the GRPCRoute CRD of Gateway API v1.2.1-standard allows at most 8"),
    );
    expect(problemsOf(grpcRoute, (o) => (o.spec.rules = Array.from({ length: 17 }, () => ({}))))).toContainEqual(
      p("/spec/rules", "rules has 17 entries, but the GRPCRoute CRD of Gateway API v1.2.1-standard allows at most 16: split the rules over several objects"),
    );
    expect(problemsOf(httpRoute, (o) => (o.spec.parentRefs = Array.from({ length: 33 }, (_, i) => ({ ...service, name: `s${i}` }))))).toContainEqual(
      p("/spec/parentRefs", "parentRefs has 33 entries, but the HTTPRoute CRD of Gateway API v1.2.1-standard allows at most 32"),
    );
    expect(problemsOf(httpRoute, (o) => (o.spec.parentRefs[0].port = 0))).toContainEqual(p("/spec/parentRefs/0/port", "0 is out of range: port must be at least 1"));
    expect(problemsOf(httpRoute, (o) => (o.spec.parentRefs[0].port = 65536))).toContainEqual(p("/spec/parentRefs/0/port", "65536 is out of range: port must be at most 65535"));
  });

  it("checks the Gateway API duration format", () => {
    expect(problemsOf(httpRoute, (o) => (o.spec.rules[0].timeouts = { request: "1.5s" }))).toEqual([
      p("/spec/rules/0/timeouts/request", '"1.5s" is not a Gateway API duration: one to four parts of 1 to 5 digits and a unit h, m, s or ms, like 300ms or 1m30s'),
    ]);
    expect(gatewayDurationMs("1h2m3s4ms")).toBe(3_723_004);
    expect(gatewayDurationMs("1ms")).toBe(1);
    expect(gatewayDurationMs("123456s")).toBeUndefined();
  });
});

describe("validateRouteObject: HTTPRoute CEL rules", () => {
  const pathCases: [string, string][] = [
    ["books", 'Exact path "books" must start with "/"'],
    ["/a//b", 'Exact path "/a//b" must not contain "//" (an empty segment)'],
    ["/a/./b", 'Exact path "/a/./b" must not contain "/./" (a dot segment)'],
    ["/a/../b", 'Exact path "/a/../b" must not contain "/../" (a dot segment)'],
    ["/a%2fb", 'Exact path "/a%2fb" must not contain an encoded slash ("%2f" or "%2F")'],
    ["/a%2Fb", 'Exact path "/a%2Fb" must not contain an encoded slash ("%2f" or "%2F")'],
    ["/a/..", 'Exact path "/a/.." must not end with "/.." (a dot segment)'],
    ["/a/.", 'Exact path "/a/." must not end with "/." (a dot segment)'],
    ["/books/{id}", `Exact path "/books/{id}" contains the character "{": only letters, digits, the characters -._~!$&'()*+,;=:@/ and %XX escapes are allowed`],
    ["/100%", `Exact path "/100%" contains a "%" that does not start a %XX escape: only letters, digits, the characters -._~!$&'()*+,;=:@/ and %XX escapes are allowed`],
  ];
  it.each(pathCases)("Exact %s", (value, message) => {
    expect(problemsOf(httpRoute, (o) => (o.spec.rules[1].matches[0].path.value = value))).toContainEqual(p("/spec/rules/1/matches/0/path/value", message));
    expect(isAllowedExactPath(value)).toBe(false);
  });

  it("applies the path rules to PathPrefix, and to a path whose type is left to its PathPrefix default", () => {
    expect(problemsOf(httpRoute, (o) => (o.spec.rules[1].matches[0].path = { type: "PathPrefix", value: "/a#b" }))).toEqual([
      p("/spec/rules/1/matches/0/path/value", 'PathPrefix path "/a#b" must not contain "#"'),
      p("/spec/rules/1/matches/0/path/value", `PathPrefix path "/a#b" contains the character "#": only letters, digits, the characters -._~!$&'()*+,;=:@/ and %XX escapes are allowed`),
    ]);
    expect(problemsOf(httpRoute, (o) => (o.spec.rules[1].matches[0].path = { value: "x" }))).toContainEqual(p("/spec/rules/1/matches/0/path/value", 'PathPrefix path "x" must start with "/"'));
  });

  it("isAllowedExactPath takes what the CRD takes", () => {
    for (const ok of ["/", "/books/new", "/a%20b/c", "/v1/items:batchGet", "/~user/$x&y=(1)*+,;=:@!'", "/a.b/..c/.d"]) expect(isAllowedExactPath(ok), ok).toBe(true);
    for (const bad of ["", "/a b", "/é", "/a?b", "/a\\b"]) expect(isAllowedExactPath(bad), bad).toBe(false);
  });

  it("compiles RegularExpression values with RE2 semantics", () => {
    expect(problemsOf(httpRoute, (o) => (o.spec.rules[0].matches[0].path.value = "/books/(?<id>[0-9]+)\\k<id>"))).toEqual([
      p("/spec/rules/0/matches/0/path/value", 'the path "/books/(?<id>[0-9]+)\\\\k<id>" is not a valid RE2 regular expression (error parsing regexp: invalid escape sequence: `\\k`)'),
    ]);
    expect(problemsOf(httpRoute, (o) => (o.spec.rules[1].matches[0].headers = [{ type: "RegularExpression", name: "x-id", value: "(a" }]))).toEqual([
      p("/spec/rules/1/matches/0/headers/0/value", 'the header value "(a" is not a valid RE2 regular expression (error parsing regexp: missing closing ): `(a`)'),
    ]);
    expect(problemsOf(httpRoute, (o) => (o.spec.rules[1].matches[0].queryParams = [{ type: "RegularExpression", name: "q", value: "a**" }]))[0]?.pointer).toBe("/spec/rules/1/matches/0/queryParams/0/value");
    expect(re2Error("^(?:/a/(b|bc))$")).toBeUndefined();
    expect(re2Error("^/a/[^/]*\\.json$")).toBeUndefined();
    expect(re2Error("^/a/[^/]*\\")).toMatch(/trailing backslash/);
    expect(re2Error("^/a/[^/]**$")).toMatch(/invalid nested repetition/);
    expect(re2Error("^/\\q$")).toMatch(/invalid escape/);
    expect(re2Error("(a)\\1")).toMatch(/invalid escape sequence/);
  });

  it("skips the RE2 compile only for strings RE2 accepts", () => {
    // Every string of up to 4 tokens over regex metacharacters that the fast path takes must compile.
    const alphabet = ["a", "/", "\\", "^", "$", ".", "*", "+", "[", "]", "(", ")", "{", "}", "|", "?", "[^/]*", "[^/]+", "é", "\ud800"];
    let level = [""];
    const plain: string[] = [];
    for (let len = 0; len < 4; len++) {
      level = level.flatMap((x) => alphabet.map((c) => x + c)).filter((x) => isPlainRegex(x) || isPlainRegex(x + "$"));
      plain.push(...level.filter(isPlainRegex));
    }
    for (const value of plain) expect(() => RE2JS.compile(value), JSON.stringify(value)).not.toThrow();
    expect(plain.length).toBeGreaterThan(1000);
    for (const value of ["^/a/[^/]*\\.json$", "^/v1\\.2/[^/]*\\.tar\\.gz$", "^/a\\|b$", "^/é$", "/books/a b"]) expect(isPlainRegex(value), value).toBe(true);
    for (const value of ["^/a/[^/]*\\", "^/(a)$", "^/a.b$", "a\\q", "^^/a"]) expect(isPlainRegex(value), value).toBe(false);
  });

  it("refuses a header or query parameter matched twice (list-map keys)", () => {
    expect(problemsOf(httpRoute, (o) => (o.spec.rules[1].matches[0].headers = [{ name: "x-a", value: "1" }, { name: "x-a", value: "2" }]))).toEqual([
      p("/spec/rules/1/matches/0/headers/1/name", 'header "x-a" is matched twice (entries 0 and 1); each name may appear once'),
    ]);
    expect(problemsOf(httpRoute, (o) => (o.spec.rules[1].matches[0].queryParams = [{ name: "q", value: "1" }, { name: "q", value: "2" }]))).toEqual([
      p("/spec/rules/1/matches/0/queryParams/1/name", 'query parameter "q" is matched twice (entries 0 and 1); each name may appear once'),
    ]);
  });

  it("allows at most 128 matches in all, counting a rule without matches as one", () => {
    const matches = (n: number) => Array.from({ length: n }, (_, i) => ({ path: { type: "Exact", value: `/p${i}` } }));
    const message = "the route has 129 matches in all (a rule without matches counts as one), but the HTTPRoute CRD of Gateway API v1.2.1-standard allows at most 128 across its rules; split it into several objects";
    expect(problemsOf(httpRoute, (o) => (o.spec.rules = [{ matches: matches(64) }, { matches: matches(64) }, {}]))).toEqual([p("/spec/rules", message)]);
    expect(problemsOf(httpRoute, (o) => (o.spec.rules = [{ matches: matches(64) }, { matches: matches(64) }]))).toEqual([]);
  });

  it("refuses a backendRequest timeout longer than the request timeout", () => {
    expect(problemsOf(httpRoute, (o) => (o.spec.rules[0].timeouts = { request: "5s", backendRequest: "1m" }))).toEqual([
      p("/spec/rules/0/timeouts/backendRequest", "the backendRequest timeout (1m) is longer than the request timeout (5s); it may be at most as long"),
    ]);
  });

  it("needs a port on a Service backendRef", () => {
    expect(problemsOf(httpRoute, (o) => (o.spec.rules[2].backendRefs = [{ name: "books-v2" }]))).toEqual([p("/spec/rules/2/backendRefs/0", 'backendRef "books-v2" is a Service and needs a port')]);
    expect(problemsOf(grpcRoute, (o) => (o.spec.rules[1].backendRefs = [{ group: "core", kind: "Service", name: "b" }]))).toEqual([p("/spec/rules/1/backendRefs/0", 'backendRef "b" is a Service and needs a port')]);
  });
});

describe("validateRouteObject: parentRefs", () => {
  it("needs at least one, naming a Service with kind and group written out", () => {
    expect(problemsOf(httpRoute, (o) => (o.spec.parentRefs = []))).toEqual([
      p("/spec/parentRefs", "the HTTPRoute has no parentRefs: it must name the Service it applies to (kind: Service, group: core)"),
    ]);
    expect(problemsOf(grpcRoute, (o) => delete o.spec.parentRefs)).toEqual([
      p("/spec/parentRefs", "the GRPCRoute has no parentRefs: it must name the Service it applies to (kind: Service, group: core)"),
    ]);
    expect(problemsOf(httpRoute, (o) => delete o.spec.parentRefs[0].kind)).toEqual([p("/spec/parentRefs/0", "parentRef 0 has no kind: the API server would make it a Gateway; write kind: Service")]);
    expect(problemsOf(httpRoute, (o) => (o.spec.parentRefs[0].kind = "Gateway"))).toEqual([
      p("/spec/parentRefs/0/kind", 'parentRef 0 has kind "Gateway": Linkerd routes attach to a Service, so kind must be "Service"'),
    ]);
    expect(problemsOf(httpRoute, (o) => delete o.spec.parentRefs[0].group)).toEqual([
      p("/spec/parentRefs/0", 'parentRef 0 has no group: the API server would set it to gateway.networking.k8s.io and Linkerd would not see a Service; write group: core (or "")'),
    ]);
    expect(problemsOf(() => httpRoute("policy.linkerd.io/v1beta3"), (o) => delete o.spec.parentRefs[0].group)[0]?.message).toMatch(/would set it to policy\.linkerd\.io/);
    expect(problemsOf(httpRoute, (o) => (o.spec.parentRefs[0].group = "apps"))).toEqual([p("/spec/parentRefs/0/group", 'parentRef 0 has group "apps": a Service parent needs group "core" or ""')]);
  });

  it("refuses two references to one parent, even on different ports (the v1.2.1 CEL rule ignores port)", () => {
    expect(problemsOf(httpRoute, (o) => o.spec.parentRefs.push({ ...service, port: 9090 }))).toEqual([
      p(
        "/spec/parentRefs/1",
        'parentRefs 0 and 1 reference the same parent (Service "books"): the HTTPRoute CRD of Gateway API v1.2.1-standard does not tell them apart by port, so attach once (without port for every port) or use one route object per port',
      ),
    ]);
    expect(problemsOf(httpRoute, (o) => o.spec.parentRefs.push({ ...service, sectionName: "http" }))).toEqual([
      p("/spec/parentRefs/1", 'parentRefs 0 and 1 reference the same parent (Service "books") and only one has a sectionName: give both one, or neither'),
    ]);
    // The same Service in another namespace, or with distinct sectionNames, is another parent.
    expect(problemsOf(httpRoute, (o) => o.spec.parentRefs.push({ ...service, namespace: "shop" }))).toEqual([]);
    expect(problemsOf(httpRoute, (o) => (o.spec.parentRefs = [{ ...service, sectionName: "a" }, { ...service, sectionName: "b" }]))).toEqual([]);
  });
});

describe("validateRouteObject: hostile input", () => {
  it("stays linear on huge lists and values", () => {
    // More problems than a call takes arguments (about 120 000 in V8).
    const refs = problemsOf(httpRoute, (o) => (o.spec.parentRefs = Array.from({ length: 150_000 }, () => ({ ...service }))));
    expect(refs[0]).toEqual(p("/spec/parentRefs", "parentRefs has 150000 entries, but the HTTPRoute CRD of Gateway API v1.2.1-standard allows at most 32"));
    expect(refs.length).toBe(150_000);
    const long = problemsOf(httpRoute, (o) => (o.spec.rules[0].matches[0].path.value = "(".repeat(1 << 20)));
    expect(long).toEqual([p("/spec/rules/0/matches/0/path/value", "value is too long: the HTTPRoute CRD of Gateway API v1.2.1-standard allows at most 1024 characters")]);
  });
});

describe("validateRouteObject: GRPCRoute rules", () => {
  it("needs a service or a method, with valid names in Exact matches", () => {
    expect(problemsOf(grpcRoute, (o) => (o.spec.rules[0].matches[0].method = { type: "Exact" }))).toEqual([
      p("/spec/rules/0/matches/0/method", "a gRPC method match needs a service, a method, or both"),
    ]);
    expect(problemsOf(grpcRoute, (o) => (o.spec.rules[0].matches[0].method.service = "shop/v1.Books"))).toEqual([
      p("/spec/rules/0/matches/0/method/service", 'gRPC service "shop/v1.Books" is not a valid name: dot-separated identifiers of letters, digits and \'_\' (like pkg.v1.Books)'),
    ]);
    expect(problemsOf(grpcRoute, (o) => (o.spec.rules[0].matches[0].method = { method: "1Get" }))).toEqual([
      p("/spec/rules/0/matches/0/method/method", "gRPC method \"1Get\" is not a valid name: letters, digits and '_', not starting with a digit"),
    ]);
    expect(problemsOf(grpcRoute, (o) => (o.spec.rules[0].matches[0].method = { service: ".Shop_2.x" }))).toEqual([]);
  });

  it("refuses RegularExpression method matches, which Linkerd does not take", () => {
    expect(problemsOf(grpcRoute, (o) => (o.spec.rules[0].matches[0].method = { type: "RegularExpression", service: "shop\\..*" }))).toEqual([
      p("/spec/rules/0/matches/0/method/type", "Linkerd refuses RegularExpression gRPC method matches: use Exact"),
    ]);
  });
});

describe("validateRouteObject: what Linkerd refuses or ignores", () => {
  it("v1 HTTPRoute: a compound request timeout, which Linkerd 2.20 would ignore", () => {
    expect(problemsOf(httpRoute, (o) => (o.spec.rules[0].timeouts = { request: "1m30s" }))).toEqual([
      p("/spec/rules/0/timeouts/request", 'Linkerd reads the request timeout as one number and one unit and would ignore "1m30s": write 90s'),
    ]);
    expect(problemsOf(httpRoute, (o) => (o.spec.rules[0].timeouts = { request: "1s500ms" }))[0]?.message).toMatch(/write 1500ms$/);
  });

  it("v1beta1 HTTPRoute: timeouts do nothing and rules take at most 8 matches", () => {
    expect(validateRouteObject(httpRoute("gateway.networking.k8s.io/v1beta1"))).toEqual([
      p(
        "/spec/rules/0/timeouts",
        "rules[].timeouts has no effect in gateway.networking.k8s.io/v1beta1 HTTPRoutes: Linkerd before 2.20 ignores them (and the Gateway API v0.7.1 CRDs Linkerd 2.15–2.17 install do not have the field); use the timeout.linkerd.io/request annotation, or apiVersion policy.linkerd.io/v1beta3",
      ),
    ]);
    const nine = Array.from({ length: 9 }, (_, i) => ({ path: { type: "Exact", value: `/p${i}` } }));
    expect(problemsOf(() => httpRoute("gateway.networking.k8s.io/v1beta1"), (o) => ((o.spec.rules = [{ matches: nine }]), undefined))).toEqual([
      p(
        "/spec/rules/0/matches",
        "rule 0 has 9 matches, but gateway.networking.k8s.io/v1beta1 HTTPRoute allows at most 8 per rule (the Gateway API v0.7.1 CRDs Linkerd 2.15–2.17 install); split the rule",
      ),
    ]);
    expect(problemsOf(() => httpRoute("policy.linkerd.io/v1beta3"), (o) => (o.spec.rules = [{ matches: nine }]))).toEqual([
      p("/spec/rules/0/matches", "rule 0 has 9 matches, but policy.linkerd.io/v1beta3 HTTPRoute allows at most 8 per rule (Linkerd's HTTPRoute CRD); split the rule"),
    ]);
  });

  it("filters Linkerd does not support", () => {
    expect(problemsOf(httpRoute, (o) => (o.spec.rules[2].filters = [{ type: "URLRewrite", urlRewrite: { hostname: "x" } }]))).toEqual([
      p("/spec/rules/2/filters/0/type", "a URLRewrite filter is not supported here (gateway.networking.k8s.io/v1 HTTPRoute with Linkerd takes RequestHeaderModifier, ResponseHeaderModifier, RequestRedirect)"),
    ]);
    expect(problemsOf(() => httpRoute("policy.linkerd.io/v1beta3"), (o) => (o.spec.rules[2].filters = [{ type: "ResponseHeaderModifier", responseHeaderModifier: { remove: ["x"] } }]))).toEqual([
      p("/spec/rules/2/filters/0/type", "a ResponseHeaderModifier filter is not supported here (policy.linkerd.io/v1beta3 HTTPRoute with Linkerd takes RequestHeaderModifier, RequestRedirect)"),
    ]);
    expect(problemsOf(grpcRoute, (o) => (o.spec.rules[1].filters = [{ type: "RequestMirror", requestMirror: { backendRef: { name: "m", port: 1 } } }]))[0]?.pointer).toBe("/spec/rules/1/filters/0/type");
  });

  it("retry and timeout annotations Linkerd's webhook would refuse", () => {
    const ann = (annotations: Record<string, string>, make: () => Any = httpRoute) => problemsOf(make, (o) => (o.metadata.annotations = annotations));
    expect(ann({ "timeout.linkerd.io/request": "1m30s" })).toEqual([
      p(
        "/metadata/annotations/timeout.linkerd.io~1request",
        'annotation timeout.linkerd.io/request: "1m30s" is not a duration Linkerd reads: expected one whole number and a unit ms, s, m, h or d (for example 300ms or 5s); compound values like 1m30s are not read',
      ),
    ]);
    expect(ann({ "retry.linkerd.io/timeout": "1.5s" })[0]?.message).toBe(
      'annotation retry.linkerd.io/timeout: "1.5s" is not a duration Linkerd reads: fractional values are not supported: use a whole number of a smaller unit (1500ms, not 1.5s)',
    );
    expect(ann({ "timeout.linkerd.io/idle": "5" })[0]?.message).toBe('annotation timeout.linkerd.io/idle: "5" is not a duration Linkerd reads: a duration needs a unit: did you mean 5s or 5ms?');
    expect(ann({ "retry.linkerd.io/limit": "-1" })).toEqual([
      p("/metadata/annotations/retry.linkerd.io~1limit", 'annotation retry.linkerd.io/limit: "-1" must be a whole number of retries from 0 to 65535'),
    ]);
    expect(ann({ "retry.linkerd.io/http": "5xx, 600,504-500" })).toEqual([
      p(
        "/metadata/annotations/retry.linkerd.io~1http",
        'annotation retry.linkerd.io/http: " 600", "504-500" are not conditions Linkerd reads; use a comma list (no spaces) of 5xx, gateway-error, a status code like 504 or a range like 500-504, codes from 100 to 599',
      ),
    ]);
    expect(ann({ "retry.linkerd.io/grpc": "unavailable" })).toEqual([
      p("/metadata/annotations/retry.linkerd.io~1grpc", "annotation retry.linkerd.io/grpc has no effect on an HTTPRoute: use retry.linkerd.io/http"),
    ]);
    expect(ann({ "retry.linkerd.io/http": "5xx" }, grpcRoute)).toEqual([
      p("/metadata/annotations/retry.linkerd.io~1http", "annotation retry.linkerd.io/http has no effect on a GRPCRoute: use retry.linkerd.io/grpc"),
    ]);
    expect(ann({ "retry.linkerd.io/grpc": "Unavailable,aborted" }, grpcRoute)).toEqual([
      p(
        "/metadata/annotations/retry.linkerd.io~1grpc",
        'annotation retry.linkerd.io/grpc: "aborted" is not a condition Linkerd reads; use a comma list (no spaces) of cancelled, deadline-exceeded, internal, resource-exhausted, unavailable',
      ),
    ]);
  });

  it("parses annotation durations as Linkerd's parse_duration does", () => {
    for (const ok of ["0", "0s", "300ms", " 5s ", "2h", "1d", "+5s"]) expect(linkerdDurationError(ok), ok).toBeUndefined();
    for (const bad of ["", "-1s", "1m30s", "1.5s", "5", "5S", "5 s", "18446744073709551616ms", "213503982335d"]) expect(linkerdDurationError(bad), bad).toBeDefined();
  });
});

describe("validateRouteObject: metadata", () => {
  it("needs a DNS-1123 name of at most 253 characters and a namespace label", () => {
    expect(problemsOf(httpRoute, (o) => delete o.metadata)).toContainEqual(p("/metadata", "the HTTPRoute has no metadata: it needs a name and a namespace"));
    expect(problemsOf(httpRoute, (o) => delete o.metadata.name)).toEqual([p("/metadata/name", "the HTTPRoute has no name")]);
    expect(problemsOf(httpRoute, (o) => (o.metadata.name = "GET /books"))[0]?.message).toMatch(/^invalid name "GET \/books": a lowercase RFC 1123 subdomain must consist of/);
    expect(problemsOf(httpRoute, (o) => (o.metadata.name = "a".repeat(254)))[0]?.message).toMatch(/^invalid name "a{254}": must be no more than 253 characters$/);
    expect(problemsOf(httpRoute, (o) => (o.metadata.name = "a".repeat(253)))).toEqual([]);
    expect(problemsOf(grpcRoute, (o) => delete o.metadata.namespace)).toEqual([
      p("/metadata/namespace", "the GRPCRoute has no namespace: it decides which clients the route applies to, so it must be written out"),
    ]);
    expect(problemsOf(httpRoute, (o) => (o.metadata.namespace = "my.ns"))[0]).toMatchObject({ pointer: "/metadata/namespace", message: expect.stringMatching(/^invalid namespace "my.ns": a lowercase RFC 1123 label/) });
    expect(problemsOf(httpRoute, (o) => (o.metadata.nmae = "x"))).toEqual([p("/metadata/nmae", 'unknown field "nmae" in metadata: the API server would drop it')]);
  });

  it("checks label and annotation keys and values", () => {
    expect(problemsOf(httpRoute, (o) => (o.metadata.labels = { "-bad": "x" }))).toEqual([
      p("/metadata/labels/-bad", "label key \"-bad\" is not valid: the name must consist of letters, digits, '-', '_' or '.', and start and end with a letter or digit"),
    ]);
    expect(problemsOf(httpRoute, (o) => (o.metadata.labels = { app: "GET /books" }))).toEqual([
      p("/metadata/labels/app", "label value \"GET /books\" is not valid: at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit"),
    ]);
    expect(problemsOf(httpRoute, (o) => (o.metadata.annotations = { "Example.com/x": "1" }))[0]?.message).toMatch(/^annotation key "Example.com\/x" is not valid: the prefix "Example.com" a lowercase RFC 1123 subdomain/);
    expect(problemsOf(httpRoute, (o) => (o.metadata.annotations = { "example.com/": "1" }))).toEqual([p("/metadata/annotations/example.com~1", 'annotation key "example.com/" is not valid: the name is empty')]);
    expect(problemsOf(httpRoute, (o) => (o.metadata.annotations = { "retry.linkerd.io/limit": 3 }))).toEqual([
      p("/metadata/annotations/retry.linkerd.io~1limit", 'annotation "retry.linkerd.io/limit" must have a string value, not an integer (quote it in YAML)'),
    ]);
    expect(problemsOf(httpRoute, (o) => (o.metadata.annotations = { a: "x".repeat(256 * 1024) }))).toEqual([
      p("/metadata/annotations", "the annotations take 262145 bytes; Kubernetes allows at most 262144"),
    ]);
  });
});

/**
 * The generated modules against the CRDs compiled at run time with the same
 * two changes (unknown fields refused, x-kubernetes-* keywords ignored): the
 * same verdicts and errors. (That the modules are what the generator writes is
 * test/model/generated-validators.test.ts, whose `--check` covers them too.)
 */
describe("generated route validators", () => {
  function compiled(file: string) {
    const crd = parseYaml(readFileSync(new URL(`../../schema/gateway-api/${file}`, import.meta.url), "utf8")) as Any;
    const keywords = new Set<string>();
    const strict = (v: unknown): unknown => {
      if (Array.isArray(v)) return v.map(strict);
      if (!v || typeof v !== "object") return v;
      const o: Any = {};
      for (const [k, x] of Object.entries(v)) {
        if (k.startsWith("x-kubernetes-")) keywords.add(k);
        o[k] = k === "properties" ? Object.fromEntries(Object.entries(x as Any).map(([n, s]) => [n, strict(s)])) : k === "default" || k === "enum" ? x : strict(x);
      }
      if (o.type === "object" && o.properties && o.additionalProperties === undefined) o.additionalProperties = false;
      return o;
    };
    const schema = strict(crd.spec.versions.find((v: Any) => v.name === "v1").schema.openAPIV3Schema) as object;
    const ajv = new Ajv({ allErrors: true, strict: false });
    for (const k of keywords) ajv.addKeyword(k);
    for (const [name, format] of Object.entries(routeFormats)) ajv.addFormat(name, format);
    return ajv.compile(schema);
  }
  const run = (v: { (d: unknown): boolean; errors?: unknown }, d: unknown) => {
    const ok = v(d);
    return { ok, errors: ok ? null : (JSON.parse(JSON.stringify(v.errors)) as unknown[]).map((e) => ({ ...(e as Any), schemaPath: undefined })) };
  };

  it("agree with the CRD schemas compiled at run time", () => {
    const http = compiled("gateway.networking.k8s.io_httproutes.yaml");
    const grpc = compiled("gateway.networking.k8s.io_grpcroutes.yaml");
    const h = httpRoute();
    const httpCases: unknown[] = [
      h,
      { ...h, spec: { ...h.spec, hostnames: ["*.example.com", "Bad_Host"], extra: true } },
      { ...h, spec: { parentRefs: [{ name: "😀".repeat(254), port: 2 ** 31 }], rules: [{ matches: [{ path: { type: "Other", value: 1 } }] }] } },
      { ...h, status: { parents: [{ controllerName: "x", parentRef: { name: "a" }, conditions: [{ type: "A", status: "True", reason: "R", message: "", lastTransitionTime: "yesterday" }] }] } },
      "route",
    ];
    for (const d of httpCases) expect(run(httpSchema, d), JSON.stringify(d).slice(0, 200)).toEqual(run(http, d));
    expect(httpCases.map((d) => run(httpSchema, d).errors?.length ?? 0)).toEqual([0, 2, 5, 2, 1]);
    const g = grpcRoute();
    const grpcCases: unknown[] = [g, { ...g, spec: { rules: [{ matches: [{ method: { type: "Prefix", service: "s".repeat(1025) } }], backendRefs: [{ name: "b", weight: -1 }] }] } }, []];
    for (const d of grpcCases) expect(run(grpcSchema, d), JSON.stringify(d).slice(0, 200)).toEqual(run(grpc, d));
    expect(grpcCases.map((d) => run(grpcSchema, d).errors?.length ?? 0)).toEqual([0, 3, 1]);
  });
});
