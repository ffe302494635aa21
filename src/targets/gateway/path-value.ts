/**
 * The value rules the HTTPRoute CRD (v1.2.1) puts on `Exact` and `PathPrefix`
 * path matches, as CEL `x-kubernetes-validations` on
 * `spec.rules[].matches[].path`. A literal path that breaks one of them has to
 * be written as a `RegularExpression` match instead.
 */

// The CRD's own character rule: RFC 3986 pchar and '/', or a %XX escape.
const PATH_CHARSET = /^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|%[0-9a-fA-F]{2})+$/;
const PATH_CHAR = /[-A-Za-z0-9/._~!$&'()*+,;=:@]/;

/**
 * What is wrong with `value` as an Exact or PathPrefix path, one sentence per
 * CEL rule broken (in the CRD's order); empty when it is allowed.
 */
export function pathValueProblems(value: string): string[] {
  const out: string[] = [];
  const v = JSON.stringify(value);
  if (!value.startsWith("/")) out.push(`path ${v} must start with "/"`);
  if (value.includes("//")) out.push(`path ${v} must not contain "//" (an empty segment)`);
  if (value.includes("/./")) out.push(`path ${v} must not contain "/./" (a dot segment)`);
  if (value.includes("/../")) out.push(`path ${v} must not contain "/../" (a dot segment)`);
  if (value.includes("%2f") || value.includes("%2F")) out.push(`path ${v} must not contain an encoded slash ("%2f" or "%2F")`);
  if (value.includes("#")) out.push(`path ${v} must not contain "#"`);
  if (value.endsWith("/..")) out.push(`path ${v} must not end with "/.." (a dot segment)`);
  else if (value.endsWith("/.")) out.push(`path ${v} must not end with "/." (a dot segment)`);
  if (!PATH_CHARSET.test(value)) {
    const bad = firstBadCharacter(value);
    out.push(
      `path ${v} ${bad === undefined ? "is empty" : `contains ${bad}`}: only letters, digits, the characters -._~!$&'()*+,;=:@/ and %XX escapes are allowed`,
    );
  }
  return out;
}

/** Whether a literal path can be an `Exact` (or `PathPrefix`) match value: the CRD's charset and segment rules (not its 1024-character limit, which binds every match type). */
export function isAllowedExactPath(value: string): boolean {
  return pathValueProblems(value).length === 0;
}

/** The first character outside the allowed set (a '%' not starting an escape counts), quoted, or undefined for "". */
function firstBadCharacter(value: string): string | undefined {
  for (let i = 0; i < value.length; ) {
    if (value[i] === "%" && /^%[0-9a-fA-F]{2}/.test(value.slice(i, i + 3))) {
      i += 3;
      continue;
    }
    const ch = String.fromCodePoint(value.codePointAt(i)!);
    if (!PATH_CHAR.test(ch)) return ch === "%" ? `a "%" that does not start a %XX escape` : `the character ${JSON.stringify(ch)}`;
    i += ch.length;
  }
  return value.length === 0 ? undefined : "a character outside the allowed set";
}
