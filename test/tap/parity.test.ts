/**
 * `--consolidate none` must print the object `linkerd viz profile --tap`
 * prints for the same events (viz/cmd/profile.go): inbound request events
 * only, `/` skipped, one route per distinct "<METHOD> <path>" with
 * PathToRegex(path) and no response classes, the first `limit` distinct
 * routes in arrival order (Linkerd stops reading there), sorted by name.
 */
import { describe, expect, it } from "vitest";
import { tapProfile, type TapProfileInput } from "../../src/tap/tap-profile.js";
import { fixture, jsonEvents, jsonRecording, wideRecording, type Req } from "./helpers.js";

const base: Omit<TapProfileInput, "routeLimit"> = {
  service: "webapp",
  namespace: "default",
  clusterDomain: "cluster.local",
  consolidate: "none",
  applySuggestions: false,
  file: "rec",
};

async function parity(data: string | Buffer, routeLimit = 20, input: Partial<TapProfileInput> = {}) {
  return (await tapProfile([data], { ...base, routeLimit, ...input })).profile;
}

function linkerdRoute(method: string, path: string, pathRegex: string) {
  return { name: `${method} ${path}`, condition: { method, pathRegex } };
}

describe("Linkerd parity (--consolidate none)", () => {
  it("reproduces Linkerd's own tap test (pkg/profiles/tap_test.go)", async () => {
    const events = [
      ...jsonEvents({ stream: 0, method: "POST", path: "/emojivoto.v1.VotingService/VoteFire", authority: "" }, ["req"]),
      ...jsonEvents({ stream: 0, method: "GET", path: "/my/path/hi", authority: "" }, ["req"]),
    ].join("\n");
    const profile = await parity(events, 20, { service: "service-name", namespace: "service-namespace" });
    expect(profile).toEqual({
      apiVersion: "linkerd.io/v1alpha2",
      kind: "ServiceProfile",
      metadata: { name: "service-name.service-namespace.svc.cluster.local", namespace: "service-namespace" },
      spec: {
        routes: [linkerdRoute("GET", "/my/path/hi", "/my/path/hi"), linkerdRoute("POST", "/emojivoto.v1.VotingService/VoteFire", "/emojivoto\\.v1\\.VotingService/VoteFire")],
      },
    });
  });

  it("keeps the first distinct routes seen, not the most frequent, and sorts them by name", async () => {
    const reqs: Req[] = ["/zeta", "/alpha", "/zeta", "/mid", "/mid", "/mid", "/beta"].map((path, i) => ({ stream: i + 1, path }));
    const profile = await parity(jsonRecording(reqs), 2);
    expect(profile.spec.routes).toEqual([linkerdRoute("GET", "/alpha", "/alpha"), linkerdRoute("GET", "/zeta", "/zeta")]);
  });

  it("keeps one route with a limit of 0, as Linkerd checks the limit after adding", async () => {
    const reqs: Req[] = [{ stream: 1, path: "/b" }, { stream: 2, path: "/a" }];
    expect((await parity(jsonRecording(reqs), 0)).spec.routes).toEqual([linkerdRoute("GET", "/b", "/b")]);
  });

  it("skips outbound events and '/', keeps query strings and methods as recorded, quotes metacharacters", async () => {
    const reqs: Req[] = [
      { stream: 1, path: "/" },
      { stream: 2, path: "/out", direction: "OUTBOUND" },
      { stream: 3, path: "/search?q=a+b&page=2" },
      { stream: 4, path: "/files/report(1).pdf", method: "PURGE" },
      { stream: 5, path: "/Upper" },
      { stream: 6, path: "/tmpl/{x}/y" },
      { stream: 7, path: "/search?q=a+b&page=2" },
    ];
    for (const recording of [jsonRecording(reqs), wideRecording(reqs)]) {
      const profile = await parity(recording);
      expect(profile.spec.routes).toEqual([
        // Byte order: upper case before lower case.
        linkerdRoute("GET", "/Upper", "/Upper"),
        linkerdRoute("GET", "/search?q=a+b&page=2", "/search\\?q=a\\+b&page=2"),
        // Linkerd's PathToRegex turns a quoted {...} into [^/]*, even in a recorded path.
        linkerdRoute("GET", "/tmpl/{x}/y", "/tmpl/[^/]*/y"),
        linkerdRoute("PURGE", "/files/report(1).pdf", "/files/report\\(1\\)\\.pdf"),
      ]);
    }
  });

  it("prints spec: {} when no route was observed", async () => {
    const profile = await parity(jsonRecording([{ stream: 1, path: "/" }]));
    expect(profile.spec).toEqual({});
  });

  it("gives the same object for the booksapp recording in -o json and -o wide", async () => {
    const fromJson = await parity(fixture("booksapp-webapp.tap.json"));
    const fromWide = await parity(fixture("booksapp-webapp.tap.wide.txt"));
    expect(fromWide).toEqual(fromJson);
    // 20 of the recording's distinct inbound paths: the first twenty seen.
    expect(fromJson.spec.routes).toHaveLength(20);
    expect(fromJson.spec.routes!.map((r) => r.name)).toContain("POST /books/2878/edit");
    expect(fromJson.spec.routes!.map((r) => r.name)).not.toContain("GET /");
  });
});
