/** Reading route manifests with positions, and skipping what Linkerd never receives. */
import { describe, expect, it } from "vitest";
import { mayHoldRoutes, parseManifests } from "../../src/guard/manifests.js";

const ROUTE = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r, namespace: ns}
spec:
  parentRefs: [{kind: Service, name: s}]
  rules:
    - matches:
        - path: {type: Exact, value: /a}
`;

describe("parseManifests", () => {
  it("keeps only the guarded kinds, each with positions of its fields", () => {
    const ms = parseManifests("f.yaml", `kind: Service\nmetadata: {name: s}\n---\n${ROUTE}`);
    expect(ms.map((m) => m.kind)).toEqual(["HTTPRoute"]);
    expect(ms[0]!.position(["spec", "rules", 0, "matches", 0, "path"])).toEqual({ line: 11, column: 11 });
    // A path that goes past what exists points at the deepest part that does.
    expect(ms[0]!.position(["spec", "rules", 3, "filters"])).toEqual({ line: 9, column: 3 });
  });

  it("skips a document that is not plain YAML (a Helm template) and keeps the others", () => {
    const helm = `kind: HTTPRoute\nmetadata:\n  name: {{ .Values.name }}\n  labels: {{- include "x" . | nindent 4 }}\n`;
    expect(parseManifests("t.yaml", `${helm}---\n${ROUTE}`).map((m) => m.value.kind)).toEqual(["HTTPRoute"]);
  });

  it("skips an alias bomb instead of expanding it", () => {
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 0; i < 9; i++) bomb.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(", ")}]`);
    const text = `kind: HTTPRoute\n${bomb.join("\n")}\n`;
    expect(parseManifests("bomb.yaml", text)).toEqual([]);
  });

  it("ignores scalars, sequences and objects without a kind", () => {
    expect(parseManifests("x.yaml", "--- 3\n--- [kind, HTTPRoute]\n--- {a: 1}\n")).toEqual([]);
  });
});

describe("mayHoldRoutes", () => {
  it("looks for a kind line of one of the guarded kinds", () => {
    expect(mayHoldRoutes(ROUTE)).toBe(true);
    expect(mayHoldRoutes('"kind": "GRPCRoute"')).toBe(true);
    expect(mayHoldRoutes("kind: ServiceProfile # generated")).toBe(true);
    expect(mayHoldRoutes("kind: Service\n")).toBe(false);
    expect(mayHoldRoutes("description: kind: HTTPRoute in prose\n")).toBe(false);
  });
});
