/**
 * The outline of a .proto file: its text with the bodies of top-level
 * `message`, `enum` and `extend` blocks blanked, and the option blocks of
 * rpcs that set no `idempotency_level`, for protobufjs to parse.
 *
 * Routes need only the package, the services, their rpcs and the rpcs'
 * idempotency options; most of a real proto is messages, and most of the
 * rest is rpc options nothing reads (`google.api.http` and the like: half of
 * what protobufjs still parsed over google-proto-files). Handing protobufjs the whole
 * file made it build a reflection object for every field and throw (and
 * catch) an Error for every enum-valued field option: 80% of the proto run
 * over google-proto-files (issue 13's profile). Everything else is kept as
 * written, so protobufjs still checks the top-level statements and every
 * service, and reports their errors as before.
 *
 * A blanked body keeps its newlines and the width of its last line, so each
 * line:column outside it stays where it was. A body is blanked only when it
 * is lexically whole: on a string protobufjs's own pattern does not match
 * or an unclosed comment the scan stops and the rest of the text is left as
 * written, so protobufjs meets the problem and reports it at its place. When
 * the braces do not balance, the blocks found are not the blocks written
 * (a stray `{` in one rpc's options would take in every rpc after it), so
 * protobufjs gets the whole text. Grammar errors inside a blanked body (a field without a
 * number, say, or a malformed `google.api.http` option) are not reported:
 * nothing of the body is read.
 *
 * The scan follows protobufjs's tokenizer (src/tokenize.js of protobufjs 8):
 * a comment starts only where a token can start (after a delimiter, a
 * comment or the start of the text), a block comment ends at the first `/`
 * after its opening `*`, and strings are matched with the tokenizer's
 * patterns, so braces are counted exactly where protobufjs sees them.
 *
 * The scan reads the file's bytes, not its decoded text. Every character it
 * stops at is ASCII, which UTF-8 never uses inside a multi-byte character,
 * and only the pieces it keeps are decoded. A 4 MB proto (compute.proto) so
 * never becomes an 8 MB string that outlives the scan in V8's old
 * generation, which was a quarter of the proto run's peak memory (issue 13).
 * Where a rule of the tokenizer looks at a non-ASCII character (is it
 * whitespace?), that character is decoded and tested as the tokenizer would.
 * (A Latin-1 view of the bytes would let the string builtins search, but it
 * doubles what a big file holds while it is read, and measured no faster.)
 */
import { Buffer } from "node:buffer";

