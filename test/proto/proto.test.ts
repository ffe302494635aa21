import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { memoryReader, type SourceReader } from "../../src/files/reader.js";
import { SpecError, type Diagnostic } from "../../src/model/diagnostic.js";
import { compileFullMatch } from "../../src/matching/proxy-regex.js";
import type { GrpcMatch, Route } from "../../src/model/route.js";
import { protoRoutes, type ProtoOptions } from "../../src/sources/proto.js";

const fixture = (name: string) => readFileSync(new URL(`../fixtures/emojivoto/${name}`, import.meta.url));
const emojivoto = () => memoryReader({ "proto/Voting.proto": fixture("Voting.proto"), "proto/Emoji.proto": fixture("Emoji.proto") });

async function routesOf(text: string | Buffer, options?: ProtoOptions) {
  return protoRoutes(memoryReader({ "a.proto": text }), ["a.proto"], options);
}

/** The SpecError a promise rejects with (fails the test when it resolves). */
async function specError(p: Promise<unknown>): Promise<Diagnostic> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(SpecError);
    return (err as SpecError).diagnostic;
  }
  throw new Error("expected a SpecError");
}

const grpc = (r: Route) => r.match as GrpcMatch;

describe("proto routes", () => {
  it("makes one POST gRPC route per rpc with Linkerd's name and quoted path", async () => {
    const { routes, inputs, warnings } = await protoRoutes(emojivoto(), ["proto/Voting.proto"]);
    expect(inputs).toEqual(["proto/Voting.proto"]);
    expect(warnings).toEqual([]);
    expect(routes).toHaveLength(101);
    expect(routes[0]).toStrictEqual({
      name: "VotePoop",
      match: {
        kind: "grpc",
        service: "emojivoto.v1.VotingService",
        method: "VotePoop",
        path: "/emojivoto.v1.VotingService/VotePoop",
        pathRegex: "/emojivoto\\.v1\\.VotingService/VotePoop",
      },
      statusClasses: [],
      origin: { file: "proto/Voting.proto", pointer: "emojivoto.v1.VotingService.VotePoop", line: 25 },
    });
    expect(routes.at(-1)!.name).toBe("Results");
    expect(routes.at(-1)!.origin!.line).toBe(125);
  });

  it("every pathRegex fully matches its own path and no sibling's", async () => {
    const { routes } = await protoRoutes(emojivoto(), ["proto/Emoji.proto", "proto/Voting.proto"]);
    const paths = routes.map((r) => grpc(r).path);
    for (const route of routes) {
      const re = compileFullMatch(route.match.pathRegex)!;
      expect(re).toBeDefined();
      for (const p of paths) expect(re.test(p), `${route.match.pathRegex} vs ${p}`).toBe(p === grpc(route).path);
      // The dots are literal: another character in their place does not match.
      expect(re.test(grpc(route).path.replace(/\./g, "x"))).toBe(false);
      expect(re.test(grpc(route).path + "/extra")).toBe(false);
    }
  });

  it("regexes stay exact for names that prefix each other", async () => {
    const { routes } = await routesOf("package p.q; service S { rpc Get (R) returns (R); rpc GetAll (R) returns (R); } service SS { rpc Get (R) returns (R); }");
    const paths = routes.map((r) => grpc(r).path);
    expect(paths).toEqual(["/p.q.S/Get", "/p.q.S/GetAll", "/p.q.SS/Get"]);
    for (const route of routes) {
      const re = compileFullMatch(route.match.pathRegex)!;
      expect(paths.filter((p) => re.test(p))).toEqual([grpc(route).path]);
    }
  });

  it("concatenates several files in the given order and lists them as inputs", async () => {
    const { routes, inputs } = await protoRoutes(emojivoto(), ["proto/Emoji.proto", "proto/Voting.proto"]);
    expect(inputs).toEqual(["proto/Emoji.proto", "proto/Voting.proto"]);
    expect(routes.slice(0, 3).map((r) => r.name)).toEqual(["ListAll", "FindByShortcode", "VotePoop"]);
    expect(routes[0]!.origin).toStrictEqual({ file: "proto/Emoji.proto", pointer: "emojivoto.v1.EmojiService.ListAll", line: 27 });
  });

  it("reads a file named twice once", async () => {
    const { routes, inputs } = await protoRoutes(emojivoto(), ["proto/Emoji.proto", "./proto/Emoji.proto"]);
    expect(inputs).toEqual(["proto/Emoji.proto"]);
    expect(routes).toHaveLength(2);
  });

  it("never reads imported files", async () => {
    const read: string[] = [];
    const inner = memoryReader({
      "api/a.proto": 'syntax = "proto3";\nimport "google/protobuf/empty.proto";\nimport "api/b.proto";\npackage api;\nservice A { rpc Ping (google.protobuf.Empty) returns (B); }',
      "api/b.proto": "package api; message B {}",
    });
    const spy: SourceReader = { label: inner.label, read: (p) => (read.push(p), inner.read(p)) };
    const { routes, inputs } = await protoRoutes(spy, ["api/a.proto"]);
    expect(read).toEqual(["api/a.proto"]);
    expect(inputs).toEqual(["api/a.proto"]);
    expect(routes.map((r) => r.match.pathRegex)).toEqual(["/api\\.A/Ping"]);
  });

  it("finds origin lines past rpc-like text in comments and strings", async () => {
    const text = [
      'syntax = "proto3";', // 1
      "// service S { rpc A (R) returns (R); }", // 2
      'option (x) = "rpc A";', // 3
      "/* rpc A", // 4
      "   service S */", // 5
      "service S {", // 6
      "  rpc B (R) returns (R);", // 7
      "  rpc", // 8
      "    A (R) returns (R);", // 9
      "}",
    ].join("\n");
    const { routes } = await routesOf(text);
    expect(routes.map((r) => [r.name, r.origin!.line])).toEqual([
      ["B", 7],
      ["A", 8],
    ]);
  });

  it("handles CRLF line endings", async () => {
    const { routes } = await routesOf("package x;\r\nservice S {\r\n  rpc A (R) returns (R);\r\n}\r\n");
    expect(routes.map((r) => [r.name, r.origin!.line])).toEqual([["A", 3]]);
    const d = await specError(routesOf("package x;\r\nservice S {\r\n  rpc A (R) returns R;\r\n}\r\n"));
    expect([d.line, d.column]).toEqual([3, 21]);
  });
});

