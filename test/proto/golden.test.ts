/**
 * Golden cases: each directory under test/golden/proto holds .proto files, a
 * case.json (which files, options, identity, expected warnings) and the
 * reviewed expected.yaml. A missing or differing expected.yaml fails; the
 * actual text is written under the OS temp dir for review, never over the
 * golden file.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync, existsSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { fsReader } from "../../src/files/reader.js";
import { generateProfile } from "../../src/targets/serviceprofile/emit.js";
import { renderObject } from "../../src/render.js";
import { protoRoutes, type RouteNameMode } from "../../src/sources/proto.js";

interface GoldenCase {
  /** Reader root, relative to the case directory (default: the case directory). */
  root?: string;
  files: string[];
  services?: string[];
  routeNames?: RouteNameMode;
  service?: string;
  namespace?: string;
  /** One entry per expected warning: substrings its message + hint must contain. */
  warnings?: string[][];
}

const goldenDir = fileURLToPath(new URL("../golden/proto/", import.meta.url));
const cases = readdirSync(goldenDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

describe("proto golden cases", () => {
  it("finds the cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(15);
  });

  for (const name of cases) {
    it(name, async () => {
      const dir = path.join(goldenDir, name);
      const spec = JSON.parse(readFileSync(path.join(dir, "case.json"), "utf8")) as GoldenCase;
      const reader = fsReader(path.join(dir, spec.root ?? "."));
      const result = await protoRoutes(reader, spec.files, { services: spec.services, routeNames: spec.routeNames });
      expect(result.inputs).toEqual(spec.files);

      const built = generateProfile({ service: spec.service ?? "svc", namespace: spec.namespace ?? "ns", routes: result.routes });
      const actual = renderObject(built.profile, { headerSources: spec.files });

      const expectedWarnings = spec.warnings ?? [];
      expect(result.warnings.map((w) => w.message)).toHaveLength(expectedWarnings.length);
      expectedWarnings.forEach((parts, i) => {
        const w = result.warnings[i]!;
        expect(w.severity).toBe("warning");
        for (const part of parts) expect(`${w.message}\n${w.hint ?? ""}`).toContain(part);
      });

      const expectedFile = path.join(dir, "expected.yaml");
      const expected = existsSync(expectedFile) ? readFileSync(expectedFile, "utf8") : undefined;
      if (actual !== expected) {
        const out = path.join(os.tmpdir(), "golden-proto", name, "expected.yaml");
        mkdirSync(path.dirname(out), { recursive: true });
        writeFileSync(out, actual);
      }
      expect(expected, `${name}/expected.yaml is missing`).toBeDefined();
      expect(actual).toBe(expected);
    });
  }
});
