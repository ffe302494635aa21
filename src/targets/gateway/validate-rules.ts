/**
 * The rules a route object must also follow beyond its CRD's openAPIV3Schema:
 *  - the CRD's CEL rules (`x-kubernetes-validations`) that matter for what
 *    this project emits, as the chosen Gateway API bundle has them
 *    (./bundles.ts: v1.2.1 standard unless said otherwise), applied to
 *    the object as the API server sees it, i.e. after its defaults
 *    (an omitted `matches` is one `PathPrefix /` match, an omitted parentRef
 *    `kind` is `Gateway`, ...);
 *  - what Linkerd's policy controller refuses or ignores (linkerd2 tag
 *    version-2.20 unless said otherwise).
 * Every function reads `unknown` data defensively: the schema check reports
 * wrong shapes, these only skip them.
 */
import { RE2JS } from "re2js";
import { pathValueProblems } from "./path-value.js";
import type { BundleLimits } from "./bundles.js";

export interface RuleProblem {
  pointer: string;
  message: string;
}

export type RouteKind = "HTTPRoute" | "GRPCRoute";

/** What differs between the API versions checked against the v1 schema. */
export interface VersionLimits {
  kind: RouteKind;
  /** e.g. "gateway.networking.k8s.io/v1", for messages. */
  apiVersion: string;
  /** The API group an omitted parentRef `group` defaults to. */
  defaultParentGroup: string;
  /** Matches per rule the target's CRD allows (the v1 schema's own limit is checked by the schema). */
  maxMatchesPerRule?: number;
  /** Why `maxMatchesPerRule` is lower than the v1 schema's. */
  matchesReason?: string;
  /** Set when `rules[].timeouts` has no effect at this version: why. */
  timeoutsIgnored?: string;
  /**
   * Set when Linkerd reads `rules[].timeouts.request` with its one-number
   * annotation parser, so a compound value (1m30s) is silently ignored.
   */
  singleUnitRequestTimeout?: boolean;
  /** Filter types the target's CRD allows on rules, when fewer than v1's. */
  ruleFilterTypes?: string[];
  /** The CEL rules of the Gateway API bundle checked against. */
  bundle: BundleLimits;
  /** How messages name the CRD: "the HTTPRoute CRD of Gateway API v1.2.1-standard". */
  crd: string;
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

export function specProblems(spec: unknown, limits: VersionLimits): RuleProblem[] {
  if (!isObj(spec)) return [];
  const out: RuleProblem[] = [];
  parentRefProblems(spec.parentRefs, limits, out);
  // The API server defaults an omitted HTTPRoute `rules` to one rule matching `PathPrefix /`.
  const rules = limits.kind === "HTTPRoute" && spec.rules === undefined ? [{}] : list(spec.rules);
  let total = 0;
  rules.forEach((rule, i) => {
    if (!isObj(rule)) return;
    const at = `/spec/rules/${i}`;
    const matches = list(rule.matches);
    // HTTPRoute: an omitted `matches` defaults to one match; GRPCRoute's total counts it as 0 (its CEL rule says so).
    total += limits.kind === "HTTPRoute" && rule.matches === undefined ? 1 : matches.length;
    if (limits.maxMatchesPerRule !== undefined && matches.length > limits.maxMatchesPerRule) {
      out.push({
        pointer: `${at}/matches`,
        message: `rule ${i} has ${matches.length} matches, but ${limits.apiVersion} ${limits.kind} allows at most ${limits.maxMatchesPerRule} per rule (${limits.matchesReason}); split the rule`,
      });
    }
    matches.forEach((m, j) => {
      if (!isObj(m)) return;
      if (limits.kind === "HTTPRoute") httpMatchProblems(m, `${at}/matches/${j}`, out);
      else grpcMatchProblems(m, `${at}/matches/${j}`, out);
    });
    if (limits.kind === "HTTPRoute") timeoutProblems(rule.timeouts, `${at}/timeouts`, limits, out);
    filterProblems(rule.filters, `${at}/filters`, limits.ruleFilterTypes, limits, out);
    list(rule.backendRefs).forEach((b, k) => {
      if (!isObj(b)) return;
      backendRefProblems(b, `${at}/backendRefs/${k}`, out);
      filterProblems(b.filters, `${at}/backendRefs/${k}/filters`, undefined, limits, out);
    });
  });
  const maxTotal = limits.bundle.maxTotalMatches;
  if (maxTotal !== undefined && total > maxTotal) {
    out.push({
      pointer: "/spec/rules",
      message: `the route has ${total} matches in all (a rule without matches counts as one), but ${limits.crd} allows at most ${maxTotal} across its rules; split it into several objects`,
    });
  }
  return out;
}

/** The parent as the CEL uniqueness rules compare it, defaults applied. */
interface ParentKey {
  group: string;
  kind: string;
  name: unknown;
  namespace: string;
  sectionName: string;
  /** "" unless the bundle tells parents apart by port; 0 and absent are the same. */
  port: string;
}

function parentKey(p: Obj, defaultGroup: string, byPort: boolean): ParentKey {
  return {
    group: str(p.group) ?? defaultGroup,
    kind: str(p.kind) ?? "Gateway",
    name: p.name,
    // "" and absent are the same parent (the route's namespace), as in the CEL rule.
    namespace: str(p.namespace) ?? "",
    sectionName: str(p.sectionName) ?? "",
    port: byPort && p.port !== undefined && p.port !== 0 ? String(p.port) : "",
  };
}

function describeParent(p: ParentKey): string {
  return `${p.kind} ${JSON.stringify(p.name)}${p.namespace ? ` in namespace ${p.namespace}` : ""}`;
}

function parentRefProblems(refs: unknown, limits: VersionLimits, out: RuleProblem[]): void {
  if (refs === undefined || (Array.isArray(refs) && refs.length === 0)) {
    out.push({ pointer: "/spec/parentRefs", message: `the ${limits.kind} has no parentRefs: it must name the Service it applies to (kind: Service, group: core)` });
    return;
  }
  const keys: (ParentKey | undefined)[] = [];
  list(refs).forEach((p, i) => {
    if (!isObj(p)) return void keys.push(undefined);
    const at = `/spec/parentRefs/${i}`;
    keys.push(parentKey(p, limits.defaultParentGroup, limits.bundle.parentRefsByPort));
    // Linkerd attaches a mesh route to a Service only when the parentRef's kind
    // is Service and its group core or "" (policy-controller/k8s/index/src/outbound/index.rs,
    // `is_parent_service` and `is_service`). The API server defaults an omitted
    // kind to Gateway and an omitted group to the route's API group, so both
    // must be written out.
    if (p.kind === undefined) {
      out.push({ pointer: at, message: `parentRef ${i} has no kind: the API server would make it a Gateway; write kind: Service` });
    } else if (p.kind !== "Service") {
      out.push({ pointer: `${at}/kind`, message: `parentRef ${i} has kind ${JSON.stringify(p.kind)}: Linkerd routes attach to a Service, so kind must be "Service"` });
    }
    if (p.group === undefined) {
      out.push({ pointer: at, message: `parentRef ${i} has no group: the API server would set it to ${limits.defaultParentGroup} and Linkerd would not see a Service; write group: core (or "")` });
    } else if (p.group !== "core" && p.group !== "") {
      out.push({ pointer: `${at}/group`, message: `parentRef ${i} has group ${JSON.stringify(p.group)}: a Service parent needs group "core" or ""` });
    }
  });
  // CEL on spec.parentRefs: references to the same parent must each carry a
  // sectionName (v1.1.1-experimental: or a port), and distinct ones. The
  // standard channel's rule does not look at `port`: two parentRefs to one
  // Service on different ports are refused. Maps keep it linear however many
  // entries there are.
  const byPort = limits.bundle.parentRefsByPort;
  const firstByParent = new Map<string, number>();
  const firstBySection = new Map<string, number>();
  if (keys.length < 2) return; // one parent cannot repeat: the uniqueness rules below need two
  keys.forEach((a, i) => {
    if (!a) return;
    const parent = JSON.stringify([a.group, a.kind, a.name ?? null, a.namespace]);
    const j = firstByParent.get(parent);
    if (j === undefined) firstByParent.set(parent, i);
    const section = `${parent}\n${a.sectionName}\n${a.port}`;
    const k = firstBySection.get(section);
    if (k === undefined) firstBySection.set(section, i);
    const at = `/spec/parentRefs/${i}`;
    const b = j === undefined ? undefined : keys[j]!;
    if (b && (a.sectionName === "") !== (b.sectionName === "")) {
      out.push({ pointer: at, message: `parentRefs ${j} and ${i} reference the same parent (${describeParent(a)}) and only one has a sectionName: give both one, or neither` });
    } else if (b && byPort && (a.port === "") !== (b.port === "")) {
      out.push({ pointer: at, message: `parentRefs ${j} and ${i} reference the same parent (${describeParent(a)}) and only one has a port: give both one, or neither (${limits.crd})` });
    } else if (k !== undefined) {
      out.push({
        pointer: at,
        message: byPort
          ? `parentRefs ${k} and ${i} reference the same parent (${describeParent(a)}) with the same sectionName and port: ${limits.crd} refuses the repeat; attach once`
          : `parentRefs ${k} and ${i} reference the same parent (${describeParent(a)}): ${limits.crd} does not tell them apart by port, so attach once (without port for every port) or use one route object per port`,
      });
    }
  });
}

/**
 * Regexes shaped like the emitter's: optional anchors around literal
 * characters, punctuation escaped with '\\' (Go's QuoteMeta) and `[^/]*` or
 * `[^/]+`. Every such string is valid RE2 (an escaped ASCII punctuation mark is
 * always a literal), so it needs no compile, which costs re2js about 0.25 ms.
 * Each alternative starts with a different character: the test is linear.
 */
const PLAIN_REGEX = /^\^?(?:[^\\^$.|?*+()[\]{}\ud800-\udfff]|\\[!-/:-@[-`{-~]|\[\^\/\][*+])*\$?$/;

/** Whether `value` is in the subset above (and so valid RE2 without compiling it). */
export function isPlainRegex(value: string): boolean {
  return PLAIN_REGEX.test(value);
}

/** Whether `value` compiles as an RE2 regular expression, as Gateway API defines RegularExpression matches; the error text otherwise. */
export function re2Error(value: string): string | undefined {
  if (isPlainRegex(value)) return undefined;
  try {
    RE2JS.compile(value);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

// Longer than any match value the CRD allows (the schema reports it): not compiled.
const MAX_REGEX_LENGTH = 8192;

function regexProblem(value: unknown, pointer: string, what: string, out: RuleProblem[]): void {
  if (typeof value !== "string" || value.length > MAX_REGEX_LENGTH) return;
  const err = re2Error(value);
  if (err) out.push({ pointer, message: `${what} ${JSON.stringify(value)} is not a valid RE2 regular expression (${err})` });
}

function headerLikeProblems(items: unknown, at: string, what: string, out: RuleProblem[]): void {
  const seen = new Map<string, number>();
  list(items).forEach((h, i) => {
    if (!isObj(h)) return;
    // x-kubernetes-list-type: map keyed by name; the API server refuses duplicates.
    const name = str(h.name);
    if (name !== undefined) {
      const first = seen.get(name);
      if (first !== undefined) out.push({ pointer: `${at}/${i}/name`, message: `${what} ${JSON.stringify(name)} is matched twice (entries ${first} and ${i}); each name may appear once` });
      else seen.set(name, i);
    }
    // Linkerd parses these as regular expressions (policy-controller/k8s/index/src/routes/http.rs, `header_match`, `query_param_match`).
    if (h.type === "RegularExpression") regexProblem(h.value, `${at}/${i}/value`, `the ${what} value`, out);
  });
}

function httpMatchProblems(m: Obj, at: string, out: RuleProblem[]): void {
  if (isObj(m.path)) {
    const type = m.path.type ?? "PathPrefix";
    const value = m.path.value ?? "/";
    if (typeof value === "string") {
      if (type === "Exact" || type === "PathPrefix") {
        for (const message of pathValueProblems(value)) out.push({ pointer: `${at}/path/value`, message: `${type} ${message}` });
      } else if (type === "RegularExpression") {
        regexProblem(value, `${at}/path/value`, "the path", out);
      }
    }
  }
  headerLikeProblems(m.headers, `${at}/headers`, "header", out);
  headerLikeProblems(m.queryParams, `${at}/queryParams`, "query parameter", out);
}

// The GRPCRoute CRD's CEL rules for Exact method matches.
const GRPC_SERVICE = /^\.?[a-z_][a-z_0-9]*(\.[a-z_][a-z_0-9]*)*$/i;
const GRPC_METHOD = /^[A-Za-z_][A-Za-z_0-9]*$/;

function grpcMatchProblems(m: Obj, at: string, out: RuleProblem[]): void {
  if (isObj(m.method)) {
    const mm = m.method;
    const type = mm.type ?? "Exact";
    if (mm.service === undefined && mm.method === undefined) {
      out.push({ pointer: `${at}/method`, message: "a gRPC method match needs a service, a method, or both" });
    }
    if (type === "Exact") {
      if (typeof mm.service === "string" && !GRPC_SERVICE.test(mm.service)) {
        out.push({ pointer: `${at}/method/service`, message: `gRPC service ${JSON.stringify(mm.service)} is not a valid name: dot-separated identifiers of letters, digits and '_' (like pkg.v1.Books)` });
      }
      if (typeof mm.method === "string" && !GRPC_METHOD.test(mm.method)) {
        out.push({ pointer: `${at}/method/method`, message: `gRPC method ${JSON.stringify(mm.method)} is not a valid name: letters, digits and '_', not starting with a digit` });
      }
    } else if (type === "RegularExpression") {
      // policy-controller/k8s/index/src/routes/grpc.rs, `try_match`: "unsupported GRPCRoute method match type".
      out.push({ pointer: `${at}/method/type`, message: "Linkerd refuses RegularExpression gRPC method matches: use Exact" });
    }
  }
  headerLikeProblems(m.headers, `${at}/headers`, "header", out);
}

/** A Gateway API duration (`^([0-9]{1,5}(h|m|s|ms)){1,4}$`) in milliseconds, or undefined when it is not one. */
export function gatewayDurationMs(value: string): number | undefined {
  if (!/^([0-9]{1,5}(h|m|s|ms)){1,4}$/.test(value)) return undefined;
  const unit: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
  let ms = 0;
  for (const [, n, u] of value.matchAll(/([0-9]{1,5})(ms|h|m|s)/g)) ms += Number(n) * unit[u!]!;
  return ms;
}

/** `ms` as one Gateway API duration part (at most 5 digits) in the largest exact unit, if there is one. */
function singleUnit(ms: number): string | undefined {
  for (const [unit, size] of [["h", 3_600_000], ["m", 60_000], ["s", 1000], ["ms", 1]] as const) {
    if (ms % size === 0 && ms / size <= 99999) return `${ms / size}${unit}`;
  }
  return undefined;
}

function timeoutProblems(timeouts: unknown, at: string, limits: VersionLimits, out: RuleProblem[]): void {
  if (!isObj(timeouts)) return;
  if (limits.timeoutsIgnored) {
    out.push({ pointer: at, message: `rules[].timeouts has no effect in ${limits.apiVersion} HTTPRoutes: ${limits.timeoutsIgnored}` });
  }
  const request = str(timeouts.request);
  const backend = str(timeouts.backendRequest);
  if (limits.singleUnitRequestTimeout && request !== undefined && gatewayDurationMs(request) !== undefined && !/^[0-9]{1,5}(h|m|s|ms)$/.test(request)) {
    // linkerd2 version-2.20 policy-controller/k8s/index/src/outbound/index/http.rs,
    // `convert_gateway_rule`: `parse_duration(timeouts.request).ok()?`, the
    // annotation parser (one number, one unit); a value it refuses is dropped.
    const single = singleUnit(gatewayDurationMs(request)!);
    out.push({
      pointer: `${at}/request`,
      message: `Linkerd reads the request timeout as one number and one unit and would ignore ${JSON.stringify(request)}${single ? `: write ${single}` : ""}`,
    });
  }
  if (request === undefined || backend === undefined) return;
  const r = gatewayDurationMs(request);
  const b = gatewayDurationMs(backend);
  // CEL: backendRequest may not be longer than request, unless request is 0 (no timeout).
  if (r !== undefined && b !== undefined && r !== 0 && b > r) {
    out.push({ pointer: `${at}/backendRequest`, message: `the backendRequest timeout (${backend}) is longer than the request timeout (${request}); it may be at most as long` });
  }
}

function backendRefProblems(b: Obj, at: string, out: RuleProblem[]): void {
  // CEL "Must have port for Service reference" (group defaults to "", kind to
  // Service), and Linkerd's webhook also for group "core"
  // (policy-controller/runtime/src/admission.rs, `validate_http_backend_if_service`).
  const group = b.group ?? "";
  const kind = b.kind ?? "Service";
  if ((group === "" || group === "core") && kind === "Service" && (b.port === undefined || b.port === 0)) {
    out.push({ pointer: at, message: `backendRef ${JSON.stringify(b.name)} is a Service and needs a port` });
  }
}

// Linkerd converts only these filters and refuses the others ("... filter is not supported"):
// policy-controller/k8s/index/src/outbound/index/http.rs `convert_gateway_filter`,
// `convert_gateway_backend_filter`; grpc.rs `convert_filter`, `convert_backend_filter`.
const LINKERD_FILTERS: Record<RouteKind, string[]> = {
  HTTPRoute: ["RequestHeaderModifier", "ResponseHeaderModifier", "RequestRedirect"],
  GRPCRoute: ["RequestHeaderModifier", "ResponseHeaderModifier"],
};

function filterProblems(filters: unknown, at: string, allowed: string[] | undefined, limits: VersionLimits, out: RuleProblem[]): void {
  const supported = allowed ?? LINKERD_FILTERS[limits.kind];
  list(filters).forEach((f, i) => {
    if (!isObj(f) || typeof f.type !== "string") return;
    if (!supported.includes(f.type)) {
      out.push({ pointer: `${at}/${i}/type`, message: `a ${f.type} filter is not supported here (${limits.apiVersion} ${limits.kind} with Linkerd takes ${supported.join(", ")})` });
    }
  });
}
