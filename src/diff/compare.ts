/**
 * Two states of a repository -> a DiffReport. Both states are read through
 * SourceReaders (git objects for a ref, the file system for the work tree);
 * nothing is checked out.
 *
 * Only what changed is generated: every profile carries a fingerprint of
 * its config entry and input closure, so a profile whose fingerprint is the
 * same at base and head is unchanged without running the engine, and a
 * committed file whose recorded fingerprint matches head's is up to date.
 *
 * A changed or added profile of a service whose head config lists tap
 * recordings is replayed against them (verification.ts), with base's
 * profile as the baseline; unchanged profiles are not.
 */
import { introducedShadowing, SHADOW_CODE } from "../lint/profile-shadowing.js";
import { GATEWAY_SHADOW_CODE, introducedGatewayShadowing } from "../lint/gateway-shadowing.js";
import { LOSS_CODE } from "../targets/gateway/emit.js";
import { performance } from "node:perf_hooks";
import { isSpecError, type Diagnostic } from "../model/diagnostic.js";
import type { ServiceProfile } from "../model/serviceprofile.js";
import type { SourceReader } from "../files/reader.js";
import { ConfigError, findConfig, parseConfig, type RepoConfig } from "../repo/config.js";
import { decodeUtf8 } from "../files/parse.js";
import {
  describeServices,
  findUnmapped,
  plan,
  generateService,
  type DescribedService,
  type RecordedClosures,
  type GenerationCache,
  type ExistingFiles,
  type GeneratedService,
  type OutputKind,
} from "../repo/plan.js";
import { assessChanges, protectUnsavedEdits, writtenBySync } from "../repo/changes.js";
import type { RepoState } from "../repo/workspace.js";
import { findOrphanOutputs, textReader } from "../repo/orphans.js";
import { readFingerprint, type ClosureFile, type ContentCache } from "../repo/fingerprint.js";
import { profilePath, routesPath } from "../repo/config.js";
import { GitError } from "../git.js";
import { DIFF_SCHEMA_VERSION, compareProfileDiffs, diffProfile, summarize, type DiffReport, type ProfileDiff, type ProfileIdentity, type ServiceErrors, type StaleFile, type StaleStatus } from "./routes.js";
import { profileName } from "../model/names.js";
import { verifyHeadProfile, verifyHeadRoutes, type RecordingOpener } from "./verification.js";
import { diffRouteSet, type RouteSetDiff } from "./route-objects.js";
import type { ProfileVerification } from "./verification-section.js";
import { guardSide, type GuardResult } from "../guard/guard.js";
import { reportFindings, type ReportFindings } from "./impact.js";


export interface CompareOptions {
  /** Config path; default: serviceprofile-sync.yaml/.yml at each side. */
  configPath?: string;
  /** Regenerate everything, ignoring fingerprints (for measuring and for distrustful CI). */
  full?: boolean;
  concurrency?: number;
}

export interface CompareStats {
  generatedBase: number;
  generatedHead: number;
  profilesCompared: number;
  /** Services whose head profile was replayed against tap recordings. */
  verified: number;
  /** Milliseconds per phase: config, describeHead, describeBase, compare, stale, unmapped. */
  phases: Record<string, number>;
}

export interface CompareResult {
  report: DiffReport;
  stats: CompareStats;
}

interface Side {
  state: RepoState;
  config?: RepoConfig;
  configErrors?: Diagnostic[];
  described: DescribedService[];
  cache: GenerationCache;
  pending: Map<string, Promise<GeneratedService | { errors: Diagnostic[] }>>;
  generated: number;
}

