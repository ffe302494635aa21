/**
 * The observed-figures report printed beside a profile made from a tap
 * recording: per route the requests, status codes, latency and suggestions;
 * the routes the limit left out; what in the recording was not used.
 */
import type { Diagnostic } from "../model/diagnostic.js";
import { formatDiagnostic } from "../model/diagnostic.js";
import type { TapReadSummary } from "../sources/tap/recording.js";
import type { ObservedRoute, TrafficResult, TrafficTotals } from "./aggregate.js";
import { sortedCounts, type RouteStats } from "./stats.js";
import { formatMs, suggest, type Suggestion } from "./suggest.js";
import { fitMarkdown, shorten } from "../model/shorten.js";

export interface RouteFigures {
  name: string;
  requests: number;
  /** [status, responses], ascending. */
  statuses: [number, number][];
  grpcStatuses: [string, number][];
  latency?: { samples: number; p50Us: number; p99Us: number; maxUs: number };
  examples: string[];
  suggestions: Suggestion[];
  /** A route of the merged-in profile (figures only, no suggestions applied). */
  existing?: boolean;
}

export interface TapProfileReport {
  recording: { file: string; format: string; events: number; truncated: boolean; skipped: number };
  consolidate: "auto" | "none";
  routeLimit: number;
  totals: TrafficTotals;
  routes: RouteFigures[];
  leftOut: RouteFigures[];
  untracked: { routes: number; requests: number; atLeast?: boolean };
  warnings: Diagnostic[];
}

export type ReportFormat = "text" | "markdown" | "json";

function figures(name: string, method: string, stats: RouteStats, grpc: boolean, withSuggestions: boolean): RouteFigures {
  const f: RouteFigures = {
    name,
    requests: stats.requests,
    statuses: sortedCounts(stats.statuses),
    grpcStatuses: sortedCounts(stats.grpcStatuses),
    examples: [...stats.examples],
    suggestions: withSuggestions ? suggest(method, stats, grpc) : [],
  };
  if (stats.latency.count > 0) {
    f.latency = { samples: stats.latency.count, p50Us: stats.latency.quantile(0.5)!, p99Us: stats.latency.quantile(0.99)!, maxUs: stats.latency.max };
  }
  return f;
}

function routeFigures(o: ObservedRoute, withSuggestions: boolean): RouteFigures {
  const method = o.route.match.kind === "http" ? o.route.match.method : "POST";
  return figures(o.route.name, method, o.stats, o.grpc, withSuggestions);
}

export function buildTapReport(input: {
  file: string;
  summary: TapReadSummary;
  result: TrafficResult;
  consolidate: "auto" | "none";
  routeLimit: number;
  /** Existing routes (merge), in profile order: name and method. */
  existing?: { name: string; method: string }[];
  warnings?: Diagnostic[];
}): TapProfileReport {
  const { summary, result } = input;
  const existing: RouteFigures[] = (input.existing ?? []).flatMap(({ name, method }) => {
    const stats = result.assigned.get(name);
    return stats ? [{ ...figures(name, method, stats, false, false), existing: true }] : [];
  });
  return {
    recording: { file: input.file, format: summary.format ?? "empty", events: summary.stats.events, truncated: summary.truncated, skipped: summary.skipped },
    consolidate: input.consolidate,
    routeLimit: input.routeLimit,
    totals: result.totals,
    routes: [...existing, ...result.routes.map((o) => routeFigures(o, true))],
    leftOut: result.leftOut.map((o) => routeFigures(o, false)),
    untracked: result.untracked,
    warnings: [...summary.warnings, ...(input.warnings ?? [])],
  };
}

function statusText(f: RouteFigures): string {
  const http = f.statuses.map(([c, n]) => `${c}×${n}`);
  const grpc = f.grpcStatuses.map(([c, n]) => `grpc ${c}×${n}`);
  return [...http, ...grpc].join(" ") || "-";
}

function latencyText(f: RouteFigures): string {
  return f.latency ? `p50 ${formatMs(f.latency.p50Us)}, p99 ${formatMs(f.latency.p99Us)}, max ${formatMs(f.latency.maxUs)}` : "-";
}

function suggestionText(s: Suggestion): string {
  switch (s.kind) {
    case "timeout":
      return `timeout: ${s.timeout} (${s.reason})`;
    case "responseClasses":
      return `responseClasses: ${s.classes.map((c) => `${c.min}${c.isFailure ? " failure" : ""}`).join(", ")} (${s.reason})`;
    case "retries":
      return `retries: ${s.reason}`;
  }
}

