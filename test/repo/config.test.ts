import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, parseConfig, readablePath } from "../../src/repo/config.js";
import { memoryReader } from "../../src/files/reader.js";
import { formatDiagnostic } from "../../src/model/diagnostic.js";

function errorsOf(text: string): string[] {
  try {
    parseConfig(text, "serviceprofile-sync.yaml");
  } catch (err) {
    if (err instanceof ConfigError) return err.diagnostics.map(formatDiagnostic);
    if (err instanceof Error && "diagnostic" in err) return [formatDiagnostic((err as unknown as ConfigError).diagnostic)];
    throw err;
  }
  return [];
}

const GOOD = `output: deploy/serviceprofiles
clusterDomain: example.org
ignore: ["vendor/**"]
services:
  - name: books
    namespace: booksapp
    openapi: api/books.yaml
    basePath: /v1
    profileNamespaces: [web, booksapp]
    retryBudget: { retryRatio: 0.2, minRetriesPerSecond: 10, ttl: 10s }
    defaults: { timeout: 5s }
    routes:
      "GET /books/{id}":
        isRetryable: true
        responseClasses:
          - { status: 404, isFailure: false }
          - { status: "5XX", isFailure: true }
          - { status: { min: 500, max: 504 }, isFailure: true }
  - name: voting-svc
    namespace: emojivoto
    proto: [proto/Voting.proto]
    protoServices: [VotingService]
    routeNames: service
    tap: [recordings/voting.json]
`;

describe("parseConfig", () => {
  it("normalises a valid config", () => {
    const c = parseConfig(GOOD, "serviceprofile-sync.yaml");
    expect(c.output).toBe("deploy/serviceprofiles");
    expect(c.clusterDomain).toBe("example.org");
    const [books, voting] = c.services;
    expect(books!.source).toEqual({ kind: "openapi", file: "api/books.yaml" });
    expect(books!.profileNamespaces).toEqual(["booksapp", "web"]);
    expect(books!.line).toBe(5);
    expect(books!.overrides.routes!["GET /books/{id}"]!.responseClasses).toEqual([
      { min: 404, max: 404, isFailure: false },
      { min: 500, max: 599, isFailure: true },
      { min: 500, max: 504, isFailure: true },
    ]);
    expect(voting!.source).toEqual({ kind: "proto", files: ["proto/Voting.proto"], protoServices: ["VotingService"], routeNames: "service" });
    expect(voting!.profileNamespaces).toEqual(["emojivoto"]);
    expect(voting!.tap).toEqual(["recordings/voting.json"]);
  });

  it("places schema errors at their line and column, all at once", () => {
    const errs = errorsOf(`output: deploy
services:
  - name: books
    namespace: booksapp
    opnapi: api/books.yaml
  - name: web
    namespace: 7
    openapi: web.yaml
    routeNames: long
`);
    expect(errs).toEqual([
      expect.stringMatching(/^serviceprofile-sync\.yaml:3:5: services\[0\] has no source\n {2}hint: add openapi: FILE/),
      expect.stringMatching(/^serviceprofile-sync\.yaml:5:13: unknown field "opnapi" in services\[0\]\n {2}hint: did you mean "openapi"\?/),
      expect.stringMatching(/^serviceprofile-sync\.yaml:7:16: services\[1\]\.namespace must be a string/),
      expect.stringMatching(/^serviceprofile-sync\.yaml:9:17: services\[1\]\.routeNames: "long" is not one of short, service, full/),
    ]);
  });

  it("checks names, durations, paths and duplicates", () => {
    const errs = errorsOf(`output: deploy
services:
  - name: Books_Svc
    namespace: booksapp
    openapi: ../outside.yaml
    defaults: { timeout: 5 seconds }
  - name: web
    namespace: apps
    openapi: /etc/web.yaml
    profileNamespaces: [Bad NS, apps]
  - name: web
    namespace: apps
    openapi: web.yaml
  - name: web
    namespace: other
    profileNamespaces: [apps]
    proto: web.proto
    basePath: /x
`);
    const text = errs.join("\n");
    expect(text).toMatch(/:3:11: invalid service "Books_Svc"/);
    expect(text).toMatch(/:5:14: services\[0\]\.openapi: path "\.\.\/outside\.yaml" leaves the repository\n {2}hint: paths in the config are relative to the repository root/);
    expect(text).toMatch(/:6:26: services\[0\]\.defaults\.timeout: time: unknown unit " seconds" in duration "5 seconds"/);
    expect(text).toMatch(/:9:14: services\[1\]\.openapi: path "\/etc\/web\.yaml" is an absolute path/);
    expect(text).toMatch(/:10:25: invalid namespace "Bad NS"/);
    expect(text).toMatch(/:11:5: services\[2\] repeats service "web" in namespace "apps" \(already at services\[1\]\)/);
    expect(text).toMatch(/:14:5: services\[3\] and services\[1\] both write deploy\/apps\/web\.yaml/);
    expect(text).toMatch(/:18:15: services\[3\]\.basePath applies to openapi sources only/);
  });

  it("refuses the repository root as output and a config that is not a mapping", () => {
    expect(errorsOf("output: .\nservices: []\n").join()).toMatch(/:1:9: output names the repository root/);
    expect(errorsOf("output: .git\nservices: []\n").join()).toMatch(/:1:9: output: \.git is inside git's own directory/);
    expect(errorsOf("output: .git/hooks/x\nservices: []\n").join()).toMatch(/inside git's own directory/);
    expect(errorsOf("- a\n").join()).toMatch(/must be a mapping with at least output: and services:/);
    expect(errorsOf("").join()).toMatch(/must be a mapping/);
    expect(errorsOf("output: [\n").join()).toMatch(/serviceprofile-sync\.yaml:\d+:\d+: invalid YAML/);
  });

  it("gives both and neither source distinct messages", () => {
    expect(errorsOf("output: o\nservices:\n  - {name: a, namespace: b, openapi: x.yaml, proto: y.proto}\n").join()).toMatch(/services\[0\] gives both openapi and proto/);
    expect(errorsOf("output: o\nservices:\n  - {name: a, namespace: b, proto: 3}\n").join()).toMatch(/services\[0\]\.proto must be a file path or a list of file paths/);
    expect(errorsOf("output: o\nservices:\n  - name: a\n    namespace: b\n    openapi: x\n    routes:\n      GET /:\n        responseClasses: [{status: 700, isFailure: true}]\n").join()).toMatch(
      /:8:36: services\[0\]\.routes\["GET \/"\]\.responseClasses\[0\]\.status must be a status code/,
    );
  });
});

describe("loadConfig", () => {
  it("finds the .yml spelling and says what to do when there is none", async () => {
    const c = await loadConfig(memoryReader({ "serviceprofile-sync.yml": "output: out\nservices: []\n" }));
    expect(c.file).toBe("serviceprofile-sync.yml");
    await expect(loadConfig(memoryReader({}))).rejects.toThrow(/no serviceprofile-sync\.yaml in memory/);
  });
});

it("readablePath", () => {
  expect(readablePath("/services/0/routes/GET ~1books~1{id}/timeout")).toBe('services[0].routes["GET /books/{id}"].timeout');
});
