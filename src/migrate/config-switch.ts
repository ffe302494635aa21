/**
 * Switching migrated services to Gateway API output in the repository
 * config: `target: gateway` on each service entry, written with the yaml
 * library's Document API so comments, order and the rest of the text stay.
 * The next `sync` then deletes the generated profile and writes the routes
 * (contract, "When a ServiceProfile and routes both exist").
 */
import { isMap, isSeq, parseDocument, type YAMLMap } from "yaml";
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

/** Sets `target: gateway` on the given services (by `namespace/name`) in the config text. */
export function switchToGateway(text: string, config: RepoConfig, services: ServiceConfig[]): SwitchResult {
  const doc = parseDocument(text, { keepSourceTokens: true });
  const list = doc.get("services", true);
  if (!isSeq(list)) throw new SpecError({ message: "the config has no services list to edit", file: config.file, pointer: "/services", hint: "add the services under services:" });
  const changes: ConfigChange[] = [];
  const unchanged: string[] = [];
  for (const s of services) {
    const index = Number(s.pointer.split("/")[2]);
    const entry = list.items[index];
    if (!isMap(entry)) {
      unchanged.push(`${s.namespace}/${s.name}: its entry at ${s.pointer} is not a map; edit it by hand`);
      continue;
    }
    const label = `${s.namespace}/${s.name}`;
    if (s.target === "gateway") {
      unchanged.push(`${label}: already target gateway`);
      continue;
    }
    (entry as YAMLMap).set("target", "gateway");
    changes.push({
      file: config.file,
      service: label,
      from: s.target,
      to: "gateway",
      deletes: s.profileNamespaces.map((ns) => profilePath(config.output, ns, s.name)),
      writes: s.profileNamespaces.map((ns) => routesPath(config.output, ns, s.name)),
    });
  }
  return { text: changes.length ? doc.toString({ lineWidth: 0 }) : text, changes, unchanged };
}
