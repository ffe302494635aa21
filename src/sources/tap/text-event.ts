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
import type { TapDirection, TapEvent } from "./event.js";

const HEAD = /^(req|rsp|end) id=(\d+):(\d+) proxy=(\S+) +src=(\S*) dst=(\S*) tls=(\S*)/;
const REQ = /^ :method=(\S*) :authority=(\S*) :path=(\S*)/;
const RSP = /^ :status=(\d+) latency=(\d+)(?:µs|us)/;
const END = /^ (?:grpc-status=(\S+) |reset-error=(\S+) )?duration=(\d+)(?:µs|us) response-length=(\d+)B/;
const ROUTE_LABEL = / rt_([A-Za-z0-9_.-]+)=/g;

function direction(proxy: string): TapDirection {
  return proxy === "in" ? "inbound" : proxy === "out" ? "outbound" : "unknown";
}

/** The `rt_route` value among the wide output's route labels. */
function routeLabel(rest: string): string | undefined {
  ROUTE_LABEL.lastIndex = 0;
  const found: { key: string; start: number; valueStart: number }[] = [];
  for (let m = ROUTE_LABEL.exec(rest); m; m = ROUTE_LABEL.exec(rest)) {
    found.push({ key: m[1]!, start: m.index, valueStart: m.index + m[0].length });
  }
  const i = found.findIndex((f) => f.key === "route");
  if (i < 0) return undefined;
  const end = i + 1 < found.length ? found[i + 1]!.start : rest.length;
  return rest.slice(found[i]!.valueStart, end);
}

export type TextLineResult = { event: TapEvent } | { skip: "blank" | "unknown-event" } | { error: string };

/** Parses one line (without its line break). */
export function textLineToTapEvent(line: string, seq: number, lineNumber: number): TextLineResult {
  const text = line.endsWith("\r") ? line.slice(0, -1) : line;
  if (text.trim() === "") return { skip: "blank" };
  if (text.startsWith("unknown ")) return { skip: "unknown-event" };
  const head = HEAD.exec(text);
  if (!head) return { error: "not a tap event line (expected req, rsp or end)" };
  const [whole, kind, idBase, idStream, proxy, src, dst] = head as unknown as [string, string, string, string, string, string, string];
  const rest = text.slice(whole.length);
  const base = { id: `${idBase}:${idStream}`, direction: direction(proxy), src, dst, seq, line: lineNumber };
  const route = routeLabel(rest);
  const withRoute = route !== undefined ? { route } : {};
  if (kind === "req") {
    const m = REQ.exec(rest);
    if (!m) return { error: "request line without :method, :authority and :path" };
    return { event: { kind: "request", ...base, ...withRoute, method: m[1]!, authority: m[2]!, path: m[3]! } };
  }
  if (kind === "rsp") {
    const m = RSP.exec(rest);
    if (!m) return { error: "response line without :status and latency" };
    // Linkerd prints only the sub-second part of the latency (GetNanos()/1000).
    return { event: { kind: "response", ...base, ...withRoute, status: Number(m[1]), sinceRequestInitUs: Number(m[2]) } };
  }
  const m = END.exec(rest);
  if (!m) return { error: "end line without duration and response-length" };
  const event: TapEvent = { kind: "end", ...base, ...withRoute, sinceResponseInitUs: Number(m[3]), responseBytes: Number(m[4]) };
  if (m[1] !== undefined) event.grpcStatus = m[1];
  if (m[2] !== undefined) {
    const code = Number(m[2]);
    if (Number.isFinite(code)) event.resetErrorCode = code;
  }
  return { event };
}
