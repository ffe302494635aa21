/**
 * `serviceprofile-sync sync`: regenerate every profile of the config into the
 * manifests directory, safely (see repo/write.ts), and say what changed.
 */
import { EXIT_FAILURE, EXIT_OK, UsageError, parseCommandArgs, type CliIO, type Command } from "../command.js";
import { formatDiagnostic } from "../../model/diagnostic.js";
import { describeOutputs } from "../../repo/plan.js";
import { applyChanges } from "../../repo/write.js";
import { openWorkspace } from "../../repo/workspace.js";
import { acquireSyncLock, DEFAULT_LOCK_WAIT_MS } from "../../repo/lock.js";
import { changedPaths, planWorkTree, plural, repoOptions, reportConfigError, reportForeign, reportHandEdits, reportOrphans, reportPlanProblems, timer } from "../repo-command.js";

const help = `Regenerate the ServiceProfiles of serviceprofile-sync.yaml into its output directory.

Usage:
  serviceprofile-sync sync [flags]

Writes <output>/<profile namespace>/<service>.yaml for every service and profile
namespace, and <output>/kustomization.yaml listing them. Deletes generated files
whose service left the config or changed target, and, after output: changed,
what it generated in the old output directory. Never overwrites or deletes a
file that lacks the generated-file header, nor one with edits that exist nowhere
else (it differs from what sync wrote and from git's HEAD and index): it stops
and names the file, writing nothing. Writes are all or nothing.

Flags:
      --config PATH    config file (default: serviceprofile-sync.yaml or .yml at the repository root)
      --root DIR       repository root (default: the git work tree holding the current directory)
      --dry-run        print what would change, write nothing
      --force          overwrite or delete generated files even when their edits exist nowhere else
      --lock-wait SEC  wait at most SEC seconds for another sync of the repository (default ${DEFAULT_LOCK_WAIT_MS / 1000})
      --timings        print phase timings as JSON on stderr (for benchmarks)

Exit codes: 0 written (or nothing to do), 1 a service failed to generate, the
config is invalid, a file is not owned by serviceprofile-sync or holds edits
that exist nowhere else, 2 wrong usage.
`;

export const syncCommand: Command = {
  name: "sync",
  summary: "Regenerate the manifests directory from serviceprofile-sync.yaml",
  help,
  async run(args: string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, { ...repoOptions, "dry-run": { type: "boolean" }, force: { type: "boolean" }, "lock-wait": { type: "string" } });
    if (positionals.length) throw new UsageError(`sync takes no arguments (got ${positionals.join(" ")})`);
    const waitMs = values["lock-wait"] === undefined ? DEFAULT_LOCK_WAIT_MS : Number(values["lock-wait"]) * 1000;
    if (!Number.isFinite(waitMs) || waitMs < 0) throw new UsageError(`--lock-wait must be a number of seconds, not "${values["lock-wait"]}"`);
    const t = timer();
    const ws = await openWorkspace(io.cwd, { root: values.root, config: values.config });
    // One sync at a time per repository: two would rename each other's backups away (a dry run writes nothing).
    const lock = values["dry-run"] ? undefined : await acquireSyncLock(ws.root, { waitMs });
    try {
      let state;
      try {
        state = await planWorkTree(ws, { reuse: false, force: values.force === true }, t);
      } catch (err) {
        return reportConfigError(io, err);
      }
      const { config, plan: p, assessment: a, orphans } = state;
      reportPlanProblems(io, p, changedPaths(a));
      if (a.refused.length) {
        for (const d of a.refused) io.stderr.write(`error: ${formatDiagnostic(d)}\n`);
        io.stderr.write(`sync: nothing was written\n`);
        return EXIT_FAILURE;
      }
      const tense = values["dry-run"] ? "would" : "now";
      reportHandEdits(io, a, tense);
      reportOrphans(io, state, tense);
      reportForeign(io, a, config);
      if (!values["dry-run"]) await applyChanges(ws.root, config.output, a.changes, undefined, orphans.map((o) => o.dir));
      t.mark("write");
      for (const c of a.changes) io.stdout.write(`${values["dry-run"] ? "would " : ""}${c.action === "create" ? "create" : c.action === "update" ? "update" : "delete"} ${c.path}\n`);
      const counts = ["create", "update", "delete"].map((k) => a.changes.filter((c) => c.action === k).length);
      const failed = p.services.filter((s) => s.errors.length).length;
      io.stdout.write(
        `sync: ${describeOutputs(p.stats)}, ${a.changes.length} changed (${counts[0]} created, ${counts[1]} updated, ${counts[2]} deleted), ${plural(p.unmapped.length, "unmapped spec")}` +
          (failed ? `, ${plural(failed, "service")} failed` : "") +
          (values["dry-run"] ? " (dry run: nothing written)" : "") +
          "\n",
      );
      if (values.timings) io.stderr.write(`timings: ${JSON.stringify(t.done({ generatedServices: p.stats.generatedServices, reusedServices: p.stats.reusedServices }))}\n`);
      return failed ? EXIT_FAILURE : EXIT_OK;
    } finally {
      await lock?.release();
    }
  },
};
