/**
 * What a change does to traffic, classified: each route change of a diff
 * (ServiceProfile routes, Gateway API rules) and each Service whose routes
 * lose their catch-all gets a stable rule ID and a severity, as oasdiff does
 * for API changes. Pure: the diff structures and the guard's catch-all state
 * of both sides in, impacts out. docs/guard.md lists the IDs with the
 * guard's in one table; the config's `guard.rules` sets the severity of both.
 */
import { parseGoDuration } from "../model/duration.js";
import type { CatchAllState, Finding } from "../guard/guard.js";
import type { GuardSeverity, SeveritySetting } from "../guard/rules.js";
import { IMPACT_RULES, type Impact, type ReportFindings } from "./impact-rules.js";
import type { ProfileDiff } from "./routes.js";
import { isCatchAll, type RouteSetDiff } from "./route-objects.js";

export { IMPACT_RULES, IMPACT_RULE_IDS, type Impact, type ImpactRuleId, type ReportFindings } from "./impact-rules.js";

export interface ImpactInput {
  profiles: readonly ProfileDiff[];
  routeSets: readonly RouteSetDiff[];
  /** The guard's catch-all state of every Service with HTTPRoutes in the repository, at base and at head. */
  catchAll?: { base: readonly CatchAllState[]; head: readonly CatchAllState[] };
}

const NON_IDEMPOTENT = new Set(["POST", "PATCH"]);

function nanos(d: unknown): bigint | undefined {
  if (typeof d !== "string") return undefined;
  const r = parseGoDuration(d);
  return r.ok ? r.nanos : undefined;
}

/** A timeout added where there was none, or shorter than before. */
function tightened(from: unknown, to: unknown): boolean {
  const b = nanos(to);
  if (b === undefined) return false;
  if (from === null || from === undefined) return true;
  const a = nanos(from);
  return a !== undefined && b < a;
}

/**
 * The method a route stands for: its `method` when the diff carries it, else
 * the first word of its name, which is the method for every route this tool
 * generates (`POST /books`).
 */
function methodOf(name: string, known?: unknown): string | undefined {
  if (typeof known === "string") return known.toUpperCase();
  const m = /^([A-Z]+) \//.exec(name);
  return m?.[1];
}

/** The methods of a rule's match lines (`POST Exact /books`); `*` (every method) counts as POST. */
function ruleMethods(matches: unknown): string[] {
  if (!Array.isArray(matches)) return [];
  return matches.map((m) => String(m).split(" ")[0]!).map((m) => (m === "*" ? "POST" : m));
}

function duration(v: unknown): string {
  return typeof v === "string" ? v : "none";
}

/** Every impact of the change, errors first, then by file and message. */
export function classifyImpacts(input: ImpactInput, overrides: Readonly<Record<string, SeveritySetting>> = {}): Impact[] {
  const raw: Omit<Impact, "severity">[] = [];
  for (const p of input.profiles) raw.push(...profileImpacts(p));
  const catchAllRemoved = new Set<string>();
  for (const d of input.routeSets) {
    raw.push(...routeSetImpacts(d));
    if (d.status === "changed" && d.rulesRemoved.some(isCatchAll) && !d.rulesAdded.some(isCatchAll)) catchAllRemoved.add(`${d.routes.serviceNamespace}/${d.routes.service}`);
  }
  raw.push(...handWrittenCatchAlls(input.catchAll, catchAllRemoved));
  const out: Impact[] = [];
  for (const r of raw) {
    const setting = overrides[r.rule] ?? IMPACT_RULES.find((x) => x.id === r.rule)!.severity;
    const { rule, ...rest } = r;
    if (setting !== "off") out.push({ rule, severity: setting, ...rest });
  }
  return out.sort(compareBySeverity);
}

const RANK: Record<GuardSeverity, number> = { error: 0, warning: 1, info: 2 };

export function compareBySeverity(a: { severity: GuardSeverity; file: string; message: string; line?: number }, b: { severity: GuardSeverity; file: string; message: string; line?: number }): number {
  return RANK[a.severity] - RANK[b.severity] || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || (a.line ?? 0) - (b.line ?? 0) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
}

