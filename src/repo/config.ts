/**
 * The repository config (serviceprofile-sync.yaml): loading, schema and
 * semantic validation, and the normalised form the planner uses.
 *
 * The config is read through a SourceReader so `diff` reads the base's
 * config from git exactly as it reads the work tree's. Every problem is
 * reported with the config file, the line:column of the offending value and
 * what to do about it; all problems are reported at once, not the first one.
 */
import type { ErrorObject } from "ajv";
import { LineCounter, isNode, isSeq, type Document, type Node } from "yaml";
import { checkValueNesting, hasAliases, parseYamlDocument } from "../files/nesting.js";
import { SpecError, joinPointer, splitPointer, type Diagnostic } from "../model/diagnostic.js";
import { parseGoDuration } from "../model/duration.js";
import { DEFAULT_CLUSTER_DOMAIN, namespaceError, serviceNameError } from "../model/names.js";
import type { StatusClass } from "../model/route.js";
import type { RetryBudget } from "../model/serviceprofile.js";
import type { RouteOverrides, RouteTuning } from "../model/tuning.js";
import type { GatewayOptions } from "../targets/gateway/emit.js";
import { apiVersionProblem, linkerdVersionValueError, parseLinkerdVersion, type LinkerdVersion } from "../targets/gateway/linkerd-version.js";
import { bundleApiVersionProblem, type GatewayApiBundle } from "../targets/gateway/bundles.js";
import { decodeUtf8, duplicateKeyDiagnostic, duplicateKeys, locatePointer, parseData } from "../files/parse.js";
import { normalizeRepoPath, type SourceReader } from "../files/reader.js";
import { compileGlob } from "./glob.js";
import { closest } from "../model/suggest.js";
import { CLUSTER_DOMAIN, GATEWAY_API_BUNDLE, GRANULARITY, PORT, RETRY_GRPC, RETRY_HTTP, RETRY_LIMIT, RETRY_TIMEOUT, ROUTE_NAMES, ROUTE_ORDER, type SettingRule } from "./settings.js";
// Generated from schema/config.schema.json by scripts/gen-validators.mjs: nothing to compile at start.
import { validate as configValidator } from "../generated/config-validator.js";

export const CONFIG_FILE_NAMES = ["serviceprofile-sync.yaml", "serviceprofile-sync.yml"] as const;

export type RouteNameMode = "short" | "service" | "full";

export type ServiceSource =
  | { kind: "openapi"; file: string }
  | { kind: "proto"; files: string[]; protoServices?: string[]; routeNames?: RouteNameMode };

/** What sync writes for a service: a ServiceProfile, Gateway API routes, or both while migrating. */
export type Target = "serviceprofile" | "gateway" | "both";

export interface ServiceConfig {
  name: string;
  namespace: string;
  source: ServiceSource;
  target: Target;
  /** The config's gateway: settings with the service's own over them. */
  gateway: GatewayOptions;
  basePath?: string;
  /** Where profiles are written; default `[namespace]`. Sorted, unique. */
  profileNamespaces: string[];
  retryBudget?: RetryBudget;
  /** ServiceProfile route order: the service's, else the config's; absent for Linkerd's order. */
  routeOrder?: "specific-first";
  overrides: RouteOverrides;
  tap: string[];
  /** Position in the config, for messages: `/services/3` and its line. */
  pointer: string;
  line?: number;
  /** Line of each `routes:` key, for messages about one override. */
  routeLines?: Record<string, number>;
  /** Every spec file named by the entry (not the $ref closure). */
  specFiles: string[];
  /** The application directory that owns the service (`generate` in it or below it emits the service); "" is the root. */
  app?: string;
}

export interface RepoConfig {
  /** Repo-relative path of the config file. */
  file: string;
  output: string;
  clusterDomain: string;
  ignore: string[];
  services: ServiceConfig[];
  /** The route guard's settings (docs/guard.md); absent when the config has no guard: key. */
  guard?: GuardConfig;
  /** The config's top-level `linkerd.version`: the cluster's Linkerd, which the guard checks hand-written routes for. */
  linkerdVersion?: LinkerdVersion;
}

