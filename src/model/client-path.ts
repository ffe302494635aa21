/**
 * Paths as clients send them. A request line carries only ASCII: a client
 * percent-encodes every other character of a path as UTF-8 (RFC 3986 §2.5,
 * §3.3; the WHATWG URL path percent-encode set), so `/café` arrives as
 * `/caf%C3%A9`, and the proxy matches that raw path (linkerd2-proxy
 * linkerd/http/route/src/http/match/path.rs matches `uri.path()`, which is
 * never decoded). A spec path written with non-ASCII characters is therefore
 * turned into the encoded form before it becomes a route; Linkerd's own
 * generator (PathToRegex) does not, and its routes for such paths never
 * match.
 *
 * Hex digits are written in upper case, as RFC 3986 §2.1 asks producers to;
 * regexes accept either case (`%[Cc]3`), since the RFC makes them equivalent
 * and some clients send lower case. ASCII paths are left exactly as before.
 */
import { pathTemplateToRegex } from "./path-regex.js";

const NON_ASCII = /[^\p{ASCII}]/u;
const NON_ASCII_ALL = /[^\p{ASCII}]/gu;

export function hasNonAscii(text: string): boolean {
  return NON_ASCII.test(text);
}

/** Upper-case `%XX` of each UTF-8 byte of one character (a lone surrogate is U+FFFD, as a client's encoder makes it). */
function utf8Escapes(ch: string): string[] {
  return [...Buffer.from(ch, "utf8")].map((b) => "%" + b.toString(16).toUpperCase().padStart(2, "0"));
}

/** Every non-ASCII character as its UTF-8 `%XX` escapes, upper-case hex; ASCII (and escapes already written) untouched. */
export function encodeNonAscii(text: string): string {
  return hasNonAscii(text) ? text.replace(NON_ASCII_ALL, (ch) => utf8Escapes(ch).join("")) : text;
}

/** `%C3` -> `%[Cc]3`: one escape in a regex, either hex case. */
function eitherCase(escape: string): string {
  return "%" + [...escape.slice(1)].map((d) => (/[A-F]/.test(d) ? `[${d}${d.toLowerCase()}]` : d)).join("");
}

/**
 * Linkerd's PathToRegex of the template, with each non-ASCII literal
 * character matched as its UTF-8 escapes in either hex case:
 * `/café/{id}` -> `/caf%[Cc]3%[Aa]9/[^/]*`. Equal to pathTemplateToRegex for
 * an ASCII template.
 */
export function clientPathRegex(template: string): string {
  const regex = pathTemplateToRegex(template);
  return hasNonAscii(regex) ? regex.replace(NON_ASCII_ALL, (ch) => utf8Escapes(ch).map(eitherCase).join("")) : regex;
}
