/** The config's `linkerd: { version }`, top level and per service, checked by the rule --linkerd-version uses. */
import { describe, expect, it } from "vitest";
import { ConfigError, generationInputs, parseConfig } from "../../src/repo/config.js";
import { formatDiagnostic } from "../../src/model/diagnostic.js";

function errorsOf(text: string): string[] {
  try {
    parseConfig(text, "serviceprofile-sync.yaml");
  } catch (err) {
    if (err instanceof ConfigError) return err.diagnostics.map(formatDiagnostic);
    throw err;
  }
  return [];
}

const config = (top: string, own = "", target = "gateway") => `output: deploy
target: ${target}
${top}services:
  - name: books
    namespace: booksapp
    openapi: api/books.yaml
${own}  - name: authors
    namespace: booksapp
    openapi: api/authors.yaml
`;

describe("linkerd.version in the config", () => {
  it("top level for every service, a service's own wins", () => {
    const c = parseConfig(config('linkerd: { version: "2.19" }\n', '    linkerd: { version: "2.18" }\n'), "serviceprofile-sync.yaml");
    expect(c.services.map((s) => s.gateway.linkerdVersion)).toEqual(["2.18", "2.19"]);
  });

  it("unset means the default, and the fingerprint input carries the version once set", () => {
    const unset = parseConfig(config(""), "serviceprofile-sync.yaml");
    expect(unset.services[0]!.gateway.linkerdVersion).toBeUndefined();
    const v20 = parseConfig(config('linkerd: { version: "2.20" }\n'), "serviceprofile-sync.yaml");
    const v19 = parseConfig(config('linkerd: { version: "2.19" }\n'), "serviceprofile-sync.yaml");
    const inputs = (c: typeof v19) => JSON.stringify(generationInputs(c, c.services[0]!));
    expect(inputs(v19)).toContain('"linkerdVersion":"2.19"');
    expect(inputs(v19)).not.toBe(inputs(v20));
  });

  it("a number (YAML reads 2.20 as 2.2) and an unknown version are errors at the value", () => {
    const errors = errorsOf(config("linkerd:\n  version: 2.20\n", "    linkerd: { version: \"2.17\" }\n"));
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/serviceprofile-sync\.yaml:4:12: linkerd\.version: write the version as a string: YAML reads it as the number 2\.2/);
    expect(errors[0]).toContain('version: "2.20"');
    expect(errors[1]).toMatch(/:9:25: services\[0\]\.linkerd\.version: "2\.17" is not a Linkerd version this tool knows: use "2\.18", "2\.19", "2\.20"/);
  });

  it("unknown keys under linkerd: are refused", () => {
    expect(errorsOf(config('linkerd: { versoin: "2.19" }\n')).join("\n")).toContain('unknown field "versoin"');
  });

  it("refuses gateway.apiVersion v1beta1 with a Linkerd version, naming the setting", () => {
    const errors = errorsOf(config('linkerd: { version: "2.19" }\n', "    gateway: { apiVersion: v1beta1 }\n"));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/:8:28: services\[0\]: Linkerd 2\.19 does not read apiVersion v1beta1/);
    expect(errors[0]).toContain("use apiVersion v1");
    // Without a Linkerd version, v1beta1 is the output for 2.15-2.17, as before; and ServiceProfile targets ignore it.
    expect(errorsOf(config("", "    gateway: { apiVersion: v1beta1 }\n"))).toEqual([]);
    expect(errorsOf(config('linkerd: { version: "2.19" }\ngateway: { apiVersion: v1beta1 }\n', "", "serviceprofile"))).toEqual([]);
  });
});
