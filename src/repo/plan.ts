/**
 * The desired state of the manifests directory, computed from the files a
 * SourceReader sees: one text per profile file plus the kustomization. Pure:
 * nothing here writes, and the same plan() runs on the work tree, on a git
 * ref or on an in-memory repo.
 *
 * A service whose spec is broken yields errors for that service only; the
 * other services are still planned, and the broken service's committed files
 * are kept (listed in the kustomization, never deleted).
 */
import { isSpecError, splitPointer, type Diagnostic } from "../model/diagnostic.js";
import type { SourceResult } from "../model/route.js";
import type { ServiceProfile } from "../model/serviceprofile.js";
import type { SourceReader } from "../files/reader.js";
import { decodeUtf8 } from "../files/parse.js";
import { generateProfile } from "../targets/serviceprofile/emit.js";
import { hasGeneratedHeader, renderObject, renderObjects } from "../render.js";
import { generateGatewayRoutes } from "../targets/gateway/index.js";
import type { RouteObject } from "../model/gateway.js";
import { openApiRoutes } from "../sources/openapi.js";
import { protoRoutes } from "../sources/proto.js";
import { byteOrder, GitError } from "../git.js";
import { kustomizationPath, profilePath, routesPath, type RepoConfig, type ServiceConfig } from "./config.js";
import { discoverSpecs, unmappedSpecs, type SpecCandidate } from "./discover.js";
import { objectClashes, routeFileObjects } from "./object-names.js";
import {
  inputClosure,
  knownClosure,
  profileFingerprint,
  readFingerprint,
  serviceFingerprint,
  withFingerprint,
  type ClosureFile,
  type ContentCache,
} from "./fingerprint.js";

/** The files in the manifests directory, by path: each one's text, or null when it is no regular readable file (a symlink, say). */
export type ExistingFiles = Map<string, string | null>;

/** What one generated file holds: a ServiceProfile, or a service's Gateway API routes in one namespace. */
export type OutputKind = "serviceprofile" | "routes";

/** A service with its input closure and fingerprints, before any generation. */
export interface DescribedService {
  config: ServiceConfig;
  closure: ClosureFile[];
  fingerprint: string;
  /** One entry per generated file (ServiceProfiles and route files), in namespace order. */
  profiles: { kind: OutputKind; profileNamespace: string; path: string; fingerprint: string }[];
}

export interface GeneratedProfile {
  kind: OutputKind;
  profileNamespace: string;
  path: string;
  fingerprint: string;
  /** The ServiceProfile (kind serviceprofile). */
  profile?: ServiceProfile;
  /** The HTTPRoutes/GRPCRoutes (kind routes). */
  routes?: RouteObject[];
  /** Full file text: header, fingerprint line, YAML. */
  text: string;
}

export interface GeneratedService {
  profiles: GeneratedProfile[];
  /** Files the engine actually read. */
  inputs: string[];
  warnings: Diagnostic[];
}

/** Generation results keyed by service fingerprint; shared between plans of one run. */
export type GenerationCache = Map<string, GeneratedService | { errors: Diagnostic[] }>;

export interface ProfilePlan {
  kind: OutputKind;
  service: string;
  namespace: string;
  profileNamespace: string;
  path: string;
  fingerprint: string;
  text: string;
  /** The generated object; absent when the committed file was reused without regenerating. */
  profile?: ServiceProfile;
  /** The generated route objects (kind routes); absent when reused. */
  routes?: RouteObject[];
  /** Taken unchanged from the committed file (fingerprint and body matched). */
  reused: boolean;
}

export interface ServicePlan {
  config: ServiceConfig;
  described: DescribedService;
  /** Empty when the service has errors. */
  profiles: ProfilePlan[];
  errors: Diagnostic[];
  warnings: Diagnostic[];
  /** This service's committed generated files, kept untouched because generation failed. */
  kept: string[];
}

export interface Plan {
  config: RepoConfig;
  /** Desired text of every generated file, kustomization included, keyed by repo path. */
  files: Map<string, string>;
  kustomizationPath: string;
  services: ServicePlan[];
  errors: Diagnostic[];
  warnings: Diagnostic[];
  /** Spec files in the repo no service uses; only when `repoFiles` was given. */
  unmapped: SpecCandidate[];
  /** `profiles` counts every generated file but the kustomization; `routeFiles` those holding Gateway API routes. */
  stats: { profiles: number; routeFiles: number; generatedServices: number; reusedServices: number };
}

