/**
 * The same ServiceProfile given twice (two files, a directory and a file in
 * it, a `kubectl get` dump next to the repository copy): identical copies are
 * migrated once; copies that differ are an error naming the files and the
 * fields, because their routes would share object names and the last one
 * applied would silently win. After conversion, no two objects of one kind
 * may share a name in one namespace either.
 */
import { SpecError, type Diagnostic } from "../model/diagnostic.js";
import type { RouteObject } from "../model/gateway.js";
import type { InputProfile } from "./input.js";

const MAX_LISTED = 10;

function escapePointer(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** JSON pointers where two JSON values differ, at most `limit` (then `more` counts the rest). */
export function differingPointers(a: unknown, b: unknown, limit = MAX_LISTED): { pointers: string[]; more: number } {
  const pointers: string[] = [];
  let more = 0;
  const note = (p: string) => (pointers.length < limit ? pointers.push(p || "/") : more++);
  // An explicit stack: profiles nest as deep as their conditions.
  const stack: [unknown, unknown, string][] = [[a, b, ""]];
  while (stack.length) {
    const [x, y, at] = stack.pop()!;
    if (x === y) continue;
    const bothArrays = Array.isArray(x) && Array.isArray(y);
    const bothObjects = x && y && typeof x === "object" && typeof y === "object" && !Array.isArray(x) && !Array.isArray(y);
    if (bothArrays) {
      const n = Math.max(x.length, y.length);
      for (let i = n - 1; i >= 0; i--) stack.push([x[i], y[i], `${at}/${i}`]);
    } else if (bothObjects) {
      const keys = [...new Set([...Object.keys(x), ...Object.keys(y)])].sort().reverse();
      for (const k of keys) stack.push([(x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k], `${at}/${escapePointer(k)}`]);
    } else note(at);
  }
  return { pointers, more };
}

function profileKey(p: InputProfile): string {
  return `${p.profile.metadata?.namespace ?? ""}/${p.profile.metadata?.name ?? ""}`;
}

function place(p: InputProfile): string {
  return p.line > 1 ? `${p.file}:${p.line}` : p.file;
}

/** One input per profile; throws when two copies of a profile differ. */
export function mergeDuplicateProfiles(inputs: readonly InputProfile[]): { inputs: InputProfile[]; notes: Diagnostic[] } {
  const first = new Map<string, InputProfile>();
  const out: InputProfile[] = [];
  const notes: Diagnostic[] = [];
  for (const input of inputs) {
    const key = profileKey(input);
    const seen = first.get(key);
    if (!seen) {
      first.set(key, input);
      out.push(input);
      continue;
    }
    const { pointers, more } = differingPointers(seen.profile.spec, input.profile.spec);
    if (pointers.length === 0) {
      notes.push({ severity: "warning", message: `${place(input)} holds the same ServiceProfile ${key} as ${place(seen)}: migrated once`, file: input.file, line: input.line });
      continue;
    }
    throw new SpecError({
      message: `${place(seen)} and ${place(input)} both hold ServiceProfile ${key}, and they differ at ${pointers.map((p) => `/spec${p === "/" ? "" : p}`).join(", ")}${more ? ` and ${more} more` : ""}; the migrated routes would share names and the last one applied would win`,
      file: input.file,
      line: input.line,
      hint: "give one copy of each profile: keep the one the cluster has (kubectl get serviceprofile NAME -n NAMESPACE -o yaml) and leave the other out",
    });
  }
  return { inputs: out, notes };
}

/** Throws when two objects of one kind share a name in one namespace. */
export function assertUniqueObjectNames(migrations: readonly { file: string; objects: readonly RouteObject[] }[]): void {
  const owner = new Map<string, string>();
  for (const m of migrations) {
    for (const o of m.objects) {
      const key = `${o.kind} ${o.metadata.namespace ?? ""}/${o.metadata.name}`;
      const other = owner.get(key);
      if (other !== undefined) {
        throw new SpecError({
          message: `${other} and ${m.file} both become ${key}: applying both would keep only the last`,
          file: m.file,
          hint: "two profiles attach routes to the same Service in one namespace (e.g. profiles named for two cluster domains): give only the one the cluster uses",
        });
      }
      owner.set(key, m.file);
    }
  }
}
