/**
 * `serviceprofile-sync migrate`: ServiceProfiles in, Gateway API routes out,
 * and a report of what the move changes (src/migrate/). In a repository with
 * a config, the services whose generated profiles were given switch to
 * `target: gateway`, so the next sync deletes the profiles and writes routes.
 */
import { constants as fsConstants, promises as fs } from "node:fs";
import * as path from "node:path";
import { SpecError, type Diagnostic } from "../../model/diagnostic.js";
import { decodeUtf8 } from "../../files/parse.js";
import { renderObjects, type OutputFormat } from "../../render.js";
import { loadConfig, type ServiceConfig } from "../../repo/config.js";
import { openWorkspace } from "../../repo/workspace.js";
import { TapRecordingParser } from "../../sources/tap/recording.js";
import { checkAuthority, identityFromProfileName } from "../../matching/authority.js";
import { parseMaxUnmatched } from "../../tap/verify.js";
import { GATEWAY_API_VERSION_NAMES, parseGatewayApiVersion } from "../../targets/gateway/index.js";
import { linkerdVersionFlag } from "../linkerd-version-flag.js";
import { gatewayApiBundleFlag } from "../gateway-api-bundle-flag.js";
import { migrateProfile, type Migration } from "../../migrate/convert.js";
import { readProfiles, type InputProfile, type SkippedDocument } from "../../migrate/input.js";
import { assertUniqueObjectNames, mergeDuplicateProfiles } from "../../migrate/duplicates.js";
import { precedenceChanges, probeRequestsFor, TapReplayer } from "../../migrate/precedence.js";
import { migratedHeader, MIGRATE_REPORT_VERSION, renderMigrateReport, summarize, switchCommands, type MigrateReport, type ProfileReport } from "../../migrate/report.js";
import { serviceForProfile, switchToGateway } from "../../migrate/config-switch.js";
import { EXIT_FAILURE, EXIT_OK, readAll, UsageError, parseCommandArgs, writeDiagnostics, type CliIO, type Command } from "../command.js";
import { openRecording, reportFormatFor } from "../profile-tap.js";

const help = `Convert ServiceProfiles to Gateway API HTTPRoutes/GRPCRoutes, with a report of what changes.

Usage:
  serviceprofile-sync migrate [flags] PATH...      (files, directories, or '-' for stdin)

Every route becomes a rule of an HTTPRoute (GRPCRoute when every route is
POST to an exact /pkg.Service/Method), attached to the profile's Service:
method and pathRegex as matches (all/any become several matches), timeout as
the rule's request timeout, isRetryable as retry.linkerd.io/* annotations,
dstOverrides as weighted backendRefs, and a catch-all route so requests that
match nothing are not answered with 404. Routes that can match the same
request share one object in profile order, so Linkerd's most-specific-match
picks what the profile's first match picked; every request where it would not
is listed as a precedence change with an example.

Not carried over, and named in the report with its route (listed first):
custom response classes, retryBudget (or Linkerd's default budget, when a
route is retryable), gRPC statuses a profile retried that Gateway API cannot
name, not conditions, all of several pathRegex, regexes the proxy cannot
compile, opaquePorts. Regexes the proxy anchors oddly (a top-level | ) keep
their meaning in a rewritten regex. Documents of other kinds are skipped.
The same profile given twice is migrated once; two different copies are an
error. The output is yours to maintain: it carries no DO NOT EDIT mark.
Nothing is written (stdout, report file, config) unless every output can be.

Flags:
  -o, --output FORMAT        yaml (a multi-document stream) or json (a List) (default "yaml")
      --report FILE          write the report to FILE (.md markdown, .json JSON, else text;
                             '-' = stderr) (default: a text report on stderr)
      --tap FILE             replay a recording ('-' reads stdin): how many recorded requests
                             change route and how many would get 404; repeatable
      --max-unmatched N      fail when more than N recorded requests (or N%) would get 404
                             or change route (default 0)
      --fail-on-loss         fail when anything is not carried over or any request changes route
      --api-version V        ${GATEWAY_API_VERSION_NAMES} (default "v1")
      --linkerd-version V    2.18, 2.19 or 2.20 (default "2.20"): the Linkerd you run; below
                             2.20 HTTPRoute timeouts are the timeout.linkerd.io/request annotation
      --gateway-api-bundle B the Gateway API CRDs in the cluster, whose limits v1 routes must meet:
                             v1.1.1-experimental (what Linkerd ships), v1.2.1-standard ...
                             v1.5.1-standard (default: Linkerd's with --linkerd-version, else
                             v1.2.1-standard)
      --port N               attach to this port of the Service only; also the port of
                             dstOverrides written without one
      --no-catch-all         leave out the catch-all route (unmatched requests then get 404)
      --no-header            omit the first comment line (which files the routes came from)
      --verbose-report       list every carried-over route in the report, not only the count
      --config PATH          switch the services whose generated profiles are given to
                             target: gateway in this repository config
      --root DIR             repository root; with it, the config at the root is switched

Exit codes: 0 success, 1 invalid input, a failed --fail-on-loss or more changed
requests than --max-unmatched, 2 wrong usage.
`;

