/** Messages a person can act on (issue 20 §5) and flags validated as their config twins (issue 21). */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it, onTestFinished } from "vitest";
import { runCliInProcess } from "../helpers/cli.js";
import { testTempDir } from "../helpers/tempdir.js";
import { ConfigError, parseConfig } from "../../src/repo/config.js";
import { formatDiagnostic } from "../../src/model/diagnostic.js";
import { closest } from "../../src/model/suggest.js";
import { createGitRepo } from "../helpers/gitrepo.js";
import { INIT_MARKER } from "../../src/cli/commands/init.js";
import { matchServices } from "../../src/repo/k8s-services.js";

const REPO = fileURLToPath(new URL("../../", import.meta.url));

function tempDir(files: Record<string, string> = {}): string {
  const dir = testTempDir("sps-msg-");
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

function configErrors(text: string): string[] {
  try {
    parseConfig(text, "serviceprofile-sync.yaml");
  } catch (err) {
    if (err instanceof ConfigError) return err.diagnostics.map(formatDiagnostic);
    throw err;
  }
  return [];
}

const RETRYABLE = "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      x-linkerd-retryable: true\n      responses: {'200': {description: ok}}\n";

describe("did you mean", () => {
  it("suggests only near words, and nothing for long input", () => {
    expect(closest("profil", ["profile", "routes"])).toBe("profile");
    expect(closest("gatway", ["serviceprofile", "gateway", "both"])).toBe("gateway");
    expect(closest("xyz", ["profile", "routes"])).toBeUndefined();
    expect(closest("x".repeat(5000), ["profile"])).toBeUndefined();
  });

  it("a misspelt flag names the flag it looks like, without advice about positionals", async () => {
    const r = await runCliInProcess(["profile", "--open-apo", "x.yaml", "svc"], REPO);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("error: unknown flag --open-apo: did you mean --open-api?\nRun with --help for usage.\n");
  });

  it("an unknown flag far from every flag is named alone", async () => {
    const r = await runCliInProcess(["routes", "--zzzzzz", "svc"], REPO);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: unknown flag --zzzzzz\nRun with --help for usage.\n");
  });

  it("a misspelt command prints one line with the suggestion, not the whole help", async () => {
    const r = await runCliInProcess(["profil", "--open-api", "x.yaml", "svc"], REPO);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("error: unknown command \"profil\": did you mean \"profile\"?\nRun 'serviceprofile-sync --help' for the list of commands.\n");
  });

  it("an unknown command is echoed capped", async () => {
    const r = await runCliInProcess(["q".repeat(5000)], REPO);
    expect(r.code).toBe(2);
    expect(r.stderr.length).toBeLessThan(300);
    expect(r.stderr).toContain("…(5000 chars)");
  });

  it("a misspelt enum value in the config is placed at file:line:column with the suggestion", () => {
    expect(configErrors("output: deploy\ntarget: gatway\nservices: []\n")).toEqual([
      'serviceprofile-sync.yaml:2:9: target must be one of: serviceprofile, gateway, both\n  hint: did you mean "gateway"?',
    ]);
  });
});

describe("flags validate as their config twins", () => {
  const service = (extra: string) => `output: deploy\nservices:\n  - name: web\n    namespace: apps\n    openapi: web.yaml\n${extra}`;
  // [flag args, config text, the words both must say]
  const cases: [string, string[], string, string][] = [
    ["retry limit 0", ["--retry-limit", "0"], service("    gateway: { retry: { limit: 0 } }\n"), "a limit of 0 does not turn retries off: Linkerd ignores it and retries once, its default"],
    ["retry limit too large", ["--retry-limit", "70000"], service("    gateway: { retry: { limit: 70000 } }\n"), "70000 is not from 1 to 65535"],
    ["retry timeout finer than 1ms", ["--retry-timeout", "1us"], service("    gateway: { retry: { timeout: 1us } }\n"), "not a whole number of milliseconds"],
    ["retry http condition", ["--retry-http", "teapot"], service("    gateway: { retry: { http: teapot } }\n"), '"teapot" is not 5xx, gateway-error, a status code or a range of codes'],
    ["retry grpc condition", ["--retry-grpc", "sometimes"], service("    gateway: { retry: { grpc: sometimes } }\n"), '"sometimes" is not one of cancelled'],
    ["port", ["--port", "0"], service("    gateway: { port: 0 }\n"), "0 is not from 1 to 65535"],
    ["cluster domain", ["--cluster-domain", "bad domain"], "output: deploy\nclusterDomain: bad domain\nservices: []\n", '"bad domain" is not a valid cluster domain'],
  ];
  it.each(cases)("%s: the flag is refused (exit 2, stdout empty) with the config's words", async (_name, flag, config, words) => {
    const r = await runCliInProcess(["routes", "--open-api", "-", ...flag, "svc"], REPO, { stdin: RETRYABLE });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`${flag[0]}: `);
    expect(r.stderr).toContain(words);
    expect(configErrors(config).join("\n")).toContain(words);
  });

  it.each([
    ["profile", "--route-order", "fast", "    routeOrder: fast\n", '"fast" is not one of linkerd, specific-first'],
    ["profile", "--route-names", "long", "    routeNames: long\n", '"long" is not one of short, service, full'],
    ["routes", "--granularity", "all", "    gateway: { granularity: all }\n", '"all" is not one of route, packed'],
  ])("%s %s: the flag and the config refuse the same values in the same words", async (cmd, flag, value, configLines, words) => {
    const r = await runCliInProcess([cmd, "--proto", "x.proto", flag, value, "svc"], REPO);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${flag}: ${words}`);
    const text = `output: deploy\nservices:\n  - name: web\n    namespace: apps\n    proto: web.proto\n${configLines}`;
    expect(configErrors(text).join("\n")).toContain(`: ${words}`);
  });

  it("--api-version and gateway.apiVersion refuse the same values", async () => {
    const r = await runCliInProcess(["routes", "--open-api", "-", "--api-version", "v2", "svc"], REPO, { stdin: RETRYABLE });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--api-version must be one of v1, v1beta1, linkerd");
    expect(configErrors(service("    gateway: { apiVersion: v2 }\n")).join("\n")).toContain("apiVersion must be one of: v1, v1beta1, linkerd");
  });

  it("-n and namespace refuse the same names", async () => {
    const r = await runCliInProcess(["routes", "--open-api", "-", "-n", "Bad_NS", "svc"], REPO, { stdin: RETRYABLE });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    const words = 'invalid namespace "Bad_NS"';
    expect(r.stderr).toContain(words);
    expect(configErrors("output: deploy\nservices:\n  - name: web\n    namespace: Bad_NS\n    openapi: web.yaml\n").join("\n")).toContain(words);
  });

  it("--base-path must start with / as basePath must", async () => {
    const r = await runCliInProcess(["profile", "--open-api", "-", "--base-path", "api", "svc"], REPO, { stdin: RETRYABLE });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--base-path: "api" does not start with "/"');
    expect(configErrors('output: deploy\nservices:\n  - name: web\n    namespace: apps\n    openapi: web.yaml\n    basePath: api\n').join("\n")).toContain('must start with "/"');
  });

  it("--retry-limit 1 is still written", async () => {
    const r = await runCliInProcess(["routes", "--open-api", "-", "--retry-limit", "1", "svc"], tempDir(), { stdin: RETRYABLE });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('retry.linkerd.io/limit: "1"');
  });
});

describe("errors that name the real mistake", () => {
  it("--open-api with a .proto file says to use --proto, without echoing the file", async () => {
    const r = await runCliInProcess(["profile", "--open-api", "test/fixtures/emojivoto/Voting.proto", "voting-svc"], REPO);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("this looks like a .proto file: use --proto");
    expect(r.stderr).not.toContain("VotingService");
  });

  it("a proto file on stdin as --open-api is named by its content", async () => {
    const proto = readFileSync(path.join(REPO, "test/fixtures/emojivoto/Voting.proto"), "utf8");
    const r = await runCliInProcess(["profile", "--open-api", "-", "voting-svc"], REPO, { stdin: proto });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("this looks like a protobuf (.proto) file");
    expect(r.stderr).toContain("--proto");
    expect(r.stderr.length).toBeLessThan(400);
  });

  it("--proto with a YAML file says to use --open-api", async () => {
    const r = await runCliInProcess(["profile", "--proto", "test/fixtures/booksapp/swagger/books.swagger", "books"], REPO);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("this looks like an OpenAPI or Swagger file: use --open-api");
  });

  it("a large string document is echoed capped", async () => {
    const r = await runCliInProcess(["profile", "--open-api", "-", "svc"], REPO, { stdin: "just words ".repeat(1000) });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("not an OpenAPI or Swagger document");
    expect(r.stderr).toMatch(/…\(\d{5} chars\)/);
    expect(r.stderr.length).toBeLessThan(500);
  });

  it("verify --profile with an empty file asks for a ServiceProfile, not OpenAPI", async () => {
    const dir = tempDir({ "empty.yaml": "", "t.json": "" });
    const r = await runCliInProcess(["verify", "--profile", "empty.yaml", "--tap", "t.json"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("empty.yaml: file is empty");
    expect(r.stderr).toContain("ServiceProfile");
    expect(r.stderr).not.toContain("OpenAPI");
  });

  it("--cluster-domain 'bad domain' blames the flag, not the spec", async () => {
    const r = await runCliInProcess(["profile", "--open-api", "-", "--cluster-domain", "bad domain", "svc"], REPO, { stdin: RETRYABLE });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: --cluster-domain: "bad domain" is not a valid cluster domain/);
    expect(r.stderr).not.toContain("spec");
  });
});

describe("paths in messages are relative to the current directory (or --root)", () => {
  const bad = "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get: 7\n";

  it("from a subdirectory of a git work tree, the spec is named as typed, not from the git root", async () => {
    const dir = tempDir({ ".git/HEAD": "ref: refs/heads/main\n", "api/spec.yaml": bad, "api/sub/.keep": "" });
    const r = await runCliInProcess(["profile", "--open-api", "../spec.yaml", "svc"], path.join(dir, "api/sub"));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: \.\.\/spec\.yaml:5:10: /);
  });

  it("three directories up or more, absolute rather than ../../..", async () => {
    const dir = tempDir({ "api/spec.yaml": bad, "a/b/c/.keep": "" });
    const r = await runCliInProcess(["profile", "--open-api", "../../../api/spec.yaml", "svc"], path.join(dir, "a/b/c"));
    expect(r.code).toBe(1);
    expect(r.stderr.startsWith(`error: ${dir}/api/spec.yaml:5:10: `)).toBe(true);
  });

  it("inside the current directory, plainly relative", async () => {
    const dir = tempDir({ ".git/HEAD": "ref: refs/heads/main\n", "api/spec.yaml": bad });
    const r = await runCliInProcess(["routes", "--open-api", "spec.yaml", "svc"], path.join(dir, "api"));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: spec\.yaml:5:10: /);
  });

  it("with --root, relative to the root", async () => {
    const dir = tempDir({ "api/spec.yaml": bad });
    const r = await runCliInProcess(["profile", "--open-api", "api/spec.yaml", "--root", "api", "svc"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: spec\.yaml:5:10: /);
  });
});

describe("output files are checked before anything is printed", () => {
  const TAP = "test/fixtures/tap/booksapp-webapp.tap.json";

  it("profile --tap --report into a missing directory: exit 1, stdout empty", async () => {
    const dir = tempDir();
    const r = await runCliInProcess(["profile", "--tap", path.join(REPO, TAP), "--report", "no/such/dir/report.md", "webapp"], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain('--report "no/such/dir/report.md" cannot be written: its directory "no/such/dir" does not exist');
  });

  it("routes --tap --report naming a directory: exit 1, stdout empty", async () => {
    const dir = tempDir({ "reports/.keep": "" });
    const r = await runCliInProcess(["routes", "--tap", path.join(REPO, TAP), "--report", "reports", "webapp"], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain('--report "reports" cannot be written: it is a directory');
  });

  it("diff --output under a file: refused before the comparison", async () => {
    const dir = tempDir({ "notes.txt": "x" });
    const r = await runCliInProcess(["diff", "--base", "main", "--output", "notes.txt/changes.md"], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain('--output "notes.txt/changes.md" cannot be written: "notes.txt" is not a directory');
  });

  it("profile --tap --report to a writable file still writes both", async () => {
    const dir = tempDir();
    const r = await runCliInProcess(["profile", "--tap", path.join(REPO, TAP), "--report", "report.json", "webapp"], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("kind: ServiceProfile");
    expect(readFileSync(path.join(dir, "report.json"), "utf8")).toContain("{");
  });
});

describe("empty input is a warning, not silent success", () => {
  it("routes --tap with events but no inbound request warns", async () => {
    const outbound = readFileSync(path.join(REPO, "test/fixtures/tap/booksapp-webapp.tap.json"), "utf8").replace(/"INBOUND"/g, '"OUTBOUND"');
    for (const cmd of ["routes", "profile"]) {
      const r = await runCliInProcess([cmd, "--tap", "-", "webapp"], REPO, { stdin: outbound });
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/stdin: warning: the recording has \d+ event\(s\) but no inbound request \(\d+ outbound/);
    }
  });

  it("an OpenAPI spec with no paths warns", async () => {
    const r = await runCliInProcess(["profile", "--open-api", "-", "svc"], REPO, { stdin: "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n" });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("stdin:1:1: warning: the spec has no paths, so it makes no routes");
  });
});

describe("wording", () => {
  it("the library's verify report names an unnamed recording without saying recording recording", async () => {
    const { verifyRecording, renderVerification } = await import("../../src/index.js");
    const profile = { apiVersion: "linkerd.io/v1alpha2", kind: "ServiceProfile", metadata: { name: "web.default.svc.cluster.local", namespace: "default" }, spec: { routes: [] } };
    const text = renderVerification(await verifyRecording(profile as never, ""));
    expect(text).not.toMatch(/\b(\w+) \1\b/);
    expect(text).toContain("recording input (");
  });
});

describe("profile: the OpenAPI 3 servers base path is a said difference from linkerd profile", () => {
  const oas3 = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\nservers: [{url: 'https://api.example.com/v1'}]\npaths:\n  /books:\n    get: {responses: {'200': {description: ok}}}\n";

  it("prints one notice line on stderr naming the base path and the metric names", async () => {
    const r = await runCliInProcess(["profile", "--open-api", "-", "svc"], REPO, { stdin: oas3 });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("name: GET /v1/books");
    expect(r.stderr).toBe('notice: route names include the base path "/v1" from the spec\'s servers, unlike linkerd profile (route metrics are named after them); --base-path / leaves it out\n');
  });

  it("says nothing when --base-path overrides servers, or the spec is Swagger 2.0", async () => {
    const r = await runCliInProcess(["profile", "--open-api", "-", "--base-path", "/", "svc"], REPO, { stdin: oas3 });
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("name: GET /books");
    const swagger = await runCliInProcess(["profile", "--open-api", "-", "svc"], REPO, { stdin: "swagger: '2.0'\ninfo: {title: t, version: '1'}\nbasePath: /v1\npaths:\n  /books:\n    get: {responses: {'200': {description: ok}}}\n" });
    expect(swagger.stderr).toBe("");
  });
});

describe("init names entries after the repository's Kubernetes Services", () => {
  const fixture = (rel: string) => readFileSync(path.join(REPO, "test/fixtures/emojivoto", rel), "utf8");

  it("emojivoto: emoji-svc and voting-svc in emojivoto, each saying which Service it came from", async () => {
    const repo = createGitRepo({
      files: {
        "proto/Emoji.proto": fixture("Emoji.proto"),
        "proto/Voting.proto": fixture("Voting.proto"),
        ...Object.fromEntries(["kustomization.yml", "ns.yml", "web.yml", "emoji.yml", "voting.yml", "vote-bot.yml"].map((f) => [`kustomize/${f}`, fixture(`kustomize/${f}`)])),
      },
    });
    onTestFinished(() => repo.cleanup());
    const r = await runCliInProcess(["init"], repo.dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("with 2 services from 2 spec files (2 named after the Kubernetes Services in the repository)");
    const text = repo.read("serviceprofile-sync.yaml");
    expect(text.slice(text.indexOf("services:"))).toBe(`services:
  # From Service emoji-svc (namespace emojivoto) in kustomize/emoji.yml:47, matched by name
  ${INIT_MARKER}
  - name: emoji-svc
    namespace: emojivoto
    proto: proto/Emoji.proto
  # From Service voting-svc (namespace emojivoto) in kustomize/voting.yml:47, matched by name
  ${INIT_MARKER}
  - name: voting-svc
    namespace: emojivoto
    proto: proto/Voting.proto
`);
    expect(parseConfig(text, "serviceprofile-sync.yaml").services.map((s) => `${s.namespace}/${s.name}`)).toEqual(["emojivoto/emoji-svc", "emojivoto/voting-svc"]);
  });

  it("matching: same core, a typo, the directory, one Service per spec, kustomization namespace", () => {
    const svc = (name: string, file: string, namespace?: string) => ({ name, file, line: 1, ...(namespace ? { namespace } : {}) });
    const services = [svc("books-api", "deploy/books.yaml", "shop"), svc("authors", "deploy/authors.yaml"), svc("gateway", "services/edge/k8s.yaml")];
    const m = matchServices(
      [
        { guess: "books", specPath: "api/books.yaml" },
        { guess: "book-service", specPath: "api/book2.yaml" },
        { guess: "autors", specPath: "api/autors.yaml" },
        { guess: "edge-openapi", specPath: "services/edge/openapi.yaml" },
        { guess: "unrelated", specPath: "x/y.yaml" },
      ],
      services,
    );
    expect(m.map((x) => x && `${x.service.name}:${x.reason}`)).toEqual(["books-api:name", undefined, "authors:similar name", "gateway:directory", undefined]);
    expect(matchServices([{ guess: "authers-svc", specPath: "a.yaml" }], services)[0]).toMatchObject({ service: { name: "authors" }, reason: "similar name" });
  });

  it("a Service without a namespace takes its kustomization's", async () => {
    const repo = createGitRepo({
      files: {
        "api/orders.yaml": "openapi: 3.0.3\ninfo: {title: o, version: '1'}\npaths:\n  /o:\n    get: {responses: {'200': {description: ok}}}\n",
        "k8s/kustomization.yaml": "namespace: shop\nresources: [svc.yaml]\n",
        "k8s/svc.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: orders-svc\nspec:\n  ports: [{port: 80}]\n",
      },
    });
    onTestFinished(() => repo.cleanup());
    expect((await runCliInProcess(["init"], repo.dir)).code).toBe(0);
    expect(repo.read("serviceprofile-sync.yaml")).toContain("  # From Service orders-svc (namespace shop) in k8s/svc.yaml:2, matched by name\n");
    expect(repo.read("serviceprofile-sync.yaml")).toContain("  - name: orders-svc\n    namespace: shop\n");
  });
});

describe("a spec outside the root blames the root", () => {
  const spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get: {responses: {'200': {description: ok}}}\n";

  it("with --root, names --root", async () => {
    const dir = tempDir({ "shared/api.yaml": spec, "svc/.keep": "" });
    const r = await runCliInProcess(["profile", "--open-api", "../shared/api.yaml", "--root", ".", "svc"], path.join(dir, "svc"));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe('error: spec file "../shared/api.yaml" lies outside --root "."\n  hint: pass a --root that holds every spec file\n');
  });

  it("several proto files in different directories outside git: says to pass --root", async () => {
    const dir = tempDir({ "a/one.proto": 'syntax = "proto3";\nservice One { rpc Get (A) returns (A); }\nmessage A {}\n', "b/two.proto": 'syntax = "proto3";\nservice Two { rpc Get (A) returns (A); }\nmessage A {}\n' });
    const r = await runCliInProcess(["profile", "--proto", "a/one.proto", "--proto", "b/two.proto", "svc"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('spec file "b/two.proto" lies outside "a", the directory files are read from');
    expect(r.stderr).toContain("pass --root DIR");
  });
});
