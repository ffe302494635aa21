import type { RouteObject } from "../model/gateway.js";
import type { GatewayShadowGroup } from "../lint/gateway-shadowing.js";
import type { Diagnostic } from "../model/diagnostic.js";
import type { ProfileVerification } from "./verification-section.js";
export interface RouteSetIdentity {
    kind: "HTTPRoute" | "GRPCRoute";
    service: string;
    serviceNamespace: string;
    /** Namespace the route objects live in (a client namespace makes them consumer routes). */
    namespace: string;
    /** Repo path of the generated file (head's, else base's). */
    path: string;
}
export interface RuleSummary {
    /** The route's own name (`GET /books/{id}`); `[DEFAULT]` for the catch-all. */
    name: string;
    /** metadata.name of the object holding the rule: what Linkerd's route metrics are labelled with. */
    object: string;
    /** One line per match: `GET Exact /books`, `GET RegularExpression ^/books/[^/]*$`, `shop.v1.Orders/Get`, `*`. */
    matches: string[];
    /** The request timeout (rules[].timeouts.request, or timeout.linkerd.io/request); null for none. */
    timeout: string | null;
    /** The retry annotations in one line (`http=5xx limit=3 timeout=500ms`); null for no retries. */
    retry: string | null;
    /**
     * Where the timeout is written: Linkerd before 2.20 reads only the annotation on
     * gateway.networking.k8s.io routes, so a move between the two is a change of meaning.
     */
    timeoutIn: "rules[].timeouts.request" | "annotation timeout.linkerd.io/request" | null;
}
export type RuleField = "object" | "matches" | "timeout" | "timeoutIn" | "retry";
export interface RuleFieldChange {
    field: RuleField;
    from: unknown;
    to: unknown;
}
export interface RuleChange {
    name: string;
    changes: RuleFieldChange[];
}
export interface RouteSetDiff {
    routes: RouteSetIdentity;
    status: "added" | "removed" | "changed";
    rulesAdded: RuleSummary[];
    rulesRemoved: RuleSummary[];
    rulesChanged: RuleChange[];
    /** Objects added or removed by name (a rename shows here and as `object` changes). */
    objectsAdded: string[];
    objectsRemoved: string[];
    /** Set when the service's ServiceProfile in that namespace is removed in the same change (an added route set, or one kept from target: both). */
    replacesProfile?: boolean;
    /** Set when head also generates a ServiceProfile for the service in that namespace: it wins while it exists. */
    alongsideProfile?: boolean;
    /**
     * What head's routes cannot carry over (a retry budget, response classes, a first-match order),
     * when base's routes did not lose it already: listed with the change that causes it, once.
     */
    losses?: Diagnostic[];
    /** Rules of head's routes that Linkerd can never pick and base's could (lint/gateway-shadowing.ts), grouped. */
    shadowing?: GatewayShadowGroup[];
    /** Present when head's config lists tap recordings for the service: head's routes replayed against them (unmatched: would get 404). */
    verification?: ProfileVerification;
}
/** Every rule of a route set, keyed by the route it stands for. */
export declare function ruleSummaries(objects: readonly RouteObject[]): Map<string, RuleSummary>;
export declare function diffRouteSet(identity: RouteSetIdentity, base: readonly RouteObject[] | undefined, head: readonly RouteObject[] | undefined): RouteSetDiff | undefined;
export declare function isCatchAll(r: RuleSummary): boolean;