const options = {
  output: { type: "string", short: "o", default: "yaml" },
  report: { type: "string" },
  tap: { type: "string", multiple: true },
  "max-unmatched": { type: "string", default: "0" },
  "fail-on-loss": { type: "boolean" },
  "api-version": { type: "string", default: "v1" },
  "linkerd-version": { type: "string" },
  "gateway-api-bundle": { type: "string" },
  port: { type: "string" },
  "no-catch-all": { type: "boolean" },
  "no-header": { type: "boolean" },
  "verbose-report": { type: "boolean" },
  config: { type: "string" },
  root: { type: "string" },
} as const;

const PROFILE_FILE = /\.(ya?ml|json)$/i;

async function listDir(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    const entries = (await fs.readdir(d, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const full = path.join(d, e.name);
      if (e.isDirectory() && !e.name.startsWith(".")) await walk(full);
      else if (e.isFile() && PROFILE_FILE.test(e.name)) out.push(full);
    }
  };
  await walk(dir);
  return out;
}

async function readInputs(args: string[], io: CliIO): Promise<{ inputs: InputProfile[]; notes: Diagnostic[] }> {
  const out: InputProfile[] = [];
  const notes: Diagnostic[] = [];
  const read = (text: string, shown: string, explicit: boolean) => {
    const skipped: SkippedDocument[] = [];
    out.push(...readProfiles(text, shown, skipped));
    // A directory may hold anything; a file given by name is worth one line about what was left out.
    if (explicit && skipped.length) {
      const listed = skipped.slice(0, 5).map((d) => `${d.kind} at line ${d.line}`);
      notes.push({ severity: "warning", message: `skipped ${skipped.length} document(s) that are not ServiceProfiles: ${listed.join(", ")}${skipped.length > 5 ? ", ..." : ""}`, file: shown });
    }
  };
  for (const arg of args) {
    if (arg === "-") {
      read(decodeUtf8(await readAll(io.stdin), "stdin"), "stdin", true);
      continue;
    }
    const abs = path.resolve(io.cwd, arg);
    let stat;
    try {
      stat = await fs.stat(abs);
    } catch {
      throw new SpecError({ message: `"${arg}" does not exist`, file: arg, hint: "give ServiceProfile files or directories; paths are relative to the current directory" });
    }
    const files = stat.isDirectory() ? await listDir(abs) : [abs];
    for (const f of files) {
      const shown = path.relative(io.cwd, f).split(path.sep).join("/") || f;
      read(decodeUtf8(await fs.readFile(f), shown), shown, !stat.isDirectory());
    }
  }
  return { inputs: out, notes };
}

