/**
 * migrate's outputs as a whole (issues 20 and 21): one object per name,
 * other kinds in a stream, no half-written output when a destination
 * fails, the report's order and its switch commands, every loss said once
 * in every format.
 */
import { readFileSync, writeFileSync, mkdirSync, existsSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { runCliInProcess } from "../helpers/cli.js";
import { testTempDir } from "../helpers/tempdir.js";

/** A web-svc profile as `profile --open-api` writes one; `extra` goes on the vote route. */
function webSvc(extra = "", name = "web-svc.emojivoto.svc.cluster.local"): string {
  return `apiVersion: linkerd.io/v1alpha2
kind: ServiceProfile
metadata:
  name: ${name}
  namespace: emojivoto
spec:
  routes:
  - name: GET /api/list
    condition: {method: GET, pathRegex: /api/list}
  - name: GET /api/vote
    condition: {method: GET, pathRegex: /api/vote}${extra}
`;
}

const grpcProfile = `apiVersion: linkerd.io/v1alpha2
kind: ServiceProfile
metadata: {name: voting-svc.emojivoto.svc.cluster.local, namespace: emojivoto}
spec:
  routes:
  - {name: VoteDog, condition: {method: POST, pathRegex: '/emojivoto\\.v1\\.VotingService/VoteDog'}, isRetryable: true}
  - {name: VoteCat, condition: {method: POST, pathRegex: '/emojivoto\\.v1\\.VotingService/VoteCat'}, timeout: 1s}
`;

function names(yaml: string): string[] {
  return [...yaml.matchAll(/^ {2}name: (.*)$/gm)].map((m) => m[1]!);
}

describe("migrate: duplicate profiles", () => {
  it("three files for web-svc: identical copies are migrated once; a copy that differs is an error naming files and fields", async () => {
    const dir = testTempDir("migrate-dup-");
    mkdirSync(path.join(dir, "emojivoto"));
    writeFileSync(path.join(dir, "emojivoto/a.yml"), webSvc());
    writeFileSync(path.join(dir, "emojivoto/b.yml"), webSvc());
    const same = await runCliInProcess(["migrate", "emojivoto/a.yml", "emojivoto/b.yml"], dir);
    expect(same.code, same.stderr).toBe(0);
    const objectNames = names(same.stdout);
    expect(objectNames.filter((n) => n === "web-svc-get-api-vote")).toHaveLength(1);
    expect(new Set(objectNames).size).toBe(objectNames.length);
    expect(same.stderr).toMatch(/emojivoto\/b\.yml holds the same ServiceProfile emojivoto\/web-svc\.emojivoto\.svc\.cluster\.local as emojivoto\/a\.yml: migrated once/);

    writeFileSync(path.join(dir, "emojivoto/c.yml"), webSvc("\n    timeout: 500ms"));
    const differ = await runCliInProcess(["migrate", "emojivoto/a.yml", "emojivoto/b.yml", "emojivoto/c.yml"], dir);
    expect(differ.code).toBe(1);
    expect(differ.stdout).toBe("");
    expect(differ.stderr).toMatch(/emojivoto\/a\.yml and emojivoto\/c\.yml both hold ServiceProfile emojivoto\/web-svc\.emojivoto\.svc\.cluster\.local, and they differ at \/spec\/routes\/1\/timeout/);
  });

  it("two profiles for one Service in one namespace (two cluster domains) would share object names: an error", async () => {
    const dir = testTempDir("migrate-dup-");
    writeFileSync(path.join(dir, "a.yml"), webSvc());
    writeFileSync(path.join(dir, "b.yml"), webSvc("", "web-svc.emojivoto.svc.example.org"));
    const run = await runCliInProcess(["migrate", "a.yml", "b.yml"], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/a\.yml and b\.yml both become HTTPRoute emojivoto\/web-svc-get-api-list/);
  });
});

describe("migrate: a stream with other kinds", () => {
  it("skips them as a directory does, and says so once", async () => {
    const dir = testTempDir("migrate-kinds-");
    const cm = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: emojivoto}\ndata: {a: b}\n";
    writeFileSync(path.join(dir, "all.yaml"), [cm, webSvc(), "apiVersion: v1\nkind: Service\nmetadata: {name: web-svc}\n"].join("---\n"));
    const run = await runCliInProcess(["migrate", "all.yaml"], dir);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/name: web-svc-get-api-vote/);
    expect(run.stderr.match(/skipped 2 document\(s\) that are not ServiceProfiles: ConfigMap at line 1, Service at line \d+/g)).toHaveLength(1);
    // Only other kinds: nothing to migrate is still an error.
    writeFileSync(path.join(dir, "cm.yaml"), cm);
    const none = await runCliInProcess(["migrate", "cm.yaml"], dir);
    expect(none.code).toBe(1);
    expect(none.stdout).toBe("");
  });
});

