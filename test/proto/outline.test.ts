import { describe, expect, it } from "vitest";
import { memoryReader } from "../../src/files/reader.js";
import { SpecError } from "../../src/model/diagnostic.js";
import { outlineProto } from "../../src/sources/proto-outline.js";
import { protoRoutes } from "../../src/sources/proto.js";

/** Line and column of every occurrence of `needle`. */
function places(text: string, needle: string): string[] {
  const out: string[] = [];
  text.split("\n").forEach((line, i) => {
    for (let c = line.indexOf(needle); c !== -1; c = line.indexOf(needle, c + 1)) out.push(`${i + 1}:${c + 1}`);
  });
  return out;
}

const routesOf = (text: string) => protoRoutes(memoryReader({ "a.proto": text }), ["a.proto"]);

describe("proto outline", () => {
  const source = [
    'syntax = "proto3";',
    "package p.v1;",
    "// a comment with service Fake { rpc Nope",
    "message First {",
    "  string a = 1 [(x) = ENUM];",
    '  message Nested { string b = 1; } } message Second { int32 c = 2; /* } */ string d = 3; string e = 4 [default = "}"]; }',
    "enum E { A = 0; }",
    "extend .google.protobuf.MethodOptions { int32 level = 5000; }",
    "service S { /* block",
    "  comment */ rpc Get (Req) returns (Res) { option idempotency_level = IDEMPOTENT; }",
    "}",
    "",
  ].join("\n");
  const outline = outlineProto(source);

  it("keeps every line and the place of everything it keeps", () => {
    expect(outline.split("\n")).toHaveLength(source.split("\n").length);
    for (const kept of ["syntax", "package", "service S", "rpc Get", "idempotency_level", "}"]) {
      expect(places(outline, kept).every((p) => places(source, kept).includes(p)), kept).toBe(true);
    }
    expect(places(outline, "rpc Get")).toEqual(places(source, "rpc Get"));
  });

  it("blanks message, enum and extend bodies and comments, and keeps the first block as a stub", () => {
    expect(outline).toContain("message First {");
    for (const gone of ["Nested", "Second", "string", "enum E", "extend", "comment", "Fake"]) expect(outline, gone).not.toContain(gone);
  });

  it("reads the same routes as the whole file", async () => {
    const { routes } = await routesOf(source);
    expect(routes.map((r) => [r.name, r.isRetryable, r.origin?.line])).toEqual([["Get", true, 10]]);
  });

  it("leaves the text from a lexical problem on as written", () => {
    for (const text of ['message M { string a = 1 [default = "open', "message M { /* never closed", "message M { { }", "} message M { }"]) {
      expect(outlineProto(text)).toBe(text);
    }
  });

  it("sees a comment only where protobufjs's tokenizer does", () => {
    // `a//b` is one token to protobufjs, so the `}` after it closes the block.
    expect(outlineProto("message A { x a//b }\nmessage B { }\nservice S {}")).toBe(`message A {${" ".repeat(8)}}\n${" ".repeat(13)}\nservice S {}`);
    // A block comment ends at the first `/` after its opening `*`.
    expect(outlineProto("message A { /*/ } message B {}")).toBe(`message A {${" ".repeat(5)}} ${" ".repeat(12)}`);
  });

  it("keeps an edition 2024 visibility keyword with its block", () => {
    expect(outlineProto('edition = "2024";\nmessage A {}\nlocal message B { int32 x = 1; }\nservice S {}')).toBe(
      'edition = "2024";\nmessage A {}\n                                \nservice S {}',
    );
  });

  it("still refuses what protobufjs refuses around the blanked blocks", async () => {
    const error = async (text: string) => {
      const err = await routesOf(text).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SpecError);
      const d = (err as SpecError).diagnostic;
      return [d.line, d.column, d.message];
    };
    // A package after the first message, and a bad token after a blanked body, at their places.
    expect(await error("message A { int32 a = 1; }\npackage p;\n")).toEqual([2, 1, "invalid proto: illegal token 'package'"]);
    expect(await error("message A { int32 a = 1; }\nmessage B {\n  int32 b = 2;\n} oops\n")).toEqual([4, 3, "invalid proto: illegal token 'oops'"]);
    expect(await error("message A {}\nservice S {\n  rpc A (R) returns (R) x;\n}\n")).toEqual([3, 25, "invalid proto: illegal token 'x', ';' expected"]);
  });
});

