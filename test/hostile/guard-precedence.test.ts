/**
 * The guard's precedence rules stay linear on a Service with 2,000 route
 * objects: ties between objects and dead rules are found through indexes,
 * not by comparing every pair, and the findings grow with the objects (one
 * per object at most, each naming a capped number of others).
 */
import { describe, expect, it } from "vitest";
import { lintManifests } from "../../src/guard/guard.js";
import { parseManifests } from "../../src/guard/manifests.js";
import { BOUND_MS } from "./helpers.js";

const N = 2_000;

function route(name: string, rules: string): string {
  return `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: ${name}, namespace: shop}
spec:
  parentRefs: [{group: core, kind: Service, name: big, port: 80}]
  rules:
${rules}`;
}

/** Each object: a templated GET path of its own, an Exact twin of another object's, the same catch-all prefix as every other object, and (every tenth) a dead rule. */
function manyObjects(): string {
  const docs: string[] = [];
  for (let i = 0; i < N; i++) {
    docs.push(
      route(
        `r${i}`,
        `    - matches: [{method: GET, path: {type: RegularExpression, value: "^/items${i}/[^/]+$"}}]
    - matches: [{method: GET, path: {type: Exact, value: /items${(i + 1) % N}/x}}]
${i % 10 === 0 ? `    - matches: [{method: GET, path: {type: Exact, value: /items${i}/y}}]\n` : ""}    - matches: [{path: {type: PathPrefix, value: /shared}}]
    - matches: [{path: {type: RegularExpression, value: "/any.*"}}]
`,
      ),
    );
  }
  return docs.join("---\n");
}

describe("the guard's precedence rules on 2,000 objects of one Service", () => {
  it("finishes within the bound, with at most one finding of each rule per object", () => {
    const manifests = parseManifests("big.yaml", manyObjects());
    expect(manifests).toHaveLength(N);
    const t0 = performance.now();
    const findings = lintManifests(manifests);
    expect(performance.now() - t0).toBeLessThan(BOUND_MS);
    const ties = findings.filter((f) => f.rule === "tie-across-objects");
    const dead = findings.filter((f) => f.rule === "rule-shadowed");
    // Every dead rule is found; ties up to the per-Service cap.
    expect(dead).toHaveLength(N / 10);
    expect(ties.length).toBeGreaterThan(0);
    expect(ties.length).toBeLessThanOrEqual(N);
    for (const f of [...ties, ...dead]) expect(f.message.length).toBeLessThan(2_000);
  }, BOUND_MS * 2);
});
