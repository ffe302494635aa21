/** The config's `gatewayAPI: { bundle }`, top level and per service, checked by the rule --gateway-api-bundle uses. */
import { describe, expect, it } from "vitest";
import { ConfigError, generationInputs, parseConfig } from "../../src/repo/config.js";
import { formatDiagnostic } from "../../src/model/diagnostic.js";
import { GATEWAY_API_BUNDLE } from "../../src/repo/settings.js";

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

describe("gatewayAPI.bundle in the config", () => {
  it("top level for every service, a service's own wins; unset leaves the default to the Linkerd version", () => {
    const c = parseConfig(config("gatewayAPI: { bundle: v1.3.0-standard }\n", "    gatewayAPI: { bundle: v1.1.1-experimental }\n"), "serviceprofile-sync.yaml");
    expect(c.services.map((s) => s.gateway.gatewayApiBundle)).toEqual(["v1.1.1-experimental", "v1.3.0-standard"]);
    expect(parseConfig(config(""), "serviceprofile-sync.yaml").services[0]!.gateway.gatewayApiBundle).toBeUndefined();
  });

  it("the fingerprint input carries the bundle once set", () => {
    const a = parseConfig(config("gatewayAPI: { bundle: v1.3.0-standard }\n"), "serviceprofile-sync.yaml");
    const b = parseConfig(config("gatewayAPI: { bundle: v1.4.1-standard }\n"), "serviceprofile-sync.yaml");
    const inputs = (c: typeof a) => JSON.stringify(generationInputs(c, c.services[0]!));
    expect(inputs(a)).toContain('"gatewayApiBundle":"v1.3.0-standard"');
    expect(inputs(a)).not.toBe(inputs(b));
  });

  it("an unknown bundle is refused at the value, with did-you-mean, in the flag's words", () => {
    const errors = errorsOf(config("gatewayAPI: { bundle: v1.2.1-standrd }\n", "    gatewayAPI: { bundle: v1.3.0 }\n"));
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/serviceprofile-sync\.yaml:3:23: gatewayAPI\.bundle: "v1\.2\.1-standrd" is not a Gateway API bundle this tool checks against: use one of v1\.1\.1-experimental, v1\.2\.1-standard, v1\.3\.0-standard, v1\.4\.1-standard, v1\.5\.1-standard/);
    expect(errors[0]).toContain('did you mean "v1.2.1-standard"?');
    expect(errors[1]).toMatch(/:8:27: services\[0\]\.gatewayAPI\.bundle: "v1\.3\.0" is not a Gateway API bundle/);
    expect(errors[1]).toContain('did you mean "v1.3.0-standard"?');
    // The flag says the same.
    const flag = GATEWAY_API_BUNDLE.check("v1.2.1-standrd");
    expect(flag).toEqual({ ok: false, problem: expect.stringContaining('"v1.2.1-standrd" is not a Gateway API bundle this tool checks against'), hint: 'did you mean "v1.2.1-standard"?' });
  });

  it("unknown keys under gatewayAPI: are refused", () => {
    expect(errorsOf(config("gatewayAPI: { bundel: v1.2.1-standard }\n")).join("\n")).toContain('unknown field "bundel"');
  });

  it("refuses a bundle with gateway.apiVersion v1beta1 or linkerd, naming the setting; ServiceProfile targets ignore it", () => {
    const errors = errorsOf(config("gatewayAPI: { bundle: v1.3.0-standard }\n", "    gateway: { apiVersion: linkerd }\n"));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/:3:23: services\[0\]: a Gateway API bundle applies to gateway\.networking\.k8s\.io\/v1 routes; apiVersion linkerd writes policy\.linkerd\.io\/v1beta3 HTTPRoutes/);
    expect(errorsOf(config("gatewayAPI: { bundle: v1.3.0-standard }\ngateway: { apiVersion: v1beta1 }\n", "", "serviceprofile"))).toEqual([]);
  });
});
