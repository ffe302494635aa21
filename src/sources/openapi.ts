/**
 * OpenAPI source: a Swagger 2.0 / OpenAPI 3.0 / 3.1 document (YAML or JSON)
 * -> one Route per operation, the way `linkerd profile --open-api` does it,
 * plus the contract's improvements (servers, TRACE, status ranges, inherited
 * x-linkerd-* values, $refs across files).
 */
import { SpecError, type Diagnostic } from "../model/diagnostic.js";
import { pathTemplateToRegex } from "../model/path-regex.js";
import { clientPathRegex, encodeNonAscii, hasNonAscii } from "../model/client-path.js";
import { quotedShort } from "../model/shorten.js";
import type { Route, SourceResult } from "../model/route.js";
import type { SourceReader } from "../files/reader.js";
import { DocumentSet, isLoadFailure, type SpecDocument } from "./openapi/documents.js";
import { RefResolver, describe, isObject, type Located, type Node } from "./openapi/refs.js";
import { joinBasePath, normalizeBasePath, serverUrlPath, substituteServerVariables, type ServerVariable } from "./openapi/base-path.js";
import { effectiveExtensions, readExtensions } from "./openapi/extensions.js";
import { statusClassesFor } from "./openapi/responses.js";

export interface OpenApiOptions {
  /** The base path the service sees; beats Swagger's `basePath` and OpenAPI's `servers`. */
  basePath?: string;
}

/** Linkerd's order, with TRACE (which Linkerd drops) last. */
const METHODS = ["delete", "get", "head", "options", "patch", "post", "put", "trace"] as const;

type SpecKind = "swagger2" | "openapi3";

export async function openApiRoutes(reader: SourceReader, file: string, options: OpenApiOptions = {}): Promise<SourceResult> {
  const docs = new DocumentSet(reader, file);
  const root = await loadRoot(docs, file);
  const kind = specKind(root);
  const refs = new RefResolver(docs);
  const warnings: Diagnostic[] = [];
  const bases = new BasePaths(refs, kind, options, warnings);

  const rootNode: Node = [{ file, pointer: "", value: root.value }];
  const documentExt = readExtensions(refs, rootNode);
  const routes: Route[] = [];
  const encodedPaths: { file: string; pointer: string }[] = [];
  const paths = await refs.childNode(rootNode, "paths", "paths");
  const pathCount = paths ? refs.keys(paths).filter((k) => k.startsWith("/")).length : 0;
  if (pathCount === 0) {
    // Success with nothing in it would look like a working profile: say why it is empty.
    warnings.push({
      severity: "warning",
      message: paths ? "paths has no entries, so the spec makes no routes" : "the spec has no paths, so it makes no routes",
      file,
      pointer: paths ? "/paths" : "",
      ...(paths ? {} : { line: 1, column: 1 }),
      hint: "add the API's paths (e.g. paths: {/books: {get: {responses: {\"200\": {description: ok}}}}}), or check that this is the right file",
    });
  }
  if (paths) {
    const keys = refs.keys(paths).filter((k) => k.startsWith("/"));
    keys.sort(compareBytes);
    for (const key of keys) {
      const item = await refs.childNode(paths, key, `the path item "${key}"`);
      if (!item) {
        warnings.push(emptyWarning(refs.child(paths, key)!, `the path item "${key}" is empty, so it has no routes`));
        continue;
      }
      const itemExt = readExtensions(refs, item);
      for (const method of METHODS) {
        // Most of the eight are absent: skip them without a round through the async resolver.
        if (!refs.has(item, method)) continue;
        const op = await refs.childNode(item, method, `the ${method} operation`);
        if (!op) {
          const written = refs.child(item, method);
          // Linkerd skips an empty (null) operation too; say so instead of dropping it silently.
          if (written) warnings.push(emptyWarning(written, `the ${method} operation of "${key}" is empty (null), so it makes no route`));
          continue;
        }
        const ext = effectiveExtensions(readExtensions(refs, op), itemExt, documentExt);
        const fullPath = joinBasePath(await bases.forOperation(rootNode, item, op), key);
        const responses = await refs.childNode(op, "responses", "responses");
        const status = statusClassesFor(responses ? refs.keys(responses) : []);
        const where = op[op.length - 1]!;
        for (const bad of status.outOfRange) {
          warnings.push({
            severity: "warning",
            message: `response key "${bad}" is not an HTTP status (100..599); no response class is made for it`,
            file: responses![responses!.length - 1]!.file,
            pointer: refs.child(responses!, bad)!.pointer,
            hint: "use a status code between 100 and 599, or a range like 5XX",
          });
        }
        const METHOD = method.toUpperCase();
        // The path as clients send it: non-ASCII characters percent-encoded (model/client-path.ts).
        const encoded = hasNonAscii(fullPath);
        if (encoded) encodedPaths.push(where);
        const route: Route = {
          name: `${METHOD} ${fullPath}`,
          match: { kind: "http", method: METHOD, pathTemplate: encoded ? encodeNonAscii(fullPath) : fullPath, pathRegex: encoded ? clientPathRegex(fullPath) : pathTemplateToRegex(fullPath) },
          statusClasses: status.classes,
          origin: { file: where.file, pointer: where.pointer },
        };
        if (ext.isRetryable !== undefined) route.isRetryable = ext.isRetryable;
        if (ext.timeout !== undefined) route.timeout = ext.timeout;
        routes.push(route);
      }
    }
  }
  if (encodedPaths.length) warnings.push(encodedNotice(encodedPaths, routes));
  const fromServers = bases.fromServersUsed();
  return { routes, inputs: docs.inputs(), warnings, ...(fromServers.length ? { serversBasePaths: fromServers } : {}) };
}

