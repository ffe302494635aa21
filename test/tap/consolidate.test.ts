import { describe, expect, it } from "vitest";
import { pathTemplateToRegex } from "../../src/model/path-regex.js";
import { parseTapRecording } from "../../src/sources/tap/recording.js";
import { TrafficAggregator } from "../../src/tap/aggregate.js";
import { PathTrie, templateText } from "../../src/tap/path-trie.js";
import { classifySegment, isGrpcRequest, stripQuery } from "../../src/tap/segments.js";
import { fixture, jsonRecording, type Req } from "./helpers.js";

describe("segment classes", () => {
  it.each([
    ["2878", { kind: "param", param: "id", suffix: "" }],
    ["0", { kind: "param", param: "id", suffix: "" }],
    ["3f2504e0-4f89-11d3-9a0c-0305e82c3301", { kind: "param", param: "uuid", suffix: "" }],
    ["5f1d7a9c2b3e4d5f6a7b8c9d", { kind: "param", param: "id", suffix: "" }],
    ["A94A8FE5CCB19BA6", { kind: "param", param: "id", suffix: "" }],
    ["deadbeef42", { kind: "param", param: "id", suffix: "" }],
    ["dGhpcyBpcyBhIHRva2VuIDEyMzQ", { kind: "param", param: "id", suffix: "" }],
    ["01ARZ3NDEKTSV4RRFFQ69G5FAV", { kind: "param", param: "id", suffix: "" }],
    ["2878.json", { kind: "param", param: "id", suffix: ".json" }],
    ["3f2504e0-4f89-11d3-9a0c-0305e82c3301.pdf", { kind: "param", param: "uuid", suffix: ".pdf" }],
    ["v1", { kind: "version" }],
    ["v2", { kind: "version" }],
    ["v1beta1", { kind: "version" }],
    ["v2alpha", { kind: "version" }],
    ["v1.2", { kind: "version" }],
    ["books", { kind: "literal" }],
    ["edit", { kind: "literal" }],
    ["facade", { kind: "literal" }],
    ["deadbeef", { kind: "literal" }],
    ["app-3.js", { kind: "literal" }],
    ["oauth2", { kind: "literal" }],
    ["user-settings-page", { kind: "literal" }],
    ["1.0", { kind: "literal" }],
    ["", { kind: "literal" }],
  ])("%s", (segment, expected) => {
    expect(classifySegment(segment)).toEqual(expected);
  });

  it("tells gRPC calls apart", () => {
    expect(isGrpcRequest("POST", "/emojivoto.v1.VotingService/VotePoop")).toBe(true);
    expect(isGrpcRequest("POST", "/books/new")).toBe(false);
    expect(isGrpcRequest("GET", "/emojivoto.v1.VotingService/VotePoop")).toBe(false);
    expect(isGrpcRequest("POST", "/Greeter/SayHello", "application/grpc+proto")).toBe(true);
    expect(isGrpcRequest("POST", "/pkg.Svc/Method", "application/json")).toBe(false);
  });

  it("drops query strings and fragments", () => {
    expect(stripQuery("/v1/search?q=a/b#x")).toBe("/v1/search");
    expect(stripQuery("/a#frag")).toBe("/a");
  });
});

function templates(paths: string[], distinctValues?: number): string[] {
  const trie = new PathTrie(distinctValues);
  paths.forEach((p, i) => trie.add("GET", p, i + 1, p));
  return trie
    .finish()
    .map((g) => templateText(g.segments))
    .sort();
}

describe("path templates", () => {
  it("folds the booksapp paths of the seed", () => {
    expect(templates(["/books/2878/edit", "/books/31/edit", "/authors/31", "/authors/2878", "/books/2878", "/books", "/"])).toEqual([
      "/",
      "/authors/{id}",
      "/books",
      "/books/{id}",
      "/books/{id}/edit",
    ]);
    expect(pathTemplateToRegex("/books/{id}/edit")).toBe("/books/[^/]*/edit");
  });

  it("never folds version segments, however many", () => {
    const versions = Array.from({ length: 30 }, (_, i) => `/api/v${i + 1}/health`);
    expect(templates(versions, 5)).toEqual(versions.slice().sort());
  });

  it("folds many distinct names at one position into {name}, keeping extensions and versions", () => {
    const users = Array.from({ length: 6 }, (_, i) => `/users/user${String.fromCharCode(97 + i)}x/profile`);
    expect(templates([...users, "/users/v2/profile", "/users/me"], 5)).toEqual(["/users/v2/profile", "/users/{name}", "/users/{name}/profile"]);
    const files = ["a", "b", "c", "d", "e", "f"].map((n) => `/assets/${n}.js`);
    expect(templates([...files, "/assets/main.css"], 5)).toEqual(["/assets/main.css", "/assets/{name}.js"]);
  });

  it("keeps a few distinct names literal", () => {
    expect(templates(["/static/app-1.js", "/static/app-2.js", "/users/alice", "/users/bob"])).toEqual(["/static/app-1.js", "/static/app-2.js", "/users/alice", "/users/bob"]);
  });

  it("merges {id} and {uuid} at one position (same regex) and numbers repeated parameters", () => {
    expect(templates(["/orders/12", "/orders/3f2504e0-4f89-11d3-9a0c-0305e82c3301", "/orders/7/items/3", "/orders/9/items/4/notes/5"])).toEqual([
      "/orders/{id}",
      "/orders/{id}/items/{id2}",
      "/orders/{id}/items/{id2}/notes/{id3}",
    ]);
    expect(templates(["/a/3f2504e0-4f89-11d3-9a0c-0305e82c3301/b/9b2e6c1a-7d3f-4b8e-a1c2-5d6e7f809a1b"])).toEqual(["/a/{uuid}/b/{uuid2}"]);
  });

  it("folds late: subtrees of the folded names are merged", () => {
    const names = ["ann", "ben", "cat", "dan", "eve", "fay"];
    const paths = names.flatMap((n, i) => [`/u/${n}/posts/${i}`, `/u/${n}/avatar.png`]);
    expect(templates(paths, 5)).toEqual(["/u/{name}/avatar.png", "/u/{name}/posts/{id}"]);
  });
});

