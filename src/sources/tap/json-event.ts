/**
 * One object of `linkerd viz tap -o json` -> a TapEvent. The object is what
 * Linkerd's CLI prints (its display struct, not the protobuf): `source`,
 * `destination`, `routeMeta`, `proxyDirection` and one of
 * `requestInitEvent`, `responseInitEvent`, `responseEndEvent`.
 */
import type { TapDirection, TapEvent } from "./event.js";

type Obj = Record<string, unknown>;

function isObj(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

function direction(value: unknown): TapDirection {
  return value === "INBOUND" ? "inbound" : value === "OUTBOUND" ? "outbound" : "unknown";
}

/** `ip:port` as the text output prints it (IPv6 in brackets). */
function address(endpoint: unknown): string {
  if (!isObj(endpoint)) return "";
  const ip = str(endpoint.ip) ?? "";
  const port = num(endpoint.port) ?? 0;
  return ip.includes(":") ? `[${ip}]:${port}` : `${ip}:${port}`;
}

function streamId(id: unknown): string {
  if (!isObj(id)) return "0:0";
  return `${num(id.base) ?? 0}:${num(id.stream) ?? 0}`;
}

/**
 * A protobuf Duration as Go's encoding/json writes it (`{"seconds": 1,
 * "nanos": 5000}`, zero fields omitted) or as protojson does (`"1.000005s"`),
 * in microseconds.
 */
export function durationMicros(value: unknown): number | undefined {
  if (isObj(value)) {
    const seconds = num(value.seconds) ?? 0;
    const nanos = num(value.nanos) ?? 0;
    return seconds * 1_000_000 + nanos / 1000;
  }
  if (typeof value === "string") {
    const m = /^(-?\d+(?:\.\d+)?)s$/.exec(value);
    if (m) return Number(m[1]) * 1_000_000;
  }
  return undefined;
}

/** The value of a header in the display form: `valueStr`, or `valueBin` (base64). */
function headerValue(headers: unknown, name: string): string | undefined {
  if (!Array.isArray(headers)) return undefined;
  for (const h of headers) {
    if (!isObj(h) || typeof h.name !== "string" || h.name.toLowerCase() !== name) continue;
    if (typeof h.valueStr === "string") return h.valueStr;
    if (typeof h.valueBin === "string") return Buffer.from(h.valueBin, "base64").toString("latin1");
  }
  return undefined;
}

/** Undefined when the object is not a tap event. */
export function jsonToTapEvent(value: unknown, seq: number): TapEvent | undefined {
  if (!isObj(value)) return undefined;
  const dir = direction(value.proxyDirection);
  const src = address(value.source);
  const dst = address(value.destination);
  const route = isObj(value.routeMeta) ? str(value.routeMeta.route) : undefined;
  // Built field by field (no spreads): this runs once per event of recordings of any size.
  let event: TapEvent;
  const req = value.requestInitEvent;
  const rsp = value.responseInitEvent;
  const end = value.responseEndEvent;
  if (isObj(req)) {
    event = { kind: "request", id: streamId(req.id), direction: dir, src, dst, seq, method: str(req.method) ?? "", authority: str(req.authority) ?? "", path: str(req.path) ?? "" };
    const scheme = str(req.scheme);
    if (scheme) event.scheme = scheme;
    const contentType = headerValue(req.headers, "content-type");
    if (contentType !== undefined) event.contentType = contentType;
  } else if (isObj(rsp)) {
    event = { kind: "response", id: streamId(rsp.id), direction: dir, src, dst, seq, status: num(rsp.httpStatus) ?? 0 };
    const since = durationMicros(rsp.sinceRequestInit);
    if (since !== undefined) event.sinceRequestInitUs = since;
  } else if (isObj(end)) {
    event = { kind: "end", id: streamId(end.id), direction: dir, src, dst, seq };
    const since = durationMicros(end.sinceRequestInit);
    if (since !== undefined) event.sinceRequestInitUs = since;
    const sinceResponse = durationMicros(end.sinceResponseInit);
    if (sinceResponse !== undefined) event.sinceResponseInitUs = sinceResponse;
    const bytes = num(end.responseBytes);
    if (bytes !== undefined) event.responseBytes = bytes;
    // Go's struct always writes grpcStatusCode; it is meaningful only when there were trailers.
    const grpc = num(end.grpcStatusCode);
    if (grpc !== undefined && Array.isArray(end.trailers)) event.grpcStatus = grpc;
    const reset = num(end.resetErrorCode);
    if (reset) event.resetErrorCode = reset;
  } else return undefined;
  if (route !== undefined) event.route = route;
  return event;
}
