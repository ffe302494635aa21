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
 * Gateway API `Duration` (GEP-2257, `^([0-9]{1,5}(h|m|s|ms)){1,4}$`):
 * `1m30s`, `1s500ms`. Each part has at most five digits.
 */
export function toGatewayDuration(goDuration: string): Converted {
  const m = millis(goDuration);
  if (!m.ok) return m;
  if (m.ms === 0n) return { ok: true, value: "0s" };
  let rest = m.ms;
  let out = "";
  for (const [unit, size] of UNITS) {
    const n = rest / size;
    rest %= size;
    if (n === 0n) continue;
    if (n > 99_999n) return { ok: false, error: `"${goDuration}" is longer than the 99999h Gateway API durations can express` };
    out += `${n}${unit}`;
  }
  return { ok: true, value: out };
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
