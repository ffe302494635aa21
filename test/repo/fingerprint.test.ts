import { describe, expect, it } from "vitest";
import { canonicalJson, readFingerprint, withFingerprint } from "../../src/repo/fingerprint.js";

describe("canonicalJson", () => {
  it("sorts keys at every depth", () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}');
  });
});

describe("readFingerprint", () => {
  const text = withFingerprint("# generated\nkind: ServiceProfile\n", "sha256:" + "a".repeat(64), [{ path: "api/x.yaml", hash: "b".repeat(40) }]);

  it("reads the inputs, the closure and whether the body is intact", () => {
    const r = readFingerprint(text)!;
    expect(r.inputs).toBe("sha256:" + "a".repeat(64));
    expect(r.closure).toEqual([{ path: "api/x.yaml", hash: "b".repeat(40) }]);
    expect(r.bodyIntact).toBe(true);
    expect(readFingerprint(text.replace("ServiceProfile", "Service"))!.bodyIntact).toBe(false);
  });
});
