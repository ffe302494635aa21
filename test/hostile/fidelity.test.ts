/** Where the output must say what Linkerd does, not what its old docs say. */
import { describe, expect, it } from "vitest";
import { memoryReader } from "../../src/files/reader.js";
import { openApiRoutes } from "../../src/sources/openapi.js";
import { renderTemplate } from "../../src/sources/template.js";
import { BOUND_MS } from "./helpers.js";

describe("Linkerd fidelity", () => {
  it("every leading slash of a path key is trimmed before the base path is joined (strings.TrimLeft)", async () => {
    const doc = `swagger: "2.0"\ninfo: {title: t, version: "1"}\nbasePath: /api//\npaths:\n  //openapi:\n    get:\n      responses: {"200": {description: ok}}\n  ///a//b:\n    get:\n      responses: {"200": {description: ok}}\n`;
    const r = await openApiRoutes(memoryReader({ "s.yaml": doc }), "s.yaml");
    expect(r.routes.map((x) => x.name).sort()).toEqual(["GET /api/a//b", "GET /api/openapi"]);
    const noBase = `openapi: 3.0.0\ninfo: {title: t, version: "1"}\npaths:\n  //openapi:\n    get:\n      responses: {"200": {description: ok}}\n`;
    const r3 = await openApiRoutes(memoryReader({ "s.yaml": noBase }), "s.yaml");
    expect(r3.routes.map((x) => x.name)).toEqual(["GET /openapi"]);
  }, BOUND_MS);

  it("the template does not promise a 10s default timeout", () => {
    const text = renderTemplate({ service: "web", namespace: "ns", clusterDomain: "cluster.local" });
    const paragraph = /# Timeout:[\s\S]*?# timeout:/.exec(text)?.[0] ?? "";
    expect(paragraph).toMatch(/no timeout/);
    expect(paragraph).not.toContain("10s");
  }, BOUND_MS);
});