export interface PlanOptions {
  /** Every file of the repo, for discovering unmapped specs; skipped when absent. */
  repoFiles?: string[];
  /** Reuse committed files whose recorded fingerprint and body hash still match (no regeneration). */
  reuse?: boolean;
  /** Already described services (e.g. by diff), to avoid hashing twice. */
  described?: DescribedService[];
  /** Shared generation results. */
  cache?: GenerationCache;
  /** Services generated at once (default 8). */
  concurrency?: number;
  /** The committed files of the manifests directory, when the caller has read them (else read through the reader). */
  committed?: ExistingFiles;
}

/** A warning about a service's config entry (an override), placed at its line in the config. */
function placeInConfig(w: Diagnostic, config: RepoConfig, service: ServiceConfig): Diagnostic {
  const [key, route] = w.pointer ? splitPointer(w.pointer) : [];
  const line = key === "routes" && route !== undefined ? (service.routeLines?.[route] ?? service.line) : service.line;
  return { ...w, file: config.file, line, pointer: w.pointer ? service.pointer + w.pointer : undefined };
}

/** Human name of a service in messages: `books (booksapp)`. */
export function serviceLabel(s: Pick<ServiceConfig, "name" | "namespace">): string {
  return `${s.name} (${s.namespace})`;
}

/** Input closures and fingerprints of every service. */
/** A closure recorded in a committed file, for a service (undefined: none usable). */
export type RecordedClosures = (service: ServiceConfig) => ClosureFile[] | undefined;

export async function describeServices(
  reader: SourceReader,
  config: RepoConfig,
  concurrency = 8,
  contents?: ContentCache,
  recorded?: RecordedClosures,
): Promise<DescribedService[]> {
  return mapLimit(config.services, concurrency, (service) => describeService(reader, config, service, contents, recorded?.(service)));
}

export async function describeService(
  reader: SourceReader,
  config: RepoConfig,
  service: ServiceConfig,
  contents?: ContentCache,
  recorded?: ClosureFile[],
): Promise<DescribedService> {
  const closure = (recorded && (await knownClosure(reader, service, recorded))) ?? (await inputClosure(reader, service, contents));
  // The two sides of a diff share the parsed config and, for an unchanged service, the very
  // closure recorded in its committed file: the description is then the same, hashed once.
  const known = describedByClosure.get(closure);
  if (known && known.repo === config && known.described.config === service) return known.described;
  const fingerprint = serviceFingerprint(config, service, closure);
  const described: DescribedService = {
    config: service,
    closure,
    fingerprint,
    profiles: service.profileNamespaces.flatMap((ns) => [
      ...(service.target !== "gateway"
        ? [{ kind: "serviceprofile" as const, profileNamespace: ns, path: profilePath(config.output, ns, service.name), fingerprint: profileFingerprint(fingerprint, ns) }]
        : []),
      ...(service.target !== "serviceprofile"
        ? [{ kind: "routes" as const, profileNamespace: ns, path: routesPath(config.output, ns, service.name), fingerprint: profileFingerprint(fingerprint, `${ns}/routes`) }]
        : []),
    ]),
  };
  describedByClosure.set(closure, { repo: config, described });
  return described;
}

const describedByClosure = new WeakMap<ClosureFile[], { repo: RepoConfig; described: DescribedService }>();

/**
 * A reader that remembers recent files, so the engine's read of a spec right
 * after the fingerprint's read of it costs nothing. Bounded: a thousand large
 * specs are never all held at once.
 */
export function recentFilesReader(reader: SourceReader, maxBytes = 64 * 1024 * 1024): SourceReader {
  const recent = new Map<string, Promise<Buffer | undefined>>();
  const sizes = new Map<string, number>();
  let total = 0;
  const withIds = reader as SourceReader & { blobId?: (p: string) => Promise<string | undefined> };
  return {
    label: reader.label,
    ...(withIds.blobId ? { blobId: (p: string) => withIds.blobId!(p) } : {}),
    read(relPath: string) {
      const hit = recent.get(relPath);
      if (hit) {
        recent.delete(relPath);
        recent.set(relPath, hit); // most recently used last
        return hit;
      }
      const p = reader.read(relPath);
      recent.set(relPath, p);
      p.then(
        (data) => {
          if (recent.get(relPath) !== p) return;
          sizes.set(relPath, data?.length ?? 0);
          total += data?.length ?? 0;
          for (const [k] of recent) {
            if (total <= maxBytes || k === relPath) break;
            total -= sizes.get(k) ?? 0;
            sizes.delete(k);
            recent.delete(k);
          }
        },
        () => recent.delete(relPath),
      );
      return p;
    },
  };
}