export interface GuardConfig {
  include?: string[];
  exclude?: string[];
  /** Rule ID to severity; the schema lists the IDs. */
  rules?: Record<string, "error" | "warning" | "info" | "off">;
}

/** Thrown when the config has problems; carries all of them. */
export class ConfigError extends SpecError {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[]) {
    const first = diagnostics[0]!;
    super({ ...first, message: diagnostics.length > 1 ? `${first.message} (and ${diagnostics.length - 1} more config problems)` : first.message });
    this.name = "ConfigError";
    this.diagnostics = diagnostics;
  }
}

/** The config path to use: the one given, else the first default name that exists. */
export async function findConfig(reader: SourceReader, explicit?: string): Promise<string | undefined> {
  if (explicit !== undefined) return normalizeRepoPath(explicit);
  for (const name of CONFIG_FILE_NAMES) if ((await reader.read(name)) !== undefined) return name;
  return undefined;
}

/** Reads, validates and normalises the config; throws ConfigError (all problems) or SpecError. */
export async function loadConfig(reader: SourceReader, configPath?: string): Promise<RepoConfig> {
  const file = await findConfig(reader, configPath);
  if (file === undefined) {
    throw new SpecError({
      message: `no ${CONFIG_FILE_NAMES[0]} in ${reader.label}`,
      hint: `run "serviceprofile-sync init" to write a starter config, or pass --config PATH`,
    });
  }
  const data = await reader.read(file);
  if (data === undefined) {
    throw new SpecError({ message: `config file "${file}" does not exist in ${reader.label}`, file, hint: "check the --config path; it is relative to the repository root" });
  }
  return parseConfig(decodeUtf8(data, file), file);
}

/** Validates config text (YAML or JSON) named `file`. */
export function parseConfig(text: string, file: string): RepoConfig {
  const problems = new Problems(text, file);
  const value = text.trim() === "" ? undefined : problems.value();
  if (value === undefined || value === null || typeof value !== "object" || Array.isArray(value)) {
    problems.add("", "the config must be a mapping with at least output: and services:", "see the config reference in the README, or run serviceprofile-sync init");
    problems.throwIfAny();
  }
  // A key written twice is a structural problem: YAML forbids it, and the last value would win silently.
  problems.duplicates();
  for (const e of schemaErrors(value)) problems.add(e.pointer, e.message, e.hint);
  problems.throwIfAny();
  const config = normalise(value as RawConfig, file, problems);
  problems.throwIfAny();
  return config;
}

// ---------------------------------------------------------------------------
// Schema validation, with ajv's errors turned into sentences.

interface Located {
  pointer: string;
  message: string;
  hint?: string;
}