function summaryLines(r: TapProfileReport): string[] {
  const t = r.totals;
  const lines = [
    `recording: ${r.recording.file} (${r.recording.format}, ${r.recording.events} events${r.recording.truncated ? ", last event cut off" : ""})`,
    `inbound requests: ${t.requests}; outbound requests ignored: ${t.outbound}` +
      (t.unknownDirection ? `; unknown direction ignored: ${t.unknownDirection}` : "") +
      (t.root ? `; "/" skipped (as Linkerd does): ${t.root}` : "") +
      (t.badPath ? `; without a path: ${t.badPath}` : "") +
      (t.oversized ? `; skipped for an oversized path: ${t.oversized}` : "") +
      (t.unexpressedMethod ? `; skipped for a method the output cannot name: ${t.unexpressedMethod}` : "") +
      (t.assigned ? `; routed by the existing profile: ${t.assigned}` : ""),
    `consolidation: ${r.consolidate === "auto" ? "auto (varying segments become parameters)" : "none (one route per distinct path, as Linkerd)"}; route limit ${r.routeLimit}`,
  ];
  if (t.withoutResponse || t.orphanResponses) lines.push(`requests without a recorded response: ${t.withoutResponse}; responses without their request: ${t.orphanResponses}`);
  return lines;
}

export function renderTapReportText(r: TapProfileReport): string {
  const out = [...summaryLines(r), ""];
  out.push(`routes (${r.routes.length}):`);
  for (const f of r.routes) {
    out.push(`  ${shorten(f.name)}${f.existing ? "  [existing]" : ""}`);
    out.push(`    requests ${f.requests}; status ${statusText(f)}; latency ${latencyText(f)}`);
    if (f.examples.length) out.push(`    examples: ${f.examples.map((e) => shorten(e)).join(", ")}`);
    for (const s of f.suggestions) out.push(`    suggest ${suggestionText(s)}`);
  }
  if (r.leftOut.length || r.untracked.routes) {
    out.push("", `left out by the route limit (${r.untracked.atLeast ? "at least " : ""}${r.leftOut.length + r.untracked.routes}):`);
    for (const f of r.leftOut) out.push(`  ${shorten(f.name)}  (${requests(f.requests)}; e.g. ${shorten(f.examples[0] ?? "-")})`);
    if (r.untracked.routes) out.push(`  ... and ${r.untracked.atLeast ? "at least " : ""}${r.untracked.routes} more distinct paths (${r.untracked.requests} requests) not tracked`);
    out.push(`  raise --tap-route-limit to include them`);
  }
  if (r.warnings.length) {
    out.push("", "warnings:");
    for (const w of r.warnings) out.push(`  ${formatDiagnostic(w).replace(/\n/g, "\n  ")}`);
  }
  return out.join("\n") + "\n";
}

function requests(n: number): string {
  return `${n} request${n === 1 ? "" : "s"}`;
}

function mdCell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

export function renderTapReportMarkdown(r: TapProfileReport): string {
  const out = ["## Observed traffic", "", ...summaryLines(r).map((l) => `- ${mdCell(l)}`), ""];
  out.push("| Route | Requests | Status | Latency | Suggestions |", "| --- | ---: | --- | --- | --- |");
  for (const f of r.routes) {
    const name = `\`${mdCell(shorten(f.name))}\`${f.existing ? " (existing)" : ""}`;
    out.push(`| ${name} | ${f.requests} | ${mdCell(statusText(f))} | ${mdCell(latencyText(f))} | ${mdCell(f.suggestions.map(suggestionText).join("; ") || "-")} |`);
  }
  if (r.leftOut.length || r.untracked.routes) {
    out.push("", `### Left out by the route limit (${r.routeLimit})`, "");
    for (const f of r.leftOut) out.push(`- \`${mdCell(shorten(f.name))}\`: ${requests(f.requests)} (e.g. \`${mdCell(shorten(f.examples[0] ?? "-"))}\`)`);
    if (r.untracked.routes) out.push(`- ${r.untracked.atLeast ? "at least " : ""}${r.untracked.routes} more distinct paths (${r.untracked.requests} requests), not tracked`);
  }
  if (r.warnings.length) {
    out.push("", "### Warnings", "");
    for (const w of r.warnings) out.push(`- ${mdCell(formatDiagnostic(w).replace(/\n\s*/g, " "))}`);
  }
  return fitMarkdown(out.join("\n") + "\n", 65_536, "_… the rest of the report was cut to fit GitHub's comment size limit; a `--report` file ending in .json has all of it._");
}

export function renderTapReportJson(r: TapProfileReport): string {
  return JSON.stringify(r, null, 2) + "\n";
}

export function renderTapReport(r: TapProfileReport, format: ReportFormat): string {
  return format === "json" ? renderTapReportJson(r) : format === "markdown" ? renderTapReportMarkdown(r) : renderTapReportText(r);
}