describe("proto outline: rpc option blocks", () => {
  const error = async (text: string) => {
    const err = await routesOf(text).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SpecError);
    const d = (err as SpecError).diagnostic;
    return [d.line, d.column, d.message];
  };

  it("blanks an rpc's block unless it mentions idempotency_level, keeping every place", () => {
    const source = [
      "service S {",
      '  rpc A (R) returns (R) { option (google.api.http) = { get: "/a/{x}" }; } rpc Z (R) returns (R);',
      "  rpc B (R) returns (R) {",
      "    // sets idempotency_level below",
      '    option (google.api.http) = { post: "/b" body: "*" };',
      "    option idempotency_level = IDEMPOTENT;",
      "  }",
      "  rpc C (R) returns (R) {",
      '    option (google.api.method_signature) = "name";',
      "  } rpc Y (R) returns (R);",
      "}",
    ].join("\n");
    const outline = outlineProto(source);
    expect(outline.split("\n")).toHaveLength(source.split("\n").length);
    expect(outline).not.toContain("/a/");
    expect(outline).not.toContain("method_signature");
    expect(outline).toContain('option (google.api.http) = { post: "/b" body: "*" };');
    for (const kept of ["rpc A", "rpc Z", "rpc B", "rpc C", "rpc Y", "idempotency_level", "}"]) {
      expect(places(outline, kept).every((p) => places(source, kept).includes(p)), kept).toBe(true);
    }
    expect(places(outline, "rpc Y")).toEqual(places(source, "rpc Y"));
  });

  it("reads idempotency_level however the option is written", async () => {
    const text = [
      "package p;",
      "service S {",
      '  rpc A (R) returns (R) { option (google.api.http) = { get: "/a" }; option idempotency_level = IDEMPOTENT; }',
      "  rpc B (R) returns (R) { option (ext).idempotency_level = NO_SIDE_EFFECTS; }",
      "  rpc C (R) returns (R) { option (ext) = { idempotency_level: IDEMPOTENT }; }",
      '  rpc D (R) returns (R) { option (google.api.http) = { get: "/d" }; }',
      "  rpc E (R) returns (R) { option idempotency_level = IDEMPOTENCY_UNKNOWN; option idempotency_level = IDEMPOTENT; }",
      "}",
    ].join("\n");
    const { routes } = await routesOf(text);
    expect(routes.map((r) => [r.name, r.isRetryable ?? false, r.origin?.line])).toEqual([
      ["A", true, 3],
      ["B", true, 4],
      ["C", true, 5],
      ["D", false, 6],
      ["E", false, 7],
    ]);
  });

  it("a stray brace in an rpc's options is reported at its place, not at the end of the file", async () => {
    const text = 'service S {\n  rpc A (R) returns (R) {\n    option (google.api.http) = { get: "/a" { };\n  }\n  rpc B (R) returns (R);\n}\n';
    expect(outlineProto(text)).toBe(text);
    expect(await error(text)).toEqual([3, 44, "invalid proto: illegal name '{'"]);
    expect(await error("service S {\n  rpc A (R) returns (R) { option (x) = 1; }\n  rpc B (R) returns (R);\n")).toEqual([4, 1, expect.stringMatching(/end of file/)]);
  });

  it("still refuses what protobufjs refuses around the blanked blocks", async () => {
    expect(await error("service S {\n  rpc A (R) returns (R) { option (x) = 1; } oops\n}\n")).toEqual([2, 45, "invalid proto: illegal token 'oops'"]);
    expect(await error("service S {\n  rpc A (R) returns (R) { option (x) = 1; }\n  rpc A (R) returns (R);\n}\n")).toEqual([3, 7, expect.stringContaining("duplicate name 'A'")]);
  });

  it("does not read a grammar error inside a blanked block", async () => {
    // protobufjs on the whole file: 2:40 illegal value ';'.
    const { routes } = await routesOf("service S {\n  rpc A (R) returns (R) { option (x) = ; }\n}\n");
    expect(routes.map((r) => r.name)).toEqual(["A"]);
  });
});

