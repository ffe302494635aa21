export declare function dns1035LabelErrors(value: string): string[];
export declare function dns1123LabelErrors(value: string): string[];
export declare function dns1123SubdomainErrors(value: string): string[];
/** Linkerd's `validate()` message for a bad service name, or undefined. */
export declare function serviceNameError(name: string): string | undefined;
export declare function namespaceError(namespace: string): string | undefined;
/** `<service>.<namespace>.svc.<clusterDomain>`: the FQDN Linkerd looks profiles up by. */
export declare function profileName(service: string, namespace: string, clusterDomain: string): string;
export declare const DEFAULT_CLUSTER_DOMAIN = "cluster.local";
/** Linkerd's name checks: service a DNS-1035 label, namespaces DNS-1123 labels. */
export declare function identityErrors(service: string, namespace: string, profileNamespace?: string): string[];
