/**
 * The action from inputs to outcome: resolve the commits to compare, ask the
 * engine for the route diff and the stale status, optionally commit, then
 * report everywhere a maintainer looks (annotations, job summary, one sticky
 * comment, outputs) before deciding whether the step fails.
 *
 * All runner I/O goes through ActionIO, so the whole flow runs in tests
 * against real git repositories with an in-memory runner.
 */
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { gitTopLevel } from "../git.js";
import { PermissionError } from "../github/api.js";
import { COMMENT_BODY_LIMIT, commentMarker, upsertStickyComment, type CommentApi } from "../github/comment.js";
import { readContext, type ActionEvent, type GitHubContext } from "../github/context.js";
import { formatDiagnostic, isSpecError } from "../model/diagnostic.js";
import { describeFsError } from "../files/fs-error.js";
import { annotationsFor, diagnosticAnnotation, type Annotation } from "./annotations.js";
import { apiPublisher, type GraphqlRequest } from "./api-commit.js";
import { commitGenerated, type CommitOutcome } from "./commit.js";
import { severityCounts, summaryLine, renderJson } from "../diff/report.js";
import { recordedRequests, type DiffReport } from "../diff/routes.js";
import { hasRouteChanges, headErrors, staleFiles, type Analysis, type Engine } from "./engine.js";
import { gitOps, type GitOps } from "./git-ops.js";
import { envInput, readInputs, type ActionInputs, type FailOn, type OutputName } from "./inputs.js";
import { hasSomethingToSay, remainingStale, renderResult, type ResultView } from "./summary.js";
import { cliCommand } from "./cli-command.js";

export interface ActionIO {
  env: Record<string, string | undefined>;
  readFile(path: string): string;
  info(message: string): void;
  warning(message: string): void;
  annotate(annotation: Annotation): void;
  setOutput(name: OutputName, value: string): void;
  setSecret(value: string): void;
  appendSummary(markdown: string): Promise<void>;
  setFailed(message: string): void;
}

export interface RunDeps {
  io: ActionIO;
  engine: Engine;
  /** The comment API for a token; called only when a comment is due. */
  commentApi(token: string, ctx: GitHubContext): CommentApi;
  /** GraphQL for a token, for `commit-method: api`; called only when such a commit is due. */
  graphql?(token: string, ctx: GitHubContext): GraphqlRequest;
  version: string;
}

// Room kept in the comment for the marker and separators.
const COMMENT_MARGIN = 512;
// Step summaries take up to 1 MiB; the report gets a generous share.
const SUMMARY_LIMIT = 400_000;

function short(sha: string): string {
  return /^[0-9a-f]{40,64}$/.test(sha) ? sha.slice(0, 7) : sha;
}

function errorMessage(err: unknown): string {
  // A file-system error nobody worded becomes a sentence (paths relative to the step's directory).
  const described = describeFsError(err, process.cwd());
  return isSpecError(described) ? formatDiagnostic(described.diagnostic) : ((err as Error)?.message ?? String(err));
}

/** The event's natural base: the pull request's base, or the commit before a push. */
function eventBase(event: ActionEvent): { rev: string; label: string } | undefined {
  if (event.kind === "pull_request") return { rev: event.base.sha, label: event.base.ref };
  if (event.kind === "push" && event.before) return { rev: event.before, label: "before the push" };
  return undefined;
}

/** The branch a commit goes to, or why there is none. */
function commitTarget(event: ActionEvent, fix: string): { branch: string } | { blocked: string } {
  if (event.kind === "pull_request") {
    if (event.isFork) {
      return {
        blocked: `This pull request comes from a fork, so the action cannot push to it. The author should run \`${fix}\` locally and push the result.`,
      };
    }
    return { branch: event.head.ref };
  }
  if (event.eventName === "merge_group") {
    return { blocked: `Merge queue branches are temporary, so nothing is committed to them. Run \`${fix}\` on the pull request's branch and push the result.` };
  }
  if (event.branch) return { branch: event.branch };
  return { blocked: `The run is not on a branch (${event.eventName}), so there is nothing to commit to. Run \`${fix}\` locally and commit the result.` };
}

function graphqlFor(deps: RunDeps, token: string, ctx: GitHubContext): GraphqlRequest {
  if (!deps.graphql) throw new Error("commit-method: api needs a GraphQL client, and this runner has none");
  if (!token) throw new Error('input "token" is empty: commit-method: api makes the commit with it; pass a token (the default is ${{ github.token }})');
  return deps.graphql(token, ctx);
}

function fixCommand(analysis: Pick<Analysis, "configPath">, cli: string): string {
  // The CLI looks for the default name at the root only; name any other config.
  return analysis.configPath === "serviceprofile-sync.yaml" ? `${cli} sync` : `${cli} sync --config ${analysis.configPath}`;
}

function reportPath(ctx: GitHubContext, configPath: string): string {
  const key = createHash("sha256").update(configPath).digest("hex").slice(0, 12);
  return path.join(ctx.runnerTemp ?? tmpdir(), "serviceprofile-sync", `report-${key}.json`);
}

