/**
 * Protobuf -> routes, as `linkerd profile --proto` makes them: every rpc of
 * every service, in declaration order, is a POST route whose pathRegex is the
 * quoted gRPC path `/<package>.<Service>/<Method>`; an rpc is retryable when
 * its first idempotency option says IDEMPOTENT or NO_SIDE_EFFECTS.
 *
 * Beyond Linkerd: several files make one route list, services can be
 * filtered, and route names can be qualified when short names collide.
 *
 * Each file is parsed on its own; `import`s are never followed (route paths
 * only need the file's own package, service and rpc names).
 * An empty file, or one without services, yields no routes and a warning.
 */
import { isUtf8 } from "node:buffer";
import type { Method, Namespace, ReflectionObject } from "protobufjs";
import { SpecError, type Diagnostic } from "../model/diagnostic.js";
import { quoteMeta } from "../model/path-regex.js";
import type { GrpcMatch, Route, SourceResult } from "../model/route.js";
import { decodeUtf8, lineColumnAt } from "../files/parse.js";
import { normalizeRepoPath, readRequired, type SourceReader } from "../files/reader.js";
import { IDEMPOTENCY_OPTION, isBlankProto, outlineProto } from "./proto-outline.js";

/** `short`: `Method` (Linkerd's); `service`: `Service/Method`; `full`: `/pkg.Service/Method`. */
export type RouteNameMode = "short" | "service" | "full";

export const ROUTE_NAME_MODES: readonly RouteNameMode[] = ["short", "service", "full"];

export interface ProtoOptions {
  /** Keep only these services, by simple (`VotingService`) or full (`emojivoto.v1.VotingService`) name. Empty or absent: all. */
  services?: string[];
  routeNames?: RouteNameMode;
}

/** One rpc as found in a file, before naming and filtering. */
interface RpcInfo {
  file: string;
  /** Full service name without a leading dot: `emojivoto.v1.VotingService`. */
  service: string;
  serviceSimple: string;
  method: string;
  line?: number;
  retryable: boolean;
}

type Protobuf = typeof import("protobufjs");
let protobuf: Promise<Protobuf> | undefined;

/** protobufjs, loaded on first use: a run without proto sources never pays for its modules. */
function loadProtobuf(): Promise<Protobuf> {
  // CommonJS: module.exports is the default export (Node and the bundle alike).
  protobuf ??= import("protobufjs").then((m) => (m as Protobuf & { default?: Protobuf }).default ?? m);
  return protobuf;
}

export async function protoRoutes(reader: SourceReader, files: string[], options: ProtoOptions = {}): Promise<SourceResult> {
  const mode = options.routeNames ?? "short";
  if (!ROUTE_NAME_MODES.includes(mode)) {
    throw new SpecError({ message: `unknown route name mode "${String(mode)}"`, hint: `use one of: ${ROUTE_NAME_MODES.join(", ")}` });
  }
  const pb = await loadProtobuf();
  // The same file named twice would only duplicate every route.
  const inputs = [...new Set(files.map((f) => normalizeRepoPath(f)))];
  const warnings: Diagnostic[] = [];
  const rpcs: RpcInfo[] = [];
  const servicesSeen: string[] = [];

  for (const file of inputs) {
    // The bytes live only inside readOutline: held by this frame, they would
    // outlast protobufjs's allocations and be promoted (4 MB for compute.proto).
    const { outline, empty } = await readRequired(reader, file, "proto file").then((data) => readOutline(data, file));
    const found = protoServices(pb, outline, file);
    if (found.length === 0) {
      warnings.push({
        severity: "warning",
        message: empty ? "the proto file is empty: no services, no routes" : "the proto file declares no service: no routes",
        file,
        hint: "name the .proto file that declares the service (`service Foo { rpc ... }`)",
      });
    }
    for (const svc of found) {
      if (!servicesSeen.includes(svc.service)) servicesSeen.push(svc.service);
      for (const rpc of svc.rpcs) rpcs.push(rpc);
    }
  }

  const selected = filterServices(rpcs, options.services, servicesSeen, inputs);
  const routes = selected.map((rpc) => toRoute(rpc, mode));
  warnings.push(...collisionWarnings(routes, selected, mode));
  return { routes, inputs, warnings };
}

/**
 * The file's outline (see proto-outline.ts), made from its bytes, and
 * whether the file is blank. Invalid UTF-8 is an error at its place.
 */
function readOutline(data: Buffer, file: string): { outline: string; empty: boolean } {
  if (!isUtf8(data)) decodeProto(data, file); // throws, naming the place
  return { outline: outlineProto(data), empty: isBlankProto(data) };
}

