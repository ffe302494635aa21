import { describe, expect, it } from "vitest";
import { renderMarkdown, renderText, renderJson } from "../../src/diff/report.js";
import { DIFF_SCHEMA_VERSION, summarize, type DiffReport, type ProfileDiff } from "../../src/diff/routes.js";
import type { ProfileVerification } from "../../src/diff/verification-section.js";
import type { RouteSetDiff } from "../../src/diff/route-objects.js";
import type { GatewayShadowGroup } from "../../src/lint/gateway-shadowing.js";

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
    expect(md).toContain("| ~ | `POST /things` | | | timeout: `none` → `2s` |");
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

  it("keeps every changed profile and the stale list, cutting a huge route table row by row", () => {
    const big = report([changed(1, 4000), changed(2, 3)], {
      stale: { checked: true, upToDate: false, files: [{ path: "deploy/apps/svc-1.yaml", kind: "stale" }] },
    });
    const md = renderMarkdown(big, { maxChars: 20_000 });
    expect(md.length).toBeLessThanOrEqual(20_000);
    expect(md.length).toBeGreaterThan(15_000); // the room is used for rows, not wasted
    expect(md).toContain("#### **`svc-1.apps.svc.cluster.local`** in `apps` — changed (+4000 ~1 routes)");
    expect(md).toContain("#### **`svc-2.apps.svc.cluster.local`** in `apps`");
    expect(md).toContain("- `deploy/apps/svc-1.yaml`");
    expect(md).toMatch(/\| \| … \d+ more route changes left out to fit \| \| \| \|/);
    expect(md).not.toContain("Left out to stay under the comment size limit");
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

describe("verification of recorded traffic", () => {
  function verification(over: Partial<ProfileVerification> = {}): ProfileVerification {
    return {
      requests: 1204,
      matched: 1190,
      unmatched: {
        requests: 14,
        groups: [
          { method: "GET", path: "/books/{id}/edit", count: 3, example: "/books/31/edit" },
          { method: "GET", path: "/healthz", count: 11, example: "/healthz" },
        ],
      },
      newlyUnmatched: { requests: 3, groups: [{ method: "GET", path: "/books/{id}/edit", count: 3, example: "/books/31/edit" }] },
      neverHit: ["POST /things"],
      shadowed: [{ route: "GET /things/0/{id}", reason: "covered", by: ["GET /things/{any}"] }],
      recordings: [{ file: "tap/svc.txt", format: "text", events: 3612, truncated: false }],
      problems: [],
      ...over,
    };
  }
  function verified(i: number, v: ProfileVerification, status: ProfileDiff["status"] = "changed"): ProfileDiff {
    return { ...changed(i, 1), status, verification: v };
  }

  it("puts one line under the profile's table and the newly unmatched paths in <details>", () => {
    const md = renderMarkdown(report([verified(1, verification())]));
    const block = md.slice(md.indexOf("#### "));
    expect(block).toContain(
      [
        "| ~ | `POST /things` | | | timeout: `none` → `2s` |",
        "",
        "**Recorded traffic:** ⚠️ 3 of 1,204 recorded requests would no longer match any route; 11 others match no route at base either.",
        "",
        "<details><summary>3 requests that would newly match no route, by path</summary>",
        "",
        "| Requests | Method | Path | Example |",
        "|---:|---|---|---|",
        "| 3 | GET | `/books/{id}/edit` | `/books/31/edit` |",
        "",
        "</details>",
        "",
        "- can never match: `GET /things/0/{id}` (GET /things/{any} comes first and matches all its requests)",
        "- no recorded request hits `POST /things`",
        "- replayed `tap/svc.txt` (3,612 events)",
      ].join("\n"),
    );
    expect(md).toContain("; 3 recorded requests would no longer match any route**");
  });

  it("says so when no recorded request loses its route, and shows all unmatched paths of an added profile", () => {
    const none = verification({ newlyUnmatched: { requests: 0, groups: [] }, unmatched: { requests: 0, groups: [] }, matched: 1204, shadowed: [], neverHit: [] });
    const md = renderMarkdown(report([verified(1, none)]));
    expect(md).toContain("**Recorded traffic:** no recorded request loses its route (1,204 replayed).\n");
    expect(md).not.toContain("<details>");
    expect(md).not.toContain("would no longer match any route**");

    const added = renderMarkdown(report([verified(2, verification({ newlyUnmatched: { requests: 0, groups: [] } }), "added")]));
    expect(added).toContain("**Recorded traffic:** 1,190 of 1,204 recorded requests match a route; 14 match none.\n");
    expect(added).toContain("<details><summary>14 requests matching no route, by path</summary>");
    expect(added).toContain("| 11 | GET | `/healthz` | `/healthz` |");
  });

  it("lists recordings it could not use", () => {
    const v = verification({ problems: [{ severity: "error", file: "tap/gone.txt", message: "the tap recording tap/gone.txt listed for apps/svc-1 does not exist in the work tree" }] });
    const md = renderMarkdown(report([verified(1, v)]));
    expect(md).toContain("- could not use a recording: `tap/gone.txt: the tap recording tap/gone.txt listed for apps/svc-1 does not exist in the work tree`");
    const t = renderText(report([verified(1, v)]));
    expect(t).toContain("  recording error: tap/gone.txt: the tap recording tap/gone.txt listed for apps/svc-1 does not exist in the work tree\n");
  });

  it("prints the verification in the terminal listing", () => {
    const t = renderText(report([verified(1, verification())]));
    expect(t).toContain(
      [
        "  recorded traffic: 3 of 1,204 recorded requests would no longer match any route; 11 others match no route at base either",
        "      3  GET /books/{id}/edit  e.g. /books/31/edit",
        "  route that can never match: GET /things/0/{id} (GET /things/{any} comes first and matches all its requests)",
        "  routes no recorded request hits: POST /things",
        "  replayed: tap/svc.txt (3,612 events)",
      ].join("\n"),
    );
    expect(t).toContain("Summary: profiles: 1 changed (3 unchanged); routes: 1 added, 1 changed; committed profiles up to date; 3 recorded requests would no longer match any route\n");
  });

  it("counts a service once in the summary, however many profile namespaces share its recordings", () => {
    const v = verification();
    const a = verified(1, v);
    const b = { ...verified(1, v), profile: { ...a.profile, namespace: "clients" } };
    const other = verified(2, verification({ newlyUnmatched: { requests: 5, groups: [] } }));
    expect(report([a, b, other]).summary.newlyUnmatchedRequests).toBe(8);
    expect(report([changed(1, 1)]).summary).not.toHaveProperty("newlyUnmatchedRequests");
  });

  it("caps the paths shown and stays within the size limit", () => {
    const groups = Array.from({ length: 500 }, (_, k) => ({ method: "GET", path: `/area-${k}/{id}`, count: 2, example: `/area-${k}/1` }));
    const v = verification({ newlyUnmatched: { requests: 1000, groups }, neverHit: Array.from({ length: 40 }, (_, k) => `GET /r${k}`) });
    const md = renderMarkdown(report([verified(1, v)]));
    expect(md).toContain("| | | … and 480 more paths | |");
    expect(md).toContain("`GET /r9` and 30 more");
    expect((md.match(/^\| 2 \| GET \|/gm) ?? []).length).toBe(20);
    const many = report(Array.from({ length: 200 }, (_, i) => verified(i, v)));
    for (const maxChars of [60_000, 5_000]) {
      const capped = renderMarkdown(many, { maxChars });
      expect(capped.length).toBeLessThanOrEqual(maxChars);
      expect(capped).toContain("Left out to stay under the comment size limit");
    }
  });
});

describe("Gateway API route sets: losses, dead rules and wording", () => {
  const LOSS = {
    severity: "warning" as const,
    code: "not-carried-over",
    message: "service books: retryBudget is not carried over: Gateway API routes have no retry budget",
    hint: "Linkerd bounds retries per request with retry.linkerd.io/limit (retry.limit in the config) instead",
    file: "api/books.yaml",
  };
  const rule = (name: string, object: string, timeout: string | null = null, retry: string | null = null) => ({ name, object, matches: [`GET RegularExpression ^${name.slice(4)}$`], timeout, timeoutIn: timeout === null ? null : ("rules[].timeouts.request" as const), retry });
  function routeSet(extra: Partial<RouteSetDiff> = {}): RouteSetDiff {
    return {
      routes: { kind: "HTTPRoute", service: "books", serviceNamespace: "booksapp", namespace: "booksapp", path: "deploy/booksapp/books.routes.yaml" },
      status: "added",
      rulesAdded: [rule("GET /books", "books-get-books", "1s", "http=5xx")],
      rulesRemoved: [],
      rulesChanged: [],
      objectsAdded: [],
      objectsRemoved: [],
      replacesProfile: true,
      ...extra,
    };
  }
  const dead = (k: number): GatewayShadowGroup => ({
    reason: "covered",
    by: [{ object: `svc-get-a${k}-id`, rule: 0, route: `GET /a${k}/{id}` }],
    dead: [{ object: `svc-get-a${k}-id`, rule: 1, route: `GET /a${k}/{id}.json` }],
    example: `GET /a${k}/.json`,
  });

  it("says what the switch loses under the service, in text, Markdown and JSON", () => {
    const r = report([], { routeSets: [routeSet({ losses: [LOSS] })] });
    const text = renderText(r);
    expect(text).toContain(
      "HTTPRoutes of books.booksapp in booksapp: added (deploy/booksapp/books.routes.yaml)\n" +
        "  note: replaces the ServiceProfile, which this change deletes: the routes take effect only once the ServiceProfile is gone from the cluster, and clients that already use it may keep it until they restart (linkerd/linkerd2 #11032, #14274)\n" +
        "  warning: retryBudget is not carried over: Gateway API routes have no retry budget — Linkerd bounds retries per request with retry.linkerd.io/limit (retry.limit in the config) instead\n",
    );
    const md = renderMarkdown(r);
    const block = md.slice(md.indexOf("#### HTTPRoutes"));
    expect(block).toContain("- ⚠️ retryBudget is not carried over: Gateway API routes have no retry budget — Linkerd bounds retries");
    expect(JSON.parse(renderJson(r)).routeSets[0].losses).toEqual([LOSS]);
    // Once per format: the loss is not repeated elsewhere in the report.
    expect(text.split("retryBudget is not carried over").length).toBe(2);
    expect(md.split("retryBudget is not carried over").length).toBe(2);
  });

  it("names each dead rule and the rule that shadows it, one line per group, capped with a count of the rest", () => {
    const groups = Array.from({ length: 14 }, (_, k) => dead(k));
    groups[0] = { ...groups[0]!, dead: [...groups[0]!.dead, { object: "svc-get-a0-id", rule: 2, route: "GET /a0/{id}.xml" }] };
    const r = report([], { routeSets: [routeSet({ status: "changed", replacesProfile: false, shadowing: groups })] });
    const text = renderText(r);
    expect(text).toContain(
      '  warning: 2 rules can never be picked: "GET /a0/{id}" (svc-get-a0-id rule 0) takes every request they match: "GET /a0/{id}.json" (svc-get-a0-id rule 1), "GET /a0/{id}.xml" (svc-get-a0-id rule 2); e.g. GET /a0/.json\n' +
        '  warning: rule "GET /a1/{id}.json" (svc-get-a1-id rule 1) can never be picked: "GET /a1/{id}" (svc-get-a1-id rule 0) takes every request it matches; e.g. GET /a1/.json\n',
    );
    expect(text).toContain("  warning: … and 4 more rules that can never be picked (4 more groups)\n");
    expect(text.match(/can never be picked/g)).toHaveLength(11);
    const md = renderMarkdown(r);
    expect(md).toContain('- ⚠️ rule "GET /a9/{id}.json" (svc-get-a9-id rule 1) can never be picked: "GET /a9/{id}" (svc-get-a9-id rule 0) takes every request it matches; e.g. GET /a9/.json');
    expect(md).toContain("- ⚠️ … and 4 more rules that can never be picked (4 more groups)");
    expect(md).not.toContain("GET /a10/");
    expect(JSON.parse(renderJson(r)).routeSets[0].shadowing).toHaveLength(14);
  });

  it("says 1 route and 1 rule, not 1 routes", () => {
    const one: ProfileDiff = { ...changed(1, 0), routesChanged: [{ name: "POST /things", changes: [{ field: "timeout", from: null, to: "2s" }] }] };
    const set = routeSet({ status: "changed", replacesProfile: false, rulesAdded: [], rulesChanged: [{ name: "GET /books", changes: [{ field: "timeout", from: null, to: "1s" }] }] });
    const md = renderMarkdown(report([one], { routeSets: [set] }));
    expect(md).toContain("in `apps` — changed (~1 route)\n");
    expect(md).toContain("in `booksapp` — changed (~1 rule)\n");
    expect(md).not.toMatch(/\b1 (routes|rules)\b/);
    expect(renderMarkdown(report([changed(1, 2)]))).toContain("— changed (+2 ~1 routes)");
  });

  it("shows in the terminal what an added route gets, as the Markdown does", () => {
    const p = changed(1, 1);
    p.routesAdded[0] = { ...p.routesAdded[0]!, isRetryable: true, timeout: "1500ms" };
    const r = report([p]);
    expect(renderText(r)).toContain("  + GET /things/0/{id}  [GET /things/0/[^/]*], retryable, timeout 1500ms, classes 500-599 failure\n");
    expect(renderMarkdown(r)).toContain("| added: retryable, timeout 1500ms, classes 500-599 failure |");
  });
});

describe("findings in the report", () => {
  const findings = (n: number, preExisting = 0): DiffReport["findings"] => {
    const impacts = Array.from({ length: n }, (_, i) => ({
      rule: "route-removed" as const,
      severity: "warning" as const,
      file: `deploy/apps/svc-${i}.yaml`,
      message: `ServiceProfile svc-${i}: route GET /x is removed`,
      hint: "keep it",
    }));
    const guard = [{ rule: "route-filter-unsupported" as const, severity: "error" as const, file: "k8s/a.yaml", line: 3, column: 5, message: "HTTPRoute a: CORS", hint: "remove it" }];
    return { errors: 1, warnings: n, infos: 0, impacts, guard, guardPreExisting: preExisting };
  };

  it("lists errors first, counts them in the summary line, caps the Markdown table and the text, and says what base had already", () => {
    const r = report([], { findings: findings(45, 2) });
    const md = renderMarkdown(r);
    expect(md).toContain("; findings: 1 error, 45 warnings**");
    expect(md).toContain("#### Findings — 1 error, 45 warnings");
    const rows = md.split("\n").filter((l) => /^\| (🛑|⚠️)/.test(l));
    expect(rows).toHaveLength(30);
    expect(rows[0]).toContain("`route-filter-unsupported` | `k8s/a.yaml:3:5`");
    expect(md).toContain("… and 16 more findings (`diff --format json` lists them all)");
    expect(md).toContain("_2 guard findings at head are in base already");
    const text = renderText(report([], { findings: findings(120) }));
    expect(text).toContain("  error route-filter-unsupported: k8s/a.yaml:3:5: HTTPRoute a: CORS\n    hint: remove it\n");
    expect(text).toContain("  ... and 21 more findings (--format json lists them all)");
    expect(text.split("\n").filter((l) => l.startsWith("  warning route-removed"))).toHaveLength(99);
  });

  it("keeps the findings, which come first, when the comment must be cut to fit", () => {
    const r = report(Array.from({ length: 40 }, (_, i) => changed(i, 30)), { findings: findings(3) });
    const md = renderMarkdown(r, { maxChars: 8000 });
    expect(md.length).toBeLessThanOrEqual(8000);
    expect(md).toContain("#### Findings — 1 error, 3 warnings");
    expect(md.indexOf("#### Findings")).toBeLessThan(md.indexOf("svc-0.apps"));
  });

  it("says routes inert behind a ServiceProfile once: the switch-inert finding replaces the route file's note", () => {
    const set: RouteSetDiff = {
      routes: { kind: "HTTPRoute", service: "books", serviceNamespace: "shop", namespace: "shop", path: "deploy/shop/books.routes.yaml" },
      status: "added",
      rulesAdded: [],
      rulesRemoved: [],
      rulesChanged: [],
      objectsAdded: [],
      objectsRemoved: [],
      alongsideProfile: true,
    };
    const inert = { rule: "switch-inert" as const, severity: "warning" as const, file: "deploy/shop/books.routes.yaml", service: "shop/books", message: "inert", hint: "switch" };
    const note = "a ServiceProfile for this service is generated too";
    expect(renderText(report([], { routeSets: [set] }))).toContain(note);
    const r = report([], { routeSets: [set], findings: { errors: 0, warnings: 1, infos: 0, impacts: [inert], guard: [], guardPreExisting: 0 } });
    for (const out of [renderText(r), renderMarkdown(r)]) {
      expect(out).not.toContain(note);
      expect(out).toContain("switch-inert");
    }
  });

  it("says nothing about findings when there are none", () => {
    const r = report([changed(1, 1)], { findings: { errors: 0, warnings: 0, infos: 0, impacts: [], guard: [], guardPreExisting: 0 } });
    expect(renderMarkdown(r)).not.toContain("Findings");
    expect(renderText(r)).not.toContain("Findings");
    expect(renderMarkdown(r)).toBe(renderMarkdown(report([changed(1, 1)])));
  });
});
