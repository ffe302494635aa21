import { describe, expect, it } from "vitest";
import { validateProfile } from "../../src/targets/serviceprofile/validate.js";

function profile(spec: Record<string, unknown>, name = "books.default.svc.cluster.local"): Record<string, unknown> {
  return { apiVersion: "linkerd.io/v1alpha2", kind: "ServiceProfile", metadata: { name, namespace: "default" }, spec };
}

const route = (extra: Record<string, unknown> = {}) => ({ name: "GET /books", condition: { method: "GET", pathRegex: "/books" }, ...extra });

describe("validateProfile", () => {
  it("accepts a profile with routes, classes, timeout and budget", () => {
    expect(
      validateProfile(
        profile({
          routes: [route({ timeout: "300ms", isRetryable: true, responseClasses: [{ condition: { status: { min: 500, max: 599 } }, isFailure: true }] })],
          retryBudget: { retryRatio: 0.2, minRetriesPerSecond: 10, ttl: "10s" },
        }),
      ),
    ).toEqual([]);
  });

  it("accepts spec: {} (no routes)", () => {
    expect(validateProfile(profile({}))).toEqual([]);
  });

  it("reports CRD schema violations with a pointer", () => {
    const problems = validateProfile(profile({ routes: [{ condition: { method: "GET" } }] }));
    expect(problems).toEqual([{ pointer: "/spec/routes/0", message: "must have required property 'name'" }]);
  });

  it("refuses unknown fields as Linkerd's strict unmarshalling does", () => {
    const problems = validateProfile(profile({ routes: [route({ retries: 3 })] }));
    expect(problems).toEqual([{ pointer: "/spec/routes/0/retries", message: 'unknown field "retries"' }]);
  });

  it("checks types (isRetryable must be a boolean)", () => {
    expect(validateProfile(profile({ routes: [route({ isRetryable: "yes" })] }))[0]).toEqual({ pointer: "/spec/routes/0/isRetryable", message: "must be boolean" });
  });

  it("refuses an unparsable timeout", () => {
    expect(validateProfile(profile({ routes: [route({ timeout: "10 seconds" })] }))).toEqual([
      { pointer: "/spec/routes/0/timeout", message: 'invalid timeout: time: unknown unit " seconds" in duration "10 seconds"' },
    ]);
  });

  it("refuses an empty request match", () => {
    expect(validateProfile(profile({ routes: [{ name: "x", condition: {} }] }))).toEqual([
      { pointer: "/spec/routes/0/condition", message: "A request match must have a field set" },
    ]);
  });

  it("walks all/any/not request matches (not as a list, per the CRD)", () => {
    const problems = validateProfile(profile({ routes: [{ name: "x", condition: { all: [{ method: "GET" }, { any: [{}] }], not: [{}] } }] }));
    expect(problems.map((p) => p.pointer)).toEqual(["/spec/routes/0/condition/all/1/any/0", "/spec/routes/0/condition/not/0"]);
  });

  it.each([
    [{ min: 99, max: 200 }, "/status/min", "Range minimum must be between 100 and 599, inclusive"],
    [{ min: 200, max: 600 }, "/status/max", "Range maximum must be between 100 and 599, inclusive"],
    [{ min: 500, max: 400 }, "/status", "Range maximum cannot be smaller than minimum"],
  ])("checks status range %j", (status, at, message) => {
    const problems = validateProfile(profile({ routes: [route({ responseClasses: [{ condition: { status } }] })] }));
    expect(problems).toEqual([{ pointer: `/spec/routes/0/responseClasses/0/condition${at}`, message }]);
  });

  it("accepts a one-sided status range (min only)", () => {
    expect(validateProfile(profile({ routes: [route({ responseClasses: [{ condition: { status: { min: 404 } } }] })] }))).toEqual([]);
  });

  it("checks the retry budget", () => {
    const problems = validateProfile(profile({ retryBudget: { retryRatio: -0.1, minRetriesPerSecond: 1, ttl: "forever" } }));
    expect(problems).toEqual([
      { pointer: "/spec/retryBudget/retryRatio", message: "retryRatio must be non-negative: -0.1" },
      { pointer: "/spec/retryBudget/ttl", message: 'invalid ttl: time: invalid duration "forever"' },
    ]);
  });

  it("requires every retry budget field (CRD)", () => {
    expect(validateProfile(profile({ retryBudget: { retryRatio: 0.2 } })).map((p) => p.message)).toEqual([
      "must have required property 'minRetriesPerSecond'",
      "must have required property 'ttl'",
    ]);
  });

  it("checks int32 bounds of status codes", () => {
    expect(validateProfile(profile({ routes: [route({ responseClasses: [{ condition: { status: { min: 2 ** 40 } } }] })] }))[0]?.message).toMatch(/int32/);
  });

  it("checks the profile name is a DNS-1123 subdomain", () => {
    expect(validateProfile(profile({}, "Books.default.svc"))[0]?.pointer).toBe("/metadata/name");
  });
});

describe("validateProfile: pathRegex in the proxy's regex engine", () => {
  it("reports a regex the proxy cannot compile, naming the route, at its pointer", () => {
    const problems = validateProfile(
      profile({
        routes: [
          { name: "GET /books/{id}", condition: { method: "GET", pathRegex: "/books/{id}" } },
          { name: "nested", condition: { all: [{ method: "GET" }, { not: { pathRegex: "/a(?=b)" } }] } },
          { name: "fine", condition: { pathRegex: "/books/(?P<id>\\d+)" } },
          // Accepted by the proxy although this tool cannot evaluate it: not a problem of the profile.
          { name: "verbose", condition: { pathRegex: "(?x) /a" } },
        ],
      }),
    );
    expect(problems.map((p) => p.pointer)).toEqual(["/spec/routes/0/condition/pathRegex", "/spec/routes/1/condition/all/1/not/pathRegex"]);
    expect(problems[0]!.message).toBe(
      'route "GET /books/{id}": pathRegex "/books/{id}" does not compile in the proxy\'s regex engine (`{` starts a counted repetition in the proxy\'s regex syntax ({n}, {n,} or {n,m}); write `\\{` for a literal brace), so the proxy ignores it',
    );
    expect(problems[1]!.message).toMatch(/^route "nested": pathRegex "\/a\(\?=b\)" .*look-around/);
  });
});