/** Fails, before anything is written, when `file` cannot be written: a missing directory, a directory in its place, no permission. */
async function assertWritable(file: string, what: string, shown: string): Promise<void> {
  const fail = (why: string): never => {
    throw new SpecError({ message: `${what} ${shown} cannot be written: ${why}`, file: shown, hint: "give a path in an existing directory you can write to; nothing was written" });
  };
  const dir = path.dirname(file);
  const d = await fs.stat(dir).catch(() => undefined);
  if (!d) fail(`its directory ${path.dirname(shown)} does not exist`);
  if (!d!.isDirectory()) fail(`${path.dirname(shown)} is not a directory`);
  const f = await fs.stat(file).catch(() => undefined);
  if (f?.isDirectory()) fail("it is a directory");
  await fs.access(f ? file : dir, fsConstants.W_OK).catch(() => fail("permission denied"));
}

function wholeNumber(value: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, not "${value}"`);
  return n;
}

export const migrateCommand: Command = {
  name: "migrate",
  summary: "Convert ServiceProfiles to Gateway API routes, with a report of what is lost and what changes route",
  help,
  async run(args: string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, options);
    if (positionals.length === 0) throw new UsageError("give at least one ServiceProfile file or directory ('-' reads stdin)");
    const format = values.output as OutputFormat;
    if (format !== "yaml" && format !== "json") throw new UsageError(`output format "${values.output}" is not supported: use yaml or json`);
    const apiVersion = parseGatewayApiVersion(values["api-version"]);
    if (!apiVersion) throw new UsageError(`--api-version must be one of ${GATEWAY_API_VERSION_NAMES}, not "${values["api-version"]}"`);
    const linkerdVersion = linkerdVersionFlag(values["linkerd-version"], apiVersion);
    const gatewayApiBundle = gatewayApiBundleFlag(values["gateway-api-bundle"], apiVersion);
    const port = wholeNumber(values.port, "--port", 1, 65535);
    const maxUnmatched = values["max-unmatched"];
    const limit = parseMaxUnmatched(maxUnmatched);
    if (!limit) throw new UsageError(`--max-unmatched must be a count (5) or a percentage (2.5%), not "${maxUnmatched}"`);
    const taps = values.tap ?? [];
    if ([...positionals, ...taps].filter((t) => t === "-").length > 1) throw new UsageError("stdin ('-') can be read only once");

    const read = await readInputs(positionals, io);
    if (read.inputs.length === 0) throw new SpecError({ message: `no ServiceProfile in ${positionals.join(", ")}`, hint: "give files holding kind: ServiceProfile" });
    const merged = mergeDuplicateProfiles(read.inputs);
    const inputs = merged.inputs;
    const warnings: Diagnostic[] = [...read.notes, ...merged.notes, ...inputs.flatMap((i) => i.warnings)];
    const migrated: { input: InputProfile; m: Migration }[] = inputs.map((input) => ({
      input,
      m: migrateProfile(input.profile, input.file, { apiVersion, ...(linkerdVersion !== undefined ? { linkerdVersion } : {}), ...(gatewayApiBundle !== undefined ? { gatewayApiBundle } : {}), ...(port !== undefined ? { port } : {}), catchAll: values["no-catch-all"] !== true }),
    }));
    assertUniqueObjectNames(migrated.map(({ m }) => m));

    const reports: ProfileReport[] = migrated.map(({ input, m }) => {
      const probes = probeRequestsFor(input.profile);
      return {
        file: m.file,
        profile: m.profile,
        service: m.service,
        namespace: m.namespace,
        kind: m.kind,
        via: m.via,
        objects: m.objects.map((o) => o.metadata.name),
        carried: m.carried,
        lost: m.lost,
        rewrites: m.rewrites,
        precedence: { probes: probes.length, changes: precedenceChanges(input.profile, m, probes) },
        notes: m.notes,
      };
    });

    if (taps.length) {
      const replayers = migrated.map(({ input, m }) => ({ id: identityFromProfileName(input.profile.metadata.name)!, r: new TapReplayer(input.profile, m) }));
      for (const t of taps) {
        const parser = new TapRecordingParser(
          (e) => {
            if (e.kind !== "request" || e.direction !== "inbound") return;
            // One profile: every inbound request is its; several: the request's :authority picks.
            const target = replayers.length === 1 ? replayers[0] : replayers.find((x) => checkAuthority(e.authority, x.id) === "ok");
            target?.r.add(e.method, e.path);
          },
          { file: t === "-" ? "stdin" : t },
        );
        for await (const chunk of await openRecording(t, io)) parser.push(chunk);
        warnings.push(...parser.end().warnings);
      }
      replayers.forEach((x, i) => (reports[i]!.tap = x.r.finish()));
    }

    const report: MigrateReport = { version: MIGRATE_REPORT_VERSION, profiles: reports, totals: summarize(reports), switch: switchCommands(reports) };

    let configWrite: { file: string; text: string } | undefined;
    if (values.config !== undefined || values.root !== undefined) {
      const ws = await openWorkspace(io.cwd, { ...(values.root !== undefined ? { root: values.root } : {}), ...(values.config !== undefined ? { config: values.config } : {}) });
      const config = await loadConfig(ws.reader, ws.configPath);
      const services: ServiceConfig[] = [];
      const unchanged: string[] = [];
      for (const i of inputs) {
        const rel = path.relative(ws.root, path.resolve(io.cwd, i.file)).split(path.sep).join("/");
        const s = serviceForProfile(config, rel);
        if (s) {
          if (!services.includes(s)) services.push(s);
        } else unchanged.push(`${i.file}: not a profile the config generates; left alone`);
      }
      const configAbs = path.join(ws.root, config.file);
      const result = switchToGateway(await fs.readFile(configAbs, "utf8"), config, services);
      if (result.changes.length) configWrite = { file: configAbs, text: result.text };
      report.config = { file: config.file, changes: result.changes, unchanged: [...result.unchanged, ...unchanged], written: false };
    }

    const failed: string[] = [];
    const t = report.totals;
    if (values["fail-on-loss"] && (t.lost > 0 || t.precedenceChanges > 0)) failed.push(`--fail-on-loss: ${t.lost} thing(s) not carried over, ${t.precedenceChanges} precedence change(s)`);
    const allowed = "count" in limit ? limit.count : Math.floor((limit.percent / 100) * t.tapRequests);
    if (taps.length && t.tapChanged > allowed) failed.push(`${t.tapChanged} recorded request(s) change route or would get 404, more than --max-unmatched ${maxUnmatched} allows (${allowed})`);
    if (failed.length) report.failed = failed;

    // Every destination is checked before anything is written, so a failure leaves stdout empty and files as they were.
    const dest = values.report;
    const reportFile = dest === undefined || dest === "-" ? undefined : path.resolve(io.cwd, dest);
    if (reportFile) await assertWritable(reportFile, "the report", dest!);
    if (configWrite && !failed.length) await assertWritable(configWrite.file, "the config", report.config!.file);
    if (configWrite && !failed.length) report.config!.written = true;

    const objects = migrated.flatMap(({ m }) => m.objects);
    const sources = [...new Set(inputs.map((i) => i.file))];
    const rendered = renderObjects(objects, { format });
    const routesText = format === "yaml" && !values["no-header"] ? `${migratedHeader(sources)}\n${rendered}` : rendered;
    const reportText = renderMigrateReport(report, reportFile ? reportFormatFor(dest!) : "text", { verbose: values["verbose-report"] === true });

    writeDiagnostics(io, warnings);
    if (reportFile) await fs.writeFile(reportFile, reportText);
    else io.stderr.write(reportText);
    // A failed run writes its report only: the routes and the config switch would be a migration someone did not accept.
    if (failed.length) return EXIT_FAILURE;
    if (configWrite) await fs.writeFile(configWrite.file, configWrite.text);
    io.stdout.write(routesText);
    return EXIT_OK;
  },
};
