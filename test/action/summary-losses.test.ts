/**
 * The action's job summary and pull request comment carry what the diff
 * says under a Gateway API route set: what the switch loses, and the rules
 * Linkerd can never pick, once each.
 */
import { describe, expect, it } from "vitest";
import { renderResult, type ResultView } from "../../src/action/summary.js";
import { DIFF_SCHEMA_VERSION, summarize, type DiffReport } from "../../src/diff/routes.js";

function view(): ResultView {
  const partial: Omit<DiffReport, "summary"> = {
    schemaVersion: DIFF_SCHEMA_VERSION,
    base: { ref: "main", commit: "0123456789abcdef0123456789abcdef01234567", config: "serviceprofile-sync.yaml" },
    head: { ref: "#7 (feature)", config: "serviceprofile-sync.yaml" },
    profiles: [],
    routeSets: [
      {
        routes: { kind: "HTTPRoute", service: "books", serviceNamespace: "booksapp", namespace: "booksapp", path: "deploy/booksapp/books.routes.yaml" },
        status: "added",
        rulesAdded: [{ name: "GET /books/{id}", object: "books-get-books-id", matches: ["GET RegularExpression ^/books/[^/]*$"], timeout: null, timeoutIn: null, retry: null }],
        rulesRemoved: [],
        rulesChanged: [],
        objectsAdded: [],
        objectsRemoved: [],
        replacesProfile: true,
        losses: [{ severity: "warning", code: "not-carried-over", message: "service books: retryBudget is not carried over: Gateway API routes have no retry budget", hint: "use retry.limit" }],
        shadowing: [
          {
            reason: "covered",
            by: [{ object: "books-get-books-id", rule: 0, route: "GET /books/{id}" }],
            dead: [{ object: "books-get-books-id", rule: 1, route: "GET /books/{id}.json" }],
            example: "GET /books/.json",
          },
        ],
      },
    ],
    errors: [],
    configErrors: [],
    stale: { checked: true, upToDate: true, files: [] },
    unmapped: [],
    warnings: [],
  };
  return {
    analysis: { report: { ...partial, summary: summarize(partial, 0) }, configPath: "serviceprofile-sync.yaml", outputDir: "deploy", hasBase: true },
    commit: undefined,
    commitBlocked: undefined,
    commitError: undefined,
    failOnStale: false,
    fixCommand: "npx serviceprofile-sync sync",
    version: "0.0.0",
    runUrl: undefined,
  };
}

describe("job summary and comment", () => {
  for (const place of ["comment", "summary"] as const) {
    it(`the ${place} says what the switch loses and which rule is dead, under the service, once`, () => {
      const md = renderResult(view(), 60_000, place);
      const block = md.slice(md.indexOf("#### HTTPRoutes of **`books.booksapp`**"));
      expect(block).toContain("- ⚠️ retryBudget is not carried over: Gateway API routes have no retry budget — use retry.limit\n");
      expect(block).toContain('- ⚠️ rule "GET /books/{id}.json" (books-get-books-id rule 1) can never be picked: "GET /books/{id}" (books-get-books-id rule 0) takes every request it matches; e.g. GET /books/.json\n');
      expect(md.split("retryBudget is not carried over").length).toBe(2);
      expect(md.split("can never be picked").length).toBe(2);
    });
  }
});
