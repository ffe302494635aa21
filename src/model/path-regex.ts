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

/**
 * `/books/[^/]*\.json` -> `/books/{}.json`: the path template a generated
 * pathRegex stands for (QuoteMeta'd literals and `[^/]*` parameters), or
 * undefined for any other regex. Such a regex is valid in the proxy's
 * engine by construction (escaped metacharacters and one character class),
 * so it needs no compiling to be checked.
 */
export function pathRegexTemplate(pathRegex: string): string | undefined {
  // One pass over the special tokens only: a parameter, a quoted metacharacter, or anything else
  // special (an unquoted metacharacter or a lone backslash), which no template regex holds.
  // An exec loop, not replace() with a callback: this runs twice for every route of every profile
  // (the checks and the shadowing lint), and the callback took two and a half times as long.
  TEMPLATE_TOKEN.lastIndex = 0;
  let out = "";
  let copied = 0;
  for (let m = TEMPLATE_TOKEN.exec(pathRegex); m !== null; m = TEMPLATE_TOKEN.exec(pathRegex)) {
    const quoted = m[1];
    if (quoted === undefined && m[0] !== "[^/]*") return undefined;
    out += pathRegex.slice(copied, m.index) + (quoted ?? "{}");
    copied = TEMPLATE_TOKEN.lastIndex;
  }
  out = copied === 0 ? pathRegex : out + pathRegex.slice(copied);
  return out.includes("{}") || !/[{}]/.test(out) ? out : undefined;
}

const TEMPLATE_TOKEN = /\[\^\/\]\*|\\([\\.+*?()|[\]{}^$])|[.+*?()|[\]{}^$\\]/g;
