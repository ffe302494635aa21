/**
 * `serviceprofile-sync diff --base REF [--head REF]`: the route-level change
 * between two states of the repository, generated from both (the base read
 * through git, never checked out), plus whether head's committed files are stale.
 */
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { EXIT_FAILURE, EXIT_OK, UsageError, parseCommandArgs, type CliIO, type Command } from "../command.js";
import { compareRepos } from "../../diff/compare.js";
import { DEFAULT_MARKDOWN_MAX_CHARS, renderJson, renderMarkdown, renderText } from "../../diff/report.js";
import { openWorkspace, refState, worktreeState, type RepoState } from "../../repo/workspace.js";
import { repoOptions, timer } from "../repo-command.js";
import { checkWritable } from "../output-file.js";

const help = `Show how the ServiceProfiles change between two states of the repository.

Usage:
  serviceprofile-sync diff --base REF [--head REF] [flags]

Generates the profiles of both states and compares them route by route: routes
added, removed and changed (method, pathRegex, isRetryable, timeout, response
classes, each from -> to), profiles added or removed, retry budget changes.
Services that fail to generate at either side are reported and the rest still
compared. Also reports whether the generated files committed at head are stale,
and spec files no service uses. First, the findings: each route change
classified by what it does to traffic (rule ID and severity: catch-all-removed,
route-removed, timeout-tightened, ...) and the route guard's findings at head
that base does not have, errors first (docs/guard.md). The base (and --head) are read through git;
nothing is checked out. Only profiles whose config entry or input files changed
are generated.

Flags:
      --base REF           the state to compare against (branch, tag or commit)
      --head REF           the new state (default: the work tree, uncommitted changes included)
      --format FORMAT      text, markdown or json (default "text"); json is versioned, see docs/diff-report.md
      --output FILE        write the report to FILE instead of stdout
      --max-chars N        markdown size cap (default ${DEFAULT_MARKDOWN_MAX_CHARS}); what is left out is named
      --config PATH        config path at both states (default: serviceprofile-sync.yaml or .yml)
      --root DIR           repository root (default: the git work tree holding the current directory)
      --full               regenerate every profile instead of trusting fingerprints
      --timings            print phase timings as JSON on stderr (for benchmarks)

Examples:
  serviceprofile-sync diff --base origin/main
  serviceprofile-sync diff --base v1.2.0 --head v1.3.0 --format markdown --output changes.md

Exit codes: 0 report written, 1 head's config is invalid or a service fails to
generate at head (the report is still written), 2 wrong usage.
`;

const FORMATS = ["text", "markdown", "json"] as const;

export const diffCommand: Command = {
  name: "diff",
  summary: "Route-level changes of the profiles between two git refs (or a ref and the work tree)",
  help,
  async run(args: string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, {
      ...repoOptions,
      base: { type: "string" },
      head: { type: "string" },
      format: { type: "string", default: "text" },
      output: { type: "string" },
      "max-chars": { type: "string" },
      full: { type: "boolean" },
    });
    if (positionals.length) throw new UsageError(`diff takes no arguments (got ${positionals.join(" ")}); use --base REF`);
    if (values.base === undefined) throw new UsageError("--base REF is required");
    const format = values.format as (typeof FORMATS)[number];
    if (!FORMATS.includes(format)) throw new UsageError(`--format must be text, markdown or json, not "${values.format}"`);
    let maxChars = DEFAULT_MARKDOWN_MAX_CHARS;
    if (values["max-chars"] !== undefined) {
      maxChars = Number(values["max-chars"]);
      if (!Number.isInteger(maxChars) || maxChars < 1) throw new UsageError(`--max-chars must be a positive whole number, not "${values["max-chars"]}"`);
    }

    if (values.output !== undefined) await checkWritable(io, "--output", values.output, { createDirs: true });

    const t = timer();
    const ws = await openWorkspace(io.cwd, { root: values.root, config: values.config });
    const closers: (() => void)[] = [];
    try {
      const base = await refState(ws, values.base);
      closers.push(base.close);
      let head: RepoState = worktreeState(ws);
      if (values.head !== undefined) {
        const h = await refState(ws, values.head);
        closers.push(h.close);
        head = h;
      }
      t.mark("open");
      const { report, stats } = await compareRepos(base, head, { configPath: ws.configPath, full: values.full === true });
      t.mark("compare");
      const text = format === "json" ? renderJson(report) : format === "markdown" ? renderMarkdown(report, { maxChars }) : renderText(report);
      if (values.output !== undefined) {
        const out = path.resolve(io.cwd, values.output);
        await fs.mkdir(path.dirname(out), { recursive: true });
        await fs.writeFile(out, text);
      } else io.stdout.write(text);
      if (values.timings) {
        const { phases, ...counts } = stats;
        io.stderr.write(`timings: ${JSON.stringify({ ...t.done(counts), phases })}\n`);
      }
      const headBroken = report.configErrors.some((c) => c.side === "head") || report.errors.some((e) => e.side === "head");
      return headBroken ? EXIT_FAILURE : EXIT_OK;
    } finally {
      for (const close of closers) close();
    }
  },
};
