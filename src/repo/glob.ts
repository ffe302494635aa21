/**
 * Minimal glob matching for the config's `ignore:` list, on repo-relative
 * POSIX paths: `*` and `?` stay within one path segment, `**` spans
 * segments, `{a,b}` alternates, `[...]` is a character class. A pattern
 * without a slash matches a file name at any depth, as .gitignore does; a
 * pattern naming a directory matches everything under it.
 *
 * The translated pattern runs on RE2 (re2js), whose matching is linear in
 * the path's length: on a backtracking engine `*a*a*a*a*a*a*b.yaml` against a
 * 60-character name takes seconds, and so do the regexes picomatch builds
 * for it (measured: 8.7 s for six `*a`), so neither V8's RegExp nor picomatch
 * may run a pattern the user wrote.
 */
import { RE2JS } from "re2js";

/** A compiled glob. */
export interface Glob {
  test(relPath: string): boolean;
}

/** Compiles a glob; throws an Error that says what is wrong with it. */
export function compileGlob(pattern: string): Glob {
  const source = globToRegexSource(pattern);
  let re: RE2JS;
  try {
    re = RE2JS.compile(source, RE2JS.DOTALL);
  } catch {
    throw new Error(`invalid character class in glob "${pattern}"`);
  }
  return { test: (relPath) => re.matches(relPath) };
}

/** The glob as RE2 syntax (exported for tests). */
export function globToRegexSource(pattern: string): string {
  let p = pattern.replace(/\\/g, "/").replace(/^\.\//, "");
  const anchored = p.startsWith("/") || p.replace(/\/$/, "").includes("/");
  p = p.replace(/^\//, "").replace(/\/$/, "");
  let re = "";
  let braces = 0;
  const lastClose = p.lastIndexOf("]");
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
      // lastClose spares a rescan per "[" when no "]" follows (linear in the pattern).
      const end = i + 2 <= lastClose ? p.indexOf("]", i + 2) : -1;
      if (end === -1) re += "\\[";
      else {
        re += "[" + p.slice(i + 1, end).replace(/^!/, "^").replace(/\\/g, "\\\\") + "]";
        i = end;
      }
    } else re += c.replace(/[.+^$()|\\{}[\]]/g, "\\$&");
  }
  if (braces > 0) throw new Error(`unclosed "{" in glob "${pattern}"`);
  return `^${anchored ? "" : "(?:.*/)?"}${re}(?:/.*)?$`;
}

/** A predicate that is true for paths matching any of the patterns. */
export function globMatcher(patterns: string[]): (relPath: string) => boolean {
  const globs = patterns.map(compileGlob);
  return (relPath) => globs.some((g) => g.test(relPath));
}
