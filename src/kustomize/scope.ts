/**
 * Which of a config's services an application owns, so that in a monorepo
 * every Argo CD Application (or kustomization) emits only its own services'
 * objects and no two Applications claim the same one.
 *
 * Pure: services, selector text, manifests text in; a decision out.
 */
import { parseAllDocuments } from "yaml";
import { SpecError } from "../model/diagnostic.js";
import type { ServiceConfig } from "../repo/config.js";

/** One selector entry: `NAME` or `NAMESPACE/NAME`, `*` matching any run of characters. */
interface SelectorEntry {
  text: string;
  namespace?: string;
  name: string;
}

export interface Selector {
  entries: SelectorEntry[];
  /** Where it came from, for messages: `--select`, `SELECT`, `spec.select`. */
  source: string;
}

const ENTRY = /^(?:([a-z0-9*-]+)\/)?([a-z0-9*-]+)$/;

/**
 * Parses a selector: entries separated by commas or white space. Throws a
 * SpecError naming `source` when an entry is malformed or there is none.
 */
export function parseSelector(value: string | string[], source: string): Selector {
  const texts = (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(/[\s,]+/)).filter((t) => t !== "");
  if (texts.length === 0) throw new SpecError({ message: `${source} is empty`, hint: "name the services to emit: NAME or NAMESPACE/NAME, '*' as a wildcard (e.g. booksapp/*), separated by commas" });
  const entries = texts.map((text) => {
    const m = ENTRY.exec(text);
    if (!m) {
      throw new SpecError({
        message: `${source}: "${text}" is not a service selector`,
        hint: "write NAME or NAMESPACE/NAME in lower case, with '*' as a wildcard (e.g. booksapp/* or emojivoto/web-*), separated by commas",
      });
    }
    return m[1] !== undefined ? { text, namespace: m[1], name: m[2]! } : { text, name: m[2]! };
  });
  return { entries, source };
}

/** `*` matches any run of characters; the rest literally. Greedy with one backtrack point: O(pattern × name), and names are DNS labels of at most 63 characters. */
export function wildcardMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let mark = 0;
  while (t < text.length) {
    if (p < pattern.length && pattern[p] !== "*" && pattern[p] === text[t]) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === "*") {
      star = p++;
      mark = t;
    } else if (star !== -1) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === "*") p++;
  return p === pattern.length;
}

function entryMatches(e: SelectorEntry, s: { name: string; namespace: string }): boolean {
  return wildcardMatch(e.name, s.name) && (e.namespace === undefined || wildcardMatch(e.namespace, s.namespace));
}

/**
 * The services a selector picks, in config order. An entry that picks no
 * service is an error: a typo would otherwise silently drop a service (and
 * Argo CD would prune its objects).
 */
export function selectServices<S extends { name: string; namespace: string }>(services: S[], selector: Selector): S[] {
  const unused = selector.entries.filter((e) => !services.some((s) => entryMatches(e, s)));
  if (unused.length) {
    const known = services.map((s) => `${s.namespace}/${s.name}`).join(", ") || "none";
    throw new SpecError({
      message: `${selector.source}: ${unused.map((e) => `"${e.text}"`).join(", ")} ${unused.length === 1 ? "matches" : "match"} no service of the config`,
      hint: `the config's services are: ${known}`,
    });
  }
  return services.filter((s) => selector.entries.some((e) => entryMatches(e, s)));
}

/** `namespace/name` of every core `Service` in a YAML stream; a Service without a namespace gets `defaultNamespace`, or "" when that is unknown. */
export function servicesInManifests(stream: string, defaultNamespace: string | undefined): Set<string> {
  const found = new Set<string>();
  for (const doc of parseAllDocuments(stream)) {
    if (doc.errors.length) continue;
    const v = doc.toJS() as Record<string, unknown> | null;
    if (!v || typeof v !== "object" || v.kind !== "Service" || v.apiVersion !== "v1") continue;
    const meta = (v.metadata ?? {}) as Record<string, unknown>;
    if (typeof meta.name !== "string") continue;
    const ns = typeof meta.namespace === "string" && meta.namespace !== "" ? meta.namespace : (defaultNamespace ?? "");
    found.add(`${ns}/${meta.name}`);
  }
  return found;
}

