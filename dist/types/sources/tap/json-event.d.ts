/**
 * One object of `linkerd viz tap -o json` -> a TapEvent. The object is what
 * Linkerd's CLI prints (its display struct, not the protobuf): `source`,
 * `destination`, `routeMeta`, `proxyDirection` and one of
 * `requestInitEvent`, `responseInitEvent`, `responseEndEvent`.
 */
import type { TapEvent } from "./event.js";
/**
 * A protobuf Duration as Go's encoding/json writes it (`{"seconds": 1,
 * "nanos": 5000}`, zero fields omitted) or as protojson does (`"1.000005s"`),
 * in microseconds.
 */
export declare function durationMicros(value: unknown): number | undefined;
/** Undefined when the object is not a tap event. */
export declare function jsonToTapEvent(value: unknown, seq: number): TapEvent | undefined;