function profileImpacts(p: ProfileDiff): Omit<Impact, "severity">[] {
  const out: Omit<Impact, "severity">[] = [];
  const file = p.profile.path;
  const where = `ServiceProfile ${p.profile.name} in ${p.profile.namespace}`;
  if (p.status !== "changed") return out;
  for (const r of p.routesRemoved) {
    out.push({
      rule: "route-removed",
      file,
      message: `${where}: route ${r.name} is removed; the requests it matched are still forwarded, but without its retries, timeout and per-route metrics (the next route that matches, if any, classifies them)`,
      hint: "keep the route, or check that no dashboard, alert or client relies on it",
    });
  }
  for (const r of p.routesAdded) {
    if (r.isRetryable && NON_IDEMPOTENT.has(methodOf(r.name, r.method) ?? "")) out.push(retryImpact(file, where, r.name));
  }
  for (const r of p.routesChanged) {
    const method = methodOf(r.name, r.changes.find((c) => c.field === "method")?.to);
    for (const c of r.changes) {
      if (c.field === "timeout" && tightened(c.from, c.to)) out.push(timeoutImpact(file, where, r.name, c.from, c.to));
      if (c.field === "isRetryable" && c.to === true && c.from !== true && NON_IDEMPOTENT.has(method ?? "")) out.push(retryImpact(file, where, r.name));
    }
  }
  return out;
}

function timeoutImpact(file: string, where: string, route: string, from: unknown, to: unknown): Omit<Impact, "severity"> {
  return {
    rule: "timeout-tightened",
    file,
    message: `${where}: route ${route} timeout ${duration(from)} → ${duration(to)}; requests slower than ${duration(to)} now fail with 504`,
    hint: "check the route's latency (p99) before merging, or keep the longer timeout",
  };
}

function retryImpact(file: string, where: string, route: string): Omit<Impact, "severity"> {
  return {
    rule: "retry-added-non-idempotent",
    file,
    message: `${where}: retries are turned on for ${route}, which is not idempotent: a retried request may be applied twice`,
    hint: "retry only routes that are safe to repeat, or make the handler idempotent (an idempotency key) first",
  };
}

function routeSetImpacts(d: RouteSetDiff): Omit<Impact, "severity">[] {
  const out: Omit<Impact, "severity">[] = [];
  const file = d.routes.path;
  const where = `${d.routes.kind}s of ${d.routes.service}.${d.routes.serviceNamespace} in ${d.routes.namespace}`;
  if (d.status === "added" && d.alongsideProfile) {
    out.push({
      rule: "switch-inert",
      file,
      service: `${d.routes.serviceNamespace}/${d.routes.service}`,
      message: `${where}: these routes are inert while the ServiceProfile for the service exists; Linkerd routes by the ServiceProfile and ignores them`,
      hint: "switch the service to target: gateway (which deletes the ServiceProfile) when the routes are ready",
    });
  }
  if (d.status !== "changed") return out;
  const catchAllGone = d.rulesRemoved.some(isCatchAll) && !d.rulesAdded.some(isCatchAll);
  for (const r of d.rulesRemoved) {
    if (isCatchAll(r)) {
      if (catchAllGone) {
        out.push({
          rule: "catch-all-removed",
          file,
          service: `${d.routes.serviceNamespace}/${d.routes.service}`,
          message: `${where}: the catch-all rule (in ${r.object}) is removed, so requests no other rule matches get 404`,
          hint: "keep a last rule without matches (or with path PathPrefix /) that forwards the rest to the Service",
        });
      }
      continue;
    }
    out.push({
      rule: "route-removed",
      file,
      message: `${where}: route ${r.name} (${r.object}) is removed; its requests ${catchAllGone ? "get 404" : "go to the catch-all or another rule, or get 404 if none matches"}`,
      hint: "keep the route, or check that its clients are gone",
    });
  }
  for (const r of d.rulesAdded) {
    if (r.retry !== null && ruleMethods(r.matches).some((m) => NON_IDEMPOTENT.has(m))) out.push(retryImpact(file, where, r.name));
  }
  const moves = new Map<string, string[]>();
  for (const r of d.rulesChanged) {
    const matches = r.changes.find((c) => c.field === "matches")?.to;
    for (const c of r.changes) {
      if (c.field === "timeout" && tightened(c.from, c.to)) out.push(timeoutImpact(file, where, r.name, c.from, c.to));
      if (c.field === "retry" && c.from === null && c.to !== null) {
        const methods = matches !== undefined ? ruleMethods(matches) : [methodOf(r.name) ?? ""];
        if (methods.some((m) => NON_IDEMPOTENT.has(m))) out.push(retryImpact(file, where, r.name));
      }
      if (c.field === "object") {
        const key = `${String(c.from)}\u0000${String(c.to)}`;
        moves.set(key, [...(moves.get(key) ?? []), r.name]);
      }
    }
  }
  for (const [key, routes] of moves) {
    const [from, to] = key.split("\u0000") as [string, string];
    const what = routes.length === 1 ? `route ${routes[0]}` : `${routes.length} routes (${routes.slice(0, 3).join(", ")}${routes.length > 3 ? ", …" : ""})`;
    out.push({
      rule: "route-object-renamed",
      file,
      message: `${where}: ${what} move from object ${from} to ${to}; Linkerd labels their metrics route_name="${to}" now, so dashboards and alerts on route_name="${from}" stop seeing them`,
      hint: `update dashboards and alerts that select route_name="${from}"`,
    });
  }
  return out;
}

