/**
 * The `verification` section of a profile in the diff report: head's profile
 * replayed against the tap recordings head's config lists for the service,
 * with base's profile as the baseline, so a pull request shows which
 * recorded requests it would leave without a route.
 *
 * Each recording is streamed through the verifier one chunk at a time. A
 * recording that is missing, unreadable or not a recording becomes an error
 * diagnostic of this section; the other recordings (and services) still count.
 */
import { isSpecError, type Diagnostic } from "../model/diagnostic.js";
import type { ServiceProfile } from "../model/serviceprofile.js";
import { TapRecordingParser } from "../sources/tap/recording.js";
import { RecordingVerifier, type RequestGroup, type VerifyReport } from "../tap/verify.js";
import type { ProfileVerification, RequestPathGroup } from "./verification-section.js";
import { RoutesVerifier } from "../tap/verify-routes.js";
import { matchPath } from "../matching/profile-match.js";
import { linkerdOrder, selectRoute } from "../matching/gateway-selection.js";
import type { RouteObject } from "../model/gateway.js";

/** A recording's bytes: whole, or as a stream of chunks; undefined when the file does not exist. */
export type RecordingOpener = (relPath: string) => Promise<Uint8Array | AsyncIterable<Uint8Array | string> | undefined>;

export interface VerifyTarget {
  head: ServiceProfile;
  /** Base's profile; undefined for a profile head adds (nothing routed its requests before). */
  base: ServiceProfile | undefined;
  /** Repo paths of the recordings, as the config lists them. */
  recordings: string[];
  /** `namespace/name` of the service and the state read (`WORKTREE`, a ref), for messages. */
  service: string;
  where: string;
}

const NO_ROUTES: Pick<ServiceProfile, "spec"> = { spec: { routes: [] } };

type TapEventOf = Parameters<RecordingVerifier["add"]>[0];

/** Streams each recording the service lists into `onEvent`; missing or unreadable ones become problems, the others still count. */
async function replayRecordings(
  target: Pick<VerifyTarget, "recordings" | "service" | "where">,
  open: RecordingOpener,
  onEvent: (e: TapEventOf) => void,
  onRecording: (file: string, summary: ReturnType<TapRecordingParser["end"]>) => void,
): Promise<Diagnostic[]> {
  const problems: Diagnostic[] = [];
  for (const file of target.recordings) {
    try {
      const data = await open(file);
      if (data === undefined) {
        problems.push({
          severity: "error",
          file,
          message: `the tap recording ${file} listed for ${target.service} does not exist in ${where(target.where)}`,
          hint: "commit the recording, or correct the path in the service's tap: list; paths are relative to the repository root",
        });
        continue;
      }
      const parser = new TapRecordingParser(onEvent, { file });
      if (data instanceof Uint8Array) parser.push(data);
      else for await (const chunk of data) parser.push(chunk);
      onRecording(file, parser.end());
    } catch (err) {
      problems.push(readProblem(file, err));
    }
  }
  return problems;
}

export async function verifyHeadProfile(target: VerifyTarget, open: RecordingOpener): Promise<ProfileVerification> {
  const verifier = new RecordingVerifier(target.head, { baseline: target.base ?? NO_ROUTES });
  const problems = await replayRecordings(target, open, (e) => verifier.add(e), (file, summary) => verifier.recording(file, summary));
  return toSection(verifier.finish(), problems);
}

function where(ref: string): string {
  return ref === "WORKTREE" ? "the work tree" : ref;
}

function readProblem(file: string, err: unknown): Diagnostic {
  if (isSpecError(err)) return { ...err.diagnostic, severity: "error", file: err.diagnostic.file ?? file };
  if (!(err instanceof Error)) throw err;
  return { severity: "error", file, message: `could not read the tap recording ${file}: ${err.message}` };
}

function group(g: RequestGroup): RequestPathGroup {
  const space = g.key.indexOf(" ");
  return { method: g.key.slice(0, space), path: g.key.slice(space + 1), count: g.count, example: g.example };
}

/** The verifier's report, reduced to what a reviewer of the change needs. */
export function toSection(report: VerifyReport, readProblems: Diagnostic[] = []): ProfileVerification {
  const newly = report.newlyUnmatched ?? [];
  return {
    requests: report.totals.requests,
    matched: report.totals.matched,
    unmatched: { requests: report.totals.unmatched, groups: report.unmatched.map(group) },
    newlyUnmatched: { requests: newly.reduce((n, g) => n + g.count, 0), groups: newly.map(group) },
    neverHit: report.neverHit,
    shadowed: report.shadowed.map((s) => ({ route: s.route, reason: s.reason, by: s.by })),
    recordings: report.recordings.map((r) => ({ file: r.file, format: r.format, events: r.events, truncated: r.truncated })),
    problems: [...readProblems, ...report.warnings],
  };
}

export interface RoutesVerifyTarget {
  head: RouteObject[];
  /** Base's route objects; undefined when base had none (a ServiceProfile or nothing: no request got 404 then). */
  base: RouteObject[] | undefined;
  recordings: string[];
  service: string;
  where: string;
}

const MAX_GROUPS = 10_000;

/**
 * Head's Gateway API routes replayed against the service's recordings with
 * the model of Linkerd's selection: requests no rule takes would get 404
 * (an error status for gRPC). `newlyUnmatched` counts those that base still
 * routed: all of them for route files a change adds, since neither a
 * ServiceProfile nor Linkerd's default route ever answers 404.
 */
export async function verifyHeadRoutes(target: RoutesVerifyTarget, open: RecordingOpener): Promise<ProfileVerification> {
  const verifier = new RoutesVerifier(target.head, []);
  const base = target.base ? linkerdOrder(target.base) : undefined;
  const headOrdered = linkerdOrder(target.head);
  const newly = new Map<string, RequestPathGroup>();
  let newlyCount = 0;
  const onEvent = (e: TapEventOf) => {
    verifier.add(e);
    if (e.kind !== "request" || e.direction !== "inbound") return;
    const req = { method: e.method, path: matchPath(e.path) };
    if (selectRoute(headOrdered, req)) return;
    if (base && base.length > 0 && !selectRoute(base, req)) return;
    newlyCount++;
    const key = `${e.method} ${req.path}`;
    const g = newly.get(key);
    if (g) g.count++;
    else if (newly.size < MAX_GROUPS) newly.set(key, { method: e.method, path: req.path, count: 1, example: e.path });
  };
  const problems = await replayRecordings(target, open, onEvent, (file, summary) => verifier.recording(file, summary));
  const r = verifier.finish();
  const byCount = (a: RequestPathGroup, b: RequestPathGroup) => b.count - a.count || (a.method + a.path < b.method + b.path ? -1 : 1);
  return {
    requests: r.totals.requests,
    matched: r.totals.matched,
    unmatched: { requests: r.totals.unmatched, groups: r.unmatched.map(group) },
    newlyUnmatched: { requests: newlyCount, groups: [...newly.values()].sort(byCount) },
    neverHit: r.neverHit,
    shadowed: [],
    recordings: r.recordings.map((x) => ({ file: x.file, format: x.format, events: x.events, truncated: x.truncated })),
    problems: [...problems, ...r.warnings],
  };
}