/** One line per spec: how many routes' paths are written percent-encoded, with the first as the example. */
function encodedNotice(at: { file: string; pointer: string }[], routes: Route[]): Diagnostic {
  const first = routes.find((r) => r.match.kind === "http" && hasNonAscii(r.name))!;
  const written = first.name.slice(first.name.indexOf(" ") + 1);
  const sent = first.match.kind === "http" ? first.match.pathTemplate : written;
  return {
    severity: "warning",
    message: `${at.length} route path(s) with non-ASCII characters are matched as clients send them, percent-encoded UTF-8 (either hex case), e.g. ${quotedShort(written)} as ${quotedShort(sent)}`,
    file: at[0]!.file,
    pointer: at[0]!.pointer,
    hint: "the proxy matches the raw request path, never decoded; linkerd profile writes such paths unencoded, and they never match",
  };
}

function emptyWarning(at: { file: string; pointer: string }, message: string): Diagnostic {
  return { severity: "warning", message, file: at.file, pointer: at.pointer, hint: "write it as a mapping, e.g. `get: {responses: {\"200\": {description: ok}}}`, or remove it" };
}

async function loadRoot(docs: DocumentSet, file: string): Promise<SpecDocument> {
  const loaded = await docs.load(file);
  if (!isLoadFailure(loaded)) return loaded;
  if (loaded.kind === "missing") {
    throw new SpecError({
      message: `spec file "${file}" does not exist in ${docs.reader.label}`,
      file,
      hint: "check the path; it is relative to the repository root",
    });
  }
  throw loaded.error;
}

function looksLikeProto(file: string, v: unknown): boolean {
  if (/\.proto$/i.test(file)) return true;
  return typeof v === "string" && /^\s*(?:\/\/[^\n]*\n\s*)*(?:syntax\s*=|package\s+[\w.]+\s*;|import\s+"|message\s+\w+\s*\{|service\s+\w+\s*\{)/.test(v);
}

function specKind(root: SpecDocument): SpecKind {
  const v = root.value;
  const hint = "an OpenAPI document starts with 'openapi: 3.0.3' (or 3.1.x), a Swagger document with 'swagger: \"2.0\"'";
  if (!isObject(v)) {
    // The likely mistake has a name: a .proto file given as an OpenAPI spec reads as one long YAML string.
    if (looksLikeProto(root.file, v)) {
      throw new SpecError({ message: "this looks like a protobuf (.proto) file, not an OpenAPI or Swagger document", file: root.file, line: 1, column: 1, hint: "give proto files with --proto FILE (in the config: proto: FILE)" });
    }
    throw new SpecError({ message: `not an OpenAPI or Swagger document: the top level is ${describe(v)}, not an object`, file: root.file, line: 1, column: 1, hint });
  }
  if ("swagger" in v) {
    if (v.swagger === "2.0" || v.swagger === 2) return "swagger2";
    throw new SpecError({ message: `unsupported Swagger version ${JSON.stringify(v.swagger)}; only "2.0" is supported`, file: root.file, pointer: "/swagger", hint });
  }
  if ("openapi" in v) {
    const o = v.openapi;
    if ((typeof o === "string" && /^3\.\d+(\.\d+)?(-[0-9A-Za-z.-]+)?$/.test(o)) || (typeof o === "number" && o >= 3 && o < 4)) return "openapi3";
    throw new SpecError({ message: `unsupported OpenAPI version ${JSON.stringify(o)}; 3.0 and 3.1 are supported`, file: root.file, pointer: "/openapi", hint });
  }
  const k8s = typeof v.kind === "string" && typeof v.apiVersion === "string" ? ` (it looks like a Kubernetes ${v.kind} manifest)` : "";
  throw new SpecError({ message: `not an OpenAPI or Swagger document: it has no "openapi" or "swagger" field${k8s}`, file: root.file, hint });
}

/** Go's sort.Strings order: UTF-8 bytes, which is Unicode code point order (not UTF-16 units, not locale). */
export function compareBytes(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && x <= 0xdfff && y >= 0xd800 && y <= 0xdfff) return x - y;
    // A surrogate pair stands for a code point above every BMP character.
    if (x >= 0xd800 && x <= 0xdfff) return y >= 0xe000 ? 1 : x - y;
    if (y >= 0xd800 && y <= 0xdfff) return x >= 0xe000 ? -1 : x - y;
    return x - y;
  }
  return a.length - b.length;
}

