/**
 * The package installed the way README's Install section says, from git: a
 * clone of this repository's committed HEAD, tagged v<version> as a release
 * is, installed with `npm install --save-dev git+file://<clone>#v<version>`
 * into an empty project with no registry at all (an unreachable registry, an
 * empty npm cache, --offline). Then what a user runs: the bin through npx,
 * `npx <git spec>` without installing, the library's types under tsc and
 * its ESM import under node, the pre-commit entry (docs/cli.md) and its `$schema`
 * line. The tarball path is test/e2e/pack-install.test.ts.
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { createGitRepo, type GitRepo } from "../helpers/gitrepo.js";
import { npmEnv } from "../helpers/npm.js";
import { REPO_ROOT, run, tempDir } from "../kustomize/e2e-helpers.js";

const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { name: string; version: string };
const TAG = `v${pkg.version}`;
const README = readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");

/**
 * Scripts that make npm prepare a git dependency: install every
 * devDependency from the registry in the clone before packing it
 * (npm/pacote lib/git.js, `#prepareDir`, as shipped with npm 11).
 */
const PREPARE_SCRIPTS = ["build", "prepare", "prepack", "preinstall", "install", "postinstall"];

/** The fenced block of a docs page that follows `marker`, with its language. */
function docBlock(page: string, marker: string, lang: string): string {
  const text = readFileSync(path.join(REPO_ROOT, page), "utf8");
  const at = text.indexOf(marker);
  if (at < 0) throw new Error(`${page} has no "${marker}"`);
  const m = new RegExp("```" + lang + "\\n([\\s\\S]*?)```").exec(text.slice(at));
  if (!m) throw new Error(`${page} has no ${lang} block after "${marker}"`);
  return m[1]!;
}

/** Every file under a directory, relative and sorted. */
function filesUnder(dir: string, prefix = ""): string[] {
  return readdirSync(dir)
    .flatMap((name) => (statSync(path.join(dir, name)).isDirectory() ? filesUnder(path.join(dir, name), `${prefix}${name}/`) : [`${prefix}${name}`]))
    .sort();
}

const SPEC = `openapi: 3.0.3
info: { title: books, version: "1" }
paths:
  /books/{id}:
    get:
      responses: { "200": { description: ok } }
`;

let clone = "";
let spec = "";
let project: GitRepo;
let env: NodeJS.ProcessEnv;
let installed: ReturnType<typeof run>;

beforeAll(() => {
  // The committed HEAD, as GitHub serves a tag of it.
  clone = path.join(tempDir("git-src"), "serviceprofile-sync");
  const cloned = run("git", ["clone", "-q", "--depth", "1", `file://${REPO_ROOT}`, clone]);
  expect(cloned.code, cloned.stderr).toBe(0);
  const git = (...args: string[]) => run("git", ["-c", "user.name=Test", "-c", "user.email=test@example.com", "-C", clone, ...args]);
  if (!["dist/cli.js", "dist/index.js", "dist/types/index.d.ts"].every((f) => existsSync(path.join(clone, f)))) {
    // A HEAD without its bundles: build and commit them there, as a release commit has them.
    symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(clone, "node_modules"));
    const built = run(process.execPath, ["scripts/build.mjs"], { cwd: clone });
    rmSync(path.join(clone, "node_modules"));
    expect(built.code, built.stderr).toBe(0);
    expect(git("add", "-f", "dist").code).toBe(0);
    expect(git("commit", "-q", "-m", "dist").code).toBe(0);
  }
  expect(git("tag", TAG).code).toBe(0);
  spec = `git+file://${clone}#${TAG}`;

  // No registry: nothing listens on port 9, the cache is empty, and npm is told so.
  env = npmEnv({
    npm_config_registry: "http://127.0.0.1:9/",
    npm_config_cache: tempDir("npm-cache"),
    npm_config_offline: "true",
    npm_config_audit: "false",
    npm_config_fund: "false",
    npm_config_update_notifier: "false",
    npm_config_yes: "true",
  });
  project = createGitRepo({ files: { "package.json": JSON.stringify({ name: "shop", private: true, type: "module" }), ".gitignore": "node_modules/\nout/\n" } });
  installed = run("npm", ["install", "--save-dev", spec], { cwd: project.dir, env });
}, 300_000);

afterAll(() => project?.cleanup());

