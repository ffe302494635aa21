/**
 * The library as an npm user gets it: the package is built into a temporary
 * copy, packed with `npm pack`, and the tarball installed offline into an
 * empty project. That project's program is docs/api.md's complete example,
 * verbatim (run in an empty directory, so it must need no file of its own): tsc type-checks it against the package's generated
 * .d.ts files (resolved through "exports", strictly) and Node runs the
 * result, importing the package by name.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../helpers/runtimes.js";

/** npm as a user runs it: without the settings of an `npm test` around us (global, prefix, workspaces). */
const NPM_ENV: NodeJS.ProcessEnv = { ...process.env, npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false" };
for (const key of Object.keys(NPM_ENV)) if (/^npm_config_(global|prefix|workspaces?|include_workspace_root|location)$/i.test(key)) delete NPM_ENV[key];

/** docs/api.md's example: the ts block under "## A complete example". */
export function docsExample(): string {
  const page = readFileSync(path.join(REPO_ROOT, "docs/api.md"), "utf8");
  const section = page.slice(page.indexOf("## A complete example\n"));
  const m = /```ts\n([\s\S]*?)```/.exec(section);
  if (!m) throw new Error('docs/api.md has no ts block under "## A complete example"');
  return m[1]!;
}

describe("the packed package", () => {
  let temp: string;
  let consumer: string;
  let packed: string[];

  beforeAll(() => {
    temp = mkdtempSync(path.join(tmpdir(), "sps-pack-"));
    const pkg = path.join(temp, "pkg");
    mkdirSync(pkg);
    for (const f of ["package.json", "README.md", "LICENSE", "CHANGELOG.md", "schema"]) cpSync(path.join(REPO_ROOT, f), path.join(pkg, f), { recursive: true });
    execFileSync(process.execPath, ["scripts/build.mjs", "--outdir", path.join(pkg, "dist")], { cwd: REPO_ROOT, stdio: "pipe" });
    const out = execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--offline", "--pack-destination", temp], { cwd: pkg, env: NPM_ENV, encoding: "utf8" });
    const [info] = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
    packed = info!.files.map((f) => f.path);
    consumer = path.join(temp, "consumer");
    mkdirSync(consumer, { recursive: true });
    writeFileSync(
      path.join(consumer, "package.json"),
      JSON.stringify({ name: "consumer", private: true, type: "module", dependencies: { "serviceprofile-sync": `file:../${info!.filename}` } }, null, 2),
    );
    // The package has no runtime dependencies, so this needs nothing from a registry.
    execFileSync("npm", ["install", "--offline", "--ignore-scripts", "--no-package-lock"], { cwd: consumer, env: NPM_ENV, stdio: "pipe" });
    writeFileSync(path.join(consumer, "consumer.ts"), docsExample());
    writeFileSync(
      path.join(consumer, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          noUncheckedIndexedAccess: true,
          // The package's own .d.ts files are checked too.
          skipLibCheck: false,
          outDir: "out",
          typeRoots: [path.join(REPO_ROOT, "node_modules/@types")],
          types: ["node"],
        },
        files: ["consumer.ts"],
      }),
    );
  }, 120_000);

  afterAll(() => {
    if (temp) rmSync(temp, { recursive: true, force: true });
  });

  it("ships the library, its types and the bundles, and no sources", () => {
    expect(packed).toEqual(expect.arrayContaining(["dist/index.js", "dist/types/index.d.ts", "dist/cli.js", "dist/action.js", "package.json", "schema/config.schema.json"]));
    expect(packed.filter((f) => f.startsWith("src/") || f.startsWith("test/"))).toEqual([]);
    const manifest = JSON.parse(readFileSync(path.join(consumer, "node_modules/serviceprofile-sync/package.json"), "utf8")) as { dependencies?: object };
    expect(manifest.dependencies ?? {}).toEqual({});
  });

  it("type-checks the docs' example against the package's .d.ts, and runs it importing the package by name", () => {
    const tsc = path.join(REPO_ROOT, "node_modules/typescript/bin/tsc");
    let diagnostics = "";
    try {
      execFileSync(process.execPath, [tsc, "-p", "."], { cwd: consumer, encoding: "utf8", stdio: "pipe" });
    } catch (err) {
      diagnostics = String((err as { stdout?: string }).stdout ?? err);
    }
    expect(diagnostics).toBe("");
    expect(existsSync(path.join(consumer, "out/consumer.js"))).toBe(true);
    const run = spawnSync(process.execPath, ["out/consumer.js"], { cwd: consumer, encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    const stdout = run.stdout;
    // The bad spec at the end is reported with its place.
    expect(run.stderr).toMatch(/^spec\.yaml:2:\d+: /);
    // The profile, with the generated-file header.
    expect(stdout).toContain("# Code generated by serviceprofile-sync from api/books.yaml. DO NOT EDIT.");
    expect(stdout).toContain("name: books.booksapp.svc.cluster.local");
    expect(stdout).toContain("name: GET /books/{id}\n");
    // The markdown diff names both routes.
    expect(stdout).toContain("GET /books/{id}/reviews");
    expect(stdout).toMatch(/main.*feature|feature.*main/s);
    // The replay: GET /books/7 matched the base and matches nothing now.
    expect(stdout).toMatch(/\/books\/7\b/);
  });

  it("reports bad input as a placed SpecError through the package", () => {
    const script = `import { generateServiceProfile, isSpecError, formatDiagnostic } from "serviceprofile-sync";
try {
  await generateServiceProfile({ kind: "openapi", text: "openapi: 3.0.3\\npaths: []\\n" }, { service: "books", namespace: "booksapp" });
  console.log("no error");
} catch (err) {
  console.log(isSpecError(err) ? "SpecError " + formatDiagnostic(err.diagnostic) : "other " + err);
}`;
    writeFileSync(path.join(consumer, "bad.mjs"), script);
    const out = execFileSync(process.execPath, ["bad.mjs"], { cwd: consumer, encoding: "utf8" });
    expect(out).toMatch(/^SpecError spec\.yaml:2:\d+: /);
  });
});