/** Runs the engine for one service: routes, one validated profile per profile namespace, rendered. Throws SpecError. */
export async function generateService(reader: SourceReader, config: RepoConfig, described: DescribedService): Promise<GeneratedService> {
  const service = described.config;
  const source = service.source;
  let result: SourceResult;
  if (source.kind === "openapi") {
    result = await openApiRoutes(reader, source.file, service.basePath !== undefined ? { basePath: service.basePath } : {});
  } else {
    result = await protoRoutes(reader, source.files, { services: source.protoServices, routeNames: source.routeNames });
  }
  // The recorded fingerprint is only trusted when the closure scan saw every file the engine read.
  const scanned = new Set(described.closure.map((c) => c.path));
  const reliable = result.inputs.every((f) => scanned.has(f));
  const warnings: Diagnostic[] = [...result.warnings];
  const profiles: GeneratedProfile[] = [];
  let warnedProfile = false;
  let warnedRoutes = false;
  if (service.target === "both" && result.routes.length > 0) {
    warnings.push({
      severity: "warning",
      file: config.file,
      line: service.line,
      pointer: service.pointer,
      message: `${serviceLabel(service)} gets both a ServiceProfile and Gateway API routes: Linkerd uses the ServiceProfile while it exists and ignores the routes`,
      hint: "set target: gateway once the routes are reviewed; sync then deletes the ServiceProfile (clients may need a restart to drop it)",
    });
  }
  for (const p of described.profiles) {
    if (p.kind === "routes") {
      const built = generateGatewayRoutes({
        service: service.name,
        namespace: service.namespace,
        routeNamespace: p.profileNamespace,
        routes: result.routes,
        retryBudget: service.retryBudget,
        overrides: service.overrides,
        options: service.gateway,
        ...(service.routeOrder ? { routeOrder: service.routeOrder } : {}),
        source: service.specFiles[0],
      });
      if (!warnedRoutes) {
        warnedRoutes = true;
        for (const w of built.warnings) if (!(warnedProfile && w.pointer?.startsWith("/routes/") && !w.file)) warnings.push(w.file ? w : placeInConfig(w, config, service));
      }
      const text = withFingerprint(renderObjects(built.objects, { headerSources: service.specFiles }), reliable ? p.fingerprint : undefined, described.closure);
      profiles.push({ kind: "routes", profileNamespace: p.profileNamespace, path: p.path, fingerprint: p.fingerprint, routes: built.objects, text });
      continue;
    }
    const built = generateProfile(
      {
        service: service.name,
        namespace: service.namespace,
        profileNamespace: p.profileNamespace,
        clusterDomain: config.clusterDomain,
        routes: result.routes,
        retryBudget: service.retryBudget,
        overrides: service.overrides,
        ...(service.routeOrder ? { routeOrder: service.routeOrder } : {}),
      },
      service.specFiles[0],
    );
    if (!warnedProfile) {
      warnedProfile = true;
      for (const w of built.warnings) warnings.push(w.file ? w : placeInConfig(w, config, service));
    }
    const text = withFingerprint(renderObject(built.profile, { headerSources: service.specFiles }), reliable ? p.fingerprint : undefined, described.closure);
    profiles.push({ kind: "serviceprofile", profileNamespace: p.profileNamespace, path: p.path, fingerprint: p.fingerprint, profile: built.profile, text });
  }
  return { profiles, inputs: result.inputs, warnings };
}

/** Generation with the failure turned into diagnostics (infrastructure errors still throw). */
async function generateOrErrors(reader: SourceReader, config: RepoConfig, d: DescribedService): Promise<GeneratedService | { errors: Diagnostic[] }> {
  try {
    return await generateService(reader, config, d);
  } catch (err) {
    if (err instanceof GitError) throw err;
    const diagnostic: Diagnostic = isSpecError(err)
      ? { ...err.diagnostic }
      : { severity: "error", message: `could not generate: ${(err as Error)?.message ?? String(err)}` };
    diagnostic.file ??= d.config.specFiles[0];
    return { errors: [diagnostic] };
  }
}