/**
 * Services whose routes, as written in the repository, had a catch-all at
 * base and have none at head. Generated route files already said so above
 * (`already`: `namespace/service`), so those are not repeated.
 */
function handWrittenCatchAlls(state: ImpactInput["catchAll"], already: ReadonlySet<string>): Omit<Impact, "severity">[] {
  if (!state) return [];
  const before = new Map(state.base.map((s) => [s.label, s.covered]));
  const out: Omit<Impact, "severity">[] = [];
  for (const s of state.head) {
    if (s.covered || before.get(s.label) !== true) continue;
    const service = s.label.replace(/^Service /, "").replace(/ port \d+$/, "");
    if (already.has(service)) continue;
    out.push({
      rule: "catch-all-removed",
      file: s.file,
      service,
      line: s.line,
      column: s.column,
      message: `${s.label}: its routes no longer match every request (they did at base), so Linkerd answers the others with 404`,
      hint: `keep a last rule without matches (or with path PathPrefix /) that forwards the rest to the Service, e.g. in HTTPRoute ${s.route}`,
    });
  }
  return out;
}

/** Guard findings at head that base did not have (same rule, file and message: lines may move). */
export function introducedFindings(base: readonly Finding[], head: readonly Finding[]): { introduced: Finding[]; preExisting: number } {
  const key = (f: Finding) => `${f.rule}\u0000${f.file}\u0000${f.message}`;
  const before = new Set(base.map(key));
  const introduced = head.filter((f) => !before.has(key(f)));
  return { introduced, preExisting: head.length - introduced.length };
}

export interface FindingsInput extends ImpactInput {
  guard?: { base: readonly Finding[]; head: readonly Finding[] };
}

export function reportFindings(input: FindingsInput, overrides: Readonly<Record<string, SeveritySetting>> = {}): ReportFindings {
  const impacts = classifyImpacts(input, overrides);
  const { introduced, preExisting } = introducedFindings(input.guard?.base ?? [], input.guard?.head ?? []);
  // A Service whose catch-all this change removes is said once, as the impact.
  const removed = new Set(impacts.flatMap((i) => (i.rule === "catch-all-removed" && i.service ? [i.service] : [])));
  const inert = new Set(impacts.flatMap((i) => (i.rule === "switch-inert" && i.service ? [i.service] : [])));
  // The Service a finding is about, read from its message (guard/service-rules.ts words them): a set lookup, linear overall.
  const saidAlready = (f: Finding) => {
    if (f.rule === "no-catch-all") return removed.has(/^Service (\S+?)(?: port \d+)?:/.exec(f.message)?.[1] ?? "");
    if (f.rule === "profile-overrides-routes") return inert.has(/ for Service (\S+) and ignore /.exec(f.message)?.[1] ?? "");
    return false;
  };
  const guard = introduced.filter((f) => !saidAlready(f)).sort(compareBySeverity);
  const all = [...impacts, ...guard];
  return {
    errors: all.filter((f) => f.severity === "error").length,
    warnings: all.filter((f) => f.severity === "warning").length,
    infos: all.filter((f) => f.severity === "info").length,
    impacts,
    guard,
    guardPreExisting: preExisting,
  };
}
