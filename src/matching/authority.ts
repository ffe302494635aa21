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
export function identityFromProfileName(name: string): ProfileIdentity | undefined {
  const m = /^([^.]+)\.([^.]+)\.svc\.(.+)$/.exec(name);
  return m ? { service: m[1]!, namespace: m[2]!, clusterDomain: m[3]! } : undefined;
}

/** The host of an authority, lower case, without port or trailing dot. */
export function authorityHost(authority: string): string {
  let host = authority.trim().toLowerCase();
  const at = host.lastIndexOf("@");
  if (at >= 0) host = host.slice(at + 1);
  if (host.startsWith("[")) {
    const close = host.indexOf("]");
    return close > 0 ? host.slice(1, close) : host;
  }
  const colon = host.lastIndexOf(":");
  if (colon >= 0 && /^\d*$/.test(host.slice(colon + 1))) host = host.slice(0, colon);
  return host.endsWith(".") ? host.slice(0, -1) : host;
}

/** The names under which the service's profile applies. */
export function serviceHostNames(id: ProfileIdentity): string[] {
  const { service, namespace, clusterDomain } = id;
  return [service, `${service}.${namespace}`, `${service}.${namespace}.svc`, `${service}.${namespace}.svc.${clusterDomain}`].map((h) => h.toLowerCase());
}

export type AuthorityVerdict = "ok" | "other-service" | "ip" | "missing";

export function checkAuthority(authority: string, id: ProfileIdentity): AuthorityVerdict {
  const host = authorityHost(authority);
  if (host === "") return "missing";
  if (serviceHostNames(id).includes(host)) return "ok";
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(":")) return "ip";
  return "other-service";
}
