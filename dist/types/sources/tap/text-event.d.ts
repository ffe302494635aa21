/**
 * One line of `linkerd viz tap` text output (default or `-o wide`) -> a
 * TapEvent. The shapes, as Linkerd's CLI prints them:
 *
 *   req id=B:S proxy=in  src=A dst=A tls=T :method=M :authority=H :path=P [wide]
 *   rsp id=B:S proxy=out src=A dst=A tls=T :status=200 latency=1234µs [wide]
 *   end id=B:S proxy=in  src=A dst=A tls=T [grpc-status=OK |reset-error=N ]duration=12µs response-length=34B [wide]
 *
 * `-o wide` appends ` src_res=...`, ` dst_ns=...` and one ` rt_<label>=<value>`
 * per route label; `rt_route` holds the route name, which may contain spaces
 * (`rt_route=POST /books/{id}/edit`), so a label's value runs to the next
 * ` rt_` label or the end of the line. (`proxy=in ` carries a trailing space
 * so that it lines up with `out`.)
 */
import type { TapEvent } from "./event.js";
export type TextLineResult = {
    event: TapEvent;
} | {
    skip: "blank" | "unknown-event";
} | {
    error: string;
};
/** Parses one line (without its line break). */
export declare function textLineToTapEvent(line: string, seq: number, lineNumber: number): TextLineResult;
