/**
 * `serviceprofile-sync check`: are the committed profiles what the specs and
 * the config generate? Writes nothing; prints a unified diff per stale file.
 */
import { EXIT_FAILURE, EXIT_OK, UsageError, parseCommandArgs, type CliIO, type Command } from "../command.js";
import { formatDiagnostic } from "../../model/diagnostic.js";
import { unifiedDiff } from "../../diff/unified.js";
import { stripFingerprint } from "../../repo/fingerprint.js";
import { openWorkspace } from "../../repo/workspace.js";
import { describeOutputs } from "../../repo/plan.js";
import { guardRepository } from "../../guard/guard.js";
import { checkJson, countFindings, formatFindings, type StaleFile } from "../../guard/report.js";
import { plural, planWorkTree, repoOptions, reportConfigError, reportForeign, reportHandEdits, reportOrphans, reportPlanProblems, timer, changedPaths } from "../repo-command.js";

const help = `Check that the committed ServiceProfiles are up to date. Writes nothing.

Usage:
  serviceprofile-sync check [flags]

Prints a unified diff for every generated file that is missing, out of date or
no longer generated, and exits 1 if there is any; exits 0 when everything is up
to date. Meant for CI and pre-commit hooks.

Then the route guard lints every HTTPRoute, GRPCRoute and ServiceProfile in the
repository, generated or not, for what Linkerd does with it (docs/guard.md):
findings print as file:line:column: severity RULE-ID: message with a hint;
errors fail the check, warnings do not. The config's guard: key chooses the
files and each rule's severity.

Profiles whose inputs (config entry, spec and every file it $refs) did not change
since they were generated are not regenerated: the fingerprint line in each
generated file records them. --full regenerates everything.

Flags:
      --config PATH    config file (default: serviceprofile-sync.yaml or .yml at the repository root)
      --root DIR       repository root (default: the git work tree holding the current directory)
      --full           regenerate every profile instead of trusting fingerprints
      --quiet          no diffs, only the list of files
      --no-guard       skip the route guard
      --format FORMAT  text or json (default "text"): json prints one document with the
                       stale files and the guard's findings instead of diffs (docs/guard.md)
      --timings        print phase timings as JSON on stderr (for benchmarks)

Exit codes: 0 up to date, 1 stale or missing files, a failing service, a guard
error or an invalid config, 2 wrong usage.
`;

export const checkCommand: Command = {
  name: "check",
  summary: "Fail when the committed profiles are stale (writes nothing)",
  help,
  async run(args: string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, { ...repoOptions, full: { type: "boolean" }, quiet: { type: "boolean" }, "no-guard": { type: "boolean" }, format: { type: "string", default: "text" } });
    if (positionals.length) throw new UsageError(`check takes no arguments (got ${positionals.join(" ")})`);
    const json = values.format === "json";
    if (!json && values.format !== "text") throw new UsageError(`--format must be text or json, not "${values.format}"`);
    const t = timer();
    const ws = await openWorkspace(io.cwd, { root: values.root, config: values.config });
    let state;
    try {
      // As if forced: check shows every change as a diff; edits sync would refuse to lose are warned about.
      state = await planWorkTree(ws, { reuse: !values.full, force: true }, t);
    } catch (err) {
      return reportConfigError(io, err);
    }
    const { config, plan: p, assessment: a, files } = state;
    reportPlanProblems(io, p, changedPaths(a));
    reportHandEdits(io, a, "will");
    reportOrphans(io, state, "will");
    reportForeign(io, a, config);
    for (const d of a.refused) io.stderr.write(`error: ${formatDiagnostic(d)}\n`);
    const staleFiles: StaleFile[] = [];
    for (const c of a.changes) {
      const what = c.action === "create" ? "missing" : c.action === "delete" ? "no longer generated" : c.handEdited ? "edited by hand" : "out of date";
      if (json) {
        staleFiles.push({ path: c.path, state: what });
        continue;
      }
      if (values.quiet) {
        io.stdout.write(`${c.path}: ${what}\n`);
        continue;
      }
      // The fingerprint line changes with every input change; the YAML is what a reviewer needs to see.
      const before = c.before === undefined ? "" : stripFingerprint(c.before);
      const after = c.after === undefined ? "" : stripFingerprint(c.after);
      const diff = unifiedDiff(before, after, {
        fromLabel: c.action === "create" ? "/dev/null" : `a/${c.path}`,
        toLabel: c.action === "delete" ? "/dev/null" : `b/${c.path}`,
      });
      io.stdout.write(`# ${c.path}: ${what}\n${diff || "(only the fingerprint line differs)\n"}`);
    }
    t.mark("diff");
    const findings = values["no-guard"] ? [] : await guardRepository(ws.reader, files, { ...config.guard, output: config.output, ...(config.linkerdVersion ? { linkerdVersion: config.linkerdVersion } : {}) });
    if (json) io.stdout.write(checkJson(staleFiles, findings));
    if (findings.length) {
      if (!json) io.stdout.write(formatFindings(findings));
      io.stderr.write(`guard: ${countFindings(findings)} in the route manifests (docs/guard.md lists the rules)\n`);
    }
    const guardErrors = findings.filter((f) => f.severity === "error").length;
    t.mark("guard");
    const failed = p.services.filter((s) => s.errors.length).length;
    const stale = a.changes.length + a.refused.length;
    if (values.timings) io.stderr.write(`timings: ${JSON.stringify(t.done({ generatedServices: p.stats.generatedServices, reusedServices: p.stats.reusedServices }))}\n`);
    if (stale || failed || guardErrors) {
      const parts = [stale ? `${plural(stale, "file")} out of date` : "", failed ? `${plural(failed, "service")} failed to generate` : "", guardErrors ? `${plural(guardErrors, "guard error")}` : ""].filter(Boolean);
      const fix = failed ? "fix the spec problems above, then run serviceprofile-sync sync and commit the result" : stale ? "run serviceprofile-sync sync and commit the result" : "fix the routes the guard names above";
      io.stderr.write(`check: ${parts.join(", ")}; ${fix}\n`);
      return EXIT_FAILURE;
    }
    io.stderr.write(`check: ${describeOutputs(p.stats)} up to date\n`);
    return EXIT_OK;
  },
};