function decodeProto(data: Buffer, file: string): string {
  try {
    return decodeUtf8(data, file);
  } catch (err) {
    if (err instanceof SpecError) {
      // A binary file here is most often a compiled descriptor set.
      throw new SpecError({
        ...err.diagnostic,
        hint: "save the file as UTF-8; a .proto source file is expected, not a compiled descriptor set (.pb/.desc)",
      });
    }
    throw err;
  }
}

/** `/pkg.Service/Method` (`/Service/Method` without a package). */
export function grpcPath(service: string, method: string): string {
  return `/${service}/${method}`;
}

function routeName(rpc: RpcInfo, mode: RouteNameMode): string {
  if (mode === "service") return `${rpc.serviceSimple}/${rpc.method}`;
  if (mode === "full") return grpcPath(rpc.service, rpc.method);
  return rpc.method;
}

function toRoute(rpc: RpcInfo, mode: RouteNameMode): Route {
  const path = grpcPath(rpc.service, rpc.method);
  const match: GrpcMatch = { kind: "grpc", service: rpc.service, method: rpc.method, path, pathRegex: quoteMeta(path) };
  const route: Route = {
    name: routeName(rpc, mode),
    match,
    statusClasses: [],
    origin: { file: rpc.file, pointer: `${rpc.service}.${rpc.method}`, ...(rpc.line !== undefined ? { line: rpc.line } : {}) },
  };
  if (rpc.retryable) route.isRetryable = true;
  return route;
}

function filterServices(rpcs: RpcInfo[], filter: string[] | undefined, services: string[], files: string[]): RpcInfo[] {
  if (!filter || filter.length === 0) return rpcs;
  const wanted = filter.map((f) => f.trim().replace(/^\./, ""));
  const matches = (entry: string, service: string) => entry === service || entry === service.slice(service.lastIndexOf(".") + 1);
  const unmatched = wanted.filter((entry) => !services.some((s) => matches(entry, s)));
  if (unmatched.length) {
    const listed = services.length ? services.join(", ") : "none";
    throw new SpecError({
      message: `service filter ${unmatched.map((u) => `"${u}"`).join(", ")} matches no service in ${files.join(", ")} (services: ${listed})`,
      file: files.length === 1 ? files[0] : undefined,
      hint: "name a service by its simple name (VotingService) or its full name with the package (emojivoto.v1.VotingService)",
    });
  }
  return rpcs.filter((rpc) => wanted.some((entry) => matches(entry, rpc.service)));
}

function collisionWarnings(routes: Route[], rpcs: RpcInfo[], mode: RouteNameMode): Diagnostic[] {
  const byName = new Map<string, number[]>();
  routes.forEach((r, i) => {
    const list = byName.get(r.name);
    if (list) list.push(i);
    else byName.set(r.name, [i]);
  });
  const warnings: Diagnostic[] = [];
  for (const [name, indexes] of byName) {
    // Copies of one rpc from several files are one route (targets/unique-routes.ts merges them), not a clash.
    if (new Set(indexes.map((i) => grpcPath(rpcs[i]!.service, rpcs[i]!.method))).size < 2) continue;
    const who = indexes.map((i) => {
      const rpc = rpcs[i]!;
      return `${grpcPath(rpc.service, rpc.method)} (${rpc.file}${rpc.line !== undefined ? `:${rpc.line}` : ""})`;
    });
    const second = rpcs[indexes[1]!]!;
    const better = mode === "short" ? "`routeNames: service` or `routeNames: full` (--route-names service|full)" : "`routeNames: full` (--route-names full)";
    warnings.push({
      severity: "warning",
      message: `route name "${name}" is used by ${indexes.length} rpcs: ${who.join(", ")}; all are kept, but overrides and route diffs, which key routes by name, cannot tell them apart`,
      file: second.file,
      ...(second.line !== undefined ? { line: second.line } : {}),
      hint: `qualify route names with ${better}`,
    });
  }
  return warnings;
}

interface FoundService {
  service: string;
  rpcs: RpcInfo[];
}

/**
 * Parses one file's outline (message bodies and unread rpc options blanked,
 * every place kept); services and rpcs in declaration order. The outline is
 * what routes need, at a fraction of the whole file's cost to protobufjs.
 */
function protoServices(pb: Protobuf, text: string, file: string): FoundService[] {
  let root: Namespace;
  try {
    root = pb.parse(text, { keepCase: true }).root;
  } catch (err) {
    throw syntaxError(pb, err as Error, text, file);
  }
  const lines = declarationLines(text);
  const found: FoundService[] = [];
  const visit = (ns: ReflectionObject) => {
    if (ns instanceof pb.Service) {
      const service = ns.fullName.replace(/^\./, "");
      const at = lines.take(ns.name);
      found.push({
        service,
        rpcs: ns.methodsArray.map((m) => ({
          file,
          service,
          serviceSimple: ns.name,
          method: m.name,
          line: at?.rpcs.get(m.name),
          retryable: isRetryable(m),
        })),
      });
    }
    if (ns instanceof pb.Namespace) ns.nestedArray.forEach(visit);
  };
  visit(root);
  return found;
}