/** Loads a side's config; the same text at both sides is parsed once. */
async function loadSide(state: RepoState, configPath: string | undefined, parsed: Map<string, RepoConfig>): Promise<Side> {
  const side: Side = { state, described: [], cache: new Map(), pending: new Map(), generated: 0 };
  try {
    // A side without any config (the PR that introduces the tool) compares as empty.
    const file = await findConfig(state.reader, configPath);
    const data = file === undefined ? undefined : await state.reader.read(file);
    if (file === undefined || data === undefined) return side;
    const key = `${file}\0${data.toString("latin1")}`;
    side.config = parsed.get(key) ?? parseConfig(decodeUtf8(data, file), file);
    parsed.set(key, side.config);
  } catch (err) {
    if (err instanceof ConfigError) side.configErrors = err.diagnostics;
    else if (isSpecError(err)) side.configErrors = [err.diagnostic];
    else throw err;
  }
  return side;
}

/** Generates a service once per side, however many of its profiles ask (concurrently). */
function generated(side: Side, d: DescribedService): Promise<GeneratedService | { errors: Diagnostic[] }> {
  let p = side.pending.get(d.fingerprint);
  if (!p) {
    side.generated++;
    p = generateService(side.state.reader, side.config!, d).catch((err: unknown) => {
      if (err instanceof GitError || !(err instanceof Error)) throw err;
      const diagnostic: Diagnostic = isSpecError(err) ? { ...err.diagnostic } : { severity: "error", message: `could not generate: ${err.message}` };
      diagnostic.file ??= d.config.specFiles[0];
      return { errors: [diagnostic] };
    });
    p.then((r) => side.cache.set(d.fingerprint, r)).catch(() => undefined);
    side.pending.set(d.fingerprint, p);
  }
  return p;
}

interface ProfileEntry {
  kind: OutputKind;
  described: DescribedService;
  profileNamespace: string;
  path: string;
  fingerprint: string;
}

/** Profiles keyed by where they live in the cluster: `<profile namespace>/<service>.<namespace>`. */
function profileEntries(side: Side): Map<string, ProfileEntry> {
  const out = new Map<string, ProfileEntry>();
  for (const d of side.described) {
    for (const p of d.profiles) out.set(`${p.kind === "routes" ? "routes:" : ""}${p.profileNamespace}/${d.config.name}.${d.config.namespace}`, { described: d, ...p });
  }
  return out;
}

function identity(entry: ProfileEntry, config: RepoConfig): ProfileIdentity {
  const s = entry.described.config;
  return {
    name: profileName(s.name, s.namespace, config.clusterDomain),
    namespace: entry.profileNamespace,
    service: s.name,
    serviceNamespace: s.namespace,
    path: entry.path,
  };
}

