import { describe, expect, it } from "vitest";
import { isSpecError } from "../../src/model/diagnostic.js";
import { parseTapRecording, readTapRecording, TapRecordingParser } from "../../src/sources/tap/recording.js";
import { textLineToTapEvent } from "../../src/sources/tap/text-event.js";
import type { TapEvent } from "../../src/sources/tap/event.js";
import { chunked, fixture, jsonEvents, wideLines, type Req } from "./helpers.js";

const SEED_LINE =
  "req id=0:1 proxy=in  src=10.1.3.76:57152 dst=10.1.3.74:7000 tls=disabled :method=POST :authority=webapp.default:7000 :path=/books/2878/edit src_res=deploy/traffic src_ns=foobar dst_res=deploy/webapp dst_ns=default rt_route=POST /books/{id}/edit";

describe("text lines", () => {
  it("reads the seed's -o wide request line, route name with spaces included", () => {
    expect(textLineToTapEvent(SEED_LINE, 1, 7)).toEqual({
      event: {
        kind: "request",
        id: "0:1",
        direction: "inbound",
        src: "10.1.3.76:57152",
        dst: "10.1.3.74:7000",
        seq: 1,
        line: 7,
        route: "POST /books/{id}/edit",
        method: "POST",
        authority: "webapp.default:7000",
        path: "/books/2878/edit",
      },
    });
  });

  it("takes rt_route up to the next route label, whatever the label order", () => {
    const line = "req id=0:2 proxy=in  src=a:1 dst=b:2 tls=true :method=GET :authority=x :path=/a dst_ns=default rt_foo=bar baz rt_route=GET /a/{id} rt_x=1";
    const r = textLineToTapEvent(line, 1, 1);
    expect("event" in r && r.event.route).toBe("GET /a/{id}");
  });

  it("reads Linkerd's default and wide samples (IPv6 destination, empty tls, gRPC end)", () => {
    for (const name of ["linkerd/tap_busy_output.golden", "linkerd/tap_busy_output_wide.golden"]) {
      const { events, summary } = parseTapRecording(fixture(name));
      expect(summary.format).toBe("text");
      expect(summary.warnings).toEqual([]);
      expect(events.map((e) => e.kind)).toEqual(["request", "end"]);
      expect(events[0]).toMatchObject({ kind: "request", id: "1:0", direction: "outbound", src: "0.0.0.1:0", dst: "[ff01::1]:0", method: "GET", authority: "localhost", path: "/some/path" });
      expect(events[1]).toMatchObject({ kind: "end", grpcStatus: "Code(666)", sinceResponseInitUs: 100000000, responseBytes: 1337 });
    }
  });

  it("reads response and reset lines", () => {
    const rsp = textLineToTapEvent("rsp id=0:3 proxy=in  src=a:1 dst=b:2 tls=true :status=503 latency=1234µs", 1, 1);
    expect(rsp).toMatchObject({ event: { kind: "response", status: 503, sinceRequestInitUs: 1234 } });
    const end = textLineToTapEvent("end id=0:3 proxy=out src=a:1 dst=b:2 tls=true reset-error=7 duration=5µs response-length=0B", 1, 1);
    expect(end).toMatchObject({ event: { kind: "end", direction: "outbound", resetErrorCode: 7, sinceResponseInitUs: 5 } });
  });
});

