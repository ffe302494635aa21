import { describe, expect, it } from "vitest";
import { countByKind } from "../../src/kustomize/argocd.js";
import { decideOwnership, parseSelector, selectServices, servicesInManifests, wildcardMatch } from "../../src/kustomize/scope.js";
import { parseConfig, type ServiceConfig } from "../../src/repo/config.js";

const svc = (namespace: string, name: string, app?: string) => ({ name, namespace, ...(app !== undefined ? { app } : {}) }) as ServiceConfig;
const services = [svc("booksapp", "books"), svc("booksapp", "authors"), svc("emojivoto", "emoji-svc"), svc("emojivoto", "voting-svc", "emojivoto")];
const names = (list: ServiceConfig[]) => list.map((s) => `${s.namespace}/${s.name}`);

describe("selectors", () => {
  it("match names, namespace/name and * wildcards", () => {
    expect(wildcardMatch("*-svc", "emoji-svc")).toBe(true);
    expect(wildcardMatch("e*i*-svc", "emoji-svc")).toBe(true);
    expect(wildcardMatch("*-svc", "books")).toBe(false);
    expect(wildcardMatch("book", "books")).toBe(false);
    expect(names(selectServices(services, parseSelector("books, emojivoto/*", "SELECT")))).toEqual(["booksapp/books", "emojivoto/emoji-svc", "emojivoto/voting-svc"]);
    expect(names(selectServices(services, parseSelector(["*/authors"], "spec.select")))).toEqual(["booksapp/authors"]);
  });

  it("refuse a malformed entry, an empty selector and an entry that matches nothing", () => {
    expect(() => parseSelector("Books", "SELECT")).toThrow('SELECT: "Books" is not a service selector');
    expect(() => parseSelector(" , ", "SELECT")).toThrow("SELECT is empty");
    expect(() => selectServices(services, parseSelector("booksapp/book", "SELECT"))).toThrow('SELECT: "booksapp/book" matches no service of the config');
  });
});

describe("ownership", () => {
  const manifests = "apiVersion: v1\nkind: Service\nmetadata: {name: books, namespace: booksapp}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: authors}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: emoji-svc, namespace: emojivoto}\n";

  it("reads core Services only; one without a namespace takes the destination namespace", () => {
    expect([...servicesInManifests(manifests, "booksapp")]).toEqual(["booksapp/books", "booksapp/authors"]);
    expect([...servicesInManifests(manifests, undefined)]).toEqual(["booksapp/books", "/authors"]);
  });

  it("owns the services whose Service is in the manifests, and the ones app: gives to this directory", () => {
    const base = { services, configInAppDir: false, manifests };
    expect(names(decideOwnership({ ...base, appPath: "booksapp/k8s", defaultNamespace: "booksapp" }).owned)).toEqual(["booksapp/books", "booksapp/authors"]);
    // The namespace-less Service goes to the Application's destination namespace: not booksapp's authors then.
    expect(names(decideOwnership({ ...base, appPath: "booksapp/k8s", defaultNamespace: "other" }).owned)).toEqual(["booksapp/books"]);
    expect(names(decideOwnership({ ...base, appPath: "emojivoto/k8s/prod" }).owned)).toEqual(["booksapp/books", "booksapp/authors", "emojivoto/voting-svc"]);
    expect(names(decideOwnership({ ...base, appPath: "emojivoto-old" }).owned)).toEqual(["booksapp/books", "booksapp/authors"]);
  });

  it("a config in the app directory is the app's own; a selector alone decides", () => {
    expect(names(decideOwnership({ services, configInAppDir: true, appPath: "x" }).owned)).toEqual(["booksapp/books", "booksapp/authors", "emojivoto/emoji-svc"]);
    expect(names(decideOwnership({ services, configInAppDir: false, appPath: "x", selector: parseSelector("emojivoto/voting-svc", "SELECT") }).owned)).toEqual(["emojivoto/voting-svc"]);
  });

  it("cannot tell without manifests when a service has no app:", () => {
    expect(() => decideOwnership({ services, configInAppDir: false, appPath: "x" })).toThrow(/cannot tell which services belong to this app.*booksapp\/books, booksapp\/authors, emojivoto\/emoji-svc have no app:/);
    expect(names(decideOwnership({ services: [services[3]!], configInAppDir: false, appPath: "emojivoto" }).owned)).toEqual(["emojivoto/voting-svc"]);
  });
});

describe("countByKind", () => {
  it("counts the generated objects by kind, singular and plural", () => {
    const sp = "# Code generated\napiVersion: linkerd.io/v1alpha2\nkind: ServiceProfile\n";
    const route = "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\n";
    expect(countByKind([sp, sp, ...Array<string>(20).fill(route)])).toBe("2 ServiceProfiles, 20 HTTPRoutes");
    expect(countByKind([sp, route])).toBe("1 ServiceProfile, 1 HTTPRoute");
    expect(countByKind([])).toBe("no generated objects");
  });
});

describe("app: in serviceprofile-sync.yaml", () => {
  const config = (app: string) => `output: out\nservices:\n  - name: books\n    namespace: booksapp\n    openapi: api/books.yaml\n    app: ${app}\n`;
  it("is a directory relative to the config's root, normalised; '.' is the root", () => {
    expect(parseConfig(config("./booksapp/k8s/"), "serviceprofile-sync.yaml").services[0]!.app).toBe("booksapp/k8s");
    expect(parseConfig(config("."), "serviceprofile-sync.yaml").services[0]!.app).toBe("");
  });
  it("may not leave the root, and may not be empty", () => {
    expect(() => parseConfig(config("../other"), "serviceprofile-sync.yaml")).toThrow(/services\[0\]\.app: .*leaves the repository/);
    expect(() => parseConfig(config('""'), "serviceprofile-sync.yaml")).toThrow(/app/);
  });
});