describe("services filter", () => {
  it("takes simple and full names, keeping file order", async () => {
    const { routes, inputs } = await protoRoutes(emojivoto(), ["proto/Voting.proto", "proto/Emoji.proto"], {
      services: ["EmojiService", "emojivoto.v1.VotingService"],
    });
    expect(inputs).toEqual(["proto/Voting.proto", "proto/Emoji.proto"]);
    expect(routes).toHaveLength(103);
    expect(routes[0]!.name).toBe("VotePoop");
    expect(routes.at(-1)!.name).toBe("FindByShortcode");
  });

  it("an empty filter keeps every service", async () => {
    const { routes } = await protoRoutes(emojivoto(), ["proto/Emoji.proto"], { services: [] });
    expect(routes).toHaveLength(2);
  });

  it("an entry that matches no service is an error listing the services", async () => {
    const d = await specError(protoRoutes(emojivoto(), ["proto/Emoji.proto", "proto/Voting.proto"], { services: ["VotingService", "Votes", "emojivoto.EmojiService"] }));
    expect(d.message).toContain('"Votes"');
    expect(d.message).toContain('"emojivoto.EmojiService"');
    expect(d.message).not.toContain('"VotingService"');
    expect(d.message).toContain("emojivoto.v1.EmojiService, emojivoto.v1.VotingService");
    expect(d.hint).toMatch(/full name/);
  });

  it("says when the files hold no service at all", async () => {
    const d = await specError(routesOf("message M {}", { services: ["S"] }));
    expect(d.message).toContain("(services: none)");
    expect(d.file).toBe("a.proto");
  });
});

