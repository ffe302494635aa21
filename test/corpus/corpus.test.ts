/**
 * The corpus runner (bench/run-corpus.mjs) on a small committed sample of
 * real-world-shaped specs, so the suite needs no download: no crash, no hang,
 * every failure a SpecError that names its file and place. A stand-in engine
 * checks that crashes, hangs and dying workers are caught and reported.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

const repo = path.resolve(import.meta.dirname, "../..");
const sample = path.join(repo, "test/corpus/sample");

interface Outcome {
  status: "ok" | "error" | "crash" | "hang";
  routes?: number;
  diagnostic?: { file?: string; line?: number; column?: number; pointer?: string; message: string };
  message?: string;
  stack?: string;
}
interface CorpusReport {
  name: string;
  total: number;
  ok: number;
  errors: number;
  errorKinds: Record<string, number>;
  unclear: { file: string }[];
  crashes: { file: string; stack: string }[];
  hangs: { file: string }[];
  results: { file: string; outcome: Outcome }[];
}

function runCorpus(args: string[]): { status: number | null; stdout: string; corpora: CorpusReport[] } {
  const dir = mkdtempSync(path.join(tmpdir(), "corpus-test-"));
  try {
    const json = path.join(dir, "report.json");
    const child = spawnSync(process.execPath, ["bench/run-corpus.mjs", "--quiet", "--json", json, ...args], {
      cwd: repo,
      encoding: "utf8",
      timeout: 60_000,
    });
    if (child.error) throw child.error;
    const corpora = (JSON.parse(readFileSync(json, "utf8")) as { corpora: CorpusReport[] }).corpora;
    return { status: child.status, stdout: child.stdout, corpora };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function outcomes(report: CorpusReport): Record<string, Outcome> {
  return Object.fromEntries(report.results.map((r) => [r.file, r.outcome]));
}

describe("corpus runner on the committed sample", () => {
  let status: number | null, stdout: string, corpora: CorpusReport[], openapi: CorpusReport, proto: CorpusReport;
  beforeAll(() => {
    ({ status, stdout, corpora } = runCorpus(["--openapi-dir", path.join(sample, "openapi"), "--proto-dir", path.join(sample, "proto")]));
    [openapi, proto] = corpora as [CorpusReport, CorpusReport];
  });

  it("finishes cleanly: no crash, no hang, no error without a file", () => {
    expect(status).toBe(0);
    for (const c of corpora) {
      expect(c.crashes).toEqual([]);
      expect(c.hangs).toEqual([]);
      expect(c.unclear).toEqual([]);
    }
  });

  it("runs every spec through the Gateway API emitter too, with its counts", () => {
    expect(corpora.map((c) => c.name)).toEqual(["openapi", "proto", "openapi (Gateway API)", "proto (Gateway API)"]);
    const [, , gwOpenapi, gwProto] = corpora as [CorpusReport, CorpusReport, CorpusReport & { gateway: Record<string, number> }, CorpusReport & { gateway: Record<string, number> }];
    expect(gwOpenapi.ok).toBe(openapi.ok);
    expect(gwProto.ok).toBe(proto.ok);
    // Every route an object of its own (the sample's overlapping routes differ in retries), plus one catch-all per spec with routes.
    const expected = (c: CorpusReport) => c.results.reduce((n, r) => n + (r.outcome.status === "ok" && r.outcome.routes ? r.outcome.routes + 1 : 0), 0);
    expect(gwOpenapi.gateway.objects).toBe(expected(openapi));
    expect(gwProto.gateway.objects).toBe(expected(proto));
    expect(gwOpenapi.gateway.regexMatches).toBeGreaterThan(0);
    expect(gwProto.gateway.regexMatches).toBe(0);
    expect(stdout).toContain("route objects");
  });

  it("counts the overlapping pairs left to creationTimestamp, before and after disjoint regexes", () => {
    const gw = corpora[2] as CorpusReport & { gateway: Record<string, number> };
    // catalog.yaml: /items/new vs /items/{id} made disjoint; the long /tags literal is beyond the budget.
    expect(gw.gateway).toMatchObject({ splitPairs: 2, specsWithSplitPairs: 1, disjointRules: 1, tieBreakPairs: 1, specsWithTieBreaks: 1 });
    expect(stdout).toMatch(/tie-breaks\s+1\s+\(overlapping pairs in different objects whose winner rests on creationTimestamp, in 1 specs; without disjoint regexes 2 pairs in 1 specs, 1 regexes rewritten\)/);
    expect((corpora[3] as CorpusReport & { gateway: Record<string, number> }).gateway).toMatchObject({ splitPairs: 0, tieBreakPairs: 0 });
  });

  it("lints the generated routes with the route guard: only the tie the emitter already warns about", () => {
    const gateway = (i: number) => (corpora[i] as CorpusReport & { gateway: Record<string, unknown> }).gateway;
    expect(gateway(2)).toMatchObject({ guardFindings: { "tie-across-objects": 1 }, specsWithGuardFindings: 1 });
    expect(gateway(3)).toMatchObject({ guardFindings: {}, specsWithGuardFindings: 0 });
    expect(stdout).toMatch(/guard findings\s+1\s+\(the route guard on the generated output, in 1 specs: tie-across-objects 1\)/);
  });

  it("runs every root OpenAPI document and skips $ref fragments", () => {
    expect(Object.keys(outcomes(openapi)).sort()).toEqual([
      "acme.example/catalog.yaml",
      "acme.example/events.yaml",
      "acme.example/payments/swagger.json",
      "acme.example/storefront.yaml",
      "hostile/bad-timeout.json",
      "hostile/broken.json",
      "hostile/outside-ref.yaml",
      "hostile/remote-ref.yaml",
      "hostile/swagger-1.2.json",
      "split/api.yaml",
    ]);
  });

  it("generates the well-formed specs with their routes", () => {
    const o = outcomes(openapi);
    expect(o["acme.example/storefront.yaml"]).toMatchObject({ status: "ok", routes: 6 });
    expect(o["acme.example/payments/swagger.json"]).toMatchObject({ status: "ok", routes: 3 });
    expect(o["acme.example/events.yaml"]).toMatchObject({ status: "ok", routes: 0 });
    expect(o["split/api.yaml"]).toMatchObject({ status: "ok", routes: 2 });
    expect(o["acme.example/catalog.yaml"]).toMatchObject({ status: "ok", routes: 4 });
    expect(openapi).toMatchObject({ total: 10, ok: 5, errors: 5 });
  });

  it("reports each hostile spec as an error naming its file and place", () => {
    const o = outcomes(openapi);
    const placed = (file: string, pattern: RegExp) => {
      const d = o[file]?.diagnostic;
      expect(o[file]?.status, file).toBe("error");
      expect(d?.file).toBe(file);
      expect(d?.line !== undefined || d?.pointer !== undefined, `${file} has a place`).toBe(true);
      expect(d?.message).toMatch(pattern);
    };
    placed("hostile/bad-timeout.json", /x-linkerd-timeout/);
    placed("hostile/broken.json", /JSON/);
    placed("hostile/outside-ref.yaml", /leaves the repository/);
    placed("hostile/remote-ref.yaml", /network/);
    placed("hostile/swagger-1.2.json", /1\.2/);
    expect(o["hostile/broken.json"]?.diagnostic).toMatchObject({ line: 6, column: 3 });
  });

  it("groups errors by kind, with the specifics blanked", () => {
    expect(Object.values(openapi.errorKinds).reduce((a, b) => a + b, 0)).toBe(5);
    expect(Object.keys(openapi.errorKinds)).toContain('refused: $ref "…" leaves the repository');
    expect(stdout).toMatch(/clear errors\s+5/);
  });

  it("runs every proto with a service, and only those", () => {
    const o = outcomes(proto);
    expect(Object.keys(o).sort()).toEqual(["acme/legacy/inventory.proto", "acme/library/v1/library.proto", "hostile/unterminated.proto"]);
    expect(o["acme/library/v1/library.proto"]).toMatchObject({ status: "ok", routes: 5 });
    expect(o["acme/legacy/inventory.proto"]).toMatchObject({ status: "ok", routes: 3 });
    expect(o["hostile/unterminated.proto"]).toMatchObject({
      status: "error",
      diagnostic: { file: "hostile/unterminated.proto", line: 7, column: 3 },
    });
  });
});

describe("corpus runner with a misbehaving engine", () => {
  let run: ReturnType<typeof runCorpus>, report: CorpusReport, o: Record<string, Outcome>;
  beforeAll(() => {
    const dir = mkdtempSync(path.join(tmpdir(), "corpus-fake-"));
    try {
      for (const name of ["ok", "crash", "hang", "exit", "placed", "nowhere", "after"]) {
        writeFileSync(path.join(dir, `${name}.yaml`), "openapi: 3.0.0\n");
      }
      run = runCorpus(["--openapi-dir", dir, "--engine", "test/corpus/fake-engine.mjs", "--timeout", "500", "--jobs", "2"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    report = run.corpora[0]!;
    o = outcomes(report);
  });

  it("fails the run and goes on past every casualty", () => {
    expect(run.status).toBe(1);
    expect(o["ok.yaml"]?.status).toBe("ok");
    expect(o["after.yaml"]?.status).toBe("ok");
    expect(report.total).toBe(7);
  });

  it("reports an exception that is not a SpecError as a crash, with its stack", () => {
    expect(o["crash.yaml"]?.status).toBe("crash");
    expect(report.crashes.find((c) => c.file === "crash.yaml")?.stack).toMatch(/TypeError[\s\S]*fake-engine\.mjs/);
    expect(run.stdout).toMatch(/CRASH crash\.yaml/);
  });

  it("stops a spec that runs past its deadline and counts it as a hang", () => {
    expect(o["hang.yaml"]?.status).toBe("hang");
    expect(report.hangs.map((h) => h.file)).toEqual(["hang.yaml"]);
  });

  it("counts a worker that exits as a crash of the spec it was running", () => {
    expect(o["exit.yaml"]).toMatchObject({ status: "crash" });
    expect(o["exit.yaml"]?.message).toMatch(/exit/);
  });

  it("separates errors with a place from errors naming no file", () => {
    expect(o["placed.yaml"]).toMatchObject({ status: "error", diagnostic: { line: 3 } });
    expect(report.unclear.map((u) => u.file)).toEqual(["nowhere.yaml"]);
    expect(Object.keys(report.errorKinds).sort()).toEqual(['bad value "…" at N', "something is wrong"]);
  });
});