/** The committed text of a file when it is still exactly what this fingerprint generates. */
function reusable(text: string | undefined, fingerprint: string): string | undefined {
  if (text === undefined || !hasGeneratedHeader(text)) return undefined;
  const recorded = readFingerprint(text);
  return recorded?.inputs === fingerprint && recorded.bodyIntact ? text : undefined;
}

async function committedGenerated(reader: SourceReader, filePath: string): Promise<boolean> {
  try {
    const data = await reader.read(filePath);
    return data !== undefined && hasGeneratedHeader(decodeUtf8(data, filePath));
  } catch {
    return false;
  }
}

export async function plan(sourceReader: SourceReader, config: RepoConfig, options: PlanOptions = {}): Promise<Plan> {
  const concurrency = options.concurrency ?? 8;
  // Describing and generating a service back to back lets the engine read what the fingerprint just read.
  const reader = options.described ? sourceReader : recentFilesReader(sourceReader);
  const cache: GenerationCache = options.cache ?? new Map();
  let generatedServices = 0;
  let reusedServices = 0;

  const committedText = async (filePath: string): Promise<string | undefined> => {
    if (options.committed) return options.committed.get(filePath) ?? undefined;
    try {
      return (await sourceReader.read(filePath))?.toString("utf8");
    } catch (err) {
      if (isSpecError(err)) return undefined;
      throw err;
    }
  };

  const services = await mapLimit(config.services, concurrency, async (service, index): Promise<ServicePlan> => {
    let committed: (string | undefined)[] = [];
    if (options.reuse) {
      committed = await Promise.all(
        service.profileNamespaces.flatMap((ns) => [
          ...(service.target !== "gateway" ? [profilePath(config.output, ns, service.name)] : []),
          ...(service.target !== "serviceprofile" ? [routesPath(config.output, ns, service.name)] : []),
        ]).map((f) => committedText(f)),
      );
    }
    const recorded = () => committed.map((t) => (t !== undefined ? readFingerprint(t)?.closure : undefined)).find((c) => c !== undefined);
    const d = options.described?.[index] ?? (await describeService(reader, config, service, undefined, recorded()));
    const svc = d.config;
    if (options.reuse) {
      const texts = d.profiles.map((p, i) => reusable(committed[i], p.fingerprint));
      if (texts.every((t): t is string => t !== undefined)) {
        reusedServices++;
        return {
          config: svc,
          described: d,
          profiles: d.profiles.map((p, i) => ({
            kind: p.kind,
            service: svc.name,
            namespace: svc.namespace,
            profileNamespace: p.profileNamespace,
            path: p.path,
            fingerprint: p.fingerprint,
            text: texts[i]!,
            reused: true,
          })),
          errors: [],
          warnings: [],
          kept: [],
        };
      }
    }
    let result = cache.get(d.fingerprint);
    if (!result) {
      result = await generateOrErrors(reader, config, d);
      cache.set(d.fingerprint, result);
      generatedServices++;
    }
    if ("errors" in result) {
      const kept: string[] = [];
      for (const p of d.profiles) if (await committedGenerated(reader, p.path)) kept.push(p.path);
      return { config: svc, described: d, profiles: [], errors: result.errors, warnings: [], kept };
    }
    return {
      config: svc,
      described: d,
      profiles: result.profiles.map((p) => ({
        kind: p.kind,
        service: svc.name,
        namespace: svc.namespace,
        profileNamespace: p.profileNamespace,
        path: p.path,
        fingerprint: p.fingerprint,
        text: p.text,
        ...(p.profile ? { profile: p.profile } : {}),
        ...(p.routes ? { routes: p.routes } : {}),
        reused: false,
      })),
      errors: [],
      warnings: result.warnings,
      kept: [],
    };
  });

  // Route object names must be unique per kind and namespace across services too: a later service that meets an earlier one writes nothing.
  const clashes = objectClashes(services.map((s) => s.profiles.filter((p) => p.kind === "routes").flatMap((p) => routeFileObjects(p.text))));
  for (const c of clashes) {
    const s = services[c.owner]!;
    const other = services[c.earlier]!.config;
    const kept: string[] = [];
    for (const p of s.described.profiles) if (await committedGenerated(reader, p.path)) kept.push(p.path);
    const diagnostic: Diagnostic = {
      severity: "error",
      file: config.file,
      line: s.config.line,
      pointer: s.config.pointer,
      message: `services ${serviceLabel(other)} (${other.specFiles.join(", ")}) and ${serviceLabel(s.config)} (${s.config.specFiles.join(", ")}) both generate ${c.object.kind} ${c.object.namespace}/${c.object.name}; applied, one would replace the other`,
      hint: "route object names are the service name and the route: rename a route or a service, or give one of them other profileNamespaces",
    };
    services[c.owner] = { ...s, profiles: [], errors: [diagnostic], warnings: [], kept };
  }

  const files = new Map<string, string>();
  for (const s of services) for (const p of s.profiles) files.set(p.path, p.text);
  const kPath = kustomizationPath(config.output);
  const resources = [...files.keys(), ...services.flatMap((s) => s.kept)];
  files.set(kPath, renderKustomization(config, resources));

  const described = services.map((s) => s.described);
  const unmapped = options.repoFiles ? await findUnmapped(sourceReader, config, described, options.repoFiles, cache) : [];

  return {
    config,
    files,
    kustomizationPath: kPath,
    services,
    errors: services.flatMap((s) => s.errors),
    warnings: services.flatMap((s) => s.warnings),
    unmapped,
    stats: { profiles: files.size - 1, routeFiles: services.reduce((n, s) => n + s.profiles.filter((p) => p.kind === "routes").length, 0), generatedServices, reusedServices },
  };
}