function schemaErrors(value: unknown): Located[] {
  if (configValidator(value)) return [];
  const errors = configValidator.errors ?? [];
  // Errors inside the branches of a failed oneOf only repeat it; keep the oneOf.
  const oneOfs = errors.filter((e) => e.keyword === "oneOf");
  const kept = errors.filter(
    (e) => e.keyword !== "propertyNames" && !oneOfs.some((o) => o !== e && (e.instancePath === o.instancePath || e.instancePath.startsWith(o.instancePath + "/")) && e.schemaPath.startsWith(o.schemaPath + "/")),
  );
  const out: Located[] = [];
  const seen = new Set<string>();
  for (const e of kept) {
    const located = describe(e, value);
    located.hint ??= "see the config reference in the README (the schema is schema/config.schema.json)";
    const key = `${located.pointer}\0${located.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(located);
    }
  }
  return out;
}

function describe(e: ErrorObject, root: unknown): Located {
  const where = readablePath(e.instancePath);
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case "required": {
      const missing = String(params.missingProperty);
      return { pointer: e.instancePath, message: `${where || "the config"} is missing "${missing}"`, hint: `add ${missing}: (see the config reference in the README)` };
    }
    case "additionalProperties": {
      const extra = String(params.additionalProperty);
      const allowed = allowedKeys(e);
      const guess = closest(extra, allowed);
      return {
        pointer: joinPointer(e.instancePath, extra),
        message: `unknown field "${extra}"${where ? ` in ${where}` : ""}`,
        hint: guess ? `did you mean "${guess}"?` : `allowed here: ${allowed.join(", ")}`,
      };
    }
    case "oneOf": {
      const title = (e.parentSchema as { title?: string } | undefined)?.title;
      if (title === "Service") {
        const entry = pointerValue(root, e.instancePath) as Record<string, unknown>;
        const both = entry && "openapi" in entry && "proto" in entry;
        return {
          pointer: e.instancePath,
          message: both ? `${where} gives both openapi and proto` : `${where} has no source`,
          hint: both ? "give exactly one source per service; make a second service entry for the other" : "add openapi: FILE or proto: FILE (or a list of files)",
        };
      }
      if (title === "Proto file(s)") {
        return { pointer: e.instancePath, message: `${where} must be a file path or a list of file paths`, hint: "e.g. proto: api/voting.proto" };
      }
      return { pointer: e.instancePath, message: `${where} must be a status code (404), a class ("5XX") or a range {min: 500, max: 504}`, hint: "codes lie within 100..599" };
    }
    case "enum": {
      // Inside propertyNames (guard.rules), the key is what is wrong.
      if (e.propertyName !== undefined) return { pointer: joinPointer(e.instancePath, e.propertyName), message: `${where}: unknown key "${e.propertyName}"; known: ${(params.allowedValues as unknown[]).join(", ")}` };
      const allowed = (params.allowedValues as unknown[]).map(String);
      const given = pointerValue(root, e.instancePath);
      // The rule the flag uses, so both say the same.
      const rule = enums[e.instancePath.replace(/^\/services\/\d+/, "")];
      const c = rule && (typeof given === "string" || typeof given === "number") ? rule.check(given) : undefined;
      if (c && !c.ok) return { pointer: e.instancePath, message: `${where}: ${c.problem}`, hint: c.hint };
      const guess = typeof given === "string" ? closest(given, allowed) : undefined;
      return { pointer: e.instancePath, message: `${where} must be one of: ${allowed.join(", ")}`, ...(guess ? { hint: `did you mean "${guess}"?` } : {}) };
    }
    case "pattern":
      if (e.instancePath.endsWith("/basePath")) return { pointer: e.instancePath, message: `${where} must start with "/"`, hint: "e.g. basePath: /api/v1" };
      return { pointer: e.instancePath, message: `${where} ${e.message ?? "is invalid"}` };
    case "minimum":
    case "maximum": {
      // The rule the flag uses, so both say the same (a retry limit of 0 is not "off").
      const rule = ranged[e.instancePath.replace(/^\/services\/\d+/, "")];
      const c = rule?.check(pointerValue(root, e.instancePath) as number);
      if (c && !c.ok) return { pointer: e.instancePath, message: `${where}: ${c.problem}`, hint: c.hint };
      return { pointer: e.instancePath, message: `${where} ${e.message ?? "is out of range"}` };
    }
    case "type":
      return { pointer: e.instancePath, message: `${where || "the config"} must be ${article(String(params.type))}` };
    default:
      return { pointer: e.instancePath, message: `${where || "the config"} ${e.message ?? "is invalid"}` };
  }
}

/** Config places (below a service entry or at the top) whose range a flag shares. */
const ranged: Record<string, SettingRule<number>> = { "/gateway/retry/limit": RETRY_LIMIT, "/gateway/port": PORT };
const enums: Record<string, SettingRule<string>> = { "/gateway/granularity": GRANULARITY, "/routeOrder": ROUTE_ORDER, "/routeNames": ROUTE_NAMES, "/gatewayAPI/bundle": GATEWAY_API_BUNDLE };

function article(type: string): string {
  const word = type === "array" ? "a list" : type === "object" ? "a mapping" : type === "integer" ? "an integer" : type === "boolean" ? "true or false" : `a ${type}`;
  return word;
}

/** `/services/0/routes/GET ~1x` -> `services[0].routes["GET /x"]`. */
export function readablePath(pointer: string): string {
  if (pointer === "") return "";
  let out = "";
  for (const raw of pointer.split("/").slice(1)) {
    const token = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (/^\d+$/.test(token)) out += `[${token}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(token)) out += out ? `.${token}` : token;
    else out += `[${JSON.stringify(token)}]`;
  }
  return out;
}

