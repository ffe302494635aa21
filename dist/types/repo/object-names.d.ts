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
export declare function routeFileObjects(text: string): ObjectIdentity[];
export interface ObjectClash {
    /** Index of the owner that meets an earlier one. */
    owner: number;
    /** Index of the earlier owner. */
    earlier: number;
    object: ObjectIdentity;
}
/** For each owner (in order) that makes an object an earlier owner already made, the first such object. Linear in the objects. */
export declare function objectClashes(owners: readonly (readonly ObjectIdentity[])[]): ObjectClash[];