describe("route names", () => {
  const shop = "package shop.v1;\nservice Books {\n  rpc Get (R) returns (R);\n}\nservice Authors {\n  rpc Get (R) returns (R);\n}\nservice Tags {\n  rpc Get (R) returns (R);\n}\n";

  it("short, service and full modes", async () => {
    const names = async (routeNames?: ProtoOptions["routeNames"]) => (await routesOf(shop, { routeNames })).routes.map((r) => r.name);
    expect(await names()).toEqual(["Get", "Get", "Get"]);
    expect(await names("short")).toEqual(["Get", "Get", "Get"]);
    expect(await names("service")).toEqual(["Books/Get", "Authors/Get", "Tags/Get"]);
    expect(await names("full")).toEqual(["/shop.v1.Books/Get", "/shop.v1.Authors/Get", "/shop.v1.Tags/Get"]);
  });

  it("warns once per colliding name, naming every rpc, and keeps all routes", async () => {
    const { routes, warnings } = await routesOf(shop);
    expect(routes).toHaveLength(3);
    expect(warnings).toHaveLength(1);
    const w = warnings[0]!;
    expect(w.severity).toBe("warning");
    expect(w.message).toContain('route name "Get" is used by 3 rpcs');
    expect(w.message).toContain("/shop.v1.Books/Get (a.proto:3), /shop.v1.Authors/Get (a.proto:6), /shop.v1.Tags/Get (a.proto:9)");
    expect([w.file, w.line]).toEqual(["a.proto", 6]);
    expect(w.hint).toContain("routeNames: service");
    expect(w.hint).toContain("routeNames: full");
    expect(w.hint).toContain("--route-names");
    expect((await routesOf(shop, { routeNames: "service" })).warnings).toEqual([]);
  });

  it("the same rpc in two files is not a name clash (the targets merge the copies)", async () => {
    const reader = memoryReader({ "a.proto": "package p; service S { rpc A (R) returns (R); }", "b.proto": "package p; service S { rpc A (R) returns (R); }" });
    for (const routeNames of ["short", "full"] as const) {
      const { routes, warnings } = await protoRoutes(reader, ["a.proto", "b.proto"], { routeNames });
      expect(routes).toHaveLength(2);
      expect(warnings).toEqual([]);
    }
  });

  it("refuses an unknown mode", async () => {
    const d = await specError(routesOf(shop, { routeNames: "long" as ProtoOptions["routeNames"] }));
    expect(d.message).toContain('"long"');
    expect(d.hint).toContain("short, service, full");
  });
});

