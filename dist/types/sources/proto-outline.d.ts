/**
 * The one rpc option routes read (proto.ts `isRetryable`). Every name
 * protobufjs makes of an option is made of its tokens, so a block without
 * this text cannot set it; a block with it anywhere (a comment too) is kept.
 */
export declare const IDEMPOTENCY_OPTION = "idempotency_level";
/**
 * The outline of a file's UTF-8 bytes (valid UTF-8: proto.ts checks first;
 * a leading BOM is dropped, as decodeUtf8 drops it), or of a text.
 */
export declare function outlineProto(source: Uint8Array | string): string;
/** Whether a file's bytes are only whitespace (or nothing). */
export declare function isBlankProto(bytes: Uint8Array): boolean;
