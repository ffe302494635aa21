import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { renderTemplate, templateProfile } from "../../src/sources/template.js";
import { validateProfile } from "../../src/targets/serviceprofile/validate.js";

const opts = { service: "web-svc", namespace: "emojivoto", clusterDomain: "cluster.local" };

describe("profile template", () => {
  it("parses to exactly templateProfile()", () => {
    expect(parse(renderTemplate(opts))).toStrictEqual(templateProfile(opts));
  });

  it("holds the object Linkerd's template holds", () => {
    expect(templateProfile(opts)).toStrictEqual({
      apiVersion: "linkerd.io/v1alpha2",
      kind: "ServiceProfile",
      metadata: { name: "web-svc.emojivoto.svc.cluster.local", namespace: "emojivoto" },
      spec: {
        routes: [
          {
            name: "/authors/{id}",
            condition: { pathRegex: "/authors/\\d+", method: "POST" },
            responseClasses: [{ condition: { status: { min: 500, max: 599 } }, isFailure: true }],
          },
        ],
      },
    });
  });

  it("is a valid ServiceProfile", () => {
    expect(validateProfile(templateProfile(opts))).toEqual([]);
    expect(validateProfile(parse(renderTemplate(opts)))).toEqual([]);
  });

  it("substitutes service, namespace and cluster domain", () => {
    const text = renderTemplate({ service: "books", namespace: "shop", clusterDomain: "corp.example" });
    const obj = parse(text) as { metadata: { name: string; namespace: string } };
    expect(obj.metadata).toStrictEqual({ name: "books.shop.svc.corp.example", namespace: "shop" });
    expect(text).toContain("books");
    expect(text).not.toContain("web-svc");
    expect(text).not.toContain("cluster.local");
  });

  it("is deterministic", () => {
    expect(renderTemplate(opts)).toBe(renderTemplate({ ...opts }));
  });

  it("keeps the commented-out examples parseable once uncommented", () => {
    // Uncommenting the retry/timeout/budget examples must give a valid profile.
    const text = renderTemplate(opts)
      .replace("    # isRetryable: true", "    isRetryable: true")
      .replace("    # timeout: 300ms", "    timeout: 300ms");
    const lines = text.split("\n");
    const budget = lines.indexOf("  # retryBudget:");
    expect(budget).toBeGreaterThan(0);
    const uncommented = lines.map((l, i) => (i >= budget ? l.replace(/^(\s*)# /, "$1") : l)).join("\n");
    const obj = parse(uncommented) as { spec: { routes: { isRetryable?: boolean; timeout?: string }[]; retryBudget?: unknown } };
    expect(obj.spec.routes[0]!.isRetryable).toBe(true);
    expect(obj.spec.routes[0]!.timeout).toBe("300ms");
    expect(obj.spec.retryBudget).toStrictEqual({ retryRatio: 0.2, minRetriesPerSecond: 10, ttl: "10s" });
    expect(validateProfile(obj)).toEqual([]);
  });

  it("explains the fields it shows", () => {
    const text = renderTemplate(opts);
    for (const word of ["first", "all", "any", "not", "isFailure", "isRetryable", "retryBudget", "retryRatio", "minRetriesPerSecond", "ttl", "timeout", "10s"]) {
      expect(text).toContain(word);
    }
  });

  it("quotes odd names so the YAML still parses", () => {
    const odd = { service: "a: b", namespace: "#x", clusterDomain: "c" };
    expect(parse(renderTemplate(odd))).toStrictEqual(templateProfile(odd));
  });
});
