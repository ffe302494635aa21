/**
 * Errors about a generated object point into the input that produced it:
 * the spec file and the JSON pointer (or line) of the route, a hint saying
 * what to change there, and long names shortened, so one oversized path
 * never makes a wall of text.
 */
import { describe, expect, it } from "vitest";
import { SpecError } from "../../src/model/diagnostic.js";
import type { Route } from "../../src/model/route.js";
import { generateProfile } from "../../src/targets/serviceprofile/emit.js";
import { BOUND_MS, cli, tempRepo } from "./helpers.js";

/** A spec with one GET path; the key is written as an explicit YAML key, so it may be longer than 1024 characters. */
function longSpec(path: string): string {
  return `openapi: 3.0.0\ninfo: {title: t, version: "1"}\npaths:\n  ? ${path}\n  : get:\n      responses: {"200": {description: ok}}\n`;
}

const LONG = "/x/{id}/" + "y".repeat(1100);

describe("a path over the CRD's 1024-character limit", () => {
  it("routes names the spec file and the operation's pointer, shortened, with a hint about the path", async () => {
    const repo = tempRepo({ noGit: true });
    repo.write({ "api.yaml": longSpec(LONG) });
    const r = await cli(repo, "routes", "--open-api", "api.yaml", "web");
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    const [head, hint] = r.stderr.split("\n");
    expect(head).toMatch(/^error: api\.yaml: the generated HTTPRoute web-get-x-id-y+…\(253 chars\) is invalid: \/spec\/rules\/0\/matches\/0\/path\/value: value is too long/);
    expect(head).toMatch(/; made from route "GET \/x\/\{id\}\/y+"…\(1112 chars\) \(at \/paths\/~1x~1\{id\}~1y+…\(1122 chars\)\)$/);
    expect(hint).toMatch(/^ {2}hint: shorten the path "\/x\/\{id\}\/y+"…\(1108 chars\) in the spec .*at most 1024 characters/);
    expect(r.stderr.length).toBeLessThan(1200);
  }, BOUND_MS);

  it("sync reports the same place, and writes nothing", async () => {
    const config = "output: deploy\nservices:\n  - name: web\n    namespace: app\n    openapi: api/web.yaml\n    target: gateway\n";
    const repo = tempRepo({ files: { "serviceprofile-sync.yaml": config, "api/web.yaml": longSpec(LONG) } });
    const r = await cli(repo, "sync");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/api\/web\.yaml: the generated HTTPRoute web-get-x-id-y+…/);
    expect(r.stderr).toMatch(/\(at \/paths\/~1x~1\{id\}~1y+…\(1122 chars\)\)/);
    expect(r.stderr).toMatch(/hint: shorten the path/);
    expect(repo.exists("deploy/app/web.routes.yaml")).toBe(false);
  }, BOUND_MS);
});

describe("a GRPCRoute field too long", () => {
  it("names the proto file and the rpc's line", async () => {
    const rpc = "M" + "x".repeat(1100);
    const proto = `syntax = "proto3";\npackage p;\nservice S {\n  rpc ${rpc}(R) returns (R);\n}\nmessage R {}\n`;
    const repo = tempRepo({ noGit: true });
    repo.write({ "s.proto": proto });
    const r = await cli(repo, "routes", "--proto", "s.proto", "svc");
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^error: s\.proto:4: the generated GRPCRoute svc-s-mx+…\(253 chars\) is invalid: \/spec\/rules\/0\/matches\/0\/method\/method: /);
    expect(r.stderr).toMatch(/made from route "Mx+"…\(1101 chars\)/);
    expect(r.stderr.length).toBeLessThan(1200);
  }, BOUND_MS);
});

describe("an invalid generated ServiceProfile", () => {
  const route = (name: string, timeout?: string): Route => ({
    name,
    match: { kind: "http", method: "GET", pathTemplate: name.slice(4), pathRegex: name.slice(4).replace("{id}", "[^/]*") },
    statusClasses: [],
    ...(timeout !== undefined ? { timeout } : {}),
    origin: { file: "api.yaml", pointer: `/paths/${name.slice(4).replace(/\//g, "~1")}/get` },
  });

  it("points at the route behind the bad field, also after specific-first reordering", () => {
    for (const routeOrder of ["linkerd", "specific-first"] as const) {
      let err: unknown;
      try {
        generateProfile({ service: "web", namespace: "app", routes: [route("GET /a/{id}"), route("GET /a/b", "soon")], routeOrder }, "api.yaml");
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(SpecError);
      const d = (err as SpecError).diagnostic;
      expect([d.file, d.pointer]).toEqual(["api.yaml", "/paths/~1a~1b/get"]);
      expect(d.message).toMatch(/^the generated ServiceProfile is invalid: \/spec\/routes\/[01]\/timeout: .*; made from route "GET \/a\/b"$/);
      expect(d.hint).toMatch(/x-linkerd-timeout in the spec, or timeout under routes: or defaults: in the config/);
    }
  }, BOUND_MS);
});
