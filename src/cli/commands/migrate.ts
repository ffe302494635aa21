/**
 * `serviceprofile-sync migrate`: ServiceProfiles in, Gateway API routes out,
 * and a report of what the move changes (src/migrate/). In a repository with
 * a config, the services whose generated profiles were given switch to
 * `target: gateway`, so the next sync deletes the profiles and writes routes.
 */
import { promises as fs } from "node:fs";
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
import { migrateProfile, type Migration } from "../../migrate/convert.js";
import { readProfiles, type InputProfile } from "../../migrate/input.js";
import { precedenceChanges, probeRequestsFor, TapReplayer } from "../../migrate/precedence.js";
import { MIGRATE_REPORT_VERSION, renderMigrateReport, summarize, type MigrateReport, type ProfileReport } from "../../migrate/report.js";
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

Not carried over, and named in the report with its route: custom response
classes, retryBudget, not conditions, all of several pathRegex, regexes the
proxy cannot compile, opaquePorts. Regexes the proxy anchors oddly (a
top-level | ) keep their meaning in a rewritten regex.

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
      --port N               attach to this port of the Service only; also the port of
                             dstOverrides written without one
      --no-catch-all         leave out the catch-all route (unmatched requests then get 404)
      --no-header            omit the "Code generated" comment line
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
  port: { type: "string" },
  "no-catch-all": { type: "boolean" },
  "no-header": { type: "boolean" },
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

async function readInputs(args: string[], io: CliIO): Promise<InputProfile[]> {
  const out: InputProfile[] = [];
  for (const arg of args) {
    if (arg === "-") {
      out.push(...readProfiles(decodeUtf8(await readAll(io.stdin), "stdin"), "stdin"));
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
      out.push(...readProfiles(decodeUtf8(await fs.readFile(f), shown), shown, stat.isDirectory()));
    }
  }
  return out;
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
    const port = wholeNumber(values.port, "--port", 1, 65535);
    const maxUnmatched = values["max-unmatched"];
    const limit = parseMaxUnmatched(maxUnmatched);
    if (!limit) throw new UsageError(`--max-unmatched must be a count (5) or a percentage (2.5%), not "${maxUnmatched}"`);
    const taps = values.tap ?? [];
    if ([...positionals, ...taps].filter((t) => t === "-").length > 1) throw new UsageError("stdin ('-') can be read only once");

    const inputs = await readInputs(positionals, io);
    if (inputs.length === 0) throw new SpecError({ message: `no ServiceProfile in ${positionals.join(", ")}`, hint: "give files holding kind: ServiceProfile" });
    const warnings: Diagnostic[] = inputs.flatMap((i) => i.warnings);
    const migrated: { input: InputProfile; m: Migration }[] = inputs.map((input) => ({ input, m: migrateProfile(input.profile, input.file, { apiVersion, ...(linkerdVersion !== undefined ? { linkerdVersion } : {}), ...(port !== undefined ? { port } : {}), catchAll: values["no-catch-all"] !== true }) }));

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

    const report: MigrateReport = { version: MIGRATE_REPORT_VERSION, profiles: reports, totals: summarize(reports) };

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
      if (result.changes.length) await fs.writeFile(configAbs, result.text);
      report.config = { file: config.file, changes: result.changes, unchanged: [...result.unchanged, ...unchanged] };
    }

    const failed: string[] = [];
    const t = report.totals;
    if (values["fail-on-loss"] && (t.lost > 0 || t.precedenceChanges > 0)) failed.push(`--fail-on-loss: ${t.lost} thing(s) not carried over, ${t.precedenceChanges} precedence change(s)`);
    const allowed = "count" in limit ? limit.count : Math.floor((limit.percent / 100) * t.tapRequests);
    if (taps.length && t.tapChanged > allowed) failed.push(`${t.tapChanged} recorded request(s) change route or would get 404, more than --max-unmatched ${maxUnmatched} allows (${allowed})`);
    if (failed.length) report.failed = failed;

    writeDiagnostics(io, warnings);
    const objects = migrated.flatMap(({ m }) => m.objects);
    const sources = [...new Set(inputs.map((i) => i.file))];
    io.stdout.write(renderObjects(objects, { format, ...(values["no-header"] ? {} : { headerSources: sources }) }));
    const dest = values.report;
    if (dest === undefined || dest === "-") io.stderr.write(renderMigrateReport(report, "text"));
    else await fs.writeFile(path.resolve(io.cwd, dest), renderMigrateReport(report, reportFormatFor(dest)));
    return failed.length ? EXIT_FAILURE : EXIT_OK;
  },
};