export async function runAction(deps: RunDeps): Promise<void> {
  const { io } = deps;
  let ctx: GitHubContext;
  let inputs: ActionInputs;
  try {
    ctx = readContext(io.env, io.readFile);
    inputs = readInputs(envInput(io.env), ctx.event);
  } catch (err) {
    io.setFailed(errorMessage(err));
    return;
  }
  if (inputs.token) io.setSecret(inputs.token);
  if (ctx.event.eventName === "pull_request_target") {
    io.warning(
      "pull_request_target is not needed: this action never runs code from the pull request, and on pull_request a same-repository token can comment. " +
        "Checking out pull request code under pull_request_target hands a write token to that code.",
    );
  }
  try {
    await runChecked(deps, ctx, inputs);
  } catch (err) {
    if (isSpecError(err)) io.annotate(diagnosticAnnotation(err.diagnostic, "serviceprofile-sync"));
    io.setFailed(errorMessage(err));
  }
}

/** How the checkout is named in the report. */
function headLabel(ctx: GitHubContext): string {
  const e = ctx.event;
  if (e.kind === "pull_request") return `#${e.number} (${e.head.ref})`;
  return e.branch ?? (ctx.ref || "HEAD");
}

async function runChecked(deps: RunDeps, ctx: GitHubContext, inputs: ActionInputs): Promise<void> {
  const { io, engine } = deps;
  const workDir = path.resolve(ctx.workspace, inputs.workingDirectory);
  const repoDir = await gitTopLevel(workDir);
  if (!repoDir) {
    io.setFailed(`${workDir} is not inside a git checkout: add "uses: actions/checkout@v5" before this step`);
    return;
  }
  const git = await gitOps(repoDir, { token: inputs.token });

  const base = await resolveBase(git, ctx, inputs, io);
  const label = headLabel(ctx);
  const cli = cliCommand(ctx);
  const analysis = await engine.analyze({
    repoDir,
    workDir,
    config: inputs.config,
    base: base?.commit,
    baseLabel: base?.label ?? label,
    headLabel: label,
    cli,
  });
  const report = analysis.report;
  const fix = fixCommand(analysis, cli);
  const errors = headErrors(report);
  const staleAtStart = staleFiles(report);
  io.info(`${analysis.configPath}: ${summaryLine(report)}`);

  const failures: string[] = [];
  let commit: CommitOutcome | undefined;
  let commitBlocked: string | undefined;
  let commitError: string | undefined;
  if (inputs.commit && staleAtStart.length > 0) {
    const target = commitTarget(ctx.event, fix);
    if ("blocked" in target) {
      commitBlocked = target.blocked;
      io.warning(target.blocked);
    } else {
      try {
        commit = await commitGenerated({
          git,
          engine,
          plan: { repoDir, workDir, config: inputs.config },
          branch: target.branch,
          message: inputs.commitMessage,
          log: (m) => io.info(m),
          publisher: inputs.commitMethod === "api" ? apiPublisher(graphqlFor(deps, inputs.token, ctx), ctx.repository) : undefined,
        });
        io.info(commitLog(commit));
      } catch (err) {
        commitError = errorMessage(err);
        failures.push(commitError);
      }
    }
  }

  const view: ResultView = {
    analysis,
    commit,
    commitBlocked,
    commitError,
    failOnStale: inputs.failOnStale,
    fixCommand: fix,
    version: deps.version,
    runUrl: ctx.runUrl,
  };
  const stale = remainingStale(view);

  for (const d of errors) io.info(`error: ${formatDiagnostic(d)}`);
  for (const a of annotationsFor({ errors, warnings: [...report.warnings, ...(report.routeSets ?? []).flatMap((d) => d.losses ?? [])], stale, staleAsError: inputs.failOnStale, fixCommand: fix, profiles: report.profiles, findings: report.findings })) {
    io.annotate(a);
  }

  const reportFile = reportPath(ctx, analysis.configPath);
  mkdirSync(path.dirname(reportFile), { recursive: true });
  writeFileSync(reportFile, renderJson(report));
  const s = report.summary;
  io.setOutput("stale", String(stale.length > 0));
  io.setOutput("changed", String(analysis.hasBase && hasRouteChanges(report)));
  io.setOutput("routes-added", String(s.routesAdded));
  io.setOutput("routes-removed", String(s.routesRemoved));
  io.setOutput("routes-changed", String(s.routesChanged));
  io.setOutput("rules-added", String(s.rulesAdded ?? 0));
  io.setOutput("rules-removed", String(s.rulesRemoved ?? 0));
  io.setOutput("rules-changed", String(s.rulesChanged ?? 0));
  io.setOutput("unmatched-requests", String(s.newlyUnmatchedRequests ?? 0));
  io.setOutput("findings-errors", String(analysis.hasBase ? (report.findings?.errors ?? 0) : 0));
  io.setOutput("findings-warnings", String(analysis.hasBase ? (report.findings?.warnings ?? 0) : 0));
  io.setOutput("report", reportFile);
  io.setOutput("files", staleAtStart.map((f) => f.path).join("\n"));
  io.setOutput("commit-sha", commit?.status === "pushed" ? commit.commit : "");

  await io.appendSummary(renderResult(view, SUMMARY_LIMIT, "summary"));

  let commentUrl = "";
  if (inputs.comment && ctx.event.kind === "pull_request") {
    try {
      commentUrl = await comment(deps, ctx, inputs.token, ctx.event.number, view);
    } catch (err) {
      if (err instanceof PermissionError && ctx.event.isFork) {
        // Tokens of fork pull requests are read-only by GitHub's design; the summary has it all.
        io.warning(`${err.message}\nOn pull requests from forks GitHub gives the workflow a read-only token, so the result is in the job summary only.`);
      } else {
        failures.push(errorMessage(err));
      }
    }
  } else if (inputs.comment) {
    io.info(`not a pull request (${ctx.event.eventName}): no comment`);
  }
  io.setOutput("comment-url", commentUrl);

  if (errors.length) {
    failures.unshift(`${plural(errors.length, "problem")} at head; see the annotations and the job summary`);
  }
  const lost = unmatchedOverLimit(report, inputs.maxUnmatched);
  if (lost) failures.push(lost);
  const severe = analysis.hasBase ? findingsOverLimit(report, inputs.failOn) : undefined;
  if (severe) failures.push(severe);
  if (stale.length && inputs.failOnStale) {
    failures.push(`${plural(stale.length, "generated file")} in ${analysis.outputDir ?? "the manifests directory"} out of date; run \`${fix}\` and commit the result`);
  }
  if (failures.length) io.setFailed(failures.join("\n"));
}

