/**
 * The Gateway API overlay (examples/kustomize/overlay-gateway) through real
 * `kubectl kustomize --enable-alpha-plugins` with the installed exec plugin:
 * the booksapp base plus generated HTTPRoutes, compared in full with a
 * reviewed golden, under Node 20 and Node 24.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { runtimes } from "../helpers/runtimes.js";
import { KUBECTL, REPO_ROOT, cleanEnv, installPluginInto, requireBundle, requireExecutable, run } from "../kustomize/e2e-helpers.js";

const OVERLAY = path.join(REPO_ROOT, "examples/kustomize/overlay-gateway");
const GOLDEN = path.join(REPO_ROOT, "test/kustomize/golden/overlay-gateway-build.yaml");

beforeAll(() => {
  requireExecutable(KUBECTL, "the kustomize tests run real kubectl kustomize");
  requireBundle();
});

describe("kubectl kustomize on the Gateway API overlay", () => {
  for (const { name, node } of runtimes()) {
    it(`builds exactly the reviewed golden (plugin under ${name})`, () => {
      const { xdg } = installPluginInto(node);
      const r = run(KUBECTL, ["kustomize", "--enable-alpha-plugins", OVERLAY], { env: cleanEnv({ XDG_CONFIG_HOME: xdg }) });
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(readFileSync(GOLDEN, "utf8"));
    });
  }

  it("every Service gets its routes and a catch-all, through the overlay's transformers", () => {
    type Obj = { kind: string; metadata: { name: string; namespace: string; labels?: Record<string, string> }; spec: { parentRefs: { name: string; port?: number }[] } };
    const docs = parseAllDocuments(readFileSync(GOLDEN, "utf8")).map((d) => d.toJS() as Obj);
    const routes = docs.filter((d) => d.kind === "HTTPRoute");
    expect(docs.filter((d) => d.kind === "ServiceProfile")).toEqual([]);
    for (const svc of ["webapp", "authors", "books"]) {
      const mine = routes.filter((r) => r.spec.parentRefs[0]!.name === svc);
      expect(mine.length, svc).toBeGreaterThan(2);
      expect(mine.map((r) => r.metadata.name)).toContain(`${svc}-default`);
    }
    for (const r of routes) {
      expect(r.metadata.labels).toEqual({ environment: "production" });
      expect(r.metadata.namespace).toBe("booksapp");
    }
    expect(routes.filter((r) => r.spec.parentRefs[0]!.name === "webapp").every((r) => r.spec.parentRefs[0]!.port === 7000)).toBe(true);
  });
});
