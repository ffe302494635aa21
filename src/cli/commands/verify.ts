/**
 * `serviceprofile-sync verify`: replay recorded tap traffic against a
 * profile, offline, and fail when too many requests match no route: the
 * seed's `linkerd viz tap -o wide ... | grep -v rt_route` check, for CI.
 */
import * as path from "node:path";
import { SpecError } from "../../model/diagnostic.js";
import { loadConfig, profilePath, type ServiceConfig } from "../../repo/config.js";
import { openWorkspace } from "../../repo/workspace.js";
import { parseProfileBytes } from "../../sources/profile-file.js";
import { applyThreshold, parseMaxUnmatched } from "../../tap/verify.js";
import type { VerifyFormat } from "../../tap/verify-render.js";
import { renderVerification, verifyRecording } from "../../index.js";
import { EXIT_FAILURE, EXIT_OK, UsageError, parseCommandArgs, writeDiagnostics, type CliIO, type Command } from "../command.js";
import { openRecording, readUserFile } from "../profile-tap.js";
import { decodeUtf8 } from "../../files/parse.js";
import { looksLikeRoutes, parseRouteObjects, renderRoutesVerify, verifyRouteRecordings } from "../../tap/verify-routes.js";

const help = `Replay recorded tap traffic against a ServiceProfile, as the proxy would match it.

Usage:
  serviceprofile-sync verify --profile FILE --tap FILE [flags]
  serviceprofile-sync verify --service NAME [--tap FILE] [flags]
  serviceprofile-sync verify --routes FILE... --tap FILE [flags]

Every recorded inbound request is matched against the profile's routes the way
the Linkerd proxy does (regex against the whole path without its query string,
method, all/any/not conditions, routes in order, first match wins). The report
shows hits per route, requests that match no route (grouped by consolidated
path), routes never hit, routes that can never match because earlier routes
take all their requests, requests whose recorded rt_route differs from the route
the profile assigns now, and requests whose :authority is not the profile's
service.

With --routes (or a --profile file holding HTTPRoutes/GRPCRoutes), requests are
replayed against Gateway API routes the way Linkerd's proxy picks them (path
score, header and query counts, method; ties by creationTimestamp, then name):
hits per rule, requests that match nothing (404 when no catch-all route is
attached), and requests whose route rests on a tie-break (a warning).

Record traffic with:
  linkerd viz tap -o json deploy/web > web.tap.json    (or -o wide)

Flags:
      --profile FILE        the ServiceProfile (YAML or JSON)
      --routes FILE         HTTPRoutes/GRPCRoutes (YAML stream or JSON List); repeatable
      --tap FILE            a tap recording ('-' reads stdin); repeatable
      --service NAME        take the profile (and, without --tap, the recordings)
                            from the repository config: NAME or NAMESPACE/NAME
      --config PATH         config file (default: serviceprofile-sync.yaml at the repository root)
      --root DIR            repository root (default: the git work tree holding the current directory)
      --format FORMAT       text, markdown or json (default "text")
      --max-unmatched N     fail when more than N requests (or N% of them, e.g. 2%)
                            match no route (default 0)

Exit codes: 0 within the threshold, 1 more unmatched requests than allowed or
invalid input, 2 wrong usage.
`;

const options = {
  profile: { type: "string" },
  routes: { type: "string", multiple: true },
  tap: { type: "string", multiple: true },
  service: { type: "string" },
  config: { type: "string" },
  root: { type: "string" },
  format: { type: "string", default: "text" },
  "max-unmatched": { type: "string", default: "0" },
} as const;

interface Target {
  profileFile: string;
  profileData: Buffer;
  /** Recordings: names as shown, and how to open them. */
  recordings: { name: string; open: () => Promise<AsyncIterable<Uint8Array | string>> }[];
}

async function fromConfig(service: string, configPath: string | undefined, root: string | undefined, taps: string[], io: CliIO): Promise<Target> {
  const ws = await openWorkspace(io.cwd, { root, config: configPath });
  const config = await loadConfig(ws.reader, ws.configPath);
  const [ns, name] = service.includes("/") ? (service.split("/", 2) as [string, string]) : [undefined, service];
  const matches = config.services.filter((s: ServiceConfig) => s.name === name && (ns === undefined || s.namespace === ns));
  if (matches.length === 0) {
    throw new SpecError({ message: `the config ${config.file} has no service "${service}"`, file: config.file, hint: `services: ${config.services.map((s) => `${s.namespace}/${s.name}`).join(", ") || "none"}` });
  }
  if (matches.length > 1) throw new UsageError(`"${service}" names services in several namespaces (${matches.map((s) => s.namespace).join(", ")}): write NAMESPACE/NAME`);
  const s = matches[0]!;
  // The service's own profile; a client namespace's copy only when the service has none of its own.
  const profileFile = profilePath(config.output, s.profileNamespaces.includes(s.namespace) ? s.namespace : (s.profileNamespaces[0] ?? s.namespace), s.name);
  const data = await ws.reader.read(profileFile);
  if (data === undefined) {
    throw new SpecError({ message: `the profile ${profileFile} of ${s.namespace}/${s.name} does not exist`, file: profileFile, hint: "run serviceprofile-sync sync to generate it" });
  }
  let recordings: Target["recordings"];
  if (taps.length) recordings = taps.map((t) => ({ name: t === "-" ? "stdin" : t, open: () => openRecording(t, io) }));
  else {
    if (!s.tap.length) {
      throw new SpecError({ message: `the config lists no tap recordings for ${s.namespace}/${s.name}`, file: config.file, hint: "add tap: [FILE] to the service entry, or pass --tap FILE" });
    }
    recordings = s.tap.map((t) => ({ name: t, open: () => openRecording(path.join(ws.root, t), io) }));
  }
  return { profileFile, profileData: data, recordings };
}

