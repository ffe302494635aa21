/**
 * Switching migrated services to Gateway API output in the repository
 * config: `target: gateway` on each service entry. The config is the
 * user's file, so only the bytes that change are touched: the yaml
 * library's node ranges give the offsets of a `target:` value to replace or
 * of the place a missing key goes, and the original text is spliced there;
 * every other byte (comments, spacing, flow collections, quoting) stays.
 * The next `sync` then deletes the generated profile and writes the routes
 * (contract, "When a ServiceProfile and routes both exist").
 */
import { isMap, isScalar, isSeq, parseDocument, type Pair, type YAMLMap } from "yaml";
import { SpecError } from "../model/diagnostic.js";
import type { RepoConfig, ServiceConfig } from "../repo/config.js";
import { profilePath, routesPath } from "../repo/config.js";
import type { ConfigChange } from "./report.js";

export interface SwitchResult {
  text: string;
  changes: ConfigChange[];
  unchanged: string[];
}

/** The config service whose generated profile is this repository path, if any. */
export function serviceForProfile(config: RepoConfig, repoPath: string): ServiceConfig | undefined {
  return config.services.find((s) => s.profileNamespaces.some((ns) => profilePath(config.output, ns, s.name) === repoPath));
}

interface Splice {
  at: number;
  remove: number;
  insert: string;
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf("\n", offset - 1) + 1);
}

/** Where `target: gateway` goes in one service entry, or why it cannot be placed. */
function targetSplice(text: string, entry: YAMLMap, eol: string): Splice | string {
  const pairs = entry.items as Pair[];
  const existing = pairs.find((p) => isScalar(p.key) && p.key.value === "target");
  if (existing) {
    const v = existing.value;
    if (isScalar(v) && v.range) return { at: v.range[0], remove: v.range[1] - v.range[0], insert: "gateway" };
    const key = existing.key as { range?: [number, number, number] };
    if (v === null && key.range) {
      const colon = text.indexOf(":", key.range[1]);
      if (colon >= 0) return { at: colon + 1, remove: 0, insert: " gateway" };
    }
    return "its target: is not a plain value";
  }
  if (!entry.range) return "its place in the file is unknown";
  if (entry.flow) {
    const close = entry.range[1] - 1;
    if (text[close] !== "}") return "its flow mapping does not end in }";
    return { at: close, remove: 0, insert: pairs.length ? ", target: gateway" : "target: gateway" };
  }
  const first = pairs[0]?.key as { range?: [number, number, number] } | undefined;
  const last = pairs[pairs.length - 1];
  const lastNode = (last?.value ?? last?.key) as { range?: [number, number, number] } | null | undefined;
  if (!first?.range || !lastNode?.range) return "its place in the file is unknown";
  const indent = " ".repeat(columnOf(text, first.range[0]));
  const end = lastNode.range[1];
  // A block value (a literal block, a nested map) ends after its newline: the key goes on the next line.
  if (text[end - 1] === "\n") return { at: end, remove: 0, insert: `${indent}target: gateway${eol}` };
  const nl = text.indexOf("\n", end);
  if (nl < 0) return { at: text.length, remove: 0, insert: `${eol}${indent}target: gateway` };
  const at = text[nl - 1] === "\r" ? nl - 1 : nl;
  return { at, remove: 0, insert: `${eol}${indent}target: gateway` };
}

/** Sets `target: gateway` on the given services (by `namespace/name`) in the config text. */
export function switchToGateway(text: string, config: RepoConfig, services: ServiceConfig[]): SwitchResult {
  const doc = parseDocument(text, { keepSourceTokens: true });
  const list = doc.get("services", true);
  if (!isSeq(list)) throw new SpecError({ message: "the config has no services list to edit", file: config.file, pointer: "/services", hint: "add the services under services:" });
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const changes: ConfigChange[] = [];
  const unchanged: string[] = [];
  const splices: Splice[] = [];
  for (const s of services) {
    const index = Number(s.pointer.split("/")[2]);
    const entry = list.items[index];
    const label = `${s.namespace}/${s.name}`;
    if (!isMap(entry)) {
      unchanged.push(`${label}: its entry at ${s.pointer} is not a map; edit it by hand`);
      continue;
    }
    if (s.target === "gateway") {
      unchanged.push(`${label}: already target gateway`);
      continue;
    }
    const splice = targetSplice(text, entry as YAMLMap, eol);
    if (typeof splice === "string") {
      unchanged.push(`${label}: ${splice}; set target: gateway at ${s.pointer} by hand`);
      continue;
    }
    splices.push(splice);
    changes.push({
      file: config.file,
      service: label,
      from: s.target,
      to: "gateway",
      deletes: s.profileNamespaces.map((ns) => profilePath(config.output, ns, s.name)),
      writes: s.profileNamespaces.map((ns) => routesPath(config.output, ns, s.name)),
    });
  }
  // From the end backwards, so earlier offsets stay valid.
  let out = text;
  for (const sp of [...splices].sort((a, b) => b.at - a.at)) out = out.slice(0, sp.at) + sp.insert + out.slice(sp.at + sp.remove);
  if (changes.length) assertSwitched(out, config, services, changes);
  return { text: changes.length ? out : text, changes, unchanged };
}

/** The spliced text must read as the config with exactly those targets changed; anything else is a bug, not a config to write. */
function assertSwitched(text: string, config: RepoConfig, services: ServiceConfig[], changes: ConfigChange[]): void {
  const doc = parseDocument(text);
  const list = doc.get("services", true);
  const ok =
    doc.errors.length === 0 &&
    isSeq(list) &&
    services.every((s) => {
      if (!changes.some((c) => c.service === `${s.namespace}/${s.name}`)) return true;
      const entry = list.items[Number(s.pointer.split("/")[2])];
      return isMap(entry) && entry.get("target") === "gateway";
    });
  if (!ok) {
    throw new SpecError({
      message: "the config could not be edited in place; nothing was written",
      file: config.file,
      hint: "set target: gateway on the migrated services by hand",
    });
  }
}