describe("recordings", () => {
  it("reads Linkerd's -o json sample (multi-line objects, valueBin headers)", () => {
    const { events, summary } = parseTapRecording(fixture("linkerd/tap_busy_output_json.golden"));
    expect(summary.format).toBe("json");
    expect(summary.warnings).toEqual([]);
    expect(events).toEqual([
      { kind: "request", direction: "outbound", src: "0.0.0.1:0", dst: "[ff01::1]:0", seq: 1, id: "1:0", method: "GET", authority: "localhost", path: "/some/path", scheme: "HTTPS" },
      {
        kind: "end",
        direction: "outbound",
        src: "0.0.0.1:0",
        dst: "[ff01::1]:0",
        seq: 2,
        id: "1:0",
        sinceRequestInitUs: 10_000_000,
        sinceResponseInitUs: 100_000_000,
        responseBytes: 1337,
        grpcStatus: 666,
      },
    ]);
  });

  it("gives the same requests from the booksapp recording in both formats", () => {
    const json = parseTapRecording(fixture("booksapp-webapp.tap.json"), { file: "b.json" });
    const wide = parseTapRecording(fixture("booksapp-webapp.tap.wide.txt"), { file: "b.txt" });
    const requests = (events: TapEvent[]) => events.flatMap((e) => (e.kind === "request" ? [[e.direction, e.method, e.authority, e.path, e.route ?? null, e.src]] : []));
    expect(requests(json.events)).toEqual(requests(wide.events));
    expect(json.events.length).toBe(139);
    // Both recordings were cut off in the middle of the last event.
    for (const r of [json, wide]) {
      expect(r.summary.truncated).toBe(true);
      expect(r.summary.warnings).toHaveLength(1);
      expect(r.summary.warnings[0]!.message).toMatch(/last event .* is cut off/);
    }
    expect(wide.summary.warnings[0]).toMatchObject({ file: "b.txt", line: 140 });
    // The seed line is the first request.
    expect(wide.events[0]).toMatchObject({ method: "POST", path: "/books/2878/edit", route: "POST /books/{id}/edit", line: 1 });
  });

  it("tolerates header values that are not UTF-8", () => {
    const data = fixture("booksapp-webapp.tap.json");
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(data)).toThrow();
    const { events } = parseTapRecording(data);
    expect(events.filter((e) => e.kind === "request" && e.authority === "webapp.default.svc.cluster.local:7000")).toHaveLength(1);
  });

  it("detects the format after leading blank lines and a BOM", () => {
    const json = parseTapRecording(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("\n\n" + jsonEvents({ stream: 1, path: "/a" }).join("\n"))]));
    expect(json.summary.format).toBe("json");
    expect(json.events).toHaveLength(3);
    const text = parseTapRecording("\n\n" + wideLines({ stream: 1, path: "/a" }).join("\n") + "\n");
    expect(text.summary.format).toBe("text");
    expect(text.events[0]!.line).toBe(3);
  });

  it("refuses something that is not a recording, with the line", () => {
    try {
      parseTapRecording("apiVersion: v1\nkind: Pod\n", { file: "pod.yaml" });
      expect.unreachable();
    } catch (err) {
      expect(isSpecError(err)).toBe(true);
      expect((err as { diagnostic: object }).diagnostic).toMatchObject({ file: "pod.yaml", line: 1, message: expect.stringContaining("not a tap recording") });
    }
  });

  it("warns about an empty recording and about lines that are not events", () => {
    expect(parseTapRecording("").summary.warnings[0]!.message).toMatch(/empty/);
    const text = wideLines({ stream: 1, path: "/a" }).join("\n") + "\nsome noise\n" + wideLines({ stream: 2, path: "/b" }).join("\n") + "\n";
    const { events, summary } = parseTapRecording(text, { file: "t.txt" });
    expect(events).toHaveLength(6);
    expect(summary.skipped).toBe(1);
    expect(summary.warnings[0]).toMatchObject({ line: 4, message: expect.stringContaining("1 line is not tap events") });
  });

  it("streams async sources chunk by chunk", async () => {
    const data = fixture("emojivoto-voting.tap.json");
    const seen: TapEvent[] = [];
    const summary = await readTapRecording(
      (async function* () {
        yield* chunked(data, [100, 1, 4096]);
      })(),
      (e) => seen.push(e),
    );
    expect(summary.stats.events).toBe(seen.length);
    expect(seen).toEqual(parseTapRecording(data).events);
  });
});

describe("bounded memory", () => {
  /** A large recording produced lazily, never held whole. */
  function* bigRecording(requests: number, format: "json" | "wide"): Generator<Buffer> {
    let batch: string[] = [];
    for (let i = 1; i <= requests; i++) {
      const r: Req = { stream: i, method: i % 3 ? "GET" : "POST", path: `/books/${i}/edit`, route: i % 2 ? "GET /books/{id}" : undefined, direction: i % 5 ? "INBOUND" : "OUTBOUND" };
      batch.push(...(format === "json" ? jsonEvents(r).map((t) => t + "\n") : wideLines(r).map((t) => t + "\n")));
      if (batch.length >= 300) {
        yield Buffer.from(batch.join(""));
        batch = [];
      }
    }
    if (batch.length) yield Buffer.from(batch.join(""));
  }

  for (const format of ["json", "wide"] as const) {
    it(`never keeps more than one event between chunks (${format}, 60k events in odd-sized chunks)`, () => {
      let events = 0;
      let bytes = 0;
      const parser = new TapRecordingParser(() => events++);
      const sizes = [997, 4093, 61, 65536, 7];
      let k = 0;
      for (const block of bigRecording(20_000, format)) {
        bytes += block.length;
        for (let pos = 0; pos < block.length; k++) {
          const n = sizes[k % sizes.length]!;
          parser.push(block.subarray(pos, pos + n));
          pos += n;
        }
      }
      const summary = parser.end();
      expect(events).toBe(60_000);
      expect(summary.stats.bytes).toBe(bytes);
      expect(summary.stats.maxEventBytes).toBeGreaterThan(0);
      // The parser's carry-over buffer never held more than the largest single event.
      expect(summary.stats.maxBufferedBytes).toBeLessThanOrEqual(summary.stats.maxEventBytes);
      expect(summary.stats.maxBufferedBytes).toBeGreaterThan(0);
    });
  }
});
