/**
 * The built action on a pull request that edits a hand-written HTTPRoute: a
 * CORS filter added (Linkerd drops the route) and the catch-all rule removed
 * (the rest get 404). Both are errors in the comment, the outputs count them,
 * and `fail-on: error` fails the job while the default (never) does not.
 * Run as the runner runs it (Node 20 and 24) against a fake GitHub API.
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { requireFreshBundle } from "../action/harness.js";
import { createScenario, type Scenario } from "../action/scenario.js";
import { runtimes } from "../helpers/runtimes.js";

beforeAll(() => requireFreshBundle());

const ROUTES = "k8s/web/routes.yaml";

/** A hand-written HTTPRoute for Service web: /api, then a catch-all; `edit` adds CORS to /api and drops the catch-all. */
function webRoute(edit: boolean): string {
  const cors = edit ? "      filters:\n        - type: CORS\n          cors:\n            allowOrigins: [\"https://shop.example\"]\n" : "";
  const catchAll = edit ? "" : "    - backendRefs:\n        - name: web\n          port: 80\n";
  return `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: web-api
  namespace: web
spec:
  parentRefs:
    - group: core
      kind: Service
      name: web
      port: 80
  rules:
    - matches:
        - path: {type: PathPrefix, value: /api}
${cors}      backendRefs:
        - name: web
          port: 80
${catchAll}`;
}

describe.each(runtimes())("action findings on a pull request ($name)", ({ node }) => {
  let s: Scenario;
  afterEach(async () => {
    expect(s.gh.violations).toEqual([]);
    await s.close();
  });

  it("shows a CORS filter and a removed catch-all as errors; fail-on: error fails the job, the default does not", async () => {
    s = await createScenario({ files: { [ROUTES]: webRoute(false) } });
    await s.pushToPr({ [ROUTES]: webRoute(true) }, { message: "CORS for the API" });

    const run = await s.runPr(node);
    expect(run.failure).toBeUndefined();
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ "findings-errors": "2", "findings-warnings": "0" });
    const [body] = s.comments();
    expect(body).toContain("findings: 2 errors");
    expect(body).toContain("#### Findings — 2 errors");
    const rows = body!.split("\n").filter((l) => l.startsWith("| 🛑 error |"));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain("`catch-all-removed`");
    expect(rows[0]).toContain(`\`${ROUTES}:8:7\``);
    expect(rows[0]).toContain("Service web/web port 80: its routes no longer match every request");
    expect(rows[1]).toContain("`route-filter-unsupported`");
    expect(rows[1]).toContain("CORS");
    // The findings come before everything else in the comment.
    expect(body!.indexOf("#### Findings")).toBeLessThan(body!.indexOf("Comparing") + 200);
    const annotations = run.annotations.filter((a) => a.command === "error" && a.properties.file === ROUTES);
    expect(annotations.map((a) => a.properties.title).sort()).toEqual(["serviceprofile-sync catch-all-removed", "serviceprofile-sync route-filter-unsupported"]);

    const strict = await s.runPr(node, { inputs: { "fail-on": "error" } });
    expect(strict.code).toBe(1);
    expect(strict.failure).toContain("2 findings of severity error (fail-on: error): 2 errors");
    expect(s.comments()).toHaveLength(1);
  });

  it("fail-on: error passes when the change brings no error, and a bad value is an input error", async () => {
    s = await createScenario({ files: { [ROUTES]: webRoute(false) } });
    await s.pushToPr({ "README.md": "# shop\n\nDocs.\n" });
    const run = await s.runPr(node, { inputs: { "fail-on": "error" } });
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ "findings-errors": "0", "findings-warnings": "0" });
    const bad = await s.runPr(node, { inputs: { "fail-on": "errors" } });
    expect(bad.code).toBe(1);
    expect(bad.failure).toContain('input "fail-on" must be error, warning or never, not "errors"');
  });
});
