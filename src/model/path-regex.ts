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
 * Compiles a profile's pathRegex the way the proxy applies it: anchored at
 * both ends. RE2 and JavaScript agree on everything QuoteMeta and `[^/]*`
 * produce; user-written regexes that JavaScript cannot compile return undefined.
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
