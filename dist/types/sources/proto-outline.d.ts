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
/**
 * The one rpc option routes read (proto.ts `isRetryable`). Every name
 * protobufjs makes of an option is made of its tokens, so a block without
 * this text cannot set it; a block with it anywhere (a comment too) is kept.
 */
export declare const IDEMPOTENCY_OPTION = "idempotency_level";
export declare function outlineProto(text: string): string;
