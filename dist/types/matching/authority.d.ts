/**
 * Whether a request's `:authority` names the service a profile is for. The
 * proxy looks a profile up by the name the client used, so a request to
 * `webapp.other-ns:7000`, to a pod IP or to an external host does not get
 * the profile `webapp.default.svc.cluster.local`, however well its routes
 * are written: the most common reason a profile "does not work".
 */
export interface ProfileIdentity {
    service: string;
    namespace: string;
    clusterDomain: string;
}
/** `svc.ns.svc.domain` -> its parts; undefined when the name is not of that form. */
export declare function identityFromProfileName(name: string): ProfileIdentity | undefined;
/** The host of an authority, lower case, without port or trailing dot. */
export declare function authorityHost(authority: string): string;
/** The names under which the service's profile applies. */
export declare function serviceHostNames(id: ProfileIdentity): string[];
export type AuthorityVerdict = "ok" | "other-service" | "ip" | "missing";
export declare function checkAuthority(authority: string, id: ProfileIdentity): AuthorityVerdict;