export async function compareRepos(baseState: RepoState, headState: RepoState, options: CompareOptions = {}): Promise<CompareResult> {
  const concurrency = options.concurrency ?? 8;
  const phases: Record<string, number> = {};
  let last = performance.now();
  const mark = (phase: string) => {
    const now = performance.now();
    phases[phase] = Math.round(now - last);
    last = now;
  };
  headState.prefetch?.();
  baseState.prefetch?.();
  const parsedConfigs = new Map<string, RepoConfig>();
  // Base's config comes through git: its read overlaps head's parse (the same text is still parsed once).
  const [head, base] = await Promise.all([loadSide(headState, options.configPath, parsedConfigs), loadSide(baseState, options.configPath, parsedConfigs)]);
  mark("config");
  const configErrors: DiffReport["configErrors"] = [];
  if (base.configErrors) configErrors.push({ side: "base", diagnostics: base.configErrors });
  if (head.configErrors) configErrors.push({ side: "head", diagnostics: head.configErrors });

  const profiles: ProfileDiff[] = [];
  const routeSets: RouteSetDiff[] = [];
  const errors: ServiceErrors[] = [];
  const warnings: Diagnostic[] = [];
  let unchanged = 0;
  let compared = 0;
  // One replay per service (and baseline), however many profile namespaces it has.
  const verifications = new Map<string, Promise<ProfileVerification>>();
  const openRecording: RecordingOpener = (file) => (headState.openStream ? headState.openStream(file) : headState.reader.read(file));

  // Head's committed manifests: for the stale check, and their recorded closures spare reading specs.
  const headFiles = head.config ? await headState.listFiles() : [];
  const committed = head.config ? await readCommitted(head, headFiles) : undefined;
  const recorded = recordedClosures(head.config, committed);
  mark("committed");

  if (configErrors.length === 0) {
    // Head first: the base then takes the ids of unchanged files from its git tree without reading them.
    const contents: ContentCache = new Map();
    head.described = head.config ? await describeServices(head.state.reader, head.config, concurrency, contents, recorded) : [];
    mark("describeHead");
    base.described = base.config ? await describeServices(base.state.reader, base.config, concurrency, contents, recorded) : [];
    mark("describeBase");
    const a = profileEntries(base);
    const b = profileEntries(head);
    const keys = [...new Set([...a.keys(), ...b.keys()])];
    const erroredServices = new Set<string>();
    const noteErrors = (side: "base" | "head", d: DescribedService, r: GeneratedService | { errors: Diagnostic[] }) => {
      if (!("errors" in r)) return;
      const key = `${side}/${d.config.namespace}/${d.config.name}`;
      if (erroredServices.has(key)) return;
      erroredServices.add(key);
      errors.push({ service: d.config.name, namespace: d.config.namespace, side, diagnostics: r.errors });
    };
    const work = keys.map((key) => async () => {
      const ea = a.get(key);
      const eb = b.get(key);
      if (ea && eb && ea.fingerprint === eb.fingerprint && !options.full) {
        unchanged++;
        return;
      }
      compared++;
      const ra = ea ? await generated(base, ea.described) : undefined;
      const rb = eb ? await generated(head, eb.described) : undefined;
      if (ra) noteErrors("base", ea!.described, ra);
      if (rb) noteErrors("head", eb!.described, rb);
      if ((ra && "errors" in ra) || (rb && "errors" in rb)) return;
      if ((ea ?? eb)!.kind === "routes") {
        const oa = ra && !("errors" in ra) ? ra.profiles.find((p) => p.kind === "routes" && p.profileNamespace === ea!.profileNamespace)?.routes : undefined;
        const ob = rb && !("errors" in rb) ? rb.profiles.find((p) => p.kind === "routes" && p.profileNamespace === eb!.profileNamespace)?.routes : undefined;
        const entry = (eb ?? ea)!;
        const objects = ob ?? oa ?? [];
        const s = entry.described.config;
        const identity = { kind: objects[0]?.kind ?? (s.source.kind === "proto" ? "GRPCRoute" : "HTTPRoute"), service: s.name, serviceNamespace: s.namespace, namespace: entry.profileNamespace, path: entry.path } as const;
        // What the routes cannot say, listed with the change that causes it (a switch, a new setting), not on every later diff.
        // Base's routes lost nothing yet while base's ServiceProfile (target: both) still won over them.
        const baseRoutesInEffect = ea !== undefined && !a.has(key.slice("routes:".length));
        const losses = eb ? introducedLosses(baseRoutesInEffect ? ra : undefined, rb) : [];
        // The same routes, but the ServiceProfile that won over them is deleted (target both -> gateway): a switch all the same.
        const switching = ea !== undefined && eb !== undefined && a.has(key.slice("routes:".length)) && !b.has(key.slice("routes:".length));
        const d = diffRouteSet(identity, ea ? (oa ?? []) : undefined, eb ? (ob ?? []) : undefined) ?? (losses.length || switching ? emptyRouteSetDiff(identity) : undefined);
        if (!d) {
          unchanged++;
          return;
        }
        if (losses.length) d.losses = losses;
        const shadowing = introducedGatewayShadowing(ea ? oa : undefined, eb ? ob : undefined);
        if (shadowing.length) d.shadowing = shadowing;
        if (ob && eb && s.tap.length) {
          d.verification = await verifyHeadRoutes({ head: ob, base: ea ? oa : undefined, recordings: s.tap, service: `${s.namespace}/${s.name}`, where: headState.ref }, openRecording);
        }
        routeSets.push(d);
        return;
      }
      const pa: ServiceProfile | undefined = ra && !("errors" in ra) ? ra.profiles.find((p) => p.kind === "serviceprofile" && p.profileNamespace === ea!.profileNamespace)?.profile : undefined;
      const pb: ServiceProfile | undefined = rb && !("errors" in rb) ? rb.profiles.find((p) => p.kind === "serviceprofile" && p.profileNamespace === eb!.profileNamespace)?.profile : undefined;
      const id = eb ? identity(eb, head.config!) : identity(ea!, base.config!);
      const d = diffProfile(id, pa, pb);
      if (!d) {
        unchanged++;
        return;
      }
      const introduced = introducedShadowing(pa, pb);
      if (introduced.length) d.shadowing = introduced;
      const service = eb?.described.config;
      if (pb && service?.tap.length) {
        const key = `${eb!.described.fingerprint}\0${ea?.described.fingerprint ?? ""}`;
        let v = verifications.get(key);
        if (!v) {
          v = verifyHeadProfile({ head: pb, base: pa, recordings: service.tap, service: `${service.namespace}/${service.name}`, where: headState.ref }, openRecording);
          verifications.set(key, v);
        }
        d.verification = await v;
      }
      profiles.push(d);
    });
    await runLimited(work, concurrency);
    markMigrations(routeSets, a, b);
    mark("compare");
    // Shadowing warnings and losses are listed per changed profile or route set, and only those the change introduces.
    const listedApart = new Set([SHADOW_CODE, GATEWAY_SHADOW_CODE, LOSS_CODE]);
    for (const r of head.cache.values()) if (!("errors" in r)) warnings.push(...r.warnings.filter((w) => w.code === undefined || !listedApart.has(w.code)));
  }

  const stale = await staleStatus(head, committed, headFiles, concurrency);
  mark("stale");
  const unmapped = head.config
    ? (await findUnmapped(head.state.reader, head.config, head.described, headFiles, head.cache)).map((u) => ({ path: u.path, kind: u.kind }))
    : [];

  mark("unmapped");
  let findings: ReportFindings | undefined;
  if (configErrors.length === 0) {
    const guarded = await guardBothSides(base, head, headFiles);
    findings = reportFindings({ profiles, routeSets, catchAll: { base: guarded.base.catchAll, head: guarded.head.catchAll }, guard: { base: guarded.base.findings, head: guarded.head.findings } }, head.config?.guard?.rules);
    mark("guard");
  }
  errors.sort((x, y) => (x.namespace < y.namespace ? -1 : x.namespace > y.namespace ? 1 : x.service < y.service ? -1 : x.service > y.service ? 1 : x.side < y.side ? -1 : 1));
  const partial: Omit<DiffReport, "summary"> = {
    schemaVersion: DIFF_SCHEMA_VERSION,
    base: { ref: baseState.ref, ...(baseState.commit ? { commit: baseState.commit } : {}), config: base.config?.file ?? null },
    head: { ref: headState.ref, ...(headState.commit ? { commit: headState.commit } : {}), config: head.config?.file ?? null },
    profiles: profiles.sort(compareProfileDiffs),
    routeSets: lossesOncePerService(routeSets.sort(compareRouteSets)),
    errors,
    configErrors,
    stale,
    unmapped,
    warnings: dedupe(warnings),
    ...(findings ? { findings } : {}),
  };
  return {
    report: { ...partial, summary: summarize(partial, unchanged) },
    stats: { generatedBase: base.generated, generatedHead: head.generated, profilesCompared: compared, verified: verifications.size, phases },
  };
}

