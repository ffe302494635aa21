/**
 * Hand edits that exist nowhere else: on every path where sync deletes or
 * replaces a generated file (a changed target, a removed service, a changed
 * output: directory, a regenerated file), a file that differs both from what
 * sync wrote and from git's HEAD and index is refused, naming the file and
 * the way out, and nothing at all is written. Edits git has are fair game.
 */
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { BOUND_MS, cli, config, spec, tempRepo } from "./helpers.js";
import type { GitRepo } from "../helpers/gitrepo.js";
import type { DiffReport } from "../../src/diff/routes.js";

const PROFILE = "deploy/booksapp/books.yaml";
const ROUTES = "deploy/booksapp/books.routes.yaml";
const KUSTOMIZATION = "deploy/kustomization.yaml";

/** A repo with one service whose generated ServiceProfile is committed. */
async function synced(output = "deploy", extra = ""): Promise<GitRepo> {
  const repo = tempRepo({ files: { "serviceprofile-sync.yaml": config(output, "api/books.yaml", extra), "api/books.yaml": spec() } });
  const r = await cli(repo, "sync");
  expect(r.code, r.stderr).toBe(0);
  repo.commit("generated");
  return repo;
}

/** Edits the generated profile by hand (a timeout added) without committing. */
function handEdit(repo: GitRepo, file = PROFILE): string {
  const edited = repo.read(file).replace("  routes:\n", "  # tuned by hand\n  routes:\n");
  expect(edited).not.toBe(repo.read(file));
  repo.write({ [file]: edited });
  return edited;
}

/** Every file of the work tree (.git aside) with its content: what must not change when sync refuses. */
function snapshot(repo: GitRepo): string {
  const entries = readdirSync(repo.dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(repo.dir, path.join(e.parentPath, e.name)))
    .filter((f) => !f.startsWith(".git" + path.sep))
    .sort();
  return entries.map((f) => `${f}\n${readFileSync(path.join(repo.dir, f), "utf8")}`).join("\0");
}

function expectRefused(r: { code: number; stdout: string; stderr: string }, file: string, verb: "delete" | "overwrite"): void {
  expect(r.code).toBe(1);
  expect(r.stdout).toBe("");
  expect(r.stderr).toContain(`error: ${file}: ${file} holds edits that exist nowhere else`);
  expect(r.stderr).toContain(`sync will not ${verb} it`);
  expect(r.stderr).toMatch(/commit the file \(git add is enough\).*sync --force/);
  expect(r.stderr).toContain("sync: nothing was written");
  expect(r.stderr).not.toMatch(/overwritten/);
}

