/**
 * The semantic diff of generated ServiceProfiles, and the versioned report
 * shape other tools consume (`diff --format json`, the GitHub Action).
 * Routes are compared as objects, by name, never as YAML text.
 *
 * Compatibility: fields may be added within a schemaVersion; removing or
 * changing the meaning of a field bumps it. docs/diff-report.md describes it.
 */
import type { ShadowWarning } from "../lint/profile-shadowing.js";
import type { Diagnostic } from "../model/diagnostic.js";
import type { RequestMatch, ResponseClass, RetryBudget, RouteSpec, ServiceProfile } from "../model/serviceprofile.js";
import { byteOrder } from "../git.js";
import type { RouteSetDiff } from "./route-objects.js";
import type { ProfileVerification } from "./verification-section.js";
import type { ReportFindings } from "./impact-rules.js";

export const DIFF_SCHEMA_VERSION = 1;

/** One side of the comparison. */
export interface ReportSide {
  /** The ref as given (`origin/main`), or `WORKTREE` for the work tree. */
  ref: string;
  /** The commit the ref resolved to; absent for the work tree. */
  commit?: string;
  /** Repo path of the config used, or null when the side has no config (every profile is then added or removed). */
  config: string | null;
}

/** A response class in compact form: `status` is `404` or `500-599`. */
export interface ResponseClassSummary {
  status: string;
  isFailure: boolean;
}

export interface RouteSummary {
  name: string;
  /** HTTP method of the condition; null when the condition has none (or is compound). */
  method: string | null;
  pathRegex: string | null;
  isRetryable: boolean;
  /** Go duration, or null for none: Linkerd sets no default timeout (see report.ts). */
  timeout: string | null;
  responseClasses: ResponseClassSummary[];
}

export type RouteField = "method" | "pathRegex" | "condition" | "isRetryable" | "timeout" | "responseClasses";

export interface FieldChange {
  field: RouteField;
  from: unknown;
  to: unknown;
}

export interface RouteChange {
  name: string;
  changes: FieldChange[];
}

export interface ProfileIdentity {
  /** metadata.name: `<service>.<namespace>.svc.<clusterDomain>`. */
  name: string;
  /** metadata.namespace: where the profile object lives (a client namespace or the service's own). */
  namespace: string;
  service: string;
  serviceNamespace: string;
  /** Repo path of the generated file (head's, else base's). */
  path: string;
}

export type ProfileStatus = "added" | "removed" | "changed";

export interface ProfileDiff {
  profile: ProfileIdentity;
  status: ProfileStatus;
  /** Added profiles list all their routes here, removed ones in routesRemoved. */
  routesAdded: RouteSummary[];
  routesRemoved: RouteSummary[];
  routesChanged: RouteChange[];
  /** Present when the retry budget differs; null means none (Linkerd's default). */
  retryBudget?: { from: RetryBudget | null; to: RetryBudget | null };
  /** Present when the profile's name changed (e.g. a new clusterDomain) while its file stayed. */
  name?: { from: string; to: string };
  /** Present when the route order changed without other route changes (first match wins, so order matters). */
  routeOrderChanged?: boolean;
  /** Present when head's config lists tap recordings for the service: head's profile replayed against them. */
  verification?: ProfileVerification;
  /** Routes head's profile makes unreachable that base's did not (lint/profile-shadowing.ts): what the change introduces. */
  shadowing?: ShadowWarning[];
}

export interface ServiceErrors {
  service: string;
  namespace: string;
  side: "base" | "head";
  diagnostics: Diagnostic[];
}

export type StaleKind = "missing" | "stale" | "extra" | "hand-edited" | "not-owned";

export interface StaleFile {
  path: string;
  kind: StaleKind;
  /** Head is the work tree and the file's edit exists nowhere else (not in git either): sync refuses to lose it without --force. */
  unsaved?: true;
}

export interface StaleStatus {
  /** False when there was nothing to check (no generated files committed at head, or head's config is broken). */
  checked: boolean;
  reason?: string;
  upToDate: boolean;
  files: StaleFile[];
}

export interface UnmappedSpec {
  path: string;
  kind: "openapi" | "proto";
}

export interface DiffSummary {
  profilesAdded: number;
  profilesRemoved: number;
  profilesChanged: number;
  profilesUnchanged: number;
  routesAdded: number;
  routesRemoved: number;
  routesChanged: number;
  serviceErrors: number;
  unmappedSpecs: number;
  staleFiles: number;
  /** Gateway API route files (`<service>.routes.yaml`) added, removed and changed; rules within them. */
  routeSetsAdded?: number;
  routeSetsRemoved?: number;
  routeSetsChanged?: number;
  rulesAdded?: number;
  rulesRemoved?: number;
  rulesChanged?: number;
  /**
   * Recorded requests that would newly match no route, over `profiles[].verification`
   * (a service counted once). Present when some profile has a verification.
   */
  newlyUnmatchedRequests?: number;
}

