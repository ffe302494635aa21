/**
 * Go durations (ServiceProfile `timeout`, x-linkerd-timeout, config values)
 * turned into the two duration syntaxes of Gateway API output, exactly or
 * not at all: a value that cannot be written without rounding is an error
 * for the caller to place, never silently changed.
 */
import { parseGoDuration } from "../../model/duration.js";

const MS = 1_000_000n;
const UNITS: [string, bigint][] = [
  ["h", 3_600_000n],
  ["m", 60_000n],
  ["s", 1_000n],
  ["ms", 1n],
];

export type Converted = { ok: true; value: string } | { ok: false; error: string };

function millis(goDuration: string): { ok: true; ms: bigint } | { ok: false; error: string } {
  const d = parseGoDuration(goDuration);
  if (!d.ok) return { ok: false, error: d.error };
  if (d.nanos < 0n) return { ok: false, error: `"${goDuration}" is negative` };
  if (d.nanos % MS !== 0n) return { ok: false, error: `"${goDuration}" is not a whole number of milliseconds, the finest unit Gateway API and Linkerd's annotations can express` };
  return { ok: true, ms: d.nanos / MS };
}

/**
 * A request timeout for `rules[].timeouts.request`. Two grammars must both
 * accept it: Gateway API's `Duration` (GEP-2257, `^([0-9]{1,5}(h|m|s|ms)){1,4}$`)
 * and Linkerd's, which reads the field with its annotation parser, ONE whole
 * number and a unit, and silently ignores anything else (linkerd2
 * version-2.20 policy-controller/k8s/index/src/outbound/index/http.rs,
 * `convert_gateway_rule`: `parse_duration(timeouts.request…).ok()?`). So
 * `1m30s` is written `90s`, `1.5s` `1500ms`; a value that needs more than
 * five digits in its largest exact unit cannot be written.
 */
export function toGatewayDuration(goDuration: string): Converted {
  const m = millis(goDuration);
  if (!m.ok) return m;
  if (m.ms === 0n) return { ok: true, value: "0s" };
  for (const [unit, size] of UNITS) {
    if (m.ms % size !== 0n) continue;
    const n = m.ms / size;
    if (n > 99_999n) break;
    return { ok: true, value: `${n}${unit}` };
  }
  return { ok: false, error: `"${goDuration}" needs more than the five digits a Gateway API duration allows in one unit (Linkerd reads only one number and one unit)` };
}

/**
 * Linkerd's annotation durations (`timeout.linkerd.io/*`, `retry.linkerd.io/timeout`):
 * ONE whole number and a unit of ms, s, m, h or d
 * (linkerd2 policy-controller/k8s/index/src/outbound/index.rs, `parse_duration`).
 * The largest unit that divides the value exactly: 1.5s -> 1500ms, 1m30s -> 90s.
 */
export function toAnnotationDuration(goDuration: string): Converted {
  const m = millis(goDuration);
  if (!m.ok) return m;
  if (m.ms === 0n) return { ok: true, value: "0" };
  for (const [unit, size] of [["d", 86_400_000n], ...UNITS] as [string, bigint][]) {
    if (m.ms % size === 0n) return { ok: true, value: `${m.ms / size}${unit}` };
  }
  return { ok: true, value: `${m.ms}ms` };
}
