/**
 * `verify` for Gateway API routes: recorded inbound requests replayed
 * against HTTPRoutes/GRPCRoutes with the model of Linkerd's selection
 * (targets/gateway/selection.ts: scores, then creationTimestamp/name):
 *
 *  - hits per route object and rule, and rules never hit;
 *  - requests that match nothing: with no catch-all route attached the proxy
 *    answers them with 404 (gRPC: an error status), contract "The default
 *    route is gone once any route exists";
 *  - requests whose pick rests on a tie between objects: creationTimestamp
 *    decides, so a re-created route can change it (a warning).
 * One route kind per port: when GRPCRoutes are given only they are used
 * (policy controller grpc/src/outbound.rs). Pure: events in, report out.
 */
import { SpecError, type Diagnostic } from "../model/diagnostic.js";
import { parseData } from "../files/parse.js";
import type { TapEvent } from "../sources/tap/event.js";
import { TapRecordingParser, type TapReadSummary } from "../sources/tap/recording.js";
import { ruleRouteName } from "../model/gateway.js";
import { linkerdOrder, selectRoute } from "../matching/gateway-selection.js";
import type { GrpcRoute, HttpRoute, RouteObject } from "../model/gateway.js";
import { validateRouteObject } from "../targets/gateway/validate.js";
import { matchPath } from "../matching/profile-match.js";
import { fitMarkdown, shorten } from "../model/shorten.js";
import type { RecordingInput, RequestGroup } from "./verify.js";

export const VERIFY_ROUTES_REPORT_VERSION = 1;

export interface RuleHits {
  object: string;
  rule: number;
  /** The ServiceProfile route name the rule carries (serviceprofile-sync annotations), if any. */
  route?: string;
  hits: number;
  example?: string;
}

export interface TieGroup {
  /** The object picked, and those it tied with. */
  picked: string;
  tiedWith: string[];
  count: number;
  example: string;
}

export interface RoutesVerifyReport {
  version: typeof VERIFY_ROUTES_REPORT_VERSION;
  kind: "HTTPRoute" | "GRPCRoute";
  files: string[];
  objects: string[];
  /** Objects left out: HTTPRoutes when GRPCRoutes are present. */
  ignored: string[];
  catchAll: boolean;
  recordings: { file: string; format: string; events: number; truncated: boolean }[];
  totals: { requests: number; matched: number; unmatched: number; tieBreaks: number; outboundIgnored: number };
  rules: RuleHits[];
  /** Requests no rule matches ("would get 404" without a catch-all). */
  unmatched: RequestGroup[];
  ties: TieGroup[];
  neverHit: string[];
  threshold?: { given: string; allowed: number; exceeded: boolean };
  warnings: Diagnostic[];
}