function pointerValue(root: unknown, pointer: string): unknown {
  let v = root;
  for (const raw of pointer.split("/").slice(1)) {
    const token = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    v = v && typeof v === "object" ? (v as Record<string, unknown>)[token] : undefined;
  }
  return v;
}

function allowedKeys(e: ErrorObject): string[] {
  const parentSchema = e.parentSchema as { properties?: Record<string, unknown> } | undefined;
  return Object.keys(parentSchema?.properties ?? {}).filter((k) => k !== "$schema");
}

// ---------------------------------------------------------------------------
// Semantic checks and normalisation (the value already matches the schema).

interface RawStatus {
  min: number;
  max: number;
}
interface RawResponseClass {
  status: number | string | RawStatus;
  isFailure: boolean;
}
interface RawTuning {
  timeout?: string;
  isRetryable?: boolean;
  responseClasses?: RawResponseClass[];
}
interface RawGateway {
  apiVersion?: GatewayOptions["apiVersion"];
  port?: number;
  catchAll?: boolean;
  granularity?: GatewayOptions["granularity"];
  retry?: { http?: string; grpc?: string; limit?: number; timeout?: string };
}
/** `version` is left to linkerdVersion() by the schema, so flags and config share one rule. */
interface RawLinkerd {
  version?: unknown;
}
/** `bundle` is one of the schema's enum (refused with the --gateway-api-bundle flag's words otherwise). */
interface RawGatewayAPI {
  bundle?: GatewayApiBundle;
}
interface RawService {
  name: string;
  namespace: string;
  target?: Target;
  gateway?: RawGateway;
  linkerd?: RawLinkerd;
  gatewayAPI?: RawGatewayAPI;
  openapi?: string;
  proto?: string | string[];
  protoServices?: string[];
  routeNames?: RouteNameMode;
  basePath?: string;
  profileNamespaces?: string[];
  retryBudget?: RetryBudget;
  routeOrder?: "linkerd" | "specific-first";
  defaults?: RawTuning;
  routes?: Record<string, RawTuning>;
  tap?: string[];
  app?: string;
}
interface RawConfig {
  output: string;
  target?: Target;
  gateway?: RawGateway;
  linkerd?: RawLinkerd;
  gatewayAPI?: RawGatewayAPI;
  routeOrder?: "linkerd" | "specific-first";
  clusterDomain?: string;
  ignore?: string[];
  guard?: GuardConfig;
  services: RawService[];
}

class Problems {
  readonly list: Diagnostic[] = [];
  private located: { doc: Document; lines: LineCounter } | undefined;
  constructor(
    private readonly text: string,
    private readonly file: string,
  ) {}

  add(pointer: string, message: string, hint?: string): void {
    const pos = this.locate(pointer);
    this.list.push({ severity: "error", message, file: this.file, line: pos?.line, column: pos?.column, hint });
  }

  line(pointer: string): number | undefined {
    return this.locate(pointer)?.line;
  }

  /** The line of every item of the sequence at `pointer`: one lookup for a thousand services, not one each. */
  itemLines(pointer: string): (number | undefined)[] {
    const { doc, lines } = this.parsed();
    const node = doc.getIn(splitPointer(pointer), true);
    return isSeq(node) ? node.items.map((item) => (isNode(item) && item.range ? lines.linePos(item.range[0]).line : undefined)) : [];
  }

  /** Adds every duplicate key of the document, each with both of its lines. */
  duplicates(): void {
    const { doc, lines } = this.parsed();
    for (const d of duplicateKeys(doc, lines)) this.list.push(duplicateKeyDiagnostic(d, this.file));
  }

  private parsed(): { doc: Document; lines: LineCounter } {
    if (!this.located) {
      const lines = new LineCounter();
      this.located = { doc: parseYamlDocument(this.text, this.file, { lineCounter: lines, prettyErrors: false, uniqueKeys: false, merge: true }), lines };
    }
    return this.located;
  }

