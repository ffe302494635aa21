/**
 * An operation's `responses` keys -> status classes: exact codes ascending,
 * then `1XX`..`5XX` ranges ascending. `default` and anything else is ignored.
 */
import type { StatusClass } from "../../model/route.js";

export interface StatusKeys {
  classes: StatusClass[];
  /** Numeric keys that are not HTTP statuses (outside 100..599): no class is made for them. */
  outOfRange: string[];
}

export function statusClassesFor(keys: readonly string[]): StatusKeys {
  const codes = new Set<number>();
  const ranges = new Set<number>();
  const outOfRange: string[] = [];
  for (const key of keys) {
    if (/^\d+$/.test(key)) {
      const code = Number(key);
      if (code >= 100 && code <= 599) codes.add(code);
      else outOfRange.push(key);
    } else if (/^[1-5][xX][xX]$/.test(key)) {
      ranges.add(Number(key[0]));
    }
  }
  const exact = [...codes].sort((a, b) => a - b).map((code): StatusClass => ({ min: code, max: code, isFailure: code >= 500 }));
  const byHundred = [...ranges].sort((a, b) => a - b).map((n): StatusClass => ({ min: n * 100, max: n * 100 + 99, isFailure: n === 5 }));
  // concat, not push: an array grown by push keeps room for 17, and every route keeps its classes.
  return { classes: byHundred.length === 0 ? exact : exact.concat(byHundred), outOfRange };
}