/** HTTPRoute/GRPCRoute documents of a YAML stream or a List; others are an error naming the document. */
export function parseRouteObjects(text: string, file: string): RouteObject[] {
  const out: RouteObject[] = [];
  const lines = text.split("\n");
  let start = 0;
  const docs: { text: string; line: number }[] = [];
  lines.forEach((l, i) => {
    if (/^---(\s|$)/.test(l)) {
      docs.push({ text: "\n".repeat(start) + lines.slice(start, i).join("\n"), line: start + 1 });
      start = i + 1;
    }
  });
  docs.push({ text: "\n".repeat(start) + lines.slice(start).join("\n"), line: start + 1 });
  for (const d of docs) {
    if (d.text.replace(/#.*$/gm, "").trim() === "") continue;
    const value = parseData(d.text, file, "HTTPRoute or GRPCRoute objects") as { kind?: unknown; items?: unknown[] } | null;
    const items = value?.kind === "List" && Array.isArray(value.items) ? value.items : [value];
    for (const item of items) {
      const o = item as RouteObject | null;
      if (!o || (o.kind !== "HTTPRoute" && o.kind !== "GRPCRoute")) {
        throw new SpecError({ message: `the document at line ${d.line} is ${o && typeof o === "object" ? `a ${String((o as { kind?: unknown }).kind)}` : "not an object"}, not an HTTPRoute or GRPCRoute`, file, line: d.line, hint: "give route files (serviceprofile-sync routes or migrate output)" });
      }
      if (!o.metadata?.name || !Array.isArray(o.spec?.rules)) {
        throw new SpecError({ message: `the ${o.kind} at line ${d.line} has no metadata.name or spec.rules`, file, line: d.line, hint: "give complete route objects" });
      }
      out.push(o);
    }
  }
  return out;
}

/** True when the text's first object is a route (so `verify --profile` can take route files too). */
export function looksLikeRoutes(text: string): boolean {
  return /^kind:\s*["']?(HTTPRoute|GRPCRoute)["']?\s*$/m.test(text) && !/^kind:\s*["']?ServiceProfile/m.test(text);
}

function isCatchAll(o: RouteObject): boolean {
  return o.spec.rules.some((r) => {
    const ms = r.matches ?? [];
    if (ms.length === 0) return true;
    if (o.kind === "GRPCRoute") return (ms as NonNullable<GrpcRoute["spec"]["rules"][number]["matches"]>).some((m) => !m.method?.service && !m.method?.method && !m.headers?.length);
    return (ms as NonNullable<HttpRoute["spec"]["rules"][number]["matches"]>).some((m) => !m.method && !m.headers?.length && !m.queryParams?.length && (!m.path || (m.path.type === "PathPrefix" && m.path.value === "/")));
  });
}

export class RoutesVerifier {
  private readonly ordered: RouteObject[];
  private readonly report: RoutesVerifyReport;
  private readonly hits = new Map<string, RuleHits>();
  private readonly unmatchedGroups = new Map<string, RequestGroup>();
  private readonly ties = new Map<string, TieGroup>();

  constructor(objects: RouteObject[], files: string[]) {
    const grpc = objects.filter((o) => o.kind === "GRPCRoute");
    const used = grpc.length ? grpc : objects;
    const ignored = grpc.length ? objects.filter((o) => o.kind === "HTTPRoute").map((o) => o.metadata.name) : [];
    this.ordered = linkerdOrder(used);
    const warnings: Diagnostic[] = [];
    if (ignored.length) warnings.push({ severity: "warning", message: `${ignored.length} HTTPRoute(s) ignored: Linkerd uses only the GRPCRoutes of a port that has any`, hint: "attach the two kinds to different ports" });
    for (const o of used) {
      const problems = validateRouteObject(o);
      if (problems.length) warnings.push({ severity: "warning", message: `${o.kind} ${o.metadata.name} is not valid: ${problems.slice(0, 3).map((p) => `${p.pointer}: ${p.message}`).join("; ")}`, hint: "the API server or Linkerd would refuse or ignore it; the replay uses it as written" });
    }
    const catchAll = used.some(isCatchAll);
    for (const o of this.ordered) o.spec.rules.forEach((_, rule) => this.hits.set(`${o.metadata.name}\u0000${rule}`, { object: o.metadata.name, rule, ...(ruleRouteName(o, rule) !== undefined ? { route: ruleRouteName(o, rule)! } : {}), hits: 0 }));
    this.report = {
      version: VERIFY_ROUTES_REPORT_VERSION,
      kind: grpc.length ? "GRPCRoute" : "HTTPRoute",
      files,
      objects: this.ordered.map((o) => o.metadata.name),
      ignored,
      catchAll,
      recordings: [],
      totals: { requests: 0, matched: 0, unmatched: 0, tieBreaks: 0, outboundIgnored: 0 },
      rules: [],
      unmatched: [],
      ties: [],
      neverHit: [],
      warnings,
    };
  }

  add(event: TapEvent): void {
    if (event.kind !== "request") return;
    if (event.direction !== "inbound") {
      this.report.totals.outboundIgnored++;
      return;
    }
    const t = this.report.totals;
    t.requests++;
    const req = { method: event.method, path: matchPath(event.path) };
    const picked = selectRoute(this.ordered, req);
    if (!picked) {
      t.unmatched++;
      const key = `${event.method} ${req.path}`;
      const g = this.unmatchedGroups.get(key);
      if (g) g.count++;
      else if (this.unmatchedGroups.size < 10_000) this.unmatchedGroups.set(key, { key, count: 1, example: event.path });
      return;
    }
    t.matched++;
    const h = this.hits.get(`${picked.route.metadata.name}\u0000${picked.rule}`)!;
    h.hits++;
    h.example ??= event.path;
    if (picked.tiedWith.length) {
      t.tieBreaks++;
      const tied = picked.tiedWith.map((o) => o.metadata.name);
      const key = [picked.route.metadata.name, ...tied].join("\u0000");
      const g = this.ties.get(key);
      if (g) g.count++;
      else this.ties.set(key, { picked: picked.route.metadata.name, tiedWith: tied, count: 1, example: `${event.method} ${event.path}` });
    }
  }

  recording(file: string, summary: TapReadSummary): void {
    this.report.recordings.push({ file, format: summary.format ?? "empty", events: summary.stats.events, truncated: summary.truncated });
    this.report.warnings.push(...summary.warnings);
  }

  finish(): RoutesVerifyReport {
    const r = this.report;
    r.rules = [...this.hits.values()];
    r.neverHit = r.rules.filter((h) => h.hits === 0).map((h) => `${h.object} rule ${h.rule}${h.route ? ` (${h.route})` : ""}`);
    r.unmatched = [...this.unmatchedGroups.values()].sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
    r.ties = [...this.ties.values()].sort((a, b) => b.count - a.count);
    for (const t of r.ties) {
      r.warnings.push({ severity: "warning", message: `${t.count} request(s) (e.g. ${t.example}) reach ${t.picked} only because it ties with ${t.tiedWith.join(", ")} and sorts first: Linkerd orders tied routes by creationTimestamp, then name, so re-creating one changes the pick`, hint: "put the overlapping rules into one route object, most specific first" });
    }
    return r;
  }
}

export async function verifyRouteRecordings(objects: RouteObject[], files: string[], recordings: RecordingInput[]): Promise<RoutesVerifyReport> {
  const v = new RoutesVerifier(objects, files);
  for (const rec of recordings) {
    const parser = new TapRecordingParser((e) => v.add(e), { file: rec.file });
    const data = rec.data;
    if (typeof data === "string" || data instanceof Uint8Array) parser.push(data);
    else for await (const chunk of data) parser.push(chunk);
    v.recording(rec.file, parser.end());
  }
  return v.finish();
}

/** The routes a tie-break passed over: the first few, then a count. */
function tied(names: string[]): string {
  return names.length > 5 ? `${names.slice(0, 5).join(", ")} and ${names.length - 5} more` : names.join(", ");
}

function notFoundWord(r: RoutesVerifyReport): string {
  if (r.catchAll) return "match no rule";
  return r.kind === "GRPCRoute" ? "would get a gRPC error (no route matches, no catch-all)" : "would get 404 (no route matches, no catch-all)";
}

export function renderRoutesVerifyText(r: RoutesVerifyReport): string {
  const t = r.totals;
  const out = [`verify: ${t.requests} inbound request(s) against ${r.objects.length} ${r.kind}(s) from ${r.files.join(", ")}: ${t.matched} matched, ${t.unmatched} ${notFoundWord(r)}, ${t.tieBreaks} decided by a creationTimestamp tie-break`];
  if (!r.catchAll) out.push("no catch-all route: once any route is attached, requests that match none get 404");
  out.push("", "hits:");
  for (const h of r.rules) out.push(`  ${String(h.hits).padStart(8)}  ${h.object} rule ${h.rule}${h.route ? ` (${shorten(h.route)})` : ""}${h.example ? `  e.g. ${shorten(h.example)}` : ""}`);
  if (r.unmatched.length) {
    out.push("", `unmatched (${notFoundWord(r)}):`);
    for (const g of r.unmatched.slice(0, 50)) out.push(`  ${String(g.count).padStart(8)}  ${shorten(g.key)}`);
  }
  if (r.ties.length) {
    out.push("", "tie-breaks:");
    for (const g of r.ties) out.push(`  ${String(g.count).padStart(8)}  ${g.picked} over ${tied(g.tiedWith)}  e.g. ${shorten(g.example)}`);
  }
  if (r.neverHit.length) out.push("", `never hit: ${r.neverHit.map((n) => shorten(n)).join(", ")}`);
  if (r.ignored.length) out.push("", `ignored HTTPRoutes: ${r.ignored.join(", ")}`);
  if (r.threshold) out.push("", `threshold: ${t.unmatched} unmatched, ${r.threshold.allowed} allowed (--max-unmatched ${r.threshold.given}): ${r.threshold.exceeded ? "FAILED" : "ok"}`);
  return out.join("\n") + "\n";
}

export function renderRoutesVerifyMarkdown(r: RoutesVerifyReport): string {
  const t = r.totals;
  const out = ["## Route verification", "", `${t.requests} inbound request(s) against ${r.objects.length} ${r.kind}(s): **${t.matched}** matched, **${t.unmatched}** ${notFoundWord(r)}, **${t.tieBreaks}** decided by a tie-break.`, "", "| object | rule | route | hits |", "| --- | --- | --- | --- |"];
  for (const h of r.rules) out.push(`| ${h.object} | ${h.rule} | ${shorten(h.route ?? "").replace(/\|/g, "\\|")} | ${h.hits} |`);
  if (r.unmatched.length) out.push("", `**Unmatched** (${notFoundWord(r)})`, ...r.unmatched.slice(0, 50).map((g) => `- ${g.count} × \`${shorten(g.key)}\``));
  if (r.ties.length) out.push("", "**Tie-breaks**", ...r.ties.map((g) => `- ${g.count} × ${g.picked} over ${tied(g.tiedWith)} (e.g. \`${shorten(g.example)}\`)`));
  if (r.threshold) out.push("", `Threshold: ${r.threshold.exceeded ? "**failed**" : "ok"} (${t.unmatched} unmatched, ${r.threshold.allowed} allowed)`);
  return fitMarkdown(out.join("\n") + "\n", 65_536, "_… the rest of the report was cut to fit GitHub's comment size limit; `--format json` or `--format text` has all of it._");
}

export function renderRoutesVerify(r: RoutesVerifyReport, format: "text" | "markdown" | "json"): string {
  if (format === "json") return JSON.stringify(r, null, 2) + "\n";
  return format === "markdown" ? renderRoutesVerifyMarkdown(r) : renderRoutesVerifyText(r);
}

export type { GrpcRoute };
