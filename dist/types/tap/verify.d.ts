/**
 * Replaying a tap recording against a profile, offline: which route each
 * recorded inbound request gets (match.ts: exactly the proxy's choice), and
 * what that says about the profile:
 *
 *  - hits per route, and routes never hit;
 *  - requests no route matches, grouped by consolidated path (the grouping of
 *    `profile --tap`), with counts and an example;
 *  - routes that can never match (shadow.ts), and routes the proxy drops;
 *  - when the recording carries route labels (`rt_route`), requests whose
 *    recorded route differs from the one the profile assigns now;
 *  - requests whose `:authority` is not the profile's service;
 *  - with a baseline profile, requests the baseline routes and this one does
 *    not ("newly unmatched": what a change would break).
 *
 * Pure: events in, report out. `RecordingVerifier` takes events one at a
 * time so a recording of any size streams through.
 */
import type { Diagnostic } from "../model/diagnostic.js";
import type { ServiceProfile } from "../model/serviceprofile.js";
import type { TapEvent } from "../sources/tap/event.js";
import { type TapReadSummary } from "../sources/tap/recording.js";
import { type AuthorityVerdict } from "../matching/authority.js";
import { type ShadowAnalysis } from "../matching/shadow.js";
export declare const VERIFY_REPORT_VERSION = 1;
export interface RouteHits {
    index: number;
    name: string;
    hits: number;
    /** First recorded path that hit the route. */
    example?: string;
    /** Why the proxy drops the route or parts of its condition. */
    problems: string[];
    /** True when the proxy cannot use the route at all. */
    dropped: boolean;
}
export interface RequestGroup {
    /** `METHOD /consolidated/{id}/path`. */
    key: string;
    count: number;
    example: string;
}
export interface LabelMismatch {
    /** The route recorded by the proxy; null when the request had none. */
    recorded: string | null;
    /** The route this profile assigns; null when none matches. */
    assigned: string | null;
    count: number;
    example: string;
}
export interface AuthorityMismatch {
    authority: string;
    verdict: Exclude<AuthorityVerdict, "ok">;
    count: number;
    example: string;
}
export interface UnmatchedThreshold {
    /** As given: "5" or "2.5%". */
    given: string;
    /** The largest number of unmatched requests allowed. */
    allowed: number;
    exceeded: boolean;
}
export interface VerifyReport {
    version: typeof VERIFY_REPORT_VERSION;
    profile: {
        name: string;
        namespace: string;
        file?: string;
    };
    recordings: {
        file: string;
        format: string;
        events: number;
        truncated: boolean;
    }[];
    totals: {
        /** Inbound requests replayed. */
        requests: number;
        matched: number;
        unmatched: number;
        outboundIgnored: number;
        unknownDirectionIgnored: number;
        /** Requests that carried a recorded route label. */
        labelled: number;
    };
    routes: RouteHits[];
    unmatched: RequestGroup[];
    neverHit: string[];
    shadowed: ShadowAnalysis["shadowed"];
    undecided: ShadowAnalysis["undecided"];
    /** Present when the recording carries route labels. */
    labelMismatches?: LabelMismatch[];
    authorityMismatches: AuthorityMismatch[];
    /** Present with a baseline profile. */
    newlyUnmatched?: RequestGroup[];
    threshold?: UnmatchedThreshold;
    warnings: Diagnostic[];
}
export interface VerifyOptions {
    /** The profile's file, for the report. */
    file?: string;
    /** Another profile (e.g. the base of a change) to compare against. */
    baseline?: Pick<ServiceProfile, "spec">;
    /** Distinct values before a path position folds (grouping of unmatched requests). */
    distinctValues?: number;
}
/** `--max-unmatched`: a count ("5") or a percentage of the replayed requests ("2.5%"). */
export declare function parseMaxUnmatched(text: string): {
    count: number;
} | {
    percent: number;
} | undefined;
export declare function applyThreshold(report: VerifyReport, given: string): UnmatchedThreshold;
export declare class RecordingVerifier {
    private readonly profile;
    private readonly options;
    private readonly routes;
    private readonly chooser;
    private readonly baseline;
    private readonly identity;
    private readonly hits;
    private readonly examples;
    private readonly unmatched;
    private readonly newlyUnmatched;
    private readonly labels;
    private readonly authorities;
    private readonly totals;
    private readonly recordings;
    private readonly warnings;
    constructor(profile: ServiceProfile, options?: VerifyOptions);
    add(event: TapEvent): void;
    /** Notes one recording's parse summary (call after feeding its events). */
    recording(file: string, summary: TapReadSummary): void;
    finish(): VerifyReport;
}
/** Replays recorded events against a profile. */
export declare function verifyRecording(profile: ServiceProfile, events: Iterable<TapEvent>, options?: VerifyOptions): VerifyReport;
export interface RecordingInput {
    /** Name for the report and messages. */
    file: string;
    /** The recording: all of it, or a stream of chunks (any size streams in bounded memory). */
    data: Uint8Array | string | AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;
}
/** Streams recordings (either format) through a verifier: what `verify`, `diff` and the Action call. */
export declare function verifyRecordings(profile: ServiceProfile, recordings: RecordingInput[], options?: VerifyOptions): Promise<VerifyReport>;