export interface DiffReport {
  schemaVersion: typeof DIFF_SCHEMA_VERSION;
  base: ReportSide;
  head: ReportSide;
  summary: DiffSummary;
  /** Changed, added and removed profiles, sorted by namespace then name. Unchanged ones are only counted. */
  profiles: ProfileDiff[];
  /** Changed, added and removed Gateway API route sets (one per service and namespace), sorted like profiles. */
  routeSets?: RouteSetDiff[];
  /** Services whose generation failed at base or head; their profiles are not in `profiles`. */
  errors: ServiceErrors[];
  /** A broken config at either side: then nothing is compared. */
  configErrors: { side: "base" | "head"; diagnostics: Diagnostic[] }[];
  /** Whether the generated files committed at head match what head's specs generate. */
  stale: StaleStatus;
  /** Spec files at head that no service uses. */
  unmapped: UnmappedSpec[];
  warnings: Diagnostic[];
  /**
   * What the change does to traffic (classified route changes) and the route
   * guard's findings it introduces. Absent when a config is broken (nothing
   * compared), and in reports written before it was added.
   */
  findings?: ReportFindings;
}

// ---------------------------------------------------------------------------

function statusText(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && min === max) return String(min);
  return `${min ?? 100}-${max ?? 599}`;
}

export function summarizeResponseClass(rc: ResponseClass): ResponseClassSummary {
  const c = rc.condition;
  const keys = Object.keys(c);
  const status = keys.length === 1 && c.status ? statusText(c.status.min, c.status.max) : JSON.stringify(c);
  return { status, isFailure: rc.isFailure === true };
}

function simpleCondition(c: RequestMatch): { method: string | null; pathRegex: string | null } | undefined {
  const keys = Object.keys(c).filter((k) => (c as Record<string, unknown>)[k] !== undefined);
  if (keys.every((k) => k === "method" || k === "pathRegex")) return { method: c.method ?? null, pathRegex: c.pathRegex ?? null };
  return undefined;
}

