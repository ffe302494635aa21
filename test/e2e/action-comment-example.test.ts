/**
 * docs/pr-comment-example.md is the comment the built action really posts on
 * a typical pull request, not a hand-written sample. After a deliberate
 * change to the comment, regenerate it with
 *   UPDATE_EXAMPLES=1 npx vitest run test/e2e/action-comment-example.test.ts
 * and review the diff by eye before committing.
 */
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { afterEach, beforeAll, expect, it } from "vitest";
import { requireFreshBundle } from "../action/harness.js";
import { AUTHORS, BOOKS, CONFIG, createScenario, openapi, type Scenario } from "../action/scenario.js";
import { REPO_ROOT } from "../helpers/runtimes.js";

beforeAll(() => requireFreshBundle());

const EXAMPLE = path.join(REPO_ROOT, "docs/pr-comment-example.md");

const PREAMBLE = `# Example pull request comment

This is the comment the GitHub Action keeps on a pull request, exactly as the
built action posted it in \`test/e2e/action-comment-example.test.ts\` (a test
fails when they differ). The pull request adds a route to \`books\`, accepts
one more status code on another, tunes a timeout through the config's
\`routes:\` overrides, and removes a route from \`authors\`. The first line is
the hidden marker that lets later runs find and update this comment.

---

`;

let s: Scenario;
afterEach(async () => {
  expect(s.gh.violations).toEqual([]);
  await s.close();
});

it("docs/pr-comment-example.md is the comment the action posts", async () => {
  s = await createScenario();
  const tuned = CONFIG.replace("    openapi: api/books.yaml\n", '    openapi: api/books.yaml\n    routes:\n      "GET /books/{id}":\n        timeout: 2s\n');
  await s.pushToPr(
    {
      "serviceprofile-sync.yaml": tuned,
      "api/books.yaml": openapi({ ...BOOKS, "/books": { get: [200], post: [201, 400, 500] }, "/books/{id}/reviews": { get: [200] } }),
      "api/authors.yaml": openapi({ "/authors": AUTHORS["/authors"] }),
    },
    { sync: true },
  );
  const run = await s.runPr(process.execPath);
  expect(run.code).toBe(0);
  const text = PREAMBLE + s.comments()[0]!;
  if (process.env.UPDATE_EXAMPLES) writeFileSync(EXAMPLE, text);
  // The base commit's id changes whenever generated files do; the rest must not drift.
  const sha = (t: string) => t.replace(/`main \([0-9a-f]{7}\)`/, "`main (<sha>)`");
  expect(sha(readFileSync(EXAMPLE, "utf8"))).toBe(sha(text));
});