/**
 * The route guard over every route manifest of each side, with head's
 * guard settings at both (so a finding differs only because the files do)
 * and each side's own output directory.
 */
async function guardBothSides(base: Side, head: Side, headFiles: string[]): Promise<{ base: GuardResult; head: GuardResult }> {
  const settings = { ...head.config?.guard, ...(head.config?.linkerdVersion ? { linkerdVersion: head.config.linkerdVersion } : {}) };
  // Head first, keeping what it read; base then takes every file whose blob git holds at both sides from
  // there instead of reading it again (most of a repository, in a pull request).
  const kept = new Map<string, Buffer | undefined>();
  const headReader = keepingReads(head.state.reader, kept);
  const h = await (headFiles.length ? Promise.resolve(headFiles) : head.state.listFiles()).then((files) => guardSide(headReader, files, { ...settings, output: head.config?.output }));
  const baseReader = sameBlobsFrom(base.state.reader, head.state.reader, kept);
  const b = await base.state.listFiles().then((files) => guardSide(baseReader, files, { ...settings, output: base.config?.output }));
  return { base: b, head: h };
}

type BlobReader = SourceReader & { blobId?(relPath: string): Promise<string | undefined> };

/** A reader that remembers what it returned. */
function keepingReads(reader: SourceReader, kept: Map<string, Buffer | undefined>): SourceReader {
  return {
    label: reader.label,
    read: async (p) => {
      const data = await reader.read(p);
      kept.set(p, data);
      return data;
    },
  };
}