describe("npm install --save-dev github:…#tag, from a clone with no registry", () => {
  it("installs offline: the package has no dependencies and npm builds nothing", () => {
    expect(installed.code, installed.stderr).toBe(0);
    const manifest = JSON.parse(project.read("package.json")) as { devDependencies?: Record<string, string> };
    expect(manifest.devDependencies).toEqual({ [pkg.name]: spec });
    const lock = JSON.parse(project.read("package-lock.json")) as { packages: Record<string, { resolved?: string }> };
    const sha = run("git", ["-C", clone, "rev-parse", `${TAG}^{commit}`]).stdout.trim();
    expect(lock.packages[`node_modules/${pkg.name}`]?.resolved).toBe(`git+file://${clone}#${sha}`);
    // Any of these would make npm install the devDependencies in the clone first.
    const scripts = Object.keys((JSON.parse(readFileSync(path.join(clone, "package.json"), "utf8")) as { scripts?: object }).scripts ?? {});
    expect(scripts.filter((s) => PREPARE_SCRIPTS.includes(s))).toEqual([]);
  });

  it("holds exactly the files npm pack ships: the committed bundles, types and schema, no sources", () => {
    const packed = run("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: clone, env });
    expect(packed.code, packed.stderr).toBe(0);
    const listed = (JSON.parse(packed.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path).sort();
    expect(filesUnder(project.path(`node_modules/${pkg.name}`))).toEqual(listed);
    expect(listed).toEqual(expect.arrayContaining(["dist/cli.js", "dist/index.js", "dist/action.js", "dist/types/index.d.ts", "schema/config.schema.json", "LICENSE"]));
    expect(listed.filter((f) => /^(src|test|scripts|examples|node_modules)\//.test(f))).toEqual([]);
  });

  it("is the install README.md shows, and its npx line runs the bin", () => {
    const block = docBlock("README.md", "## Install\n", "bash");
    expect(block).toContain(`npm install --save-dev github:your-org/serviceprofile-sync#${TAG}\n`);
    const npx = block.split("\n").find((line) => line.startsWith("npx "));
    expect(npx).toBe("npx serviceprofile-sync --help");
    const help = run("sh", ["-c", npx!], { cwd: project.dir, env });
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toContain(`serviceprofile-sync ${pkg.version}`);
    const version = run("npx", ["serviceprofile-sync", "--version"], { cwd: project.dir, env });
    expect(version.stdout.trim()).toBe(pkg.version);
  });

  it("runs without installing: README's npx github:…#tag line", () => {
    const line = /`(npx github:your-org\/serviceprofile-sync#(v[^ `]+) --help)`/.exec(README.slice(README.indexOf("## Install\n")));
    expect(line?.[2]).toBe(TAG);
    const empty = tempDir("npx-empty");
    const r = run("sh", ["-c", line![1]!.replace(`github:your-org/serviceprofile-sync#${TAG}`, spec)], { cwd: empty, env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`serviceprofile-sync ${pkg.version}`);
  });
});

describe("the installed library", () => {
  it("type-checks against the package's .d.ts with the repository's tsc, and rejects a wrong call", () => {
    project.write({
      "consumer.ts": `import { generateServiceProfile, render } from "serviceprofile-sync";
const spec = ${JSON.stringify(SPEC)};
const { profile } = await generateServiceProfile({ kind: "openapi", text: spec, path: "api/books.yaml" }, { service: "books", namespace: "booksapp" });
const text: string = render(profile, { headerSources: ["api/books.yaml"] });
process.stdout.write(text);
`,
      "wrong.ts": `import { generateServiceProfile } from "serviceprofile-sync";
await generateServiceProfile({ kind: "openapi", text: 42 }, { service: "books", namespace: "booksapp" });
`,
    });
    project.write({
      "tsconfig.json": JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          skipLibCheck: false,
          outDir: "out",
          typeRoots: [path.join(REPO_ROOT, "node_modules/@types")],
          types: ["node"],
        },
        files: ["consumer.ts", "wrong.ts"],
      }),
    });
    // One run for both files: the wrong call is the only error, and the right program is still emitted.
    const tsc = run(process.execPath, [path.join(REPO_ROOT, "node_modules/typescript/bin/tsc"), "-p", "."], { cwd: project.dir });
    expect(tsc.stdout.trim().split("\n")).toEqual([expect.stringMatching(/^wrong\.ts\(2,\d+\): error TS2322: Type 'number' is not assignable to type 'string'\.$/)]);
    const ran = run(process.execPath, ["out/consumer.js"], { cwd: project.dir });
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stdout).toContain("name: books.booksapp.svc.cluster.local");
    expect(ran.stdout).toContain("name: GET /books/{id}\n");
  });

  it("imports by name as ESM under node", () => {
    const r = run(process.execPath, ["--input-type=module", "-e", 'const m = await import("serviceprofile-sync"); console.log(typeof m.generateServiceProfile, typeof m.render);'], { cwd: project.dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe("function function\n");
  });
});

describe("the docs' pre-commit entry and $schema line, in the installed project", () => {
  it("the $schema path names the schema the package installed", () => {
    const line = docBlock("docs/config.md", "inline documentation", "yaml").trim();
    const m = /^# yaml-language-server: \$schema=(\.\/node_modules\/\S+)$/.exec(line);
    expect(m, line).not.toBeNull();
    const schema = JSON.parse(project.read(m![1]!)) as { $schema?: string; properties?: object };
    expect(schema.$schema).toMatch(/json-schema\.org/);
    expect(Object.keys(schema.properties ?? {})).toEqual(expect.arrayContaining(["output", "services"]));
  });

  it("`entry` passes on up-to-date profiles and fails on stale ones", () => {
    const hooks = parse(docBlock("docs/cli.md", "For CI and pre-commit", "yaml")) as { hooks: { entry: string; language: string }[] }[];
    const { entry, language } = hooks[0]!.hooks[0]!;
    expect({ entry, language }).toEqual({ entry: "npx serviceprofile-sync check", language: "system" });
    const schemaLine = docBlock("docs/config.md", "inline documentation", "yaml").trim();
    project.write({
      "serviceprofile-sync.yaml": `${schemaLine}\noutput: deploy/serviceprofiles\nservices:\n  - name: books\n    namespace: booksapp\n    openapi: api/books.yaml\n`,
      "api/books.yaml": SPEC,
    });
    const synced = run("npx", ["serviceprofile-sync", "sync"], { cwd: project.dir, env });
    expect(synced.code, synced.stderr).toBe(0);
    expect(project.exists("deploy/serviceprofiles")).toBe(true);
    project.commit("profiles");

    // pre-commit runs a `language: system` entry as a command line in the repository.
    const clean = run("sh", ["-c", entry], { cwd: project.dir, env });
    expect(clean.code, clean.stderr).toBe(0);
    project.write({ "api/books.yaml": SPEC.replace("/books/{id}:", "/books/{id}/reviews:") });
    const stale = run("sh", ["-c", entry], { cwd: project.dir, env });
    expect(stale.code).toBe(1);
    expect(stale.stdout).toContain("/books/{id}/reviews");
  });
});
