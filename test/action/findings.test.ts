/** The report's findings as GitHub annotations: on their file and line, titled by rule ID, at most ten per level. */
import { describe, expect, it } from "vitest";
import { annotationsFor, findingAnnotations } from "../../src/action/annotations.js";
import type { ReportFindings } from "../../src/diff/impact.js";

function findings(errors: number): ReportFindings {
  const guard = Array.from({ length: errors }, (_, i) => ({ rule: "route-filter-unsupported" as const, severity: "error" as const, file: `k8s/r${i}.yaml`, line: 4, column: 9, message: `HTTPRoute r${i}: CORS`, hint: "remove it" }));
  const impacts = [{ rule: "switch-inert" as const, severity: "info" as const, file: "deploy/a.routes.yaml", message: "inert", hint: "switch" }];
  return { errors, warnings: 0, infos: 1, impacts, guard, guardPreExisting: 0 };
}

describe("findings as annotations", () => {
  it("puts each on its file and line, with the rule ID in the title and the fix in the message; info is a notice", () => {
    expect(findingAnnotations(findings(1))).toEqual([
      { level: "notice", title: "serviceprofile-sync switch-inert", message: "inert\nFix: switch", file: "deploy/a.routes.yaml" },
      { level: "error", title: "serviceprofile-sync route-filter-unsupported", message: "HTTPRoute r0: CORS\nFix: remove it", file: "k8s/r0.yaml", startLine: 4, startColumn: 9 },
    ]);
  });

  it("shows at most ten per level, the tenth counting the rest", () => {
    const list = annotationsFor({ errors: [], warnings: [], stale: [], staleAsError: false, fixCommand: "sync", findings: findings(25) });
    const errors = list.filter((a) => a.level === "error");
    expect(errors).toHaveLength(10);
    expect(errors[9]!.title).toBe("16 more");
  });
});