  /** The config's data from the one parse; files/parse.ts words any syntax error (it throws). */
  value(): unknown {
    const { doc } = this.parsed();
    if (doc.errors.length === 0) {
      let value: unknown;
      try {
        value = doc.toJS({ maxAliasCount: 1000 });
      } catch {
        // fall through: parseData explains it with a place
      }
      if (value !== undefined) {
        // An alias to its own ancestor makes a cycle; parseData refuses it the same way.
        if (hasAliases(doc)) checkValueNesting(value, this.file);
        return value;
      }
    }
    return parseData(this.text, this.file);
  }

  /** Like files/parse.ts locatePointer, but parses the config once, not once per lookup (1,000 services). */
  private locate(pointer: string): { line: number; column: number } | undefined {
    const { doc, lines } = this.parsed();
    let tokens = splitPointer(pointer);
    while (true) {
      const node = doc.getIn(tokens, true) as Node | undefined;
      if (isNode(node) && node.range) {
        const pos = lines.linePos(node.range[0]);
        return { line: pos.line, column: pos.col };
      }
      if (tokens.length === 0) return locatePointer(this.text, pointer);
      tokens = tokens.slice(0, -1);
    }
  }

  throwIfAny(): void {
    if (this.list.length === 0) return;
    const sorted = [...this.list].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
    throw new ConfigError(sorted);
  }
}

function repoPath(value: string, pointer: string, problems: Problems, what: string): string | undefined {
  try {
    const p = normalizeRepoPath(value);
    if (p === "") {
      problems.add(pointer, `${readablePath(pointer)} names the repository root, not a ${what}`, `give the ${what}'s path relative to the repository root`);
      return undefined;
    }
    return p;
  } catch (err) {
    const why = (err as Error).message;
    problems.add(pointer, `${readablePath(pointer)}: ${why}`, `paths in the config are relative to the repository root and may not leave it`);
    return undefined;
  }
}

function duration(value: string | undefined, pointer: string, problems: Problems): void {
  if (value === undefined) return;
  const d = parseGoDuration(value);
  if (!d.ok) problems.add(pointer, `${readablePath(pointer)}: ${d.error}`, "use a Go duration such as 300ms, 10s or 1m30s");
  else if (d.nanos < 0n) problems.add(pointer, `${readablePath(pointer)}: a duration may not be negative`, "use a Go duration such as 300ms, 10s or 1m30s");
}

/** A value checked by the rule its command-line flag uses too (settings.ts). */
function setting<T>(rule: SettingRule<T>, value: string | number, pointer: string, problems: Problems): void {
  const c = rule.check(value);
  if (!c.ok) problems.add(pointer, `${readablePath(pointer)}: ${c.problem}`, c.hint);
}

function statusClass(rc: RawResponseClass, pointer: string, problems: Problems): StatusClass | undefined {
  const s = rc.status;
  let min: number;
  let max: number;
  if (typeof s === "number") min = max = s;
  else if (typeof s === "string") {
    min = Number(s[0]) * 100;
    max = min + 99;
  } else {
    ({ min, max } = s);
    if (min > max) {
      problems.add(joinPointer(pointer, "status"), `${readablePath(pointer)}.status: min ${min} is greater than max ${max}`, "swap them");
      return undefined;
    }
  }
  return { min, max, isFailure: rc.isFailure };
}

function tuning(raw: RawTuning | undefined, pointer: string, problems: Problems): RouteTuning | undefined {
  if (!raw) return undefined;
  duration(raw.timeout, joinPointer(pointer, "timeout"), problems);
  const out: RouteTuning = {};
  if (raw.timeout !== undefined) out.timeout = raw.timeout;
  if (raw.isRetryable !== undefined) out.isRetryable = raw.isRetryable;
  if (raw.responseClasses) {
    out.responseClasses = raw.responseClasses
      .map((rc, i) => statusClass(rc, joinPointer(pointer, "responseClasses", i), problems))
      .filter((c): c is StatusClass => c !== undefined);
  }
  return out;
}

