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
 */

/** protobufjs's token delimiters (tokenize.js `delimRe`). */
const DELIMITER = /[\s{}=;:[\],'"()<>]/;
/** protobufjs's string patterns (tokenize.js `stringDoubleRe`, `stringSingleRe`), sticky. */
const STRING: Record<string, RegExp> = {
  '"': /"[^"\\]*(?:\\.[^"\\]*)*"/y,
  "'": /'[^'\\]*(?:\\.[^'\\]*)*'/y,
};
/** The characters the scan stops at; everything between them is plain tokens. Inside a block `;` does not matter. */
const AT_TOP = /[{};"'/]/g;
const IN_BLOCK = /[{}"'/]/g;
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

export function outlineProto(text: string): string {
  const parts: string[] = [];
  let copied = 0; // text before this offset is in `parts`
  let depth = 0;
  let gap = 0; // at a statement level, where whitespace (or a token) after the last comment or statement starts
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
    const k = text.slice(gap, to).search(/\S/);
    if (k !== -1) first = gap + k;
  };
  const top = new RegExp(AT_TOP.source, "g");
  const inBlock = new RegExp(IN_BLOCK.source, "g");
  let special = top;
  const scanFrom = (at: number) => {
    special = statementLevel() ? top : inBlock;
    special.lastIndex = at;
  };
  scan: for (let m = special.exec(text); m; m = special.exec(text)) {
    const i = m.index;
    switch (text[i]) {
      case "/": {
        // Inside a token (`a/b`) protobufjs reads no comment.
        if (i > 0 && i !== afterComment && !DELIMITER.test(text[i - 1]!)) break;
        const next = text[i + 1];
        if (next !== "/" && next !== "*") break;
        if (statementLevel()) firstTokenBefore(i);
        // Comments go too (outside a body being blanked anyway): protobufjs
        // walks them a character at a time. A line comment is cut, a block
        // comment blanked, so what follows keeps its line and column.
        let end: number;
        if (next === "/") {
          const nl = text.indexOf("\n", i + 2);
          if (nl === -1) break scan; // the tokenizer stops at the end of the text
          if (blankFrom === -1) parts.push(text.slice(copied, i));
          end = nl;
        } else {
          const close = text.indexOf("*/", i + 1);
          lexicalProblem = close === -1;
          if (lexicalProblem) break scan; // unclosed: protobufjs reports it
          end = afterComment = close + 2;
          if (blankFrom === -1) parts.push(text.slice(copied, i), blankOf(text.slice(i, end)));
        }
        if (blankFrom === -1) copied = end;
        special.lastIndex = gap = end;
        break;
      }
      case '"':
      case "'": {
        const pattern = STRING[text[i]!]!;
        pattern.lastIndex = i;
        lexicalProblem = !pattern.test(text);
        if (lexicalProblem) break scan; // protobufjs reports it (or reads it its own way)
        if (statementLevel()) {
          firstTokenBefore(i);
          if (first === -1) first = i;
        }
        special.lastIndex = pattern.lastIndex;
        break;
      }
      case "{": {
        let header: string | undefined; // the statement this block belongs to, at a statement level
        if (statementLevel()) {
          firstTokenBefore(i);
          header = first === -1 ? "" : text.slice(first, i);
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
          parts.push(text.slice(copied, i + 1));
          copied = rpcFrom = i + 1;
          rpcParts = parts.length;
        }
        depth++;
        scanFrom(i + 1);
        break;
      }
      case "}":
        if (depth === 0) return text; // unbalanced
        depth--;
        if (depth === 1 && rpcFrom !== -1) {
          // An empty block stays: `rpc A (R) returns (R) {}` is what protobufjs reads.
          const body = text.slice(rpcFrom, i);
          if (!body.includes(IDEMPOTENCY_OPTION)) {
            parts.length = rpcParts;
            parts.push(blankOf(body));
            copied = i;
          }
          rpcFrom = -1;
        }
        if (depth === 0) {
          if (blankFrom !== -1) {
            const end = stub ? i : i + 1;
            parts.push(text.slice(copied, blankFrom), blankOf(text.slice(blankFrom, end)));
            copied = end;
            blankFrom = -1;
          }
          inService = false;
        }
        if (statementLevel()) {
          gap = i + 1;
          first = -1;
        }
        scanFrom(i + 1);
        break;
      case ";":
        if (statementLevel()) {
          gap = i + 1;
          first = -1;
        }
        break;
    }
  }
  if (parts.length === 0 || (depth !== 0 && !lexicalProblem)) return text; // nothing blanked, or unbalanced
  parts.push(text.slice(copied));
  return parts.join("");
}

/** Spaces for `body`, keeping its newlines and the width of its last line. */
function blankOf(body: string): string {
  const last = body.lastIndexOf("\n");
  if (last === -1) return " ".repeat(body.length);
  let lines = 0;
  for (let k = body.indexOf("\n"); k !== -1; k = body.indexOf("\n", k + 1)) lines++;
  return "\n".repeat(lines) + " ".repeat(body.length - last - 1);
}
