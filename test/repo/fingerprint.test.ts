import { describe, expect, it } from "vitest";
import { GENERATION_FORMAT, canonicalJson, fingerprintInput, readFingerprint, withFingerprint } from "../../src/repo/fingerprint.js";
import { generationInputs, parseConfig } from "../../src/repo/config.js";
import { VERSION } from "../../src/version.js";

describe("canonicalJson", () => {
  it("sorts keys at every depth", () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}');
  });
});

describe("fingerprintInput", () => {
  it("is the canonical JSON of format, version, config entry and closure", () => {
    const config = parseConfig(
      `output: deploy
clusterDomain: example.org
services:
  - name: books
    namespace: shop
    openapi: api/books.yaml
    basePath: /v1
    profileNamespaces: [web, shop]
    retryBudget: { retryRatio: 0.2, minRetriesPerSecond: 10, ttl: 10s }
    routes:
      "GET /books/{id}": { timeout: 1s, responseClasses: [{ status: 404, isFailure: false }] }
`,
      "serviceprofile-sync.yaml",
    );
    const service = config.services[0]!;
    const closure = [
      { path: "api/books.yaml", hash: "a".repeat(40) },
      { path: 'api/"odd" name.yaml', hash: null },
    ];
    expect(fingerprintInput(config, service, closure)).toBe(
      canonicalJson({ format: GENERATION_FORMAT, version: VERSION, entry: generationInputs(config, service), closure }),
    );
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