/** `base`, answering from `kept` (head's reads) where both sides' readers know the file's blob id and it is the same. */
function sameBlobsFrom(base: BlobReader, head: BlobReader, kept: ReadonlyMap<string, Buffer | undefined>): SourceReader {
  if (!base.blobId || !head.blobId) return base;
  return {
    label: base.label,
    read: async (p) => {
      if (kept.has(p)) {
        const [a, b] = await Promise.all([base.blobId!(p), head.blobId!(p)]);
        if (a !== undefined && a === b) return kept.get(p);
      }
      return base.read(p);
    },
  };
}

/** Head's losses (settings the routes cannot carry) that base's routes did not have already. */
function introducedLosses(base: GeneratedService | { errors: Diagnostic[] } | undefined, head: GeneratedService | { errors: Diagnostic[] } | undefined): Diagnostic[] {
  const losses = (r: typeof base) => (r && !("errors" in r) ? r.warnings.filter((w) => w.code === LOSS_CODE) : []);
  const before = new Set(losses(base).map((w) => w.message));
  return dedupe(losses(head).filter((w) => !before.has(w.message)));
}

/** A service's losses are the service's, not a namespace's: said on its first route set only. */
function lossesOncePerService(sets: RouteSetDiff[]): RouteSetDiff[] {
  const said = new Set<string>();
  for (const d of sets) {
    if (!d.losses) continue;
    const service = `${d.routes.serviceNamespace}/${d.routes.service}\u0000`;
    d.losses = d.losses.filter((l) => !said.has(service + l.message));
    for (const l of d.losses) said.add(service + l.message);
    if (d.losses.length === 0) delete d.losses;
  }
  // A route set listed only for losses said on another namespace's has nothing left to say.
  return sets.filter((d) => d.status !== "changed" || d.losses || d.shadowing || d.replacesProfile || d.verification || d.rulesAdded.length + d.rulesRemoved.length + d.rulesChanged.length + d.objectsAdded.length + d.objectsRemoved.length > 0);
}

function emptyRouteSetDiff(routes: RouteSetDiff["routes"]): RouteSetDiff {
  return { routes, status: "changed", rulesAdded: [], rulesRemoved: [], rulesChanged: [], objectsAdded: [], objectsRemoved: [] };
}

/** Route sets that take over from a ServiceProfile removed in the same change, or sit beside one that stays. */
function markMigrations(sets: RouteSetDiff[], base: Map<string, ProfileEntry>, head: Map<string, ProfileEntry>): void {
  for (const d of sets) {
    const key = `${d.routes.namespace}/${d.routes.service}.${d.routes.serviceNamespace}`;
    if (d.status === "removed") continue;
    if (head.has(key)) d.alongsideProfile = true;
    // Added, or kept from `target: both`: either way this change deletes the ServiceProfile that won over them.
    else if (base.has(key)) d.replacesProfile = true;
  }
}