describe("hostile input", () => {
  const located = async (text: string | Buffer) => {
    const d = await specError(routesOf(text));
    return { where: [d.file, d.line, d.column], message: d.message, hint: d.hint };
  };

  it("a syntax error has file, line and column", async () => {
    const r = await located('syntax = "proto3";\npackage x;\nservice S {\n  rpc A (R) returns (R) x;\n}\n');
    expect(r.where).toEqual(["a.proto", 4, 25]);
    expect(r.message).toContain("'x'");
    expect(r.hint).toBeTruthy();
  });

  it("the column is the token the parser stopped at, not an earlier one that looks the same", async () => {
    // `R` occurs five times on the line; the fourth one is wrong.
    const r = await located("service S {\n  rpc A (R) returns (R) {} rpc A2 (R) R (R);\n}\n");
    expect(r.where).toEqual(["a.proto", 2, 39]);
  });

  it("locates bad names, strings, comments and duplicates", async () => {
    expect((await located("service S {\n\trpc Aé (R) returns (R);\n}")).where).toEqual(["a.proto", 2, 6]);
    expect((await located('syntax = "proto3";\noption x = "ok"; option y = \'open\n;')).where).toEqual(["a.proto", 2, 29]);
    expect((await located("message M {}\n  /* never closed\n\n")).where).toEqual(["a.proto", 2, 3]);
    expect((await located("message M {} /* closed */\n  /* never closed */ /* this one\n")).where).toEqual(["a.proto", 2, 22]);
    expect((await located("message M {}\n/")).where).toEqual(["a.proto", 2, 1]);
    const dup = await located("service S {\n  rpc A (R) returns (R);\n  rpc A (R) returns (R);\n}");
    expect(dup.where).toEqual(["a.proto", 3, 7]);
    expect(dup.message).toContain("duplicate name 'A'");
  });

  it("an unexpected end of file points at the end", async () => {
    const r = await located("service S {\n  rpc A (R) returns (R);\n");
    expect(r.where).toEqual(["a.proto", 3, 1]);
    expect(r.message).toMatch(/end of file/);
  });

  it("non-proto text is a clear error at its first token", async () => {
    expect(await located('{"openapi": "3.0.0"}')).toMatchObject({ where: ["a.proto", 1, 1], message: "invalid proto: illegal token '{'" });
    expect((await located("openapi: 3.0.0\ninfo: {}\n")).where).toEqual(["a.proto", 1, 1]);
    expect((await located("\u0000\u0001garbage")).where[1]).toBe(1);
  });

  it("non-UTF-8 bytes are an error at their place", async () => {
    const d = await specError(routesOf(Buffer.concat([Buffer.from("package x;\nservice S"), Buffer.from([0xff, 0xfe]), Buffer.from(" {}")])));
    expect([d.file, d.line, d.column]).toEqual(["a.proto", 2, 10]);
    expect(d.message).toMatch(/UTF-8/);
    expect(d.hint).toMatch(/descriptor/);
  });

  it("a missing file is an error naming it", async () => {
    const d = await specError(protoRoutes(emojivoto(), ["proto/Emoji.proto", "proto/Nope.proto"]));
    expect(d.file).toBe("proto/Nope.proto");
    expect(d.message).toContain("does not exist");
  });

  it("a path outside the repository is refused", async () => {
    await specError(protoRoutes(emojivoto(), ["../secret.proto"]));
  });

  it("an empty file gives no routes and a warning", async () => {
    for (const text of ["", "   \n\n"]) {
      const { routes, warnings, inputs } = await routesOf(text);
      expect(routes).toEqual([]);
      expect(inputs).toEqual(["a.proto"]);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatchObject({ severity: "warning", file: "a.proto" });
      expect(warnings[0]!.message).toMatch(/empty/);
    }
  });

  it("a file without services gives no routes and a warning", async () => {
    const { routes, warnings } = await routesOf('syntax = "proto3";\n// only comments\nmessage M { int32 a = 1; }\n');
    expect(routes).toEqual([]);
    expect(warnings.map((w) => w.message)).toEqual(["the proto file declares no service: no routes"]);
  });

  it("a proto with thousands of rpcs works", async () => {
    const n = 5000;
    const rpcs = Array.from({ length: n }, (_, i) => `  rpc Call${i} (Req) returns (Res)${i % 2 ? " { option idempotency_level = IDEMPOTENT; }" : ";"}`);
    const text = `syntax = "proto3";\npackage big.v1;\nmessage Req {}\nmessage Res {}\nservice Big {\n${rpcs.join("\n")}\n}\n`;
    const { routes, warnings } = await routesOf(text);
    expect(warnings).toEqual([]);
    expect(routes).toHaveLength(n);
    expect(routes[n - 1]).toMatchObject({ name: `Call${n - 1}`, isRetryable: true, origin: { line: 5 + n } });
    expect(routes[0]!.isRetryable).toBeUndefined();
    expect(new Set(routes.map((r) => r.match.pathRegex)).size).toBe(n);
  });

  it("a syntax error deep in a big proto is still placed", async () => {
    const rpcs = Array.from({ length: 3000 }, (_, i) => `  rpc Call${i} (Req) returns (Res);`);
    rpcs[2500] = "  rpc Call2500 (Req) returns (Res) (Res);";
    const d = await specError(routesOf(`service Big {\n${rpcs.join("\n")}\n}\n`));
    expect(d.message).toContain("'('");
    expect([d.line, d.column]).toEqual([2502, 36]);
  });

  it("is deterministic", async () => {
    const a = await protoRoutes(emojivoto(), ["proto/Voting.proto", "proto/Emoji.proto"]);
    const b = await protoRoutes(emojivoto(), ["proto/Voting.proto", "proto/Emoji.proto"]);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
});
