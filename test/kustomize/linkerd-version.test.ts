/** The kustomize generator honours linkerd.version like sync does: the setting goes through the same config loader. */
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { memoryReader } from "../../src/files/reader.js";
import { runKrmFunction } from "../../src/kustomize/function.js";

const SPEC = `openapi: 3.0.1
info: { title: books, version: "1" }
paths:
  /books:
    get:
      x-linkerd-timeout: 2s
      responses: { "200": { description: ok } }
`;
const tree = () => memoryReader({ "api/books.yaml": SPEC }, "the kustomization directory");
const input = (linkerd: string) => `apiVersion: config.kubernetes.io/v1
kind: ResourceList
items: []
functionConfig:
  apiVersion: serviceprofile-sync.io/v1alpha1
  kind: ServiceProfileGenerator
  metadata:
    name: booksapp-routes
  spec:
    target: gateway
${linkerd}    services:
      - name: books
        namespace: booksapp
        openapi: api/books.yaml
`;

type Obj = { metadata: { name: string; annotations: Record<string, string> }; spec: { rules: { timeouts?: unknown }[] } };

describe("kustomize generator and linkerd.version", () => {
  it("2.19: timeouts as annotations; the default 2.20: rule timeouts", async () => {
    const old = await runKrmFunction(input('    linkerd: { version: "2.19" }\n'), tree());
    expect(old.messages).toEqual([]);
    const oldBooks = (parse(old.stdout) as { items: Obj[] }).items[0]!;
    expect(oldBooks.metadata.annotations["timeout.linkerd.io/request"]).toBe("2s");
    expect(oldBooks.spec.rules[0]!.timeouts).toBeUndefined();
    const current = (parse((await runKrmFunction(input(""), tree())).stdout) as { items: Obj[] }).items[0]!;
    expect(current.spec.rules[0]!.timeouts).toEqual({ request: "2s" });
  });

  it("an unknown version is a problem of the function config", async () => {
    const out = await runKrmFunction(input('    linkerd: { version: "2.21" }\n'), tree());
    expect(JSON.stringify(out.messages)).toContain('\\"2.21\\" is not a Linkerd version this tool knows');
  });
});
