/**
 * Every profile is checked before it is printed or written:
 *  1. against the CRD's openAPIV3Schema (what the API server enforces), made
 *     strict about unknown fields as Linkerd's own UnmarshalStrict is;
 *  2. with Linkerd's `Validate()` rules the schema cannot express.
 */
import type { ErrorObject } from "ajv";
// Generated from ./profile-schema.ts by scripts/gen-validators.mjs: nothing to compile at start.
import { validate as validateSchema } from "../../generated/profile-validator.js";
import { parseGoDuration } from "../../model/duration.js";
import { dns1123SubdomainErrors } from "../../model/names.js";
import { joinPointer } from "../../model/diagnostic.js";
import { compileProfilePathRegex } from "../../matching/proxy-regex.js";
import { pathRegexTemplate } from "../../model/path-regex.js";
import type { RequestMatch, ResponseMatch, ServiceProfile } from "../../model/serviceprofile.js";

export interface ProfileProblem {
  /** JSON pointer into the profile object. */
  pointer: string;
  message: string;
}

function schemaProblem(e: ErrorObject): ProfileProblem {
  if (e.keyword === "additionalProperties") {
    const field = (e.params as { additionalProperty: string }).additionalProperty;
    return { pointer: joinPointer(e.instancePath, field), message: `unknown field "${field}"` };
  }
  return { pointer: e.instancePath, message: e.message ?? e.keyword };
}

export function validateProfile(profile: unknown): ProfileProblem[] {
  if (!validateSchema(profile)) {
    // anyOf/pattern noise from the int-or-string weight is reported once.
    const seen = new Set<string>();
    return (validateSchema.errors ?? []).map(schemaProblem).filter((p) => {
      const key = p.pointer + p.message;
      return seen.has(key) ? false : (seen.add(key), true);
    });
  }
  return linkerdRules(profile as ServiceProfile);
}

const MIN_STATUS = 100;
const MAX_STATUS = 599;

/** Linkerd's Validate(): the rules the CRD schema cannot state. */
function linkerdRules(profile: ServiceProfile): ProfileProblem[] {
  const problems: ProfileProblem[] = [];
  const nameErrs = dns1123SubdomainErrors(profile.metadata.name);
  if (nameErrs.length) problems.push({ pointer: "/metadata/name", message: `invalid name "${profile.metadata.name}": ${nameErrs[0]}` });

  (profile.spec.routes ?? []).forEach((route, i) => {
    const at = `/spec/routes/${i}`;
    if (!route.name) problems.push({ pointer: `${at}/name`, message: "route has no name" });
    if (route.timeout !== undefined && route.timeout !== "") {
      const d = parseGoDuration(route.timeout);
      if (!d.ok) problems.push({ pointer: `${at}/timeout`, message: `invalid timeout: ${d.error}` });
    }
    requestMatchProblems(route.condition, `${at}/condition`, problems);
    pathRegexProblems(route.condition, `${at}/condition`, route.name, problems);
    (route.responseClasses ?? []).forEach((rc, j) => responseMatchProblems(rc.condition, `${at}/responseClasses/${j}/condition`, problems));
  });

  const budget = profile.spec.retryBudget;
  if (budget) {
    if (budget.retryRatio < 0) problems.push({ pointer: "/spec/retryBudget/retryRatio", message: `retryRatio must be non-negative: ${budget.retryRatio}` });
    if (!budget.ttl) problems.push({ pointer: "/spec/retryBudget/ttl", message: "retryBudget is missing the ttl field" });
    else {
      const d = parseGoDuration(budget.ttl);
      if (!d.ok) problems.push({ pointer: "/spec/retryBudget/ttl", message: `invalid ttl: ${d.error}` });
    }
  }
  return problems;
}

function requestMatchProblems(match: RequestMatch | undefined, at: string, out: ProfileProblem[]): void {
  if (!match) {
    out.push({ pointer: at, message: "route has no condition" });
    return;
  }
  let set = false;
  if (match.all) {
    set = true;
    match.all.forEach((m, i) => requestMatchProblems(m, `${at}/all/${i}`, out));
  }
  if (match.any) {
    set = true;
    match.any.forEach((m, i) => requestMatchProblems(m, `${at}/any/${i}`, out));
  }
  if (match.not) {
    set = true;
    if (Array.isArray(match.not)) match.not.forEach((m, i) => requestMatchProblems(m, `${at}/not/${i}`, out));
    else requestMatchProblems(match.not, `${at}/not`, out);
  }
  if (match.method) set = true;
  if (match.pathRegex) set = true;
  if (!set) out.push({ pointer: at, message: "A request match must have a field set" });
}

/**
 * Every pathRegex must compile in the proxy's regex engine (Rust syntax,
 * proxy-regex.ts): one that does not is silently dropped by the proxy, so
 * the route matches more, or nothing, than it says.
 */
function pathRegexProblems(match: RequestMatch | undefined, at: string, route: string, out: ProfileProblem[]): void {
  if (!match || typeof match !== "object") return;
  // A generated regex (QuoteMeta'd literals and [^/]*) is valid by construction: no compile per route.
  if (typeof match.pathRegex === "string" && match.pathRegex !== "" && pathRegexTemplate(match.pathRegex.trim()) === undefined) {
    const v = compileProfilePathRegex(match.pathRegex);
    if (!v.ok && v.kind === "rejected") {
      out.push({ pointer: `${at}/pathRegex`, message: `route "${route}": pathRegex ${JSON.stringify(match.pathRegex)} does not compile in the proxy's regex engine (${v.reason}), so the proxy ignores it` });
    }
  }
  (match.all ?? []).forEach((m, i) => pathRegexProblems(m, `${at}/all/${i}`, route, out));
  (match.any ?? []).forEach((m, i) => pathRegexProblems(m, `${at}/any/${i}`, route, out));
  if (Array.isArray(match.not)) match.not.forEach((m, i) => pathRegexProblems(m, `${at}/not/${i}`, route, out));
  else pathRegexProblems(match.not, `${at}/not`, route, out);
}

function responseMatchProblems(match: ResponseMatch | undefined, at: string, out: ProfileProblem[]): void {
  if (!match) {
    out.push({ pointer: at, message: "response class has no condition" });
    return;
  }
  let set = false;
  if (match.all) {
    set = true;
    match.all.forEach((m, i) => responseMatchProblems(m, `${at}/all/${i}`, out));
  }
  if (match.any) {
    set = true;
    match.any.forEach((m, i) => responseMatchProblems(m, `${at}/any/${i}`, out));
  }
  if (match.not) {
    set = true;
    responseMatchProblems(match.not, `${at}/not`, out);
  }
  if (match.status) {
    set = true;
    const { min = 0, max = 0 } = match.status;
    const inRange = (n: number) => n === 0 || (n >= MIN_STATUS && n <= MAX_STATUS);
    if (!inRange(min)) out.push({ pointer: `${at}/status/min`, message: `Range minimum must be between ${MIN_STATUS} and ${MAX_STATUS}, inclusive` });
    else if (!inRange(max)) out.push({ pointer: `${at}/status/max`, message: `Range maximum must be between ${MIN_STATUS} and ${MAX_STATUS}, inclusive` });
    else if (min !== 0 && max !== 0 && max < min) out.push({ pointer: `${at}/status`, message: "Range maximum cannot be smaller than minimum" });
  }
  if (!set) out.push({ pointer: at, message: "A response match must have a field set" });
}
