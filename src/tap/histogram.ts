/**
 * Latency percentiles in constant memory: a log-linear histogram (exact
 * below 128 µs, then 64 buckets per power of two, so any reported quantile
 * is within 1.6% of a recorded value), mergeable so that routes can be
 * consolidated after the fact.
 */
const SUB_BITS = 6;
const SUB = 1 << SUB_BITS;
const EXACT_BELOW = SUB * 2;

function bucketOf(us: number): number {
  const v = Math.max(0, Math.floor(us));
  if (v < EXACT_BELOW) return v;
  const exp = v < 2 ** 32 ? 31 - Math.clz32(v) : Math.floor(Math.log2(v));
  const shift = exp - SUB_BITS;
  const mantissa = Math.floor(v / 2 ** shift) - SUB; // 0..SUB-1
  return EXACT_BELOW + (exp - SUB_BITS - 1) * SUB + mantissa;
}

/** The largest value that falls in a bucket (quantiles err on the high side: safer for timeouts). */
function bucketUpper(bucket: number): number {
  if (bucket < EXACT_BELOW) return bucket;
  const rel = bucket - EXACT_BELOW;
  const exp = Math.floor(rel / SUB) + SUB_BITS + 1;
  const mantissa = (rel % SUB) + SUB;
  const shift = exp - SUB_BITS;
  return (mantissa + 1) * 2 ** shift - 1;
}

export class LatencyHistogram {
  private readonly buckets = new Map<number, number>();
  count = 0;
  max = 0;

  add(us: number): void {
    if (!Number.isFinite(us) || us < 0) return;
    const b = bucketOf(us);
    this.buckets.set(b, (this.buckets.get(b) ?? 0) + 1);
    this.count++;
    if (us > this.max) this.max = us;
  }

  merge(other: LatencyHistogram): void {
    for (const [b, n] of other.buckets) this.buckets.set(b, (this.buckets.get(b) ?? 0) + n);
    this.count += other.count;
    if (other.max > this.max) this.max = other.max;
  }

  /** The q-quantile (0..1) in microseconds, nearest-rank; undefined when empty. */
  quantile(q: number): number | undefined {
    if (this.count === 0) return undefined;
    const rank = Math.max(1, Math.ceil(q * this.count));
    const keys = [...this.buckets.keys()].sort((a, b) => a - b);
    let seen = 0;
    for (const k of keys) {
      seen += this.buckets.get(k)!;
      if (seen >= rank) return Math.min(bucketUpper(k), this.max);
    }
    return this.max;
  }
}