/** The service's gateway settings over the config's, field by field (retry too); each value checked where it is written. */
function gatewayOptions(top: RawGateway | undefined, own: RawGateway | undefined, at: string, problems: Problems): GatewayOptions {
  const check = (g: RawGateway | undefined, pointer: string) => {
    const retry = g?.retry;
    if (!retry) return;
    const where = joinPointer(pointer, "gateway", "retry");
    const rules = { http: RETRY_HTTP, grpc: RETRY_GRPC, timeout: RETRY_TIMEOUT } as const;
    for (const key of ["http", "grpc", "timeout"] as const) {
      const value = retry[key];
      if (value !== undefined) setting(rules[key], value, joinPointer(where, key), problems);
    }
  };
  if (at === "") check(top, "");
  else check(own, at);
  const retry = { ...(top?.retry ?? {}), ...(own?.retry ?? {}) };
  const merged: GatewayOptions = { ...(top ?? {}), ...(own ?? {}) } as GatewayOptions;
  if (Object.keys(retry).length) merged.retry = retry;
  else delete merged.retry;
  return merged;
}

/** A `linkerd: { version }` setting, checked by the rule the --linkerd-version flag uses. */
function linkerdVersion(raw: RawLinkerd | undefined, at: string, problems: Problems): LinkerdVersion | undefined {
  if (raw?.version === undefined) return undefined;
  const pointer = joinPointer(at, "linkerd", "version");
  const value = raw.version;
  if (typeof value === "number") {
    problems.add(pointer, `${readablePath(pointer)}: write the version as a string: YAML reads it as the number ${value}`, `quote it, e.g. version: "2.20"`);
    return undefined;
  }
  const parsed = typeof value === "string" ? parseLinkerdVersion(value) : undefined;
  if (!parsed) problems.add(pointer, `${readablePath(pointer)}: ${linkerdVersionValueError(typeof value === "string" ? value : JSON.stringify(value))}`, "the default is \"2.20\", the current release");
  return parsed;
}