/** Spec files among `repoFiles` that no service uses, directly or through a `$ref`. */
export async function findUnmapped(
  reader: SourceReader,
  config: RepoConfig,
  described: DescribedService[],
  repoFiles: string[],
  cache?: GenerationCache,
): Promise<SpecCandidate[]> {
  const used = new Set<string>([config.file]);
  for (const d of described) {
    for (const c of d.closure) if (c.hash !== null) used.add(c.path);
    for (const f of d.config.specFiles) used.add(f);
  }
  for (const result of cache?.values() ?? []) if (!("errors" in result)) for (const f of result.inputs) used.add(f);
  const outputPrefix = config.output + "/";
  // A used path may be a symbolic link: its target is used too (and a link to a used file is).
  const realOf = async (f: string) => (reader.realPath ? await reader.realPath(f).catch(() => undefined) : undefined);
  for (const real of await mapLimit([...used], 64, realOf)) if (real !== undefined) used.add(real);
  // Files a service uses are mapped whatever they hold: only the others need reading.
  const candidates = await discoverSpecs(reader, repoFiles, { ignore: config.ignore, exclude: (f) => f.startsWith(outputPrefix) || used.has(f) });
  const linkedToUsed = new Set<string>();
  for (const c of candidates) {
    const real = await realOf(c.path);
    if (real !== undefined && used.has(real)) linkedToUsed.add(c.path);
  }
  return unmappedSpecs(candidates, used).filter((c) => !linkedToUsed.has(c.path));
}

/** The generated kustomization: every profile file, relative to the output directory, in byte order. */
export function renderKustomization(config: RepoConfig, paths: string[]): string {
  const prefix = config.output + "/";
  return renderResourceList(config.file, paths.map((p) => (p.startsWith(prefix) ? p.slice(prefix.length) : p)));
}

/** A generated kustomization naming `configFile` in its header; resources relative to its directory, deduplicated and in byte order. */
export function renderResourceList(configFile: string, resources: string[]): string {
  return renderObject(
    { apiVersion: "kustomize.config.k8s.io/v1beta1", kind: "Kustomization", resources: [...new Set(resources)].sort(byteOrder) },
    { headerSources: [configFile] },
  );
}

/** Like Promise.all(items.map(fn)) with at most `limit` running at once; order kept. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  });
  await Promise.all(workers);
  return out;
}


/** `3 profiles`, or `1 profile, 2 route files` once Gateway API output is on. */
export function describeOutputs(stats: Plan["stats"]): string {
  const profiles = stats.profiles - stats.routeFiles;
  const p = `${profiles} ${profiles === 1 ? "profile" : "profiles"}`;
  const r = `${stats.routeFiles} route ${stats.routeFiles === 1 ? "file" : "files"}`;
  return stats.routeFiles === 0 ? p : profiles === 0 ? r : `${p}, ${r}`;
}
