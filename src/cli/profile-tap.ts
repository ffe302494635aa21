/**
 * `profile --tap`: the CLI edge of src/tap/tap-profile.ts. Reads the
 * recording as a stream (a file or stdin), the profile to merge, and writes
 * the profile to stdout, the report where asked and warnings to stderr.
 */
import { createReadStream, promises as fs } from "node:fs";
import * as path from "node:path";
import { SpecError, type Diagnostic } from "../model/diagnostic.js";
import type { TrafficTotals } from "../tap/aggregate.js";
import { hasGeneratedHeader, renderObject } from "../render.js";
import { parseProfileBytes } from "../sources/profile-file.js";
import { renderTapReport, type ReportFormat } from "../tap/report.js";
import { tapProfile } from "../tap/tap-profile.js";
import { EXIT_OK, writeDiagnostics, type CliIO } from "./command.js";
import { checkWritable } from "./output-file.js";
import { quotedShort } from "../model/shorten.js";

export interface TapProfileOptions {
  tap: string;
  service: string;
  namespace: string;
  clusterDomain: string;
  routeLimit: number;
  consolidate: "auto" | "none";
  merge?: string;
  report?: string;
  applySuggestions: boolean;
  output: "yaml" | "json";
  /** --no-header: print the object text without the generated-file comment. */
  noHeader?: boolean;
}

const CHUNK = 1024 * 1024;

/** A recording as a stream of chunks: stdin for "-", else the file (relative to cwd). */
export async function openRecording(file: string, io: CliIO): Promise<AsyncIterable<Uint8Array | string>> {
  if (file === "-") return io.stdin as AsyncIterable<Uint8Array | string>;
  const abs = path.resolve(io.cwd, file);
  let stat;
  try {
    stat = await fs.stat(abs);
  } catch {
    throw new SpecError({ message: `tap recording ${quotedShort(file)} does not exist`, hint: "record one with `linkerd viz tap -o json <target> > FILE`" });
  }
  if (stat.isDirectory()) throw new SpecError({ message: `${quotedShort(file)} is a directory, not a tap recording`, hint: "name the recording file itself" });
  return createReadStream(abs, { highWaterMark: CHUNK });
}

export async function readUserFile(file: string, io: CliIO, what: string): Promise<Buffer> {
  try {
    return await fs.readFile(path.resolve(io.cwd, file));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new SpecError({ message: `${what} ${quotedShort(file)} ${code === "ENOENT" ? "does not exist" : `cannot be read (${code})`}`, hint: "check the path; it is relative to the current directory" });
  }
}

/**
 * A recording with events but no inbound request makes a profile or routes
 * with nothing but defaults: say so instead of succeeding silently. (An
 * empty recording is already warned about by the parser.)
 */
export function noInboundWarning(totals: TrafficTotals, file: string): Diagnostic[] {
  if (totals.events === 0 || totals.requests > 0) return [];
  const outbound = totals.outbound > 0 ? ` (${totals.outbound} outbound, which describe the calls this workload makes to others)` : "";
  return [
    {
      severity: "warning",
      file,
      message: `the recording has ${totals.events} event(s) but no inbound request${outbound}, so no route was observed`,
      hint: "tap the service's own workload, e.g. `linkerd viz tap -o json deploy/<name> > FILE`, while it receives traffic",
    },
  ];
}

/** Report format from the file name: .md -> markdown, .json -> json, else text. */
export function reportFormatFor(file: string): ReportFormat {
  if (/\.(md|markdown)$/i.test(file)) return "markdown";
  if (/\.json$/i.test(file)) return "json";
  return "text";
}

export async function runTapProfile(opts: TapProfileOptions, io: CliIO): Promise<number> {
  const recordingName = opts.tap === "-" ? "stdin" : opts.tap;
  if (opts.report !== undefined && opts.report !== "-") await checkWritable(io, "--report", opts.report);
  let existing;
  let mergeHadHeader = false;
  if (opts.merge !== undefined) {
    const data = await readUserFile(opts.merge, io, "profile to merge");
    const loaded = parseProfileBytes(data, opts.merge);
    writeDiagnostics(io, loaded.warnings);
    existing = { profile: loaded.profile, file: opts.merge };
    mergeHadHeader = hasGeneratedHeader(data.toString("utf8"));
  }
  const source = await openRecording(opts.tap, io);
  const result = await tapProfile(source, {
    service: opts.service,
    namespace: opts.namespace,
    clusterDomain: opts.clusterDomain,
    routeLimit: opts.routeLimit,
    consolidate: opts.consolidate,
    applySuggestions: opts.applySuggestions,
    file: recordingName,
    ...(existing ? { existing } : {}),
  });
  // A report on stderr already holds the warnings.
  if (opts.report !== "-") writeDiagnostics(io, result.warnings);
  // Not part of the report: said once, here, whatever --report is.
  writeDiagnostics(io, noInboundWarning(result.traffic.totals, recordingName));
  // A merged profile is the user's own file: it says "generated" only if it already did.
  const headerSources = opts.noHeader ? undefined : opts.merge === undefined ? [recordingName] : mergeHadHeader ? [opts.merge, recordingName] : undefined;
  // The report file first: if it fails, stdout stays empty.
  if (opts.report !== undefined && opts.report !== "-") await fs.writeFile(path.resolve(io.cwd, opts.report), renderTapReport(result.report, reportFormatFor(opts.report)));
  io.stdout.write(renderObject(result.profile, { format: opts.output, ...(headerSources ? { headerSources } : {}) }));
  if (opts.report === "-") io.stderr.write(renderTapReport(result.report, "text"));
  return EXIT_OK;
}