function normalise(raw: RawConfig, file: string, problems: Problems): RepoConfig {
  gatewayOptions(raw.gateway, undefined, "", problems);
  const topLinkerd = linkerdVersion(raw.linkerd, "", problems);
  const output = repoPath(raw.output, "/output", problems, "directory") ?? "";
  if (output === ".git" || output.startsWith(".git/")) {
    problems.add("/output", `output: ${output} is inside git's own directory`, "choose a directory of the work tree, e.g. deploy/serviceprofiles");
  }
  const clusterDomain = raw.clusterDomain ?? DEFAULT_CLUSTER_DOMAIN;
  setting(CLUSTER_DOMAIN, clusterDomain, "/clusterDomain", problems);
  const ignore = raw.ignore ?? [];
  ignore.forEach((g, i) => {
    try {
      compileGlob(g);
    } catch (err) {
      const message = (err as Error).message;
      problems.add(joinPointer("/ignore", i), message, message.startsWith("unclosed") ? "close the brace" : "write a class like [a-z] or [!._]");
    }
  });

  for (const key of ["include", "exclude"] as const) {
    (raw.guard?.[key] ?? []).forEach((g, i) => {
      try {
        compileGlob(g);
      } catch (err) {
        const message = (err as Error).message;
        problems.add(joinPointer("/guard", key, i), message, message.startsWith("unclosed") ? "close the brace" : "write a class like [a-z] or [!._]");
      }
    });
  }

  const services: ServiceConfig[] = [];
  const byIdentity = new Map<string, string>();
  const byOutput = new Map<string, string>();
  const serviceLines = problems.itemLines("/services");
  raw.services.forEach((s, i) => {
    const at = joinPointer("/services", i);
    const label = readablePath(at);
    const nameError = serviceNameError(s.name);
    if (nameError) problems.add(joinPointer(at, "name"), nameError, "Kubernetes service names are DNS-1035 labels: lower case letters, digits and '-', starting with a letter");
    const nsError = namespaceError(s.namespace);
    if (nsError) problems.add(joinPointer(at, "namespace"), nsError, "namespaces are DNS-1123 labels: lower case letters, digits and '-'");
    (s.profileNamespaces ?? []).forEach((ns, k) => {
      const err = namespaceError(ns);
      if (err) problems.add(joinPointer(at, "profileNamespaces", k), err, "namespaces are DNS-1123 labels: lower case letters, digits and '-'");
    });

    let source: ServiceSource | undefined;
    if (s.openapi !== undefined) {
      const f = repoPath(s.openapi, joinPointer(at, "openapi"), problems, "file");
      if (f !== undefined) source = { kind: "openapi", file: f };
      for (const key of ["protoServices", "routeNames"] as const) {
        if (s[key] !== undefined) problems.add(joinPointer(at, key), `${label}.${key} applies to proto sources only`, "remove it, or use proto: instead of openapi:");
      }
    } else if (s.proto !== undefined) {
      const list = typeof s.proto === "string" ? [s.proto] : s.proto;
      const files = list.map((f, k) => repoPath(f, typeof s.proto === "string" ? joinPointer(at, "proto") : joinPointer(at, "proto", k), problems, "file"));
      if (files.every((f): f is string => f !== undefined)) {
        source = { kind: "proto", files: [...new Set(files)] };
        if (s.protoServices?.length) source.protoServices = [...s.protoServices];
        if (s.routeNames) source.routeNames = s.routeNames;
      }
    }
    if (s.basePath !== undefined && s.openapi === undefined) {
      problems.add(joinPointer(at, "basePath"), `${label}.basePath applies to openapi sources only`, "gRPC paths are fixed by the proto package and service; remove it");
    }
    if (s.retryBudget) duration(s.retryBudget.ttl, joinPointer(at, "retryBudget", "ttl"), problems);
    const defaults = tuning(s.defaults, joinPointer(at, "defaults"), problems);
    const routes: Record<string, RouteTuning> = {};
    for (const [name, t] of Object.entries(s.routes ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      routes[name] = tuning(t, joinPointer(at, "routes", name), problems) ?? {};
    }
    const tap = (s.tap ?? []).map((f, k) => repoPath(f, joinPointer(at, "tap", k), problems, "file")).filter((f): f is string => f !== undefined);

    const identity = `${s.namespace}/${s.name}`;
    const previous = byIdentity.get(identity);
    if (previous) {
      problems.add(at, `${label} repeats service "${s.name}" in namespace "${s.namespace}" (already at ${previous})`, "merge the two entries; use profileNamespaces for more namespaces");
    } else byIdentity.set(identity, label);

    const profileNamespaces = [...new Set(s.profileNamespaces ?? [s.namespace])].sort();
    const target: Target = s.target ?? raw.target ?? "serviceprofile";
    const gateway = gatewayOptions(raw.gateway, s.gateway, at, problems);
    // The service's own Linkerd version wins, like its gateway: settings.
    const ownLinkerd = linkerdVersion(s.linkerd, at, problems);
    const linkerd = ownLinkerd ?? topLinkerd;
    if (linkerd !== undefined) gateway.linkerdVersion = linkerd;
    // Likewise the service's Gateway API bundle (already one of the schema's enum).
    const bundle = s.gatewayAPI?.bundle ?? raw.gatewayAPI?.bundle;
    if (bundle !== undefined) gateway.gatewayApiBundle = bundle;
    for (const ns of previous ? [] : profileNamespaces) {
      for (const out of outputPaths(output, ns, s.name, target)) {
        const other = byOutput.get(out);
        if (other && other !== label) {
          problems.add(at, `${label} and ${other} both write ${out}`, "a profile file is <output>/<profile namespace>/<service>.yaml (routes: <service>.routes.yaml): give the services different names or profile namespaces");
        } else byOutput.set(out, label);
      }
    }
    if (target !== "serviceprofile" && gateway.apiVersion === "linkerd" && s.proto !== undefined) {
      problems.add(
        s.gateway?.apiVersion !== undefined ? joinPointer(at, "gateway", "apiVersion") : "/gateway/apiVersion",
        `${label} is a gRPC service, and policy.linkerd.io has no GRPCRoute`,
        "use gateway: { apiVersion: v1 } (Linkerd 2.18+) or v1beta1 (Linkerd 2.15-2.17) for this service",
      );
    }

    if (target !== "serviceprofile" && bundle !== undefined && (gateway.apiVersion ?? "v1") !== "v1") {
      problems.add(
        s.gatewayAPI?.bundle !== undefined ? joinPointer(at, "gatewayAPI", "bundle") : "/gatewayAPI/bundle",
        `${label}: ${bundleApiVersionProblem(gateway.apiVersion!)}`,
        "remove gatewayAPI.bundle for this service, or use gateway: { apiVersion: v1 }",
      );
    }
    const unread = target !== "serviceprofile" ? apiVersionProblem(gateway.apiVersion, gateway.linkerdVersion) : undefined;
    if (unread) {
      const pointer = ownLinkerd !== undefined ? joinPointer(at, "linkerd", "version") : s.gateway?.apiVersion !== undefined ? joinPointer(at, "gateway", "apiVersion") : "/linkerd/version";
      problems.add(pointer, `${label}: ${unread.message}`, unread.hint);
    }

    if (!source) return;
    const overrides: RouteOverrides = {};
    if (defaults) overrides.defaults = defaults;
    if (Object.keys(routes).length) overrides.routes = routes;
    const service: ServiceConfig = {
      name: s.name,
      namespace: s.namespace,
      source,
      target,
      gateway,
      profileNamespaces,
      overrides,
      tap,
      pointer: at,
      line: serviceLines[i] ?? problems.line(at),
      ...(Object.keys(routes).length ? { routeLines: routeKeyLines(Object.keys(routes), at, problems) } : {}),
      specFiles: source.kind === "openapi" ? [source.file] : source.files,
    };
    if (s.basePath !== undefined) service.basePath = s.basePath;
    if (s.app !== undefined) {
      try {
        service.app = normalizeRepoPath(s.app);
      } catch (err) {
        problems.add(joinPointer(at, "app"), `${readablePath(joinPointer(at, "app"))}: ${(err as Error).message}`, "app is the application directory, relative to the config's root (\".\" for the root itself)");
      }
    }
    if (s.retryBudget) service.retryBudget = { ...s.retryBudget };
    if ((s.routeOrder ?? raw.routeOrder) === "specific-first") service.routeOrder = "specific-first";
    services.push(service);
  });

  const config: RepoConfig = { file, output, clusterDomain, ignore: [...ignore], services };
  if (topLinkerd !== undefined) config.linkerdVersion = topLinkerd;
  if (raw.guard) config.guard = { include: raw.guard.include && [...raw.guard.include], exclude: raw.guard.exclude && [...raw.guard.exclude], rules: raw.guard.rules && { ...raw.guard.rules } };
  return config;
}

function routeKeyLines(names: string[], at: string, problems: Problems): Record<string, number> {
  const lines: Record<string, number> = {};
  for (const name of names) {
    const line = problems.line(joinPointer(at, "routes", name));
    if (line !== undefined) lines[name] = line;
  }
  return lines;
}

/** `<output>/<profile namespace>/<service>.yaml`. */
export function profilePath(output: string, profileNamespace: string, service: string): string {
  return `${output}/${profileNamespace}/${service}.yaml`;
}

/** `<output>/<namespace>/<service>.routes.yaml`: the service's Gateway API routes in that namespace. */
export function routesPath(output: string, routeNamespace: string, service: string): string {
  return `${output}/${routeNamespace}/${service}.routes.yaml`;
}

/** The files a service writes into one namespace. */
export function outputPaths(output: string, namespace: string, service: string, target: Target): string[] {
  const out: string[] = [];
  if (target !== "gateway") out.push(profilePath(output, namespace, service));
  if (target !== "serviceprofile") out.push(routesPath(output, namespace, service));
  return out;
}

export function kustomizationPath(output: string): string {
  return `${output}/kustomization.yaml`;
}

/**
 * The parts of a service entry that decide its generated text, in a fixed
 * shape: the fingerprint hashes this, so two configs that differ only in
 * formatting, key order or comments fingerprint the same.
 */
export function generationInputs(config: RepoConfig, service: ServiceConfig): unknown {
  return {
    clusterDomain: config.clusterDomain,
    name: service.name,
    namespace: service.namespace,
    source: service.source,
    basePath: service.basePath ?? null,
    retryBudget: service.retryBudget ?? null,
    overrides: service.overrides,
    // Only when Gateway API output is on, so configs without it keep their fingerprints.
    ...(service.target !== "serviceprofile" ? { target: service.target, gateway: service.gateway } : {}),
    // Likewise only when set: it reorders the profile's routes.
    ...(service.routeOrder ? { routeOrder: service.routeOrder } : {}),
  };
}