export const verifyCommand: Command = {
  name: "verify",
  summary: "Replay a tap recording against a profile: unmatched requests, dead routes, wrong authorities",
  help,
  async run(args: string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, options);
    if (positionals.length) throw new UsageError(`verify takes no arguments (got ${positionals.join(" ")})`);
    const format = values.format as VerifyFormat;
    if (!["text", "markdown", "json"].includes(format)) throw new UsageError(`--format must be text, markdown or json, not "${values.format}"`);
    const maxUnmatched = values["max-unmatched"];
    if (!parseMaxUnmatched(maxUnmatched)) throw new UsageError(`--max-unmatched must be a count (5) or a percentage (2.5%), not "${maxUnmatched}"`);
    const taps = values.tap ?? [];
    if (taps.filter((t) => t === "-").length > 1) throw new UsageError("stdin ('-') can be read only once");

    const routeFiles = values.routes ?? [];
    if (routeFiles.length || values.profile !== undefined) {
      const first = routeFiles.length ? undefined : await readUserFile(values.profile!, io, "profile");
      if (routeFiles.length || looksLikeRoutes(first!.toString("utf8"))) {
        if (values.service !== undefined) throw new UsageError("--routes replays recordings given with --tap; it does not take --service");
        if (!taps.length) throw new UsageError("--tap FILE is required");
        const files = routeFiles.length ? routeFiles : [values.profile!];
        const objects = [];
        for (const f of files) objects.push(...parseRouteObjects(decodeUtf8(f === values.profile && first ? first : await readUserFile(f, io, "routes file"), f), f));
        if (objects.length === 0) throw new SpecError({ message: `no HTTPRoute or GRPCRoute in ${files.join(", ")}`, hint: "give route files (serviceprofile-sync routes or migrate output)" });
        const report = await verifyRouteRecordings(objects, files, taps.map((t) => ({ file: t === "-" ? "stdin" : t, data: { [Symbol.asyncIterator]: async function* () { yield* await openRecording(t, io); } } })));
        const limit = parseMaxUnmatched(maxUnmatched)!;
        const allowed = "count" in limit ? limit.count : Math.floor((limit.percent / 100) * report.totals.requests);
        report.threshold = { given: maxUnmatched, allowed, exceeded: report.totals.unmatched > allowed };
        io.stdout.write(renderRoutesVerify(report, format));
        writeDiagnostics(io, report.warnings);
        return report.threshold.exceeded ? EXIT_FAILURE : EXIT_OK;
      }
    }

    let target: Target;
    if (values.service !== undefined) {
      if (values.profile !== undefined) throw new UsageError("give either --profile or --service, not both");
      target = await fromConfig(values.service, values.config, values.root, taps, io);
    } else {
      if (values.profile === undefined) throw new UsageError("--profile FILE (or --service NAME) is required");
      if (!taps.length) throw new UsageError("--tap FILE is required");
      target = {
        profileFile: values.profile,
        profileData: await readUserFile(values.profile, io, "profile"),
        recordings: taps.map((t) => ({ name: t === "-" ? "stdin" : t, open: () => openRecording(t, io) })),
      };
    }

    const loaded = parseProfileBytes(target.profileData, target.profileFile);
    const recordings = [];
    for (const rec of target.recordings) recordings.push({ file: rec.name, data: await rec.open() });
    // The library's entry points: what `verify` prints is what an importer gets.
    const report = await verifyRecording(loaded.profile, recordings, { profileFile: target.profileFile });
    report.warnings.unshift(...loaded.warnings);
    const threshold = applyThreshold(report, maxUnmatched);
    io.stdout.write(renderVerification(report, format));
    // In JSON the warnings are part of the report; elsewhere they are in the text too.
    if (format === "json") writeDiagnostics(io, report.warnings);
    return threshold.exceeded ? EXIT_FAILURE : EXIT_OK;
  },
};
