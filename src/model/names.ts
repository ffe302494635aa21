/**
 * Kubernetes name rules as Linkerd's `profile` command applies them, with the
 * apimachinery messages users know from kubectl.
 */
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function dns1035LabelErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push("must be no more than 63 characters");
  if (!DNS1035_LABEL.test(value)) {
    errs.push(
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    );
  }
  return errs;
}

export function dns1123LabelErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push("must be no more than 63 characters");
  if (!DNS1123_LABEL.test(value)) {
    errs.push(
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    );
  }
  return errs;
}

export function dns1123SubdomainErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 253) errs.push("must be no more than 253 characters");
  if (!DNS1123_SUBDOMAIN.test(value)) {
    errs.push(
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    );
  }
  return errs;
}

/** Linkerd's `validate()` message for a bad service name, or undefined. */
export function serviceNameError(name: string): string | undefined {
  const errs = dns1035LabelErrors(name);
  return errs.length ? `invalid service "${name}": [${errs.join(" ")}]` : undefined;
}

export function namespaceError(namespace: string): string | undefined {
  const errs = dns1123LabelErrors(namespace);
  return errs.length ? `invalid namespace "${namespace}": [${errs.join(" ")}]` : undefined;
}

/** `<service>.<namespace>.svc.<clusterDomain>`: the FQDN Linkerd looks profiles up by. */
export function profileName(service: string, namespace: string, clusterDomain: string): string {
  return `${service}.${namespace}.svc.${clusterDomain}`;
}

export const DEFAULT_CLUSTER_DOMAIN = "cluster.local";

/** Linkerd's name checks: service a DNS-1035 label, namespaces DNS-1123 labels. */
export function identityErrors(service: string, namespace: string, profileNamespace = namespace): string[] {
  return [serviceNameError(service), namespaceError(namespace), profileNamespace !== namespace ? namespaceError(profileNamespace) : undefined].filter(
    (e): e is string => e !== undefined,
  );
}
