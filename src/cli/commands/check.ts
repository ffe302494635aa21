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
import { plural, planWorkTree, repoOptions, reportConfigError, reportForeign, reportHandEdits, reportOrphans, reportPlanProblems, timer, changedPaths } from "./sync.js";

const help = `Check that the committed ServiceProfiles are up to date. Writes nothing.

Usage:
  serviceprofile-sync check [flags]

Prints a unified diff for every generated file that is missing, out of date or
no longer generated, and exits 1 if there is any; exits 0 when everything is up
to date. Meant for CI and pre-commit hooks.

Profiles whose inputs (config entry, spec and every file it $refs) did not change
since they were generated are not regenerated: the fingerprint line in each
generated file records them. --full regenerates everything.

Flags:
      --config PATH    config file (default: serviceprofile-sync.yaml or .yml at the repository root)
      --root DIR       repository root (default: the git work tree holding the current directory)
      --full           regenerate every profile instead of trusting fingerprints
      --quiet          no diffs, only the list of files
      --timings        print phase timings as JSON on stderr (for benchmarks)

Exit codes: 0 up to date, 1 stale or missing files, a failing service or an
invalid config, 2 wrong usage.
`;

export const checkCommand: Command = {
  name: "check",
  summary: "Fail when the committed profiles are stale (writes nothing)",
  help,
  async run(args: string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, { ...repoOptions, full: { type: "boolean" }, quiet: { type: "boolean" } });
    if (positionals.length) throw new UsageError(`check takes no arguments (got ${positionals.join(" ")})`);
    const t = timer();
    const ws = await openWorkspace(io.cwd, { root: values.root, config: values.config });
    let state;
    try {
      // As if forced: check shows every change as a diff; edits sync would refuse to lose are warned about.
      state = await planWorkTree(ws, { reuse: !values.full, force: true }, t);
    } catch (err) {
      return reportConfigError(io, err);
    }
    const { config, plan: p, assessment: a } = state;
    reportPlanProblems(io, p, changedPaths(a));
    reportHandEdits(io, a, "will");
    reportOrphans(io, state, "will");
    reportForeign(io, a, config);
    for (const d of a.refused) io.stderr.write(`error: ${formatDiagnostic(d)}\n`);
    for (const c of a.changes) {
      const what = c.action === "create" ? "missing" : c.action === "delete" ? "no longer generated" : c.handEdited ? "edited by hand" : "out of date";
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
    const failed = p.services.filter((s) => s.errors.length).length;
    const stale = a.changes.length + a.refused.length;
    if (values.timings) io.stderr.write(`timings: ${JSON.stringify(t.done({ generatedServices: p.stats.generatedServices, reusedServices: p.stats.reusedServices }))}\n`);
    if (stale || failed) {
      const parts = [stale ? `${plural(stale, "file")} out of date` : "", failed ? `${plural(failed, "service")} failed to generate` : ""].filter(Boolean);
      const fix = failed ? "fix the spec problems above, then run serviceprofile-sync sync and commit the result" : "run serviceprofile-sync sync and commit the result";
      io.stderr.write(`check: ${parts.join(", ")}; ${fix}\n`);
      return EXIT_FAILURE;
    }
    io.stderr.write(`check: ${describeOutputs(p.stats)} up to date\n`);
    return EXIT_OK;
  },
};