/** Base path for each operation, with the document- and path-level answers computed once. */
class BasePaths {
  private readonly cache = new Map<string, string | undefined>();
  /** What an operation without servers of its own inherits, per path item (root and items stay the same objects). */
  private readonly inherited = new WeakMap<Node, Promise<string>>();
  private swaggerBase: string | undefined;

  constructor(
    private readonly refs: RefResolver,
    private readonly kind: SpecKind,
    private readonly options: OpenApiOptions,
    private readonly warnings: Diagnostic[],
  ) {}

  private readonly used = new Set<string>();

  async forOperation(root: Node, item: Node, op: Node): Promise<string> {
    if (this.options.basePath !== undefined) return normalizeBasePath(this.options.basePath);
    if (this.kind === "swagger2") return (this.swaggerBase ??= this.swagger2Base(root));
    let base = await this.fromServers(op);
    if (base === undefined) {
      let inherited = this.inherited.get(item);
      if (!inherited) this.inherited.set(item, (inherited = this.fromItemOrRoot(root, item)));
      base = await inherited;
    }
    if (base !== "" && base !== "/") this.used.add(base);
    return base;
  }

  /** The servers base paths some route got, in first-use order. */
  fromServersUsed(): string[] {
    return [...this.used];
  }

  private swagger2Base(root: Node): string {
    const bp = this.refs.child(root, "basePath");
    if (bp === undefined || bp.value === null) return "";
    if (typeof bp.value !== "string") throw this.refs.valueError(bp, `basePath must be a string, not ${describe(bp.value)}`, "write basePath like '/v1'");
    return normalizeBasePath(bp.value);
  }

  private async fromItemOrRoot(root: Node, item: Node): Promise<string> {
    return (await this.fromServers(item)) ?? (await this.fromServers(root)) ?? "";
  }

  /** The path of the first entry of this level's `servers`, or undefined when it has none. */
  private async fromServers(level: Node): Promise<string | undefined> {
    const loc = this.refs.child(level, "servers");
    if (loc === undefined) return undefined;
    const key = `${loc.file}#${loc.pointer}`;
    if (this.cache.has(key)) return this.cache.get(key);
    const base = await this.serverPath(loc);
    this.cache.set(key, base);
    return base;
  }

  private async serverPath(loc: Located): Promise<string | undefined> {
    if (loc.value === null) return undefined;
    if (!Array.isArray(loc.value)) throw this.refs.valueError(loc, `servers must be a list, not ${describe(loc.value)}`, "write servers as a list of {url: ...} objects");
    if (loc.value.length === 0) return undefined;
    const first = await this.refs.resolve({ file: loc.file, pointer: `${loc.pointer}/0`, value: loc.value[0] });
    const url = this.refs.child(first, "url");
    const server = first[first.length - 1]!;
    if (!isObject(server.value) || url === undefined || typeof url.value !== "string") {
      throw this.refs.valueError(url ?? server, "a server must have a url string", "write the server as {url: 'https://api.example.com/v1'}");
    }
    const vars = this.refs.child(first, "variables");
    const substituted = substituteServerVariables(url.value, isObject(vars?.value) ? (vars.value as Record<string, ServerVariable>) : undefined, (name) => {
      this.warnings.push({
        severity: "warning",
        message: `server variable {${name}} has no default; it is kept in the base path as a path parameter`,
        file: url.file,
        pointer: url.pointer,
        hint: `add 'variables: {${name}: {default: ...}}' to the server, or set the base path yourself`,
      });
    });
    return serverUrlPath(substituted);
  }
}
