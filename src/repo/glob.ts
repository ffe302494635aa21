/**
 * Minimal glob matching for the config's `ignore:` list, on repo-relative
 * POSIX paths: `*` and `?` stay within one path segment, `**` spans
 * segments, `{a,b}` alternates, `[...]` is a character class. A pattern
 * without a slash matches a file name at any depth, as .gitignore does; a
 * pattern naming a directory matches everything under it.
 */

export function globToRegExp(pattern: string): RegExp {
  let p = pattern.replace(/\\/g, "/").replace(/^\.\//, "");
  const anchored = p.startsWith("/") || p.replace(/\/$/, "").includes("/");
  p = p.replace(/^\//, "").replace(/\/$/, "");
  let re = "";
  let braces = 0;
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === "*") {
      if (p[i + 1] === "*") {
        const atStart = i === 0 || p[i - 1] === "/";
        const atEnd = i + 2 === p.length || p[i + 2] === "/";
        i++;
        if (atStart && p[i + 1] === "/") {
          re += "(?:.*/)?";
          i++;
        } else if (atStart && atEnd) re += ".*";
        else re += "[^/]*";
      } else re += "[^/]*";
    } else if (c === "?") re += "[^/]";
    else if (c === "{") {
      braces++;
      re += "(?:";
    } else if (c === "}" && braces > 0) {
      braces--;
      re += ")";
    } else if (c === "," && braces > 0) re += "|";
    else if (c === "[") {
      const end = p.indexOf("]", i + 2);
      if (end === -1) re += "\\[";
      else {
        re += "[" + p.slice(i + 1, end).replace(/^!/, "^").replace(/\\/g, "\\\\") + "]";
        i = end;
      }
    } else re += c.replace(/[.+^$()|\\]/g, "\\$&");
  }
  if (braces > 0) throw new Error(`unclosed "{" in glob "${pattern}"`);
  return new RegExp(`^${anchored ? "" : "(?:.*/)?"}${re}(?:/.*)?$`);
}

/** A predicate that is true for paths matching any of the patterns. */
export function globMatcher(patterns: string[]): (relPath: string) => boolean {
  const res = patterns.map(globToRegExp);
  return (relPath) => res.some((r) => r.test(relPath));
}
