/**
 * The shape of a verification section in the diff report: head's routes
 * replayed against a service's recordings. Its own module so that the
 * profile diff (routes.ts) and the route-object diff (route-objects.ts) both
 * look down at it rather than at each other.
 */
import type { Diagnostic } from "../model/diagnostic.js";
/** Recorded requests that share a method and a consolidated path (`/books/{id}/edit`). */
export interface RequestPathGroup {
    method: string;
    path: string;
    count: number;
    /** One recorded path of the group, as recorded. */
    example: string;
}
export interface VerifiedRecording {
    /** Repo path at head, as listed in the config. */
    file: string;
    /** `json`, `text`, or `empty`. */
    format: string;
    events: number;
    /** Whether the last event was cut off (and ignored). */
    truncated: boolean;
}
/**
 * Head's profile replayed against the recordings head's config lists for the
 * service, exactly as the proxy matches (first match wins). Base's profile is
 * the baseline for `newlyUnmatched`.
 */
export interface ProfileVerification {
    /** Inbound requests replayed (outbound events are not this service's traffic). */
    requests: number;
    matched: number;
    /** Requests no route of head's profile matches. */
    unmatched: {
        requests: number;
        groups: RequestPathGroup[];
    };
    /** Requests a route of base's profile matches and no route of head's does; none for an added profile. */
    newlyUnmatched: {
        requests: number;
        groups: RequestPathGroup[];
    };
    /** Routes of head's profile that no recorded request hits, in profile order. */
    neverHit: string[];
    /** Routes of head's profile that can never match: earlier routes take all their requests. */
    shadowed: {
        route: string;
        reason: "identical" | "covered" | "covered-together" | "matches-nothing";
        by: string[];
    }[];
    /** The recordings that were read (a recording that could not be opened is only in `problems`). */
    recordings: VerifiedRecording[];
    /** Errors reading a recording (missing, unreadable), then warnings about its content. */
    problems: Diagnostic[];
}
