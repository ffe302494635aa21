/** partialMatchWitness: paths a regex matches whole but the proxy's leftmost-first test does not. */
import { describe, expect, it } from "vitest";
import { partialMatchWitness } from "../../src/guard/regex-span.js";

describe("partialMatchWitness", () => {
  it("finds the path the first alternative cuts short", () => {
    expect(partialMatchWitness("/a/(b|bc)")).toBe("/a/bc");
    expect(partialMatchWitness("/x|/xy")).toBe("/xy");
    expect(partialMatchWitness("/a*?")).toBe("/a");
  });

  it("finds none when the leftmost-first match always spans", () => {
    expect(partialMatchWitness("^/a/(b|bc)$")).toBeUndefined();
    expect(partialMatchWitness("/a/(bc|b)")).toBeUndefined();
    expect(partialMatchWitness("/items/[0-9]+")).toBeUndefined();
    expect(partialMatchWitness("/books/[^/]+/reviews")).toBeUndefined();
  });

  it("gives no verdict on a regex the proxy rejects", () => {
    expect(partialMatchWitness("/a/(?=b)")).toBeUndefined();
  });
});