function compareRouteSets(x: RouteSetDiff, y: RouteSetDiff): number {
  const a = `${x.routes.namespace}/${x.routes.serviceNamespace}/${x.routes.service}`;
  const b = `${y.routes.namespace}/${y.routes.serviceNamespace}/${y.routes.service}`;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether head's committed manifests are what head's specs generate. */
/** Head's files under `output` (undefined when there are none: the manifests are not committed). */
async function readCommitted(head: Side, headFiles: string[]): Promise<ExistingFiles | undefined> {
  const prefix = head.config!.output + "/";
  const outputFiles = headFiles.filter((f) => f.startsWith(prefix));
  if (outputFiles.length === 0) return undefined;
  return head.state.readDir ? await head.state.readDir(head.config!.output) : await readFiles(head.state.reader, outputFiles);
}

/** Closures recorded in head's committed files, by service, for a service naming the same spec files. */
function recordedClosures(config: RepoConfig | undefined, committed: ExistingFiles | undefined): RecordedClosures | undefined {
  if (!config || !committed) return undefined;
  const byService = new Map<string, { specFiles: string[]; closure: ClosureFile[] }>();
  for (const s of config.services) {
    for (const ns of s.profileNamespaces) {
      const text = committed.get(profilePath(config.output, ns, s.name)) ?? committed.get(routesPath(config.output, ns, s.name));
      const closure = text ? readFingerprint(text)?.closure : undefined;
      if (closure) {
        byService.set(`${s.namespace}/${s.name}`, { specFiles: s.specFiles, closure });
        break;
      }
    }
  }
  return (service) => {
    const r = byService.get(`${service.namespace}/${service.name}`);
    return r && r.specFiles.join("\0") === service.specFiles.join("\0") ? r.closure : undefined;
  };
}

async function staleStatus(head: Side, existing: ExistingFiles | undefined, headFiles: string[], concurrency: number): Promise<StaleStatus> {
  if (!head.config) {
    return { checked: false, reason: head.configErrors ? "the config at head has errors" : "there is no config at head", upToDate: false, files: [] };
  }
  // What sync generated under an earlier output: is left over, and sync deletes it (listed as extra).
  const orphans = await findOrphanOutputs(head.config, headFiles, textReader(head.state.reader));
  if (!existing && orphans.length === 0) {
    return { checked: false, reason: `no files under ${head.config.output}/ at head (the manifests are not committed)`, upToDate: false, files: [] };
  }
  const p = await plan(head.state.reader, head.config, { reuse: true, described: head.described, cache: head.cache, concurrency, committed: existing ?? new Map() });
  const a = assessChanges(p, existing ?? new Map(), orphans);
  // At the work tree, the changes sync would refuse (see protectUnsavedEdits) are marked.
  let unsaved = new Set<string>();
  if (head.state.gitCopies && a.changes.some((c) => c.before !== undefined && !writtenBySync(c.before))) {
    const copies = await head.state.gitCopies([head.config.output, ...orphans.map((o) => o.dir)]);
    unsaved = new Set(protectUnsavedEdits(a, copies, true).forced.map((c) => c.path));
  }
  const files: StaleFile[] = [
    ...a.changes.map(
      (c): StaleFile => ({
        path: c.path,
        kind: c.handEdited ? "hand-edited" : c.action === "create" ? "missing" : c.action === "delete" ? "extra" : "stale",
        ...(unsaved.has(c.path) ? { unsaved: true as const } : {}),
      }),
    ),
    ...a.refused.map((d): StaleFile => ({ path: d.file!, kind: "not-owned" })),
  ].sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
  return { checked: true, upToDate: files.length === 0, files };
}

/** Text of each path; null where it cannot be read as a file (a symlink out of the tree, say). */
export async function readFiles(reader: SourceReader, paths: string[]): Promise<ExistingFiles> {
  const out: ExistingFiles = new Map();
  for (const p of paths) {
    try {
      const data = await reader.read(p);
      if (data !== undefined) out.set(p, data.toString("utf8"));
    } catch (err) {
      if (!isSpecError(err)) throw err;
      out.set(p, null);
    }
  }
  return out;
}

function dedupe(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const k = JSON.stringify(d);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

async function runLimited(tasks: (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(limit, tasks.length)) }, async () => {
      while (next < tasks.length) await tasks[next++]!();
    }),
  );
}
