/**
 * What the generated Gateway API route validators
 * (src/generated/httproute-validator.js, grpcroute-validator.js) call at run
 * time: the CRDs' `format`s and the string length the API server counts.
 * Shared by those modules and scripts/gen-validators.mjs, which generates them.
 */

// RFC 3339 date-time as the API server reads metav1.Time (only status uses it).
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

export const routeFormats = {
  int32: { type: "number", validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 },
  // Beyond 2^53 a JSON number is not exact in JS anyway; any integer passes.
  int64: { type: "number", validate: (n: number) => Number.isInteger(n) },
  "date-time": { type: "string", validate: (s: string) => DATE_TIME.test(s) },
} as const;

const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * The length `minLength`/`maxLength` compare: Unicode code points, as the API
 * server's OpenAPI validation counts them (kube-openapi's validate.MaxLength
 * uses utf8.RuneCountInString). UTF-16 units would call a 253-character name
 * with an emoji too long. A lone surrogate counts as one, as Go counts the
 * U+FFFD it becomes.
 */
export function codePointLength(s: string): number {
  // Almost every string has no surrogate at all: then each unit is a code point.
  if (!SURROGATE.test(s)) return s.length;
  let n = 0;
  for (let i = 0; i < s.length; i++, n++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
  }
  return n;
}
