/** Go's regexp.QuoteMeta: backslash before each of `\.+*?()|[]{}^$`. */
export function quoteMeta(text: string): string {
  return text.replace(/[\\.+*?()|[\]{}^$]/g, "\\$&");
}

/**
 * Linkerd's PathToRegex: quote the whole path, then turn every quoted
 * `\{...\}` parameter into `[^/]*`. `/books/{id}.json` -> `/books/[^/]*\.json`.
 */
export function pathTemplateToRegex(pathTemplate: string): string {
  return quoteMeta(pathTemplate).replace(/\\\{[^}]*\\\}/g, "[^/]*");
}

const POSIX_CLASSES: Record<string, string> = {
  alnum: "0-9A-Za-z",
  alpha: "A-Za-z",
  ascii: "\\x00-\\x7F",
  blank: "\\t ",
  cntrl: "\\x00-\\x1F\\x7F",
  digit: "0-9",
  graph: "!-~",
  lower: "a-z",
  print: " -~",
  punct: "!-\\/:-@\\[-`{-~",
  space: "\\t\\n\\v\\f\\r ",
  upper: "A-Z",
  word: "0-9A-Za-z_",
  xdigit: "0-9A-Fa-f",
};

/**
 * RE2 spellings JavaScript lacks, rewritten: a leading flag group `(?i)`,
 * `(?P<name>`, `\A`, `\z` and POSIX classes (`[[:digit:]]`, `[[:^alpha:]]`).
 * Undefined when flags appear elsewhere (JavaScript cannot scope them there).
 */
function re2ToJs(anchored: string): { source: string; flags: string } | undefined {
  let source = anchored;
  let flags = "";
  const lead = /^(\^?)\(\?([imsU]+)\)/.exec(source);
  if (lead) {
    flags = [...new Set(lead[2]!.replace(/U/g, ""))].join("");
    source = lead[1] + source.slice(lead[0].length);
  }
  if (/\(\?[imsU-]+[):]/.test(source)) return undefined;
  source = source
    .replace(/\(\?P</g, "(?<")
    .replace(/\\A/g, "^")
    .replace(/\\z/g, "$")
    .replace(/\[\[:\^([a-z]+):\]\]/g, (whole, name: string) => (POSIX_CLASSES[name] !== undefined ? `[^${POSIX_CLASSES[name]}]` : whole))
    .replace(/\[:([a-z]+):\]/g, (whole, name: string) => POSIX_CLASSES[name] ?? whole);
  if (source.includes("[:^")) return undefined;
  return { source, flags };
}

/**
 * Compiles a profile's pathRegex the way the proxy applies it: trimmed, then
 * `^` prepended and `$` appended unless already there (plain concatenation,
 * so `a|b` means `^a|b$`, and a quoted trailing `\$` counts as an anchor),
 * with RE2 spellings JavaScript lacks rewritten. Undefined when it does not
 * compile (the proxy drops such a condition).
 */
export function compileProxyPathRegex(pathRegex: string): RegExp | undefined {
  const re = pathRegex.trim();
  const js = re2ToJs(`${re.startsWith("^") ? "" : "^"}${re}${re.endsWith("$") ? "" : "$"}`);
  if (!js) return undefined;
  for (const flags of [`${js.flags}u`, js.flags]) {
    try {
      return new RegExp(js.source, flags);
    } catch {
      // some RE2 escapes are valid only without the u flag
    }
  }
  return undefined;
}

/**
 * The regex as a strict whole-path match, the meaning the generator intends
 * (`^(?:regex)$`). It differs from the proxy's concatenation only for
 * top-level alternations and a quoted trailing `\$`; tests of generated
 * regexes use this, route replay uses compileProxyPathRegex.
 */
export function compileFullMatch(pathRegex: string): RegExp | undefined {
  try {
    return new RegExp(`^(?:${pathRegex})$`, "u");
  } catch {
    try {
      return new RegExp(`^(?:${pathRegex})$`);
    } catch {
      return undefined;
    }
  }
}