describe("proto outline: read from the file's bytes", () => {
  const bytes = (text: string) => new TextEncoder().encode(text);

  it("gives the same outline for the bytes as for the text", () => {
    const text = 'syntax = "proto3";\nmessage A { string é = 1; }\nservice S { rpc Get (A) returns (A) { option (x) = "ü"; } }\n';
    expect(outlineProto(bytes(text))).toBe(outlineProto(text));
    expect(outlineProto(bytes(text))).toContain("rpc Get (A) returns (A) {");
  });

  it("keeps each column after a blanked body with wide characters on its last line", () => {
    // `é` is two bytes and one column, `😀` four bytes and two UTF-16 units: the width kept is in characters.
    const text = "message A {}\nmessage B { // é\n  string x = 1; /* 😀 */ } service S {}\n";
    const outline = outlineProto(bytes(text));
    expect(places(outline, "service S")).toEqual(places(text, "service S"));
    expect(outline).not.toContain("é");
  });

  it("sees a comment after a Unicode space, which protobufjs's tokenizer takes for a delimiter", () => {
    // U+00A0 and U+2003 are whitespace to `\s`: the `//` after them starts a comment, and the `}` in it is not read.
    for (const space of ["\u00a0", "\u2003"]) {
      const text = `message A {}\nmessage B {${space}// }\n}\nservice S {}\n`;
      expect(outlineProto(bytes(text)).trimEnd().endsWith("service S {}"), JSON.stringify(space)).toBe(true);
      expect(outlineProto(bytes(text))).not.toContain("//");
    }
    // After a letter (`é`, also two bytes) the `//` is part of a token, as in `a//b`: the `}` closes B.
    expect(outlineProto(bytes("message A {}\nmessage B { é// }\nservice S {}\n"))).toBe(`message A {}\n${" ".repeat(17)}\nservice S {}\n`);
  });

  it("stops at a string whose backslash escapes a line or paragraph separator, as the tokenizer's pattern does", () => {
    for (const sep of ["\u2028", "\u2029", "\n"]) {
      const text = `message A {}\nmessage B { string s = 1 [default = "a\\${sep}"]; }\nservice S {}\n`;
      expect(outlineProto(bytes(text)), JSON.stringify(sep)).toBe(outlineProto(text));
      expect(outlineProto(bytes(text))).toContain('default = "a\\');
    }
  });

  it("drops a leading BOM, as decoding the file does", () => {
    expect(outlineProto(bytes("\ufeffmessage A {}\nmessage B { x }\n"))).toBe(`message A {}\n${" ".repeat(15)}\n`);
  });

  it("tells a blank file from one with only comments or Unicode spaces", async () => {
    const warning = async (text: string) => (await routesOf(text)).warnings.map((w) => w.message);
    expect(await warning(" \n\t\u00a0\u3000\n")).toEqual(["the proto file is empty: no services, no routes"]);
    expect(await warning("// nothing here\n")).toEqual(["the proto file declares no service: no routes"]);
    expect(await warning("\ufeff")).toEqual(["the proto file is empty: no services, no routes"]);
  });

  it("refuses invalid UTF-8 at its place", async () => {
    const err = await protoRoutes(memoryReader({ "a.proto": Buffer.from([0x73, 0x0a, 0x61, 0xff]) }), ["a.proto"]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SpecError);
    expect((err as SpecError).diagnostic).toMatchObject({ line: 2, column: 2, message: expect.stringContaining("not valid UTF-8") });
  });
});