describe("uncommitted hand edits are never removed silently", () => {
  it("switching the service to target: gateway refuses to delete the edited ServiceProfile", async () => {
    const repo = await synced();
    const edited = handEdit(repo);
    repo.write({ "serviceprofile-sync.yaml": config("deploy", "api/books.yaml", "    target: gateway\n") });
    const before = snapshot(repo);
    for (const args of [["sync"], ["sync", "--dry-run"]]) {
      const r = await cli(repo, ...args);
      expectRefused(r, PROFILE, "delete");
    }
    // Nothing half-written: the route file is not there, the kustomization unchanged.
    expect(repo.read(PROFILE)).toBe(edited);
    expect(repo.exists(ROUTES)).toBe(false);
    expect(snapshot(repo)).toBe(before);

    // Staged, the edit is in git's index: sync goes ahead and says where the edit is.
    repo.git("add", PROFILE);
    const r = await cli(repo, "sync");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`warning: ${PROFILE} was edited by hand (git has the edited version); the file is deleted`);
    expect(repo.exists(PROFILE)).toBe(false);
    expect(repo.exists(ROUTES)).toBe(true);
  }, BOUND_MS);

  it("--force deletes the edited ServiceProfile and says the edit is lost", async () => {
    const repo = await synced();
    handEdit(repo);
    repo.write({ "serviceprofile-sync.yaml": config("deploy", "api/books.yaml", "    target: gateway\n") });
    const r = await cli(repo, "sync", "--force");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`warning: ${PROFILE} was edited by hand and the edit exists nowhere else; the file is deleted (--force)`);
    expect(repo.exists(PROFILE)).toBe(false);
  }, BOUND_MS);

  it("a removed service's edited profile is refused", async () => {
    const repo = await synced();
    const edited = handEdit(repo);
    repo.write({ "serviceprofile-sync.yaml": "output: deploy\nservices: []\n" });
    const before = snapshot(repo);
    expectRefused(await cli(repo, "sync"), PROFILE, "delete");
    expect(repo.read(PROFILE)).toBe(edited);
    expect(snapshot(repo)).toBe(before);
  }, BOUND_MS);

  it("a regenerated profile with an uncommitted hand edit is refused; a committed one is overwritten", async () => {
    const repo = await synced();
    const edited = handEdit(repo);
    repo.write({ "api/books.yaml": spec("/authors") });
    const before = snapshot(repo);
    expectRefused(await cli(repo, "sync"), PROFILE, "overwrite");
    expect(repo.read(PROFILE)).toBe(edited);
    expect(snapshot(repo)).toBe(before);

    repo.commit("hand edit");
    const r = await cli(repo, "sync");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`warning: ${PROFILE} was edited by hand (git has the edited version); the edit is overwritten`);
    expect(repo.read(PROFILE)).toContain("/authors");
    expect(repo.read(PROFILE)).not.toContain("tuned by hand");
  }, BOUND_MS);

  it("an edited kustomization.yaml is not rewritten unless git has the edit", async () => {
    const repo = await synced();
    const edited = repo.read(KUSTOMIZATION) + "commonLabels:\n  team: books\n";
    repo.write({ [KUSTOMIZATION]: edited });
    repo.write({ "serviceprofile-sync.yaml": config("deploy", "api/books.yaml", "    target: both\n") });
    expectRefused(await cli(repo, "sync"), KUSTOMIZATION, "overwrite");
    expect(repo.read(KUSTOMIZATION)).toBe(edited);
    expect(repo.exists(ROUTES)).toBe(false);
  }, BOUND_MS);

  it("diff at the work tree marks the edit sync refuses to lose, as sync --dry-run does", async () => {
    const repo = await synced();
    handEdit(repo);
    repo.write({ "serviceprofile-sync.yaml": config("deploy", "api/books.yaml", "    target: gateway\n") });
    const text = await cli(repo, "diff", "--base", "HEAD");
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(`  ${PROFILE}: edited by hand; the edit exists nowhere else, so sync refuses to lose it until it is committed (or --force)\n`);
    const json = JSON.parse((await cli(repo, "diff", "--base", "HEAD", "--format", "json")).stdout) as DiffReport;
    expect(json.stale.files.find((f) => f.path === PROFILE)).toEqual({ path: PROFILE, kind: "hand-edited", unsaved: true });
    expectRefused(await cli(repo, "sync", "--dry-run"), PROFILE, "delete");

    // Once git has the edit, neither marks it.
    repo.git("add", PROFILE);
    const staged = JSON.parse((await cli(repo, "diff", "--base", "HEAD", "--format", "json")).stdout) as DiffReport;
    expect(staged.stale.files.find((f) => f.path === PROFILE)).toEqual({ path: PROFILE, kind: "hand-edited" });
    expect((await cli(repo, "sync", "--dry-run")).code).toBe(0);
  }, BOUND_MS);

  it("outside git nothing holds a copy: an edited file is refused", async () => {
    const repo = tempRepo({ noGit: true });
    repo.write({ "serviceprofile-sync.yaml": config("deploy"), "api/books.yaml": spec() });
    expect((await cli(repo, "sync")).code).toBe(0);
    const edited = handEdit(repo);
    repo.write({ "serviceprofile-sync.yaml": "output: deploy\nservices: []\n" });
    const r = await cli(repo, "sync");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${PROFILE} holds edits that exist nowhere else (it differs from what serviceprofile-sync wrote, and the repository is not a git work tree)`);
    expect(repo.read(PROFILE)).toBe(edited);
  }, BOUND_MS);
});

describe("changing output: cleans up the old directory", () => {
  const OLD_PROFILE = "deploy/booksapp/books.yaml";
  const NEW_PROFILE = "manifests/booksapp/books.yaml";

  it("deletes what sync generated in the old directory, reports it, and check and --dry-run show it first", async () => {
    const repo = await synced();
    repo.write({ "serviceprofile-sync.yaml": config("manifests") });

    const check = await cli(repo, "check", "--quiet");
    expect(check.code).toBe(1);
    expect(check.stdout).toContain(`${OLD_PROFILE}: no longer generated`);
    expect(check.stdout).toContain(`${KUSTOMIZATION}: no longer generated`);
    expect(check.stderr).toContain("note: deploy/ was the output directory of serviceprofile-sync.yaml before output: became manifests; sync will delete the files it generated there");

    const dry = await cli(repo, "sync", "--dry-run");
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(`would delete ${OLD_PROFILE}\n`);
    expect(dry.stdout).toContain(`would delete ${KUSTOMIZATION}\n`);
    expect(dry.stderr).toContain("sync would delete the files it generated there");
    expect(repo.exists(OLD_PROFILE)).toBe(true);

    const r = await cli(repo, "sync");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`delete ${OLD_PROFILE}\n`);
    expect(r.stdout).toContain(`delete ${KUSTOMIZATION}\n`);
    expect(r.stdout).toContain(`create ${NEW_PROFILE}\n`);
    expect(r.stderr).toContain("sync deletes the files it generated there");
    // The directory held only what sync wrote: it is gone.
    expect(repo.exists("deploy")).toBe(false);
    expect(repo.exists(NEW_PROFILE)).toBe(true);
    expect((await cli(repo, "check")).code).toBe(0);
  }, BOUND_MS);

  it("diff lists the old directory's generated files as no longer generated, at the work tree and at a ref", async () => {
    const repo = await synced();
    repo.write({ "serviceprofile-sync.yaml": config("manifests") });
    const text = await cli(repo, "diff", "--base", "HEAD");
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(`  ${KUSTOMIZATION}: no longer generated\n`);
    expect(text.stdout).toContain(`  ${OLD_PROFILE}: no longer generated\n`);
    expect(text.stdout).toContain(`  ${NEW_PROFILE}: missing\n`);

    repo.commit("output: manifests");
    const json = await cli(repo, "diff", "--base", "HEAD~1", "--head", "HEAD", "--format", "json");
    expect(json.code, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout) as DiffReport;
    expect(report.stale).toEqual({
      checked: true,
      upToDate: false,
      files: [
        { path: OLD_PROFILE, kind: "extra" },
        { path: KUSTOMIZATION, kind: "extra" },
        { path: NEW_PROFILE, kind: "missing" },
        { path: "manifests/kustomization.yaml", kind: "missing" },
      ],
    });
  }, BOUND_MS);

  it.each([
    ["deploy", "deploy/v2"],
    ["deploy/v2", "deploy"],
  ])("moving output: from %s to %s (nested) leaves only the new files", async (from, to) => {
    const repo = await synced(from);
    repo.write({ "serviceprofile-sync.yaml": config(to) });
    const r = await cli(repo, "sync");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`delete ${from}/booksapp/books.yaml\n`);
    expect(r.stdout).toContain(`delete ${from}/kustomization.yaml\n`);
    expect(repo.git("ls-files", "-o", "--exclude-standard").split("\n").sort()).toEqual([`${to}/booksapp/books.yaml`, `${to}/kustomization.yaml`]);
    expect(repo.exists(`${from}/booksapp`)).toBe(false);
    expect((await cli(repo, "check")).code).toBe(0);
  }, BOUND_MS);

  it("never touches a file it did not generate, and keeps a directory that is not empty", async () => {
    const repo = await synced();
    repo.write({ "deploy/README.md": "ours\n", "deploy/booksapp/extra.yaml": "kind: ConfigMap\n" });
    repo.commit("hand-written files beside the generated ones");
    repo.write({ "serviceprofile-sync.yaml": config("manifests") });
    const r = await cli(repo, "sync");
    expect(r.code, r.stderr).toBe(0);
    expect(repo.exists(OLD_PROFILE)).toBe(false);
    expect(repo.exists(KUSTOMIZATION)).toBe(false);
    expect(repo.read("deploy/README.md")).toBe("ours\n");
    expect(repo.read("deploy/booksapp/extra.yaml")).toBe("kind: ConfigMap\n");
  }, BOUND_MS);

  it("keeps the old directory whole while a service fails to generate", async () => {
    const repo = await synced();
    repo.write({ "serviceprofile-sync.yaml": config("manifests"), "api/books.yaml": "openapi: 3.0.0\npaths: [broken\n" });
    const r = await cli(repo, "sync");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("note: deploy/ was the output directory of serviceprofile-sync.yaml before output: became manifests; its generated files are kept until every service generates");
    expect(repo.exists(OLD_PROFILE)).toBe(true);
    expect(repo.exists(KUSTOMIZATION)).toBe(true);
  }, BOUND_MS);

  it("a symbolic link to the kustomization is not an old output directory", async () => {
    const repo = await synced();
    repo.write({ "serviceprofile-sync.yaml": config("manifests") });
    const r = await cli(repo, "sync");
    expect(r.code, r.stderr).toBe(0);
    repo.symlink("elsewhere/kustomization.yaml", "../manifests/kustomization.yaml");
    repo.write({ "elsewhere/booksapp/books.yaml": repo.read(NEW_PROFILE) });
    const again = await cli(repo, "sync");
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).not.toMatch(/^delete /m);
    expect(repo.exists("elsewhere/kustomization.yaml")).toBe(true);
    expect(repo.exists("elsewhere/booksapp/books.yaml")).toBe(true);
  }, BOUND_MS);

  it("a kustomization another config generated is not this config's old output", async () => {
    const repo = await synced();
    repo.write({ "serviceprofile-sync.yaml": config("manifests") });
    // The old kustomization now names another config: not ours to clean.
    repo.write({ [KUSTOMIZATION]: repo.read(KUSTOMIZATION).replace("from serviceprofile-sync.yaml", "from other/serviceprofile-sync.yaml") });
    const r = await cli(repo, "sync");
    expect(r.code, r.stderr).toBe(0);
    expect(repo.exists(OLD_PROFILE)).toBe(true);
    expect(repo.exists(KUSTOMIZATION)).toBe(true);
  }, BOUND_MS);

  it("an uncommitted edit in the old directory is refused and nothing is written", async () => {
    const repo = await synced();
    const edited = handEdit(repo, OLD_PROFILE);
    repo.write({ "serviceprofile-sync.yaml": config("manifests") });
    const before = snapshot(repo);
    expectRefused(await cli(repo, "sync"), OLD_PROFILE, "delete");
    expect(repo.read(OLD_PROFILE)).toBe(edited);
    expect(repo.exists(NEW_PROFILE)).toBe(false);
    expect(snapshot(repo)).toBe(before);

    const forced = await cli(repo, "sync", "--force");
    expect(forced.code, forced.stderr).toBe(0);
    expect(repo.exists("deploy")).toBe(false);
    expect(repo.exists(NEW_PROFILE)).toBe(true);
  }, BOUND_MS);
});