export type OwnershipReason = "selector" | "config" | "app" | "manifests";

export interface Ownership {
  /** The owned services, in config order. */
  owned: ServiceConfig[];
  /** Why each owned service was picked, by `namespace/name`. */
  reasons: Map<string, OwnershipReason>;
}

export interface OwnershipInput {
  services: ServiceConfig[];
  /** The explicit selector, when one was given: it alone decides. */
  selector?: Selector;
  /** The config file sits in the app directory: it is the app's own, every service belongs. */
  configInAppDir: boolean;
  /** The app directory relative to the config's root (for `app:`). */
  appPath: string;
  /** The app's rendered manifests, or undefined when there are none to look at. */
  manifests?: string;
  /** Where Argo CD puts objects without a namespace (the Application's destination namespace). */
  defaultNamespace?: string;
}

/** Whether deciding needs the app's manifests: no selector, the config is not the app's own, and some service has no `app:`. */
export function needsManifests(services: readonly ServiceConfig[], selector: Selector | undefined, configInAppDir: boolean): boolean {
  return !selector && !configInAppDir && services.some((s) => s.app === undefined);
}

/** One line on how the owned services were chosen, for stderr. */
export function describeOwnership(ownership: Ownership, total: number): string {
  const names = ownership.owned.map((s) => `${s.namespace}/${s.name}`);
  const why = new Set(ownership.reasons.values());
  const because = [
    why.has("selector") ? "picked by the selector" : "",
    why.has("app") ? "owned through app: in the config" : "",
    why.has("config") ? "listed by the config in the app directory" : "",
    why.has("manifests") ? "their Service is in the app's manifests" : "",
  ].filter(Boolean);
  const left = total - names.length;
  const head = names.length ? `services ${names.join(", ")} (${because.join("; ")})` : "no service of the config belongs to this app";
  return `${head}; ${left === 1 ? "1 other service" : `${left} other services`} of the config left to ${left === 1 ? "its app" : "their apps"}`;
}

function isUnder(dir: string, owner: string): boolean {
  return owner === "" || dir === owner || dir.startsWith(`${owner}/`);
}

/**
 * Decides which services the app owns, in this order:
 * an explicit selector; else per service its `app:` (the app directory is it or below it);
 * else every service when the config sits in the app directory;
 * else the services whose Service (same name and namespace) is in the app's manifests.
 * When a service has no `app:`, the config is elsewhere and there are no
 * manifests to look at, nobody can tell: that is an error naming the ways out.
 */
export function decideOwnership(input: OwnershipInput): Ownership {
  const reasons = new Map<string, OwnershipReason>();
  const key = (s: ServiceConfig) => `${s.namespace}/${s.name}`;
  if (input.selector) {
    const owned = selectServices(input.services, input.selector);
    for (const s of owned) reasons.set(key(s), "selector");
    return { owned, reasons };
  }
  const undecided = input.services.filter((s) => s.app === undefined && !input.configInAppDir);
  if (undecided.length && input.manifests === undefined) {
    throw new SpecError({
      message: `cannot tell which services belong to this app: it has no manifests to look for their Services in, and ${undecided.length === 1 ? "service" : "services"} ${undecided.map(key).join(", ")} ${undecided.length === 1 ? "has" : "have"} no app: in the config`,
      hint: "set SELECT (e.g. booksapp/*), or give each service its owning directory with app: in the config",
    });
  }
  const inManifests = input.manifests !== undefined ? servicesInManifests(input.manifests, input.defaultNamespace) : new Set<string>();
  const owned: ServiceConfig[] = [];
  for (const s of input.services) {
    let reason: OwnershipReason | undefined;
    if (s.app !== undefined) reason = isUnder(input.appPath, s.app) ? "app" : undefined;
    else if (input.configInAppDir) reason = "config";
    else if (inManifests.has(key(s)) || inManifests.has(`/${s.name}`)) reason = "manifests";
    if (reason) {
      owned.push(s);
      reasons.set(key(s), reason);
    }
  }
  return { owned, reasons };
}
