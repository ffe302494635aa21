/**
 * Route object names across services. Each service's objects are unique by
 * construction (targets/gateway/names.ts), but names are made of the service
 * name and the route, so two services can meet: service `web` with route
 * `GET /get/x` and service `web-get` with `GET /x` both make
 * `web-get-get-x`. In one namespace the second would replace the first when
 * applied. Found here, over every route file of a plan (regenerated or
 * reused), from the rendered text, so a reused file needs no parsing.
 */

export interface ObjectIdentity {
  kind: string;
  namespace: string;
  name: string;
}

/**
 * `kind namespace/name` of every object in a generated route file: the
 * renderer writes `kind:` at the top level and `name:`/`namespace:` two
 * spaces in, under `metadata:` (the only mapping at that depth with them:
 * spec holds `parentRefs` and `rules`). One pass over the lines.
 */
export function routeFileObjects(text: string): ObjectIdentity[] {
  const out: ObjectIdentity[] = [];
  let current: Partial<ObjectIdentity> = {};
  const flush = () => {
    if (current.kind && current.name) out.push({ kind: current.kind, namespace: current.namespace ?? "", name: current.name });
    current = {};
  };
  for (const line of text.split("\n")) {
    if (line === "---") flush();
    else if (line.startsWith("kind: ")) current.kind = line.slice(6).trim();
    else if (line.startsWith("  name: ")) current.name = line.slice(8).trim();
    else if (line.startsWith("  namespace: ")) current.namespace = line.slice(13).trim();
  }
  flush();
  return out;
}

export interface ObjectClash {
  /** Index of the owner that meets an earlier one. */
  owner: number;
  /** Index of the earlier owner. */
  earlier: number;
  object: ObjectIdentity;
}

/** For each owner (in order) that makes an object an earlier owner already made, the first such object. Linear in the objects. */
export function objectClashes(owners: readonly (readonly ObjectIdentity[])[]): ObjectClash[] {
  const seen = new Map<string, number>();
  const clashes: ObjectClash[] = [];
  owners.forEach((objects, owner) => {
    let clash: ObjectClash | undefined;
    for (const o of objects) {
      const key = `${o.kind}\u0000${o.namespace}\u0000${o.name}`;
      const earlier = seen.get(key);
      if (earlier !== undefined && earlier !== owner) {
        clash ??= { owner, earlier, object: o };
      }
    }
    // A clashing owner writes nothing, so its names are not taken.
    if (clash) clashes.push(clash);
    else for (const o of objects) seen.set(`${o.kind}\u0000${o.namespace}\u0000${o.name}`, owner);
  });
  return clashes;
}
