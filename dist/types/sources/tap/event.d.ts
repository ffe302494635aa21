/**
 * One normalised tap event, whichever format it was recorded in
 * (`linkerd viz tap -o json`, `-o wide` or the default text lines).
 * Only what route work needs is kept; headers are dropped.
 */
export type TapDirection = "inbound" | "outbound" | "unknown";
export type TapFormat = "json" | "text";
interface TapEventBase {
    /** The stream id as tap prints it: `base:stream`. */
    id: string;
    direction: TapDirection;
    /** Source and destination `ip:port` (IPv6 in brackets), as tap prints them. */
    src: string;
    dst: string;
    /** The route name the proxy attached (`rt_route=` / `routeMeta.route`), when a profile route matched. */
    route?: string;
    /** 1-based number of the event in the recording. */
    seq: number;
    /** 1-based line where the event starts (text recordings; JSON recordings when known). */
    line?: number;
}
export interface TapRequestEvent extends TapEventBase {
    kind: "request";
    method: string;
    authority: string;
    path: string;
    scheme?: string;
    /** The request's content-type header, when the recording carries headers (JSON). */
    contentType?: string;
}
export interface TapResponseEvent extends TapEventBase {
    kind: "response";
    status: number;
    /** Time from the request's start to the response headers, in microseconds. */
    sinceRequestInitUs?: number;
}
export interface TapEndEvent extends TapEventBase {
    kind: "end";
    /** Time from the request's start to the end of the response, in microseconds (JSON only). */
    sinceRequestInitUs?: number;
    /** Time from the response headers to the end of the response, in microseconds. */
    sinceResponseInitUs?: number;
    responseBytes?: number;
    /** gRPC status: a number (JSON) or the name tap prints (`OK`, `Code(14)` in text). */
    grpcStatus?: number | string;
    resetErrorCode?: number;
}
export type TapEvent = TapRequestEvent | TapResponseEvent | TapEndEvent;
/**
 * Joins the events of one request. Stream ids are only unique per proxy
 * connection, and a recording of a deployment holds several pods, so the
 * endpoints are part of the key.
 */
export declare function streamKey(event: TapEvent): string;
export {};
