import { describe, expect, it } from "vitest";
import { renderMarkdown, renderText, renderJson } from "../../src/diff/report.js";
import { DIFF_SCHEMA_VERSION, summarize, type DiffReport, type ProfileDiff } from "../../src/diff/routes.js";

function report(profiles: ProfileDiff[], extra: Partial<DiffReport> = {}): DiffReport {
  const partial: Omit<DiffReport, "summary"> = {
    schemaVersion: DIFF_SCHEMA_VERSION,
    base: { ref: "main", commit: "0123456789abcdef0123456789abcdef01234567", config: "serviceprofile-sync.yaml" },
    head: { ref: "WORKTREE", config: "serviceprofile-sync.yaml" },
    profiles,
    errors: [],
    configErrors: [],
    stale: { checked: true, upToDate: true, files: [] },
    unmapped: [],
    warnings: [],
    ...extra,
  };
  return { ...partial, summary: summarize(partial, 3) };
}

function changed(i: number, routes: number): ProfileDiff {
  return {
    profile: { name: `svc-${i}.apps.svc.cluster.local`, namespace: "apps", service: `svc-${i}`, serviceNamespace: "apps", path: `deploy/apps/svc-${i}.yaml` },
    status: "changed",
    routesAdded: Array.from({ length: routes }, (_, k) => ({
      name: `GET /things/${k}/{id}`,
      method: "GET",
      pathRegex: `/things/${k}/[^/]*`,
      isRetryable: false,
      timeout: null,
      responseClasses: [{ status: "500-599", isFailure: true }],
    })),
    routesRemoved: [],
    routesChanged: [{ name: "POST /things", changes: [{ field: "timeout", from: null, to: "2s" }] }],
  };
}

describe("renderMarkdown", () => {
  it("prints a summary line and a compact table per profile", () => {
    const md = renderMarkdown(report([changed(1, 2)], { unmapped: [{ path: "api/orphan.yaml", kind: "openapi" }] }));
    expect(md).toContain("**profiles: 1 changed (3 unchanged); routes: 2 added, 1 changed; 1 unmapped spec; committed profiles up to date**");
    expect(md).toContain("Comparing `main (0123456)` → `the work tree`.");
    expect(md).toContain("#### **`svc-1.apps.svc.cluster.local`** in `apps` — changed (+2 ~1 routes)");
    expect(md).toContain("| + | `GET /things/0/{id}` | GET | `/things/0/[^/]*` | added: classes 500-599 failure |");
    expect(md).toContain("| ~ | `POST /things` | | | timeout: `default` → `2s` |");
    expect(md).toContain("- `api/orphan.yaml` (openapi)");
    expect(md).not.toContain("<details>");
  });

  it("folds long tables", () => {
    const md = renderMarkdown(report([changed(1, 30)]));
    expect(md).toContain("<details><summary>31 route changes in deploy/apps/svc-1.yaml</summary>");
  });

  it("never exceeds the cap and says what it left out", () => {
    const huge = report(
      Array.from({ length: 400 }, (_, i) => changed(i, 40)),
      { unmapped: Array.from({ length: 500 }, (_, i) => ({ path: `specs/${i}.yaml`, kind: "openapi" as const })) },
    );
    for (const maxChars of [60_000, 10_000, 2_000]) {
      const md = renderMarkdown(huge, { maxChars });
      expect(md.length).toBeLessThanOrEqual(maxChars);
      expect(md).toContain("profiles: 400 changed");
      const m = /Left out to stay under the comment size limit: (\d+) profiles \((\d+) route changes\), the list of unmapped specs/.exec(md);
      expect(m).not.toBeNull();
      const shown = (md.match(/^#### /gm) ?? []).length;
      expect(shown + Number(m![1])).toBe(400);
      expect(Number(m![2])).toBe(Number(m![1]) * 41);
    }
    // The default cap is 60,000 characters.
    expect(renderMarkdown(huge).length).toBeLessThanOrEqual(60_000);
    // A cap too small for even the summary is still honoured.
    expect(renderMarkdown(huge, { maxChars: 50 }).length).toBeLessThanOrEqual(50);
  });

  it("escapes table-breaking characters", () => {
    const p = changed(1, 0);
    p.routesChanged = [{ name: "GET /a|b", changes: [{ field: "pathRegex", from: "/a|b", to: "/a`b" }] }];
    const md = renderMarkdown(report([p]));
    expect(md).toContain("| ~ | `GET /a\\|b` | | | pathRegex: `/a\\|b` → `` /a`b `` |");
  });
});

describe("renderText and renderJson", () => {
  it("lists errors and stale files", () => {
    const r = report([], {
      errors: [{ service: "books", namespace: "booksapp", side: "head", diagnostics: [{ severity: "error", message: "invalid YAML", file: "api/books.yaml", line: 3, column: 1, hint: "fix it" }] }],
      stale: { checked: true, upToDate: false, files: [{ path: "deploy/apps/x.yaml", kind: "hand-edited" }] },
    });
    const t = renderText(r);
    expect(t).toContain("  books (booksapp) at head: api/books.yaml:3:1: invalid YAML (hint: fix it)\n");
    expect(t).toContain("  deploy/apps/x.yaml: edited by hand\n");
    expect(JSON.parse(renderJson(r))).toMatchObject({ schemaVersion: 1, summary: { serviceErrors: 1, staleFiles: 1 } });
  });
});
