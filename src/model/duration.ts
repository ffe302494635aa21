/**
 * Go's time.ParseDuration, which is what Linkerd (and the proxy's controller)
 * uses for `timeout` and `retryBudget.ttl`. Returns nanoseconds as a bigint, or
 * an error message in Go's words.
 */
const UNIT_NANOS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  "\u00b5s": 1_000n, // micro sign
  "\u03bcs": 1_000n, // Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

const MAX_INT64 = (1n << 63n) - 1n;

export type DurationResult = { ok: true; nanos: bigint } | { ok: false; error: string };

export function parseGoDuration(input: string): DurationResult {
  const bad: DurationResult = { ok: false, error: `time: invalid duration "${input}"` };
  let s = input;
  let negative = false;
  if (s.startsWith("-") || s.startsWith("+")) {
    negative = s.startsWith("-");
    s = s.slice(1);
  }
  if (s === "0") return { ok: true, nanos: 0n };
  if (s === "") return bad;
  let total = 0n;
  const component = /^(\d*)(?:\.(\d*))?([^\d.]+)/;
  while (s !== "") {
    const m = component.exec(s);
    if (!m) return s.length && /^[\d.]+$/.test(s) ? { ok: false, error: `time: missing unit in duration "${input}"` } : bad;
    const [whole, intPart = "", fracPart, unit = ""] = m;
    if (intPart === "" && (fracPart === undefined || fracPart === "")) return bad;
    const scale = UNIT_NANOS[unit];
    if (scale === undefined) return { ok: false, error: `time: unknown unit "${unit}" in duration "${input}"` };
    let value = BigInt(intPart || "0") * scale;
    if (fracPart) {
      // Go truncates fractional nanoseconds.
      value += (BigInt(fracPart) * scale) / 10n ** BigInt(fracPart.length);
    }
    total += value;
    if (total > MAX_INT64 + (negative ? 1n : 0n)) return bad;
    s = s.slice(whole.length);
  }
  return { ok: true, nanos: negative ? -total : total };
}

export function isGoDuration(input: string): boolean {
  return parseGoDuration(input).ok;
}

/** Formats nanoseconds the way Go's Duration.String() does (e.g. `1m30s`, `250ms`). */
export function formatGoDuration(nanos: bigint): string {
  if (nanos === 0n) return "0s";
  const neg = nanos < 0n;
  let n = neg ? -nanos : nanos;
  const sign = neg ? "-" : "";
  if (n < 1_000_000_000n) {
    const [unit, scale] = n < 1_000n ? ["ns", 1n] : n < 1_000_000n ? ["µs", 1_000n] : ["ms", 1_000_000n];
    return sign + fraction(n, scale as bigint) + unit;
  }
  const h = n / 3_600_000_000_000n;
  n %= 3_600_000_000_000n;
  const m = n / 60_000_000_000n;
  n %= 60_000_000_000n;
  let out = sign;
  if (h > 0n) out += `${h}h`;
  if (h > 0n || m > 0n) out += `${m}m`;
  return out + fraction(n, 1_000_000_000n) + "s";
}

function fraction(n: bigint, scale: bigint): string {
  const whole = n / scale;
  const rest = n % scale;
  if (rest === 0n) return String(whole);
  const digits = String(scale).length - 1;
  return `${whole}.${String(rest).padStart(digits, "0").replace(/0+$/, "")}`;
}
