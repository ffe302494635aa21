import { describe, expect, it } from "vitest";
import { compileFullMatchRegex, compileGatewayPathRegex, compileProfilePathRegex, proxyAnchoredPathRegex, translateRustRegex } from "../../src/matching/proxy-regex.js";

function profileTest(regex: string, path: string): boolean | string {
  const v = compileProfilePathRegex(regex);
  return v.ok ? v.matcher.test(path) : v.kind;
}

describe("ServiceProfile pathRegex, as linkerd2-proxy's convert_req_match builds it", () => {
  it("trims, then adds ^ and $ by concatenation", () => {
    expect(proxyAnchoredPathRegex("  /a  ")).toBe("^/a$");
    expect(proxyAnchoredPathRegex("^/a")).toBe("^/a$");
    expect(proxyAnchoredPathRegex("/a$")).toBe("^/a$");
    expect(profileTest("/a|/b", "/a/anything")).toBe(true);
    expect(profileTest("/a|/b", "/x/b")).toBe(true);
    expect(profileTest("/a|/b", "/x/c")).toBe(false);
  });

  it("matches with search semantics on the anchored regex (is_match)", () => {
    expect(profileTest("/books/[^/]*", "/books/12")).toBe(true);
    expect(profileTest("/books/[^/]*", "/books/12/edit")).toBe(false);
  });
});

describe("Rust syntax the proxy rejects (the route loses that match)", () => {
  for (const [regex, why] of [
    ["/a(?=b)", /look-around/],
    ["/a(?!b)", /look-around/],
    ["/a(?<=b)", /look-around/],
    ["/(a)\\1", /backreference/],
    ["/\\0", /backreference/],
    ["/books/{id}", /counted repetition/],
    ["/a{,5}", /counted repetition/],
    ["/a{2,1}", /maximum is below/],
    ["/a\\e", /unrecognized escape/],
    ["/\\Qa.b\\E", /unrecognized escape/],
    ["/a(b", /unclosed group/],
    ["/a)b", /unopened group/],
    ["/[a", /unclosed character class/],
    ["(?i){2}", /nothing to repeat/],
    ["/a\\x{110000}", /Unicode scalar/],
  ] as const) {
    it(`${regex}`, () => {
      const v = compileProfilePathRegex(regex);
      expect(v.ok).toBe(false);
      if (!v.ok) {
        expect(v.kind).toBe("rejected");
        expect(v.reason).toMatch(why);
      }
    });
  }
});

describe("Rust syntax RE2 cannot say: reported, never guessed", () => {
  for (const regex of ["(?x)/a", "/[[a]]", "/[a&&b]", "/a\\<", "/\\b{start}a", "/a{1001}", "/[\\W]", "(?-u)/a"]) {
    it(regex, () => {
      const v = compileProfilePathRegex(regex);
      expect(v.ok ? "ok" : v.kind).toBe("unsupported");
    });
  }
});

describe("Rust spellings translated to RE2 with the same meaning", () => {
  it("Perl classes are Unicode, as in Rust", () => {
    expect(profileTest("/x/\\d+", "/x/٣")).toBe(true);
    expect(profileTest("/x/\\w+", "/x/é")).toBe(true);
    expect(profileTest("/x/\\s", "/x/\u00a0")).toBe(true);
    expect(profileTest("/x/\\D", "/x/٣")).toBe(false);
    expect(profileTest("/x/[\\d-]+", "/x/1-٣")).toBe(true);
  });

  it("flags, names, anchors and POSIX classes", () => {
    expect(profileTest("(?i)/Books/[[:digit:]]+", "/books/12")).toBe(true);
    expect(profileTest("/books/(?P<id>\\d+)\\z", "/books/12")).toBe(true);
    expect(profileTest("/books/(?<id>\\d+)", "/books/12")).toBe(true);
    expect(profileTest("\\A/a[[:^alpha:]]", "/a1")).toBe(true);
    expect(profileTest("/a(?i)b", "/aB")).toBe(true);
    expect(profileTest("(?u)/a", "/a")).toBe(true);
  });

  it("superfluous escapes, \\u and a repetition of a repetition", () => {
    expect(profileTest("/a\\/b\\-c\\#\\%", "/a/b-c#%")).toBe(true);
    expect(profileTest("/\\u{41}\\u0042", "/AB")).toBe(true);
    expect(profileTest("/a**", "/aaa")).toBe(true);
    expect(profileTest("/(ab)+?+", "/abab")).toBe(true);
    expect(translateRustRegex("a**")).toEqual({ ok: true, re2: "(?:a*)*", unicodeClass: false });
  });

  it("literal braces, ] and } outside classes", () => {
    expect(profileTest("/books/\\{id\\}", "/books/{id}")).toBe(true);
    expect(profileTest("/a]}", "/a]}")).toBe(true);
    expect(profileTest("/[]a]", "/]")).toBe(true);
  });
});

describe("Gateway API RegularExpression, as the proxy's MatchPath::match_length runs it", () => {
  it("the leftmost-first match must span the whole path", () => {
    const v = compileGatewayPathRegex("/a|/ab");
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    expect(v.matcher.test("/a")).toBe(true);
    // `^(?:/a|/ab)$` would match; the proxy's find returns "/a" and refuses it.
    expect(v.matcher.test("/ab")).toBe(false);
    const d = compileGatewayPathRegex("/foo/\\d+");
    expect(d.ok && d.matcher.test("/foo/4321")).toBe(true);
    expect(d.ok && d.matcher.test("/bar/foo/4")).toBe(false);
    expect(d.ok && d.matcher.test("/foo/4abc")).toBe(false);
  });

  it("counts positions in the same units as the path (non-ASCII)", () => {
    const v = compileGatewayPathRegex("/é+");
    expect(v.ok && v.matcher.test("/éé")).toBe(true);
    expect(v.ok && v.matcher.test("/é😀")).toBe(false);
  });
});

describe("full match, the meaning generators intend", () => {
  it("wraps the whole regex", () => {
    const v = compileFullMatchRegex("/a|/b");
    expect(v.ok && v.matcher.test("/a/x")).toBe(false);
    expect(v.ok && v.matcher.test("/b")).toBe(true);
    expect(compileFullMatchRegex("a)(b").ok).toBe(false);
  });
});
