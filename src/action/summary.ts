/**
 * The run's result as markdown: the same text is the job summary and the
 * body of the sticky pull request comment. Pure, so a sample comment in
 * docs/ is produced by this code rather than written by hand.
 */
import { formatDiagnostic, type Diagnostic } from "../model/diagnostic.js";
import type { CommitOutcome } from "./commit.js";
import type { RouteDiff, StaleFile } from "./engine.js";

export interface ResultView {
  configPath: string;
  /** What the diff compared against, for the reader ("main (1a2b3c4)"); undefined without a diff. */
  baseLabel: string | undefined;
  diff: RouteDiff | undefined;
  stale: StaleFile[];
  errors: Diagnostic[];
  baseErrors: Diagnostic[];
  unmapped: string[];
  commit: CommitOutcome | undefined;
  /** Why a requested commit was not made (fork, tag, ...), to tell the author what to do. */
  commitBlocked: string | undefined;
  failOnStale: boolean;
  /** The command that regenerates the manifests locally. */
  fixCommand: string;
  version: string;
  runUrl: string | undefined;
}

export function hasRouteChanges(diff: RouteDiff | undefined): boolean {
  if (!diff) return false;
  const c = diff.counts;
  return c.added + c.removed + c.changed + c.profilesAdded + c.profilesRemoved > 0;
}

/** Whether a pull request comment is worth creating (an existing one is always updated). */
export function hasSomethingToSay(view: ResultView): boolean {
  return hasRouteChanges(view.diff) || view.stale.length > 0 || view.errors.length > 0 || view.commit?.status === "pushed";
}

/** The stale files the run leaves stale (a pushed commit fixed them). */
export function remainingStale(view: ResultView): StaleFile[] {
  return view.commit?.status === "pushed" ? [] : view.stale;
}

const MAX_LISTED = 50;

function code(text: string): string {
  // A backtick inside inline code needs a longer fence.
  return text.includes("`") ? `\`\` ${text} \`\`` : `\`${text}\``;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function countsLine(diff: RouteDiff): string {
  const c = diff.counts;
  const parts = [`${c.added} added`, `${c.removed} removed`, `${c.changed} changed`].join(", ");
  const profiles: string[] = [];
  if (c.profilesAdded) profiles.push(`${plural(c.profilesAdded, "profile")} added`);
  if (c.profilesRemoved) profiles.push(`${plural(c.profilesRemoved, "profile")} removed`);
  return `Routes: ${parts}${profiles.length ? `; ${profiles.join(", ")}` : ""}.`;
}

function diagnosticList(list: Diagnostic[]): string {
  const lines = list.slice(0, MAX_LISTED).map((d) => `- ${code(formatDiagnostic({ ...d, hint: undefined }))}${d.hint ? `<br>${escapeInline(d.hint)}` : ""}`);
  if (list.length > MAX_LISTED) lines.push(`- … and ${list.length - MAX_LISTED} more`);
  return lines.join("\n");
}

function escapeInline(text: string): string {
  return text.replace(/[<>]/g, (c) => (c === "<" ? "&lt;" : "&gt;"));
}

function staleSection(view: ResultView, stale: StaleFile[]): string {
  const lines = stale.slice(0, MAX_LISTED).map((s) => `- ${code(s.path)} (${s.reason})`);
  if (stale.length > MAX_LISTED) lines.push(`- … and ${stale.length - MAX_LISTED} more`);
  const verdict = view.failOnStale ? "This check fails until they are regenerated." : "";
  return [
    `> [!WARNING]`,
    `> ${plural(stale.length, "generated file is", "generated files are")} stale: the committed manifests do not match what the specs generate. ${verdict}`.trimEnd(),
    "",
    lines.join("\n"),
    "",
    `To fix, run this at the repository root and commit the result:`,
    "",
    "```sh",
    view.fixCommand,
    "```",
  ].join("\n");
}

function commitSection(view: ResultView): string | undefined {
  const c = view.commit;
  if (view.commitBlocked) return `> [!NOTE]\n> ${view.commitBlocked}`;
  if (!c) return undefined;
  switch (c.status) {
    case "pushed":
      return `Committed ${code(c.commit.slice(0, 7))} to ${code(c.branch)} with ${plural(c.files.length, "regenerated file")}.`;
    case "own-commit":
      return `The head of ${code(c.branch)} is this action's own commit; not committing again.`;
    case "errors":
      return `Nothing was committed to ${code(c.branch)}: fix the spec problems below first.`;
    case "up-to-date":
      return undefined;
  }
}

/**
 * Renders the result within `maxChars`: everything but the engine's report
 * is small, so the report gets whatever room is left.
 */
export function renderResult(view: ResultView, maxChars: number): string {
  const sections: string[] = [];
  sections.push(`### Linkerd ServiceProfiles · ${code(view.configPath)}`);
  const base = view.baseLabel ? ` against ${code(view.baseLabel)}` : "";
  const changes = hasRouteChanges(view.diff);
  if (view.diff && changes) sections.push(`${countsLine(view.diff)} Compared${base}.`);
  else if (view.diff) sections.push(`No route changes${base}.`);
  const stale = remainingStale(view);
  if (view.errors.length) {
    sections.push(
      `> [!CAUTION]\n> ${plural(view.errors.length, "spec problem")} at head: ${view.errors.length === 1 ? "its service was" : "their services were"} not generated. Other services are reported below.\n\n${diagnosticList(view.errors)}`,
    );
  }
  if (stale.length) sections.push(staleSection(view, stale));
  const commit = commitSection(view);
  if (commit) sections.push(commit);
  if (view.baseErrors.length) {
    sections.push(`<details><summary>${plural(view.baseErrors.length, "spec problem")} at the base (shown for context)</summary>\n\n${diagnosticList(view.baseErrors)}\n\n</details>`);
  }
  if (view.unmapped.length) {
    const list = view.unmapped.slice(0, MAX_LISTED).map((f) => `- ${code(f)}`);
    if (view.unmapped.length > MAX_LISTED) list.push(`- … and ${view.unmapped.length - MAX_LISTED} more`);
    sections.push(`<details><summary>${plural(view.unmapped.length, "spec file")} not mapped to any service</summary>\n\n${list.join("\n")}\n\n</details>`);
  }
  const run = view.runUrl ? ` · [workflow run](${view.runUrl})` : "";
  const footer = `<sub>serviceprofile-sync ${view.version}${run}</sub>`;
  const fixed = [...sections, footer].join("\n\n") + "\n";
  if (!view.diff || !changes) return fixed;
  // The report goes right after the counts line; keep a margin for the separators.
  const room = maxChars - fixed.length - 8;
  const report = room > 200 ? view.diff.markdown(room).trim() : "_The route report does not fit here; see the job summary._";
  const insertAt = 2;
  return [...sections.slice(0, insertAt), report, ...sections.slice(insertAt), footer].join("\n\n") + "\n";
}
