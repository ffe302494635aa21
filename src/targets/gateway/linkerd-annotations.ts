/**
 * Linkerd's retry and timeout annotations on a route object, checked as
 * Linkerd's admission webhook checks them: it rejects the route when one does
 * not parse (policy-controller/runtime/src/admission.rs, `Validate<...Spec>`
 * calls `parse_http_retry` / `parse_grpc_retry` and `parse_timeouts`), all read
 * at linkerd2 tag version-2.20:
 *  - policy-controller/k8s/index/src/outbound/index.rs: `parse_timeouts`,
 *    `parse_duration`;
 *  - policy-controller/k8s/index/src/outbound/index/http.rs: `parse_http_retry`;
 *  - policy-controller/k8s/index/src/outbound/index/grpc.rs: `parse_grpc_retry`.
 */
import { joinPointer } from "../../model/diagnostic.js";

export interface AnnotationProblem {
  pointer: string;
  message: string;
}

const DURATION_KEYS = ["timeout.linkerd.io/request", "timeout.linkerd.io/response", "timeout.linkerd.io/idle", "retry.linkerd.io/timeout"];
const GRPC_CONDITIONS = ["cancelled", "deadline-exceeded", "internal", "resource-exhausted", "unavailable"];
const U64_MAX = 2n ** 64n - 1n;
const UNIT_MS: Record<string, bigint> = { ms: 1n, s: 1000n, m: 60_000n, h: 3_600_000n, d: 86_400_000n };

/**
 * `parse_duration`: one whole number and a unit ms, s, m, h or d (only 0 may
 * go without one), surrounding white space trimmed; undefined when it parses.
 */
export function linkerdDurationError(raw: string): string | undefined {
  const s = raw.trim();
  if (s.startsWith("-")) return "a duration cannot be negative";
  const m = /^(\+?[0-9]+)(ms|s|m|h|d|)$/.exec(s);
  if (!m) {
    if (/^[0-9]*\.[0-9]*[a-z]*$/.test(s)) return "fractional values are not supported: use a whole number of a smaller unit (1500ms, not 1.5s)";
    return "expected one whole number and a unit ms, s, m, h or d (for example 300ms or 5s); compound values like 1m30s are not read";
  }
  const magnitude = BigInt(m[1]!);
  const unit = m[2]!;
  if (unit === "") return magnitude === 0n ? undefined : `a duration needs a unit: did you mean ${magnitude}s or ${magnitude}ms?`;
  if (magnitude * UNIT_MS[unit]! > U64_MAX) return "the duration is too large";
  return undefined;
}

/** Rust's `u16::from_str`: digits with an optional '+', no white space. */
function isU16(s: string): boolean {
  return /^\+?[0-9]+$/.test(s) && BigInt(s) <= 65535n;
}

/** Rust's `u32::from_str` then Linkerd's 100..600 check. */
function statusCode(s: string): number | undefined {
  if (!/^\+?[0-9]+$/.test(s)) return undefined;
  const n = BigInt(s);
  return n >= 100n && n < 600n ? Number(n) : undefined;
}

/** One `retry.linkerd.io/http` condition: 5xx, gateway-error, a code or a range lo-hi (codes 100–599). */
function isHttpRetryCondition(cond: string): boolean {
  const lower = cond.toLowerCase();
  if (lower === "5xx" || lower === "gateway-error") return true;
  if (statusCode(cond) !== undefined) return true;
  const dash = cond.indexOf("-");
  if (dash < 0) return false;
  const lo = statusCode(cond.slice(0, dash));
  const hi = statusCode(cond.slice(dash + 1));
  return lo !== undefined && hi !== undefined && lo <= hi;
}

/** Problems with the Linkerd annotations of an HTTPRoute or GRPCRoute. */
export function linkerdAnnotationProblems(annotations: Record<string, unknown>, kind: "HTTPRoute" | "GRPCRoute"): AnnotationProblem[] {
  // Most route objects carry none of these: one look at their own few keys instead of seven lookups.
  if (!Object.keys(annotations).some((k) => k.startsWith("timeout.linkerd.io/") || k.startsWith("retry.linkerd.io/"))) return [];
  const out: AnnotationProblem[] = [];
  const at = (key: string) => joinPointer("/metadata/annotations", key);
  const get = (key: string) => (typeof annotations[key] === "string" ? (annotations[key] as string) : undefined);

  for (const key of DURATION_KEYS) {
    const v = get(key);
    const err = v === undefined ? undefined : linkerdDurationError(v);
    if (err) out.push({ pointer: at(key), message: `annotation ${key}: ${JSON.stringify(v)} is not a duration Linkerd reads: ${err}` });
  }

  const limit = get("retry.linkerd.io/limit");
  if (limit !== undefined && !isU16(limit)) {
    out.push({ pointer: at("retry.linkerd.io/limit"), message: `annotation retry.linkerd.io/limit: ${JSON.stringify(limit)} must be a whole number of retries from 0 to 65535` });
  }

  const http = get("retry.linkerd.io/http");
  if (http !== undefined) {
    if (kind === "GRPCRoute") {
      out.push({ pointer: at("retry.linkerd.io/http"), message: "annotation retry.linkerd.io/http has no effect on a GRPCRoute: use retry.linkerd.io/grpc" });
    } else {
      const bad = http.split(",").filter((c) => !isHttpRetryCondition(c));
      if (bad.length) {
        out.push({
          pointer: at("retry.linkerd.io/http"),
          message: `annotation retry.linkerd.io/http: ${bad.map((c) => JSON.stringify(c)).join(", ")} ${bad.length === 1 ? "is not a condition" : "are not conditions"} Linkerd reads; use a comma list (no spaces) of 5xx, gateway-error, a status code like 504 or a range like 500-504, codes from 100 to 599`,
        });
      }
    }
  }

  const grpc = get("retry.linkerd.io/grpc");
  if (grpc !== undefined) {
    if (kind === "HTTPRoute") {
      out.push({ pointer: at("retry.linkerd.io/grpc"), message: "annotation retry.linkerd.io/grpc has no effect on an HTTPRoute: use retry.linkerd.io/http" });
    } else {
      const bad = grpc.split(",").filter((c) => !GRPC_CONDITIONS.includes(c.toLowerCase()));
      if (bad.length) {
        out.push({
          pointer: at("retry.linkerd.io/grpc"),
          message: `annotation retry.linkerd.io/grpc: ${bad.map((c) => JSON.stringify(c)).join(", ")} ${bad.length === 1 ? "is not a condition" : "are not conditions"} Linkerd reads; use a comma list (no spaces) of ${GRPC_CONDITIONS.join(", ")}`,
        });
      }
    }
  }
  return out;
}