export function summarizeRoute(r: RouteSpec): RouteSummary {
  const simple = simpleCondition(r.condition);
  return {
    name: r.name,
    method: simple?.method ?? null,
    pathRegex: simple?.pathRegex ?? null,
    isRetryable: r.isRetryable === true,
    timeout: r.timeout ?? null,
    responseClasses: (r.responseClasses ?? []).map(summarizeResponseClass),
  };
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Field-level changes of one route; empty when equal. */
export function diffRoute(from: RouteSpec, to: RouteSpec): FieldChange[] {
  const changes: FieldChange[] = [];
  const a = simpleCondition(from.condition);
  const b = simpleCondition(to.condition);
  if (a && b) {
    if (a.method !== b.method) changes.push({ field: "method", from: a.method, to: b.method });
    if (a.pathRegex !== b.pathRegex) changes.push({ field: "pathRegex", from: a.pathRegex, to: b.pathRegex });
  } else if (!sameJson(from.condition, to.condition)) {
    changes.push({ field: "condition", from: from.condition, to: to.condition });
  }
  if ((from.isRetryable === true) !== (to.isRetryable === true)) changes.push({ field: "isRetryable", from: from.isRetryable === true, to: to.isRetryable === true });
  if ((from.timeout ?? null) !== (to.timeout ?? null)) changes.push({ field: "timeout", from: from.timeout ?? null, to: to.timeout ?? null });
  const ra = (from.responseClasses ?? []).map(summarizeResponseClass);
  const rb = (to.responseClasses ?? []).map(summarizeResponseClass);
  if (!sameJson(ra, rb)) changes.push({ field: "responseClasses", from: ra, to: rb });
  return changes;
}

/** Routes keyed by name; a repeated name gets `#2`, `#3` so every route is compared. */
function keyedRoutes(routes: RouteSpec[]): Map<string, RouteSpec> {
  const out = new Map<string, RouteSpec>();
  const seen = new Map<string, number>();
  for (const r of routes) {
    const n = (seen.get(r.name) ?? 0) + 1;
    seen.set(r.name, n);
    out.set(n === 1 ? r.name : `${r.name}#${n}`, r);
  }
  return out;
}

/** The diff of one profile between base and head; undefined when they are semantically equal. */
export function diffProfile(identity: ProfileIdentity, base: ServiceProfile | undefined, head: ServiceProfile | undefined): ProfileDiff | undefined {
  if (!base && !head) return undefined;
  const baseRoutes = base?.spec.routes ?? [];
  const headRoutes = head?.spec.routes ?? [];
  if (!base || !head) {
    return {
      profile: identity,
      status: base ? "removed" : "added",
      routesAdded: head ? headRoutes.map(summarizeRoute) : [],
      routesRemoved: base ? baseRoutes.map(summarizeRoute) : [],
      routesChanged: [],
      ...(head?.spec.retryBudget ? { retryBudget: { from: null, to: head.spec.retryBudget } } : {}),
      ...(base?.spec.retryBudget ? { retryBudget: { from: base.spec.retryBudget, to: null } } : {}),
    };
  }
  const a = keyedRoutes(baseRoutes);
  const b = keyedRoutes(headRoutes);
  const routesAdded: RouteSummary[] = [];
  const routesRemoved: RouteSummary[] = [];
  const routesChanged: RouteChange[] = [];
  for (const [key, r] of b) {
    const old = a.get(key);
    if (!old) routesAdded.push(summarizeRoute(r));
    else {
      const changes = diffRoute(old, r);
      if (changes.length) routesChanged.push({ name: key, changes });
    }
  }
  for (const [key, r] of a) if (!b.has(key)) routesRemoved.push(summarizeRoute(r));
  const diff: ProfileDiff = { profile: identity, status: "changed", routesAdded, routesRemoved, routesChanged };
  const budgetA = base.spec.retryBudget ?? null;
  const budgetB = head.spec.retryBudget ?? null;
  if (!sameJson(budgetA, budgetB)) diff.retryBudget = { from: budgetA, to: budgetB };
  if (base.metadata.name !== head.metadata.name) diff.name = { from: base.metadata.name, to: head.metadata.name };
  const order = (m: Map<string, RouteSpec>, other: Map<string, RouteSpec>) => [...m.keys()].filter((k) => other.has(k));
  if (!routesAdded.length && !routesRemoved.length && !sameJson(order(a, b), order(b, a))) diff.routeOrderChanged = true;
  const changed = routesAdded.length || routesRemoved.length || routesChanged.length || diff.retryBudget || diff.name || diff.routeOrderChanged;
  return changed ? diff : undefined;
}

export function compareProfileDiffs(x: ProfileDiff, y: ProfileDiff): number {
  return byteOrder(x.profile.namespace, y.profile.namespace) || byteOrder(x.profile.name, y.profile.name) || byteOrder(x.profile.path, y.profile.path);
}

/** Counts for the summary line. */
export function summarize(report: Omit<DiffReport, "summary">, profilesUnchanged: number): DiffSummary {
  const p = report.profiles;
  return {
    profilesAdded: p.filter((d) => d.status === "added").length,
    profilesRemoved: p.filter((d) => d.status === "removed").length,
    profilesChanged: p.filter((d) => d.status === "changed").length,
    profilesUnchanged,
    routesAdded: p.reduce((n, d) => n + d.routesAdded.length, 0),
    routesRemoved: p.reduce((n, d) => n + d.routesRemoved.length, 0),
    routesChanged: p.reduce((n, d) => n + d.routesChanged.length, 0),
    serviceErrors: report.errors.length,
    unmappedSpecs: report.unmapped.length,
    staleFiles: report.stale.files.length,
    ...(report.routeSets ? routeSetCounts(report.routeSets) : {}),
    ...(p.some((d) => d.verification) || report.routeSets?.some((d) => d.verification) ? { newlyUnmatchedRequests: newlyUnmatchedRequests(p, report.routeSets) } : {}),
  };
}

function routeSetCounts(sets: RouteSetDiff[]): Partial<DiffSummary> {
  return {
    routeSetsAdded: sets.filter((d) => d.status === "added").length,
    routeSetsRemoved: sets.filter((d) => d.status === "removed").length,
    routeSetsChanged: sets.filter((d) => d.status === "changed").length,
    rulesAdded: sets.reduce((n, d) => n + d.rulesAdded.length, 0),
    rulesRemoved: sets.reduce((n, d) => n + d.rulesRemoved.length, 0),
    rulesChanged: sets.reduce((n, d) => n + d.rulesChanged.length, 0),
  };
}

/** The verifications of profiles and route sets, with the service each replays (a service's namespaces replay the same recordings). */
function verifications(profiles: ProfileDiff[], sets: RouteSetDiff[] = []): { key: string; v: ProfileVerification }[] {
  return [
    ...profiles.flatMap((d) => (d.verification ? [{ key: `${d.profile.serviceNamespace}/${d.profile.service}`, v: d.verification }] : [])),
    ...sets.flatMap((d) => (d.verification ? [{ key: `${d.routes.serviceNamespace}/${d.routes.service}`, v: d.verification }] : [])),
  ];
}

/** Inbound requests replayed over `profiles[].verification` and `routeSets[].verification`, a service counted once. */
export function recordedRequests(profiles: ProfileDiff[], sets: RouteSetDiff[] = []): number {
  const byService = new Map<string, number>();
  for (const { key, v } of verifications(profiles, sets)) byService.set(key, v.requests);
  let n = 0;
  for (const v of byService.values()) n += v;
  return n;
}

function newlyUnmatchedRequests(profiles: ProfileDiff[], sets: RouteSetDiff[] = []): number {
  const byService = new Map<string, number>();
  for (const { key, v } of verifications(profiles, sets)) byService.set(key, Math.max(byService.get(key) ?? 0, v.newlyUnmatched.requests));
  let n = 0;
  for (const v of byService.values()) n += v;
  return n;
}