/**
 * Linkerd looks at the rpc's options in order and decides on the first whose
 * name contains `idempotency_level`: retryable when its value is IDEMPOTENT
 * or NO_SIDE_EFFECTS (bare or quoted). protobufjs nests `(ext).field = X` as
 * `{"(ext)": {field: X}}`, so option paths are flattened before the check.
 */
function isRetryable(method: Method): boolean {
  for (const option of method.parsedOptions ?? []) {
    for (const [name, value] of flattenOptions(option as Record<string, unknown>)) {
      if (name.includes(IDEMPOTENCY_OPTION)) return value === "IDEMPOTENT" || value === "NO_SIDE_EFFECTS";
    }
  }
  return false;
}

function flattenOptions(option: Record<string, unknown>, prefix = ""): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const [key, value] of Object.entries(option)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === "object" && !Array.isArray(value)) out.push(...flattenOptions(value as Record<string, unknown>, name));
    else out.push([name, value]);
  }
  return out;
}

// ---- source positions (protobufjs keeps none for services and methods) ----

interface ServiceLines {
  rpcs: Map<string, number>;
}

/**
 * Lines of `service X` and `rpc Y` declarations, found by scanning the text
 * past comments and strings. Each `rpc` belongs to the service declared
 * before it; services with the same simple name are taken in order.
 */
function declarationLines(text: string): { take(service: string): ServiceLines | undefined } {
  const byService = new Map<string, ServiceLines[]>();
  let current: ServiceLines | undefined;
  let line = 1;
  let counted = 0; // newlines before this offset are in `line`
  // One pass: a comment or a string is matched (and passed over) where it starts, as
  // blanking them first would; a declaration never holds the start of either.
  const re = new RegExp(DECLARATION_OR_SKIPPED.source, "g");
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const [, kind, name] = m;
    if (kind === undefined) continue;
    for (let i = text.indexOf("\n", counted); i !== -1 && i < m.index; i = text.indexOf("\n", i + 1)) line++;
    counted = m.index;
    if (kind === "service") {
      current = { rpcs: new Map() };
      const list = byService.get(name!) ?? [];
      list.push(current);
      byService.set(name!, list);
    } else if (current && !current.rpcs.has(name!)) {
      current.rpcs.set(name!, line);
    }
  }
  return { take: (service) => byService.get(service)?.shift() };
}

/**
 * Comments, and string literals up to their line's end: what is blanked
 * before declarations are looked for. An unclosed comment runs to the end.
 */
const COMMENT_OR_STRING = /\/\/[^\n]*|\/\*[\s\S]*?(?:\*\/|$)|"(?:[^"\\\n]|\\[\s\S]?)*"?|'(?:[^'\\\n]|\\[\s\S]?)*'?/g;
const DECLARATION_OR_SKIPPED = new RegExp(String.raw`${COMMENT_OR_STRING.source}|\b(service|rpc)\s+([A-Za-z_][A-Za-z0-9_]*)`, "g");

const blankOut = (s: string) => (s.indexOf("\n") === -1 ? " ".repeat(s.length) : s.replace(/[^\n]/g, " "));

/** Replaces comments and string literals with spaces, keeping offsets and newlines. */
function maskCommentsAndStrings(text: string): string {
  return text.replace(COMMENT_OR_STRING, blankOut);
}

// ---- syntax errors with line and column ----

const SYNTAX_HINT = "fix the protobuf syntax at this place (`protoc` or `buf lint` report the same problem); the file must be .proto source text";

/**
 * protobufjs reports `illegal token 'x' (line 3)` without a column. The
 * column is found by trying each occurrence of the token on that line: the
 * first one at which the text, cut right after it, fails the same way is the
 * one the parser stopped at.
 */
/** protoc's message nesting limit, which protobufjs enforces too (util.nestingLimit; option values get 100). */
const PROTO_NESTING = 32;

/** protobufjs's "max depth exceeded", placed at the first `{` nested deeper than protoc allows. */
function tooDeepError(text: string, file: string): SpecError {
  const masked = maskCommentsAndStrings(text);
  let depth = 0;
  let at = -1;
  for (let i = 0; i < masked.length && at < 0; i++) {
    const c = masked.charCodeAt(i);
    if (c === 0x7b && ++depth > PROTO_NESTING + 1) at = i;
    else if (c === 0x7d) depth--;
  }
  return new SpecError({
    message: `refused: declarations nested too deeply (more than ${PROTO_NESTING} nested messages, or an option value more than 100 levels deep)`,
    file,
    ...(at >= 0 ? lineColumnAt(text, at) : {}),
    hint: "protoc refuses the same file: flatten the nested messages (declare them side by side) or the option value",
  });
}

