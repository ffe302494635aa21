/**
 * The run's result as markdown: the same text is the job summary and the
 * body of the sticky pull request comment. The engine's report renderer
 * draws the route tables; this adds what only the action knows (what it
 * committed, why it could not, how to fix a stale checkout) within the size
 * budget. Pure, so docs/pr-comment-example.md is produced by this code.
 */
import { renderMarkdown } from "../diff/report.js";
import type { DiffReport, StaleFile } from "../diff/routes.js";
import type { CommitOutcome } from "./commit.js";
import { hasRouteChanges, headErrors, staleFiles, type Analysis } from "./engine.js";

export interface ResultView {
  analysis: Analysis;
  commit: CommitOutcome | undefined;
  /** Why a commit that was asked for was not attempted (fork, tag, ...). */
  commitBlocked: string | undefined;
  /** Why the attempted commit failed. */
  commitError: string | undefined;
  failOnStale: boolean;
  /** The command that regenerates the manifests locally. */
  fixCommand: string;
  version: string;
  runUrl: string | undefined;
}

/** The stale files the run leaves stale (a pushed commit fixed them). */
export function remainingStale(view: ResultView): StaleFile[] {
  return view.commit?.status === "pushed" ? [] : staleFiles(view.analysis.report);
}

/** Whether a pull request comment is worth creating (an existing one is always updated). */
export function hasSomethingToSay(view: ResultView): boolean {
  return (
    hasRouteChanges(view.analysis.report) ||
    remainingStale(view).length > 0 ||
    headErrors(view.analysis.report).length > 0 ||
    (view.analysis.report.findings?.impacts.length ?? 0) + (view.analysis.report.findings?.guard.length ?? 0) > 0 ||
    view.commit?.status === "pushed" ||
    view.commitError !== undefined
  );
}

function code(text: string): string {
  return text.includes("`") ? `\`\` ${text} \`\`` : `\`${text}\``;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function alert(kind: "NOTE" | "WARNING" | "CAUTION", text: string): string {
  return `> [!${kind}]\n${text
    .split("\n")
    .map((l) => `> ${l}`)
    .join("\n")}`;
}

/** Notes that go above the report: what happened and what is wrong. */
function notes(view: ResultView, stale: StaleFile[]): string[] {
  const out: string[] = [];
  const errors = headErrors(view.analysis.report);
  if (errors.length) {
    out.push(alert("CAUTION", `${plural(errors.length, "problem")} at head: the services concerned were not generated. Details below; the other services are reported as usual.`));
  }
  if (view.commitError) out.push(alert("CAUTION", `Could not commit the regenerated profiles:\n${view.commitError}`));
  if (view.commitBlocked) out.push(alert("NOTE", view.commitBlocked));
  const c = view.commit;
  if (c?.status === "pushed") {
    out.push(`Committed ${code(c.commit.slice(0, 7))} to ${code(c.branch)} with ${plural(c.files.length, "regenerated file")}.`);
  } else if (c?.status === "own-commit") {
    out.push(`The head of ${code(c.branch)} is this action's own commit, so it does not commit again.`);
  } else if (c?.status === "errors") {
    out.push(`Nothing was committed to ${code(c.branch)}: the problems below must be fixed first.`);
  }
  if (stale.length) {
    const verdict = view.failOnStale ? ` This check fails until ${stale.length === 1 ? "it is" : "they are"} regenerated.` : "";
    out.push(alert("WARNING", `${plural(stale.length, "generated file is", "generated files are")} out of date.${verdict}`));
  }
  return out;
}

/** The report as the renderer should see it once a pushed commit fixed the stale files. */
function reportAfterRun(view: ResultView): DiffReport {
  const report = view.analysis.report;
  if (view.commit?.status !== "pushed") return report;
  return { ...report, stale: { checked: true, upToDate: true, files: [] }, summary: { ...report.summary, staleFiles: 0 } };
}

/**
 * Renders the result within `maxChars`: everything but the engine's report
 * is small, so the report gets whatever room is left, and a report cut short
 * says where the rest is.
 */
export function renderResult(view: ResultView, maxChars: number, place: "comment" | "summary"): string {
  const stale = remainingStale(view);
  const title = `### Linkerd ServiceProfiles · ${code(view.analysis.configPath)}`;
  const top = notes(view, stale);
  const bottom: string[] = [];
  if (stale.length) bottom.push(`To regenerate them, run this at the repository root and commit the result:\n\n\`\`\`sh\n${view.fixCommand}\n\`\`\``);
  const run = view.runUrl ? ` · [workflow run](${view.runUrl})` : "";
  bottom.push(`<sub>serviceprofile-sync ${view.version}${run}</sub>`);
  const suffix = bottom.join("\n\n") + "\n";

  const prefix = [title, ...top].join("\n\n");
  const rendered = reportAfterRun(view);
  const render = (budget: number) => {
    const text = renderMarkdown(rendered, { maxChars: Math.max(budget, 0), title: prefix });
    // Head compared with itself: say so instead of naming the same side twice.
    return view.analysis.hasBase ? text : text.replace(/^Comparing .*$/m, "No base to compare with: this run checks that the committed profiles are up to date.");
  };
  // The renderer counts the title (our prefix) in its budget; keep room for the suffix and a pointer to the rest.
  const pointer =
    place === "comment"
      ? `_Some of the report did not fit here; the job summary${view.runUrl ? ` of the [workflow run](${view.runUrl})` : ""} has all of it._`
      : "_Some of the report did not fit here; the JSON file named by the step's `report` output has all of it._";
  const full = render(Number.MAX_SAFE_INTEGER);
  let report = full;
  if (full.length + suffix.length + 8 > maxChars) {
    report = `${render(maxChars - suffix.length - pointer.length - 16).trimEnd()}\n\n${pointer}`;
  }
  return `${report.trimEnd()}\n\n${suffix}`;
}
