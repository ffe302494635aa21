/**
 * The repository's own example, as generated and committed, gives the guard
 * nothing to say: what this tool generates is what Linkerd serves. The shop
 * has two alternative configs, one writing ServiceProfiles (deploy/
 * serviceprofiles) and one Gateway API routes (deploy/routes) for the same
 * services; each output is linted as the repository it would be deployed from.
 */
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { fsReader } from "../../src/files/reader.js";
import { guardRepository, guardedFiles, readManifests } from "../../src/guard/guard.js";
import { listWorkTreeFiles } from "../../src/repo/discover.js";

const SHOP = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../examples/shop");

describe("the guard on the example's generated output", () => {
  it("reads deploy/routes and finds nothing", async () => {
    const files = await listWorkTreeFiles(SHOP);
    const reader = fsReader(SHOP);
    const options = { include: [], output: "deploy/routes" };
    const manifests = await readManifests(reader, guardedFiles(files, options));
    // The test means something only if the generated objects were read.
    for (const kind of ["HTTPRoute", "GRPCRoute"]) expect(manifests.filter((m) => m.kind === kind).length).toBeGreaterThan(0);
    expect(await guardRepository(reader, files, options)).toEqual([]);
  });

  it("does not parse ServiceProfiles that no Service with routes could use, and finds nothing", async () => {
    const files = await listWorkTreeFiles(SHOP);
    const reader = fsReader(SHOP);
    const options = { include: [], output: "deploy/serviceprofiles" };
    expect(guardedFiles(files, options).length).toBeGreaterThan(0);
    expect(await readManifests(reader, guardedFiles(files, options))).toEqual([]);
    expect(await guardRepository(reader, files, options)).toEqual([]);
  });

  it("sees the ServiceProfiles override the routes when both outputs sit in one repository", async () => {
    const findings = await guardRepository(fsReader(SHOP), await listWorkTreeFiles(SHOP), { output: "deploy" });
    expect(new Set(findings.map((f) => f.rule))).toEqual(new Set(["profile-overrides-routes"]));
  });
});