/** protobufjs's token delimiters (tokenize.js `delimRe`): a non-ASCII character is one when it is whitespace. */
const DELIMITER = /[\s{}=;:[\],'"()<>]/;
const WHITESPACE = /\s/;
/** The bytes the scan stops at (everything between them is plain tokens); inside a block `;` does not matter. */
const AT_TOP = byteSet("{};\"'/");
const IN_BLOCK = byteSet("{}\"'/");
/** The ASCII characters DELIMITER and `\s` match. */
const ASCII_DELIMITER = byteSet("\t\n\v\f\r {}=;:[],'\"()<>");
const ASCII_SPACE = byteSet("\t\n\v\f\r ");
const LF = 0x0a;
const CR = 0x0d;
const SLASH = 0x2f;
const STAR = 0x2a;
const BACKSLASH = 0x5c;
/**
 * A top-level statement, from its first token to its `{`, that opens a block
 * nothing reads. Anything else (a comment inside the header, say) is kept.
 */
const BLANKABLE_HEADER = /^(?:(?:(?:export|local)\s+)?(?:message|enum)\s+[A-Za-z_]\w*|extend\s+\.?[A-Za-z_][\w.]*)\s*$/;
/** A top-level `service` statement up to its `{`: its rpcs are statements too. */
const SERVICE_HEADER = /^service\s+[A-Za-z_]\w*\s*$/;
/** An `rpc` statement up to its `{`: protobufjs has read its header before it looks at the block. */
const RPC_HEADER = /^rpc\s/;
/**
 * The one rpc option routes read (proto.ts `isRetryable`). Every name
 * protobufjs makes of an option is made of its tokens, so a block without
 * this text cannot set it; a block with it anywhere (a comment too) is kept.
 */
export const IDEMPOTENCY_OPTION = "idempotency_level";
const IDEMPOTENCY_BYTES = Buffer.from(IDEMPOTENCY_OPTION);

/**
 * The outline of a file's UTF-8 bytes (valid UTF-8: proto.ts checks first;
 * a leading BOM is dropped, as decodeUtf8 drops it), or of a text.
 */
export function outlineProto(source: Uint8Array | string): string {
  const bytes = typeof source === "string" ? Buffer.from(source, "utf8") : Buffer.from(source.buffer, source.byteOffset, source.byteLength);
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const end = bytes.length;
  const decode = (from: number, to: number) => bytes.toString("utf8", from, to);
  const whole = () => decode(start, end);
  const parts: string[] = [];
  let copied = start; // bytes before this offset are in `parts`
  let depth = 0;
  let gap = start; // at a statement level, where whitespace (or a token) after the last comment or statement starts
  let first = -1; // the current statement's first token, once seen
  let blankFrom = -1; // where the top-level block being blanked starts to be blanked
  let stub = false; // that block keeps its header and braces
  let blocks = 0; // top-level blocks blanked so far
  let afterComment = -1; // a `/` right after a block comment may start another
  let lexicalProblem = false; // the scan stopped at one; the rest goes as written
  let inService = false; // inside a top-level service block, whose statements are tracked as the top level's are
  let rpcFrom = -1; // inside an rpc's block: where its body starts
  let rpcParts = 0; // `parts` up to that body
  // Statements are tracked at the top level and directly inside a service.
  const statementLevel = () => depth === 0 || (inService && depth === 1);
  const firstTokenBefore = (to: number) => {
    if (first !== -1) return;
    // The byte at `to` is never a space, so the search stops there at the latest.
    first = firstNonSpace(bytes, gap, to);
  };
  let stops = AT_TOP;
  let i = start - 1;
  scan: while ((i = nextStop(bytes, i + 1, end, stops)) !== -1) {
    switch (bytes[i]) {
      case SLASH: {
        // Inside a token (`a/b`) protobufjs reads no comment.
        if (i > start && i !== afterComment && !delimiterBefore(bytes, i, start)) break;
        const next = bytes[i + 1];
        if (next !== SLASH && next !== STAR) break;
        if (statementLevel()) firstTokenBefore(i);
        // Comments go too (outside a body being blanked anyway): protobufjs
        // walks them a character at a time. A line comment is cut, a block
        // comment blanked, so what follows keeps its line and column.
        let to: number;
        if (next === SLASH) {
          const nl = bytes.indexOf(LF, i + 2);
          if (nl === -1) break scan; // the tokenizer stops at the end of the text
          if (blankFrom === -1) parts.push(decode(copied, i));
          to = nl;
        } else {
          const close = bytes.indexOf("*/", i + 1);
          lexicalProblem = close === -1;
          if (lexicalProblem) break scan; // unclosed: protobufjs reports it
          to = afterComment = close + 2;
          if (blankFrom === -1) parts.push(decode(copied, i), blankOf(bytes, i, to));
        }
        if (blankFrom === -1) copied = to;
        gap = to;
        i = to - 1;
        break;
      }
      case 0x22: // "
      case 0x27: {
        // '
        const close = stringEnd(bytes, i, end);
        lexicalProblem = close === -1;
        if (lexicalProblem) break scan; // protobufjs reports it (or reads it its own way)
        if (statementLevel()) {
          firstTokenBefore(i);
          if (first === -1) first = i;
        }
        i = close - 1;
        break;
      }
      case 0x7b: {
        // {
        let header: string | undefined; // the statement this block belongs to, at a statement level
        if (statementLevel()) {
          firstTokenBefore(i);
          header = first === -1 ? "" : decode(first, i);
        }
        if (depth === 0) {
          if (BLANKABLE_HEADER.test(header!)) {
            // The first block stays as an empty stub: after it protobufjs
            // refuses `package` and `syntax`, as it did. Later ones go whole.
            stub = blocks++ === 0;
            blankFrom = stub ? i + 1 : first;
          } else if (SERVICE_HEADER.test(header!)) {
            inService = true;
            gap = i + 1;
            first = -1;
          }
        } else if (header !== undefined && RPC_HEADER.test(header)) {
          // Whether the block goes is known at its end; its pieces so far are dropped then.
          parts.push(decode(copied, i + 1));
          copied = rpcFrom = i + 1;
          rpcParts = parts.length;
        }
        depth++;
        stops = statementLevel() ? AT_TOP : IN_BLOCK;
        break;
      }
      case 0x7d: // }
        if (depth === 0) return whole(); // unbalanced
        depth--;
        if (depth === 1 && rpcFrom !== -1) {
          // An empty block stays: `rpc A (R) returns (R) {}` is what protobufjs reads.
          if (bytes.subarray(rpcFrom, i).indexOf(IDEMPOTENCY_BYTES) === -1) {
            parts.length = rpcParts;
            parts.push(blankOf(bytes, rpcFrom, i));
            copied = i;
          }
          rpcFrom = -1;
        }
        if (depth === 0) {
          if (blankFrom !== -1) {
            const to = stub ? i : i + 1;
            parts.push(decode(copied, blankFrom), blankOf(bytes, blankFrom, to));
            copied = to;
            blankFrom = -1;
          }
          inService = false;
        }
        if (statementLevel()) {
          gap = i + 1;
          first = -1;
        }
        stops = statementLevel() ? AT_TOP : IN_BLOCK;
        break;
      case 0x3b: // ;
        if (statementLevel()) {
          gap = i + 1;
          first = -1;
        }
        break;
    }
  }
  if (parts.length === 0 || (depth !== 0 && !lexicalProblem)) return whole(); // nothing blanked, or unbalanced
  parts.push(decode(copied, end));
  return parts.join("");
}

/** Whether a file's bytes are only whitespace (or nothing). */
export function isBlankProto(bytes: Uint8Array): boolean {
  for (const b of bytes) {
    if (ASCII_SPACE[b]) continue;
    // Unicode spaces (and a BOM) are whitespace too: decide on the text.
    return b < 0x80 ? false : !/\S/.test(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8"));
  }
  return true;
}

function byteSet(chars: string): Uint8Array {
  const set = new Uint8Array(256);
  for (const c of chars) set[c.charCodeAt(0)] = 1;
  return set;
}

/** The first byte at or after `from` that is in `set`, or -1. */
function nextStop(bytes: Uint8Array, from: number, end: number, set: Uint8Array): number {
  for (let k = from; k < end; k++) if (set[bytes[k]!]) return k;
  return -1;
}

/** The offset where the UTF-8 character starting at `k` ends. */
function charEnd(bytes: Uint8Array, k: number): number {
  const b = bytes[k]!;
  return k + (b < 0x80 ? 1 : b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4);
}

/** Whether the character before offset `i` is one of the tokenizer's delimiters. */
function delimiterBefore(bytes: Buffer, i: number, start: number): boolean {
  const b = bytes[i - 1]!;
  if (b < 0x80) return ASCII_DELIMITER[b] === 1;
  let lead = i - 1;
  while (lead > start && (bytes[lead]! & 0xc0) === 0x80) lead--;
  return DELIMITER.test(bytes.toString("utf8", lead, i));
}

/** The first character in [from, to) that is not whitespace (`\s`), or -1. */
function firstNonSpace(bytes: Buffer, from: number, to: number): number {
  for (let k = from; k < to; k++) {
    const b = bytes[k]!;
    if (ASCII_SPACE[b]) continue;
    if (b < 0x80) return k;
    const next = charEnd(bytes, k);
    if (!WHITESPACE.test(bytes.toString("utf8", k, next))) return k;
    k = next - 1;
  }
  return -1;
}

/**
 * Where the string opening at `i` ends (after its closing quote), as the
 * tokenizer's pattern (`"[^"\\]*(?:\\.[^"\\]*)*"`) matches it, or -1 when it
 * does not: the text ends first, or a backslash escapes a line terminator,
 * which the pattern's `.` does not match (\n, \r, U+2028, U+2029).
 */
function stringEnd(bytes: Uint8Array, i: number, end: number): number {
  const quote = bytes[i];
  for (let k = i + 1; k < end; k++) {
    const b = bytes[k];
    if (b === quote) return k + 1;
    if (b !== BACKSLASH) continue;
    const c = bytes[k + 1];
    if (c === undefined || c === LF || c === CR) return -1;
    if (c === 0xe2 && bytes[k + 2] === 0x80 && (bytes[k + 3] === 0xa8 || bytes[k + 3] === 0xa9)) return -1;
    k++; // the escaped byte; the rest of a multi-byte character is never a quote or a backslash
  }
  return -1;
}

/** Spaces for the bytes [from, to), keeping their newlines and the width (in UTF-16 units) of their last line. */
function blankOf(bytes: Buffer, from: number, to: number): string {
  const body = bytes.subarray(from, to); // a view, so that no search runs past `to`
  let lines = 0;
  let lastLine = 0;
  for (let k = body.indexOf(LF); k !== -1; k = body.indexOf(LF, k + 1)) {
    lines++;
    lastLine = k + 1;
  }
  let width = 0;
  for (let k = lastLine; k < body.length; k++) {
    const b = body[k]!;
    if ((b & 0xc0) !== 0x80) width += b >= 0xf0 ? 2 : 1; // a four-byte character is a surrogate pair
  }
  return lines === 0 ? spaces(width) : newlines(lines) + spaces(width);
}

// Most blanks are a few lines and a short last line: the same strings serve them all.
const SHORT = 128;
const SPACES: string[] = [];
const NEWLINES: string[] = [];
const spaces = (n: number) => (n < SHORT ? (SPACES[n] ??= " ".repeat(n)) : " ".repeat(n));
const newlines = (n: number) => (n < SHORT ? (NEWLINES[n] ??= "\n".repeat(n)) : "\n".repeat(n));