/** The failure message when more recorded requests newly match no route than max-unmatched allows. */
function unmatchedOverLimit(report: DiffReport, max: ActionInputs["maxUnmatched"]): string | undefined {
  const lost = report.summary.newlyUnmatchedRequests ?? 0;
  if (!max || lost === 0) return undefined;
  const allowed = "count" in max.limit ? max.limit.count : Math.floor((max.limit.percent / 100) * recordedRequests(report.profiles, report.routeSets));
  if (lost <= allowed) return undefined;
  return `${plural(lost, "recorded request")} would no longer match any route (max-unmatched: ${max.given}); see "Recorded traffic" in the job summary`;
}

/** The failure message when the change has findings as severe as fail-on names. */
function findingsOverLimit(report: DiffReport, failOn: FailOn): string | undefined {
  const f = report.findings;
  if (!f || failOn === "never") return undefined;
  const n = failOn === "error" ? f.errors : f.errors + f.warnings;
  if (n === 0) return undefined;
  return `${plural(n, "finding")} of severity ${failOn === "error" ? "error" : "warning or error"} (fail-on: ${failOn}): ${severityCounts(f)}; see "Findings" in the job summary`;
}

function plural(n: number, one: string): string {
  return `${n} ${one}${n === 1 ? "" : "s"}`;
}

async function resolveBase(git: GitOps, ctx: GitHubContext, inputs: ActionInputs, io: ActionIO): Promise<{ commit: string; label: string } | undefined> {
  if (inputs.base) return { commit: await git.ensureCommit(inputs.base), label: inputs.base };
  const natural = eventBase(ctx.event);
  if (!natural) return undefined;
  try {
    return { commit: await git.ensureCommit(natural.rev), label: natural.label };
  } catch (err) {
    // A pull request always has its base; a push's "before" may be gone after a force-push.
    if (ctx.event.kind === "pull_request") throw err;
    io.warning(`cannot fetch ${short(natural.rev)} (${natural.label}); reporting the stale check only. ${errorMessage(err)}`);
    return undefined;
  }
}

function commitLog(c: CommitOutcome): string {
  switch (c.status) {
    case "pushed":
      return `pushed ${c.commit} to ${c.branch} (${c.files.length} file(s))`;
    case "up-to-date":
      return `${c.branch} is up to date; nothing to commit`;
    case "own-commit":
      return `the tip of ${c.branch} (${short(c.tip)}) is this action's own commit; not committing again`;
    case "errors":
      return `not committing to ${c.branch}: generation failed for ${c.errors.length} service(s)`;
  }
}

async function comment(deps: RunDeps, ctx: GitHubContext, token: string, issue: number, view: ResultView): Promise<string> {
  const marker = commentMarker(view.analysis.configPath);
  const body = renderResult(view, COMMENT_BODY_LIMIT - marker.length - COMMENT_MARGIN, "comment");
  const api = deps.commentApi(token, ctx);
  const outcome = await upsertStickyComment(api, { issue, marker, body, createIfMissing: hasSomethingToSay(view) });
  if (outcome.action === "skipped") {
    deps.io.info("nothing to report and no earlier comment: not commenting");
    return "";
  }
  deps.io.info(`${outcome.action} comment ${outcome.id}${outcome.url ? ` (${outcome.url})` : ""}`);
  return outcome.url ?? "";
}