describe("routes from traffic (consolidate: auto)", () => {
  function aggregate(reqs: Req[], routeLimit = 20) {
    const agg = new TrafficAggregator({ consolidate: "auto", file: "rec.json" });
    for (const e of parseTapRecording(jsonRecording(reqs)).events) agg.add(e);
    return agg.finish({ routeLimit });
  }

  it("makes the same Route objects a spec would (name, template, regex)", () => {
    const r = aggregate([
      { stream: 1, method: "POST", path: "/books/2878/edit", status: 303 },
      { stream: 2, method: "POST", path: "/books/31/edit", status: 500 },
    ]);
    expect(r.routes.map((o) => o.route)).toEqual([
      {
        name: "POST /books/{id}/edit",
        match: { kind: "http", method: "POST", pathTemplate: "/books/{id}/edit", pathRegex: "/books/[^/]*/edit" },
        statusClasses: [],
        origin: { file: "rec.json" },
      },
    ]);
    expect([...r.routes[0]!.stats.statuses]).toEqual([
      [303, 1],
      [500, 1],
    ]);
    expect(r.routes[0]!.stats.latency.count).toBe(2);
  });

  it("keeps the most requested routes under the limit and reports the rest", () => {
    const reqs: Req[] = [];
    let s = 1;
    for (const [path, n] of [
      ["/a", 1],
      ["/b", 5],
      ["/c", 3],
      ["/d", 3],
    ] as const) {
      for (let i = 0; i < n; i++) reqs.push({ stream: s++, path });
    }
    const r = aggregate(reqs, 2);
    expect(r.routes.map((o) => o.route.name)).toEqual(["GET /b", "GET /c"]);
    expect(r.leftOut.map((o) => [o.route.name, o.stats.requests])).toEqual([
      ["GET /d", 3],
      ["GET /a", 1],
    ]);
  });

  it("puts a more specific route before a broader one that would take its requests", () => {
    const r = aggregate([
      { stream: 1, path: "/books/12" },
      { stream: 2, path: "/books/12.json" },
    ]);
    // By name "GET /books/{id}" sorts first, but its regex /books/[^/]* would take /books/12.json.
    expect(r.routes.map((o) => o.route.name)).toEqual(["GET /books/{id}.json", "GET /books/{id}"]);
  });

  it("consolidates the shop API recording (ids of every kind, versions, files, names)", () => {
    const agg = new TrafficAggregator({ consolidate: "auto" });
    for (const e of parseTapRecording(fixture("shop-api.tap.txt")).events) agg.add(e);
    const r = agg.finish({ routeLimit: 50 });
    expect(r.routes.map((o) => `${o.route.name}  ${o.route.match.pathRegex}  ${o.stats.requests}`)).toEqual([
      "DELETE /v2/orders/{uuid}  /v2/orders/[^/]*  3",
      "GET /assets/app.js  /assets/app\\.js  1",
      "GET /assets/style.css  /assets/style\\.css  1",
      "GET /assets/vendor.js  /assets/vendor\\.js  1",
      "GET /v1/commits/{id}  /v1/commits/[^/]*  3",
      "GET /v1/health  /v1/health  1",
      "GET /v1/orders/new  /v1/orders/new  1",
      "GET /v1/orders/{id}  /v1/orders/[^/]*  3",
      "GET /v1/orders/{id}/items/{id2}  /v1/orders/[^/]*/items/[^/]*  3",
      "GET /v1/reports/{id}.json  /v1/reports/[^/]*\\.json  3",
      "GET /v1/search  /v1/search  3",
      "GET /v1/users/{name}  /v1/users/[^/]*  1",
      "GET /v1/users/{name}/profile  /v1/users/[^/]*/profile  22",
      "GET /v1beta1/status  /v1beta1/status  1",
      "GET /v2/health  /v2/health  1",
      "GET /v2/orders/{uuid}/invoice.pdf  /v2/orders/[^/]*/invoice\\.pdf  3",
      "POST /v1/sessions/{id}/refresh  /v1/sessions/[^/]*/refresh  3",
    ]);
    expect(r.leftOut).toEqual([]);
  });

  it("keeps every gRPC method of the emojivoto recording as its own route", () => {
    const agg = new TrafficAggregator({ consolidate: "auto" });
    for (const e of parseTapRecording(fixture("emojivoto-voting.tap.json")).events) agg.add(e);
    const r = agg.finish({ routeLimit: 100 });
    const grpc = r.routes.filter((o) => o.grpc);
    expect(grpc).toHaveLength(25);
    expect(grpc.map((o) => o.route.match.kind === "http" && o.route.match.pathRegex)).toContain("/emojivoto\\.v1\\.VotingService/VotePoop");
    expect(grpc.find((o) => o.route.name === "POST /emojivoto.v1.VotingService/VoteDoughnut")!.stats.grpcStatuses).toEqual(new Map([["Unavailable", 1]]));
    expect(r.totals.outbound).toBe(1);
  });
});
