/**
 * The outline of a .proto file: its text with the bodies of top-level
 * `message`, `enum` and `extend` blocks blanked, for protobufjs to parse.
 *
 * Routes need only the package, the services, their rpcs and the rpcs'
 * options; most of a real proto is messages. Handing protobufjs the whole
 * file made it build a reflection object for every field and throw (and
 * catch) an Error for every enum-valued field option: 80% of the proto run
 * over google-proto-files (issue 13's profile). Everything else is kept as
 * written, so protobufjs still checks the top-level statements and every
 * service, and reports their errors as before.
 *
 * A blanked body keeps its newlines and the width of its last line, so each
 * line:column outside it stays where it was. A body is blanked only when it
 * is lexically whole: on a string protobufjs's own pattern does not match,
 * an unclosed comment or an unbalanced brace the scan stops and the rest of
 * the text is left as written, so protobufjs meets the problem and reports it
 * at its place. Grammar errors inside a blanked body (a field without a
 * number, say) are not reported: nothing of the body is read.
 *
 * The scan follows protobufjs's tokenizer (src/tokenize.js of protobufjs 8):
 * a comment starts only where a token can start (after a delimiter, a
 * comment or the start of the text), a block comment ends at the first `/`
 * after its opening `*`, and strings are matched with the tokenizer's
 * patterns, so braces are counted exactly where protobufjs sees them.
 */
export declare function outlineProto(text: string): string;
