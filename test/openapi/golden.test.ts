/**
 * Golden cases: each directory under test/golden/openapi holds a spec
 * (spec.yaml or spec.json, plus any files it $refs), an optional case.json
 * and the hand-reviewed expected.yaml. A missing or differing expected.yaml
 * fails; the actual text is written under the OS temp dir for review, never
 * over the golden file.
 *
 * Every route's pathRegex is also checked the way the proxy uses it (a
 * full-string match) against concrete paths of its own template and of every
 * sibling route's template.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { fsReader } from "../../src/files/reader.js";
import { compileFullMatch } from "../../src/matching/proxy-regex.js";
import type { HttpMatch, Route } from "../../src/model/route.js";
import { generateProfile } from "../../src/targets/serviceprofile/emit.js";
import { renderObject } from "../../src/render.js";
import { openApiRoutes } from "../../src/sources/openapi.js";
import { concretePaths, nearMisses, templateMatches } from "./template-oracle.js";

interface GoldenCase {
  /** Reader root, relative to the case directory (default: the case directory). */
  root?: string;
  /** Spec path relative to the root (default: spec.yaml or spec.json in the case directory). */
  spec?: string;
  basePath?: string;
  service?: string;
  namespace?: string;
  /** Expected `inputs` (default: just the spec). */
  inputs?: string[];
  /** One entry per expected warning: substrings its message + hint must contain. */
  warnings?: string[][];
}

const goldenDir = fileURLToPath(new URL("../golden/openapi/", import.meta.url));
const cases = readdirSync(goldenDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

function loadCase(dir: string): GoldenCase {
  const file = path.join(dir, "case.json");
  const c: GoldenCase = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as GoldenCase) : {};
  c.spec ??= existsSync(path.join(dir, "spec.json")) ? "spec.json" : "spec.yaml";
  return c;
}

async function generate(name: string) {
  const dir = path.join(goldenDir, name);
  const c = loadCase(dir);
  const result = await openApiRoutes(fsReader(path.join(dir, c.root ?? ".")), c.spec!, c.basePath !== undefined ? { basePath: c.basePath } : {});
  return { c, dir, result };
}

describe("OpenAPI golden cases", () => {
  it("finds the cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  for (const name of cases) {
    it(name, async () => {
      const { c, dir, result } = await generate(name);
      expect(result.inputs).toEqual(c.inputs ?? [c.spec]);

      const expectedWarnings = c.warnings ?? [];
      expect(result.warnings.map((w) => w.message)).toHaveLength(expectedWarnings.length);
      expectedWarnings.forEach((parts, i) => {
        const w = result.warnings[i]!;
        expect(w.severity).toBe("warning");
        for (const part of parts) expect(`${w.message}\n${w.hint ?? ""}`).toContain(part);
      });

      const built = generateProfile({ service: c.service ?? "svc", namespace: c.namespace ?? "ns", routes: result.routes });
      const actual = renderObject(built.profile, { headerSources: [c.spec!] });
      const expectedFile = path.join(dir, "expected.yaml");
      const expected = existsSync(expectedFile) ? readFileSync(expectedFile, "utf8") : undefined;
      if (actual !== expected) {
        const out = path.join(os.tmpdir(), "golden-openapi", name, "expected.yaml");
        mkdirSync(path.dirname(out), { recursive: true });
        writeFileSync(out, actual);
      }
      expect(expected, `${name}/expected.yaml is missing`).toBeDefined();
      expect(actual).toBe(expected);
    });
  }
});

describe("OpenAPI golden cases: path regexes as the proxy applies them", () => {
  for (const name of cases) {
    it(name, async () => {
      const { result } = await generate(name);
      const routes = result.routes.filter((r): r is Route & { match: HttpMatch } => r.match.kind === "http");
      expect(routes.length).toBe(result.routes.length);
      for (const route of routes) {
        const re = compileFullMatch(route.match.pathRegex);
        expect(re, route.match.pathRegex).toBeDefined();
        const own = concretePaths(route.match.pathTemplate);
        for (const p of own) expect(re!.test(p), `${route.name} must match ${p}`).toBe(true);
        // Same template with one literal character changed: a regex that forgot to escape a metacharacter matches some of these.
        for (const p of nearMisses(route.match.pathTemplate)) {
          expect(re!.test(p), `${route.name} vs near miss ${p}`).toBe(templateMatches(route.match.pathTemplate, p));
        }
        for (const other of routes) {
          if (other.match.pathTemplate === route.match.pathTemplate) continue;
          for (const p of concretePaths(other.match.pathTemplate)) {
            // Distinct templates may still overlap (`/books/{id}` covers `/books/new`); the oracle says when.
            expect(re!.test(p), `${route.name} vs ${other.name} path ${p}`).toBe(templateMatches(route.match.pathTemplate, p));
          }
        }
      }
    });
  }
});