describe("migrate: nothing half-written", () => {
  it("a report path in a missing directory fails before any route reaches stdout", async () => {
    const dir = testTempDir("migrate-half-");
    writeFileSync(path.join(dir, "profile.yaml"), webSvc());
    const run = await runCliInProcess(["migrate", "profile.yaml", "--report", "no/such/dir/r.md"], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/the report no\/such\/dir\/r\.md cannot be written: its directory no\/such\/dir does not exist/);
    expect(run.stderr).not.toMatch(/ENOENT|\n\s+at /);
    // A directory where the report should go fails the same way.
    mkdirSync(path.join(dir, "r.md"));
    const isDir = await runCliInProcess(["migrate", "profile.yaml", "--report", "r.md"], dir);
    expect(isDir.code).toBe(1);
    expect(isDir.stdout).toBe("");
  });

  it("a failed --fail-on-loss writes the report only: no routes on stdout, the config untouched", async () => {
    const dir = testTempDir("migrate-half-");
    mkdirSync(path.join(dir, "profiles/emojivoto"), { recursive: true });
    mkdirSync(path.join(dir, "proto"));
    writeFileSync(path.join(dir, "proto/Voting.proto"), readFileSync(new URL("../fixtures/emojivoto/Voting.proto", import.meta.url)));
    const config = "output: profiles\nservices:\n  - name: voting-svc\n    namespace: emojivoto\n    proto: proto/Voting.proto\n";
    writeFileSync(path.join(dir, "serviceprofile-sync.yaml"), config);
    writeFileSync(path.join(dir, "profiles/emojivoto/voting-svc.yaml"), grpcProfile);
    const run = await runCliInProcess(["migrate", "profiles/emojivoto/voting-svc.yaml", "--root", ".", "--fail-on-loss", "--report", "r.txt"], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(readFileSync(path.join(dir, "serviceprofile-sync.yaml"), "utf8")).toBe(config);
    const report = readFileSync(path.join(dir, "r.txt"), "utf8");
    expect(report).toMatch(/config serviceprofile-sync\.yaml: not written \(the run failed\)/);
    expect(report).toMatch(/FAILED: --fail-on-loss/);
    expect(existsSync(path.join(dir, "profiles/emojivoto/voting-svc.yaml"))).toBe(true);
  });
});

describe("migrate: output and report", () => {
  it("routes are not marked DO NOT EDIT; the report puts losses first, counts what carried over, and gives the delete command", async () => {
    const dir = testTempDir("migrate-report-");
    writeFileSync(path.join(dir, "voting.yaml"), grpcProfile);
    const run = await runCliInProcess(["migrate", "voting.yaml"], dir);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).not.toMatch(/DO NOT EDIT/);
    expect(run.stdout.split("\n")[0]).toBe("# Migrated from ServiceProfiles (voting.yaml) by serviceprofile-sync migrate.");
    const lostAt = run.stderr.indexOf("not carried over (2):");
    const carriedAt = run.stderr.indexOf("carried over: 2 route(s) (--verbose-report lists them)");
    expect(lostAt).toBeGreaterThan(0);
    expect(carriedAt).toBeGreaterThan(lostAt);
    expect(run.stderr).not.toMatch(/"VoteDog" ->/);
    expect(run.stderr).toMatch(/^ {2}kubectl delete serviceprofile voting-svc\.emojivoto\.svc\.cluster\.local -n emojivoto$/m);
    expect(run.stderr).toMatch(/kubectl apply -k does not prune it/);
    const verbose = await runCliInProcess(["migrate", "voting.yaml", "--verbose-report"], dir);
    expect(verbose.stderr).toMatch(/^ {4}"VoteDog" -> voting-svc-votingservice-votedog rule 0: POST \S+; retry deadline-exceeded,internal,unavailable$/m);
  });

  it("every loss is said once in text, markdown and JSON", async () => {
    const dir = testTempDir("migrate-report-");
    writeFileSync(path.join(dir, "voting.yaml"), grpcProfile);
    const texts: Record<string, string> = {};
    for (const f of ["r.txt", "r.md", "r.json"]) {
      const run = await runCliInProcess(["migrate", "voting.yaml", "--report", f, "--verbose-report"], dir);
      expect(run.code, run.stderr).toBe(0);
      texts[f] = readFileSync(path.join(dir, f), "utf8");
    }
    const json = JSON.parse(texts["r.json"]!);
    const lost = json.profiles[0].lost as { kind: string; route?: string; message: string }[];
    expect(lost.map((l) => `${l.kind}:${l.route ?? ""}`)).toEqual(["retry-budget:", "grpc-retry-narrowed:VoteDog"]);
    expect(json.switch).toEqual([{ profile: "voting-svc.emojivoto.svc.cluster.local", namespace: "emojivoto", command: "kubectl delete serviceprofile voting-svc.emojivoto.svc.cluster.local -n emojivoto" }]);
    for (const l of lost) {
      const words = l.message.slice(0, 60);
      for (const f of ["r.txt", "r.md", "r.json"]) expect(texts[f]!.split(words).length - 1, `${f}: ${words}`).toBe(1);
    }
  });
});
