/**
 * The repository's own example, as generated and committed (ServiceProfiles
 * and Gateway API routes under examples/shop/deploy), gives the guard
 * nothing to say: what this tool generates is what Linkerd serves.
 */
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { fsReader } from "../../src/files/reader.js";
import { guardRepository, guardedFiles, readManifests } from "../../src/guard/guard.js";
import { listWorkTreeFiles } from "../../src/repo/discover.js";

const SHOP = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../examples/shop");

describe("the guard on the example's generated output", () => {
  it("reads its routes and profiles and finds nothing", async () => {
    const files = await listWorkTreeFiles(SHOP);
    const reader = fsReader(SHOP);
    const manifests = await readManifests(reader, guardedFiles(files, { output: "deploy" }));
    // The test means something only if the generated routes were read.
    expect(manifests.filter((m) => m.kind === "HTTPRoute").length).toBeGreaterThan(3);
    expect(manifests.filter((m) => m.kind === "GRPCRoute").length).toBeGreaterThan(0);
    expect(manifests.filter((m) => m.kind === "ServiceProfile").length).toBeGreaterThan(0);
    expect(await guardRepository(reader, files, { output: "deploy" })).toEqual([]);
  });
});
