/** Building tap recordings in tests, in Linkerd's exact output shapes. */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/tap");

export function fixture(name: string): Buffer {
  return readFileSync(path.join(FIXTURES, name));
}

export interface Req {
  stream: number;
  direction?: "INBOUND" | "OUTBOUND";
  method?: string;
  path: string;
  authority?: string;
  status?: number;
  latencyUs?: number;
  route?: string;
  contentType?: string;
  src?: string;
}

/** The three `-o json` objects of one request (Go's MarshalIndent layout), or fewer. */
export function jsonEvents(r: Req, kinds: ("req" | "rsp" | "end")[] = ["req", "rsp", "end"]): string[] {
  const head = {
    source: { ip: r.src ?? "10.1.3.76", port: 40000 + r.stream, metadata: null },
    destination: { ip: "10.1.3.74", port: 7000, metadata: { pod: "webapp-1" } },
    routeMeta: r.route ? { route: r.route } : null,
    proxyDirection: r.direction ?? "INBOUND",
  };
  const id = { base: 0, stream: r.stream };
  const out: object[] = [];
  const headers = [{ name: ":path", valueStr: r.path }, ...(r.contentType ? [{ name: "content-type", valueStr: r.contentType }] : [])];
  if (kinds.includes("req")) out.push({ ...head, requestInitEvent: { id, method: r.method ?? "GET", scheme: "HTTP", authority: r.authority ?? "webapp.default:7000", path: r.path, headers } });
  if (kinds.includes("rsp")) out.push({ ...head, responseInitEvent: { id, sinceRequestInit: { nanos: (r.latencyUs ?? 1000) * 1000 }, httpStatus: r.status ?? 200, headers: [] } });
  if (kinds.includes("end")) out.push({ ...head, responseEndEvent: { id, sinceRequestInit: { nanos: ((r.latencyUs ?? 1000) + 10) * 1000 }, sinceResponseInit: { nanos: 10000 }, responseBytes: 10, trailers: null, grpcStatusCode: 0 } });
  return out.map((o) => JSON.stringify(o, null, 2));
}

export function jsonRecording(reqs: Req[]): string {
  return reqs.flatMap((r) => jsonEvents(r)).join("\n") + "\n";
}

/** One `-o wide` line per event. */
export function wideLines(r: Req): string[] {
  const proxy = (r.direction ?? "INBOUND") === "INBOUND" ? "in " : "out";
  const flow = `proxy=${proxy} src=${r.src ?? "10.1.3.76"}:${40000 + r.stream} dst=10.1.3.74:7000 tls=true`;
  const res = ` src_res=deploy/traffic src_ns=foobar dst_res=deploy/webapp dst_ns=default${r.route ? ` rt_route=${r.route}` : ""}`;
  return [
    `req id=0:${r.stream} ${flow} :method=${r.method ?? "GET"} :authority=${r.authority ?? "webapp.default:7000"} :path=${r.path}${res}`,
    `rsp id=0:${r.stream} ${flow} :status=${r.status ?? 200} latency=${r.latencyUs ?? 1000}µs${res}`,
    `end id=0:${r.stream} ${flow} duration=10µs response-length=10B${res}`,
  ];
}

export function wideRecording(reqs: Req[]): string {
  return reqs.flatMap(wideLines).join("\n") + "\n";
}

/** Splits data into chunks of the given sizes, cycling through them. */
export function chunked(data: Buffer, sizes: number[]): Buffer[] {
  const out: Buffer[] = [];
  let i = 0;
  for (let pos = 0; pos < data.length; i++) {
    const n = sizes[i % sizes.length]!;
    out.push(data.subarray(pos, pos + n));
    pos += n;
  }
  return out;
}