function syntaxError(pb: Protobuf, err: Error, text: string, file: string): SpecError {
  const message = err.message;
  if (message === "max depth exceeded") return tooDeepError(text, file);
  const located = /^(illegal (.+?)(?: '(.*?)')?(?:, '.*' expected)?) \((?:.*, )?line (\d+)\)$/s.exec(message);
  if (!located) {
    return new SpecError({ message: `invalid proto: ${message}`, file, ...duplicateLocation(message, text), hint: SYNTAX_HINT });
  }
  const [, what, kind, token, lineText] = located;
  const line = Number(lineText);
  const lineBody = text.slice(lineStart(text, line)).split("\n", 1)[0]!;
  if (token === "null" && !/\bnull\b/.test(lineBody)) {
    // The tokenizer ran out of input.
    const end = lineColumnAt(text, text.length);
    return new SpecError({
      message: "invalid proto: unexpected end of file (an unclosed `{` or a missing `;`?)",
      file,
      line: end.line,
      column: end.column,
      hint: SYNTAX_HINT,
    });
  }
  const place = kind === "comment" ? unclosedComment(text, line) : { line, column: findColumn(pb, text, line, kind!, token, message) };
  return new SpecError({ message: `invalid proto: ${what}`, file, line: place.line, ...(place.column !== undefined ? { column: place.column } : {}), hint: SYNTAX_HINT });
}

function lineStart(text: string, line: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf("\n", offset);
    if (nl === -1) return text.length;
    offset = nl + 1;
  }
  return offset;
}

function findColumn(pb: Protobuf, text: string, line: number, what: string, token: string | undefined, message: string): number | undefined {
  const start = lineStart(text, line);
  const end = text.indexOf("\n", start) === -1 ? text.length : text.indexOf("\n", start);
  const lineText = text.slice(start, end);
  if (what === "string") return col(unclosedQuote(lineText));
  if (token === undefined || token === "") return undefined;
  const candidates: number[] = [];
  const word = /^\w+$/.test(token);
  for (let i = lineText.indexOf(token); i !== -1; i = lineText.indexOf(token, i + 1)) {
    const before = lineText[i - 1] ?? "";
    const after = lineText[i + token.length] ?? "";
    if (word && (/\w/.test(before) || /\w/.test(after))) continue;
    candidates.push(i);
  }
  if (candidates.length <= 1) return col(candidates[0] ?? -1);
  for (const i of candidates) {
    try {
      pb.parse(text.slice(0, start + i + token.length), { keepCase: true });
    } catch (err) {
      if ((err as Error).message === message) return col(i);
    }
  }
  return col(candidates[0]!);
}

/**
 * protobufjs reports an unclosed block comment at the line where the input
 * ran out; the useful place is the `/*` that opened it.
 */
function unclosedComment(text: string, line: number): { line: number; column?: number } {
  const start = lineStart(text, line);
  const nl = text.indexOf("\n", start);
  const end = nl === -1 ? text.length : nl;
  const open = text.lastIndexOf("/*", end);
  const at = open !== -1 && text.indexOf("*/", open + 2) === -1 ? open : text.lastIndexOf("/", end);
  return at === -1 ? { line } : lineColumnAt(text, at);
}

function col(index: number): number | undefined {
  return index < 0 ? undefined : index + 1;
}

/** Index of the quote that opens a string not closed on this line (or the first quote). */
function unclosedQuote(lineText: string): number {
  let open = -1;
  for (let i = 0; i < lineText.length; i++) {
    const c = lineText[i];
    if (open === -1 && (c === '"' || c === "'")) open = i;
    else if (open !== -1 && c === "\\") i++;
    else if (open !== -1 && c === lineText[open]) open = -1;
  }
  return open !== -1 ? open : lineText.search(/["']/);
}

/** `duplicate name 'A' in Service S` carries no line: point at the second declaration. */
function duplicateLocation(message: string, text: string): { line?: number; column?: number } {
  const m = /^duplicate name '([A-Za-z0-9_]+)' in /.exec(message);
  if (!m) return {};
  const masked = maskCommentsAndStrings(text);
  const re = new RegExp(`\\b(?:service|rpc|message|enum)\\s+(${m[1]})\\b`, "g");
  const hits = [...masked.matchAll(re)];
  const hit = hits[1] ?? hits[0];
  if (!hit) return {};
  return lineColumnAt(text, hit.index + hit[0].length - m[1]!.length);
}
