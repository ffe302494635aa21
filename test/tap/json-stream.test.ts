import { describe, expect, it } from "vitest";
import { JsonObjectStream, type JsonStreamProblem } from "../../src/sources/tap/json-stream.js";
import { chunked, jsonRecording } from "./helpers.js";

function scan(chunks: (Buffer | string)[], maxObjectBytes?: number) {
  const objects: unknown[] = [];
  const offsets: number[] = [];
  const problems: JsonStreamProblem[] = [];
  const s = new JsonObjectStream(
    {
      object: (v, offset) => {
        objects.push(v);
        offsets.push(offset);
      },
      problem: (p) => problems.push(p),
    },
    maxObjectBytes !== undefined ? { maxObjectBytes } : {},
  );
  for (const c of chunks) s.push(typeof c === "string" ? Buffer.from(c) : c);
  s.end();
  return { objects, offsets, problems, stats: s.stats };
}

const pretty = (o: object) => JSON.stringify(o, null, 2);

describe("JsonObjectStream", () => {
  it("cuts a stream of pretty-printed objects, whatever the chunk boundaries", () => {
    const objs = [{ a: 1, s: "}\n{" }, { b: { c: [1, { d: "x\\\"}" }] } }, { e: "é ü \u2028" }];
    const data = Buffer.from(objs.map(pretty).join("\n") + "\n");
    for (let split = 1; split < data.length; split++) {
      const { objects, problems } = scan([data.subarray(0, split), data.subarray(split)]);
      expect(objects, `split at ${split}`).toEqual(objs);
      expect(problems).toEqual([]);
    }
    const { objects, stats } = scan(chunked(data, [1]));
    expect(objects).toEqual(objs);
    expect(stats.exactScan).toBe(false);
  });

  it("reports byte offsets of the objects", () => {
    const text = `${pretty({ a: 1 })}\n\n${pretty({ b: 2 })}\n`;
    const { offsets } = scan([text]);
    expect(offsets).toEqual([0, text.indexOf('{\n  "b"')]);
  });

  it("reads JSON Lines and objects run together with the exact scan", () => {
    const lines = '{"a":1,"s":"\\n}"}\n{"b":[{"c":"{"}]}{"d":2}\n';
    for (let split = 1; split < lines.length; split++) {
      const { objects, stats } = scan([lines.slice(0, split), lines.slice(split)]);
      expect(objects, `split at ${split}`).toEqual([{ a: 1, s: "\n}" }, { b: [{ c: "{" }] }, { d: 2 }]);
      expect(stats.exactScan).toBe(true);
    }
  });

  it("falls back to the exact scan when '\\n}' is not where an object ends", () => {
    // A top-level object indented differently: "\n}" first appears inside it.
    const text = '{\n"a": {\n"b": 1\n}, "c": 2\n}\n';
    const { objects, stats } = scan([text]);
    expect(objects).toEqual([{ a: { b: 1 }, c: 2 }]);
    expect(stats.exactScan).toBe(true);
  });

  it("reports a truncated last object and keeps the ones before it", () => {
    const text = `${pretty({ a: 1 })}\n{\n  "b": {\n    "c": "cut`;
    const { objects, problems } = scan(chunked(Buffer.from(text), [7]));
    expect(objects).toEqual([{ a: 1 }]);
    expect(problems).toEqual([{ kind: "truncated", offset: pretty({ a: 1 }).length + 1, message: expect.stringContaining("cut off") }]);
  });

  it("recovers when a cut-off object is followed by a whole one (recordings appended to each other)", () => {
    const cut = '{\n  "a": {\n    "b": 1';
    const text = `${cut}\n${pretty({ c: 2 })}\n${pretty({ d: 3 })}\n`;
    for (const sizes of [[text.length], [5], [13, 2]]) {
      const { objects, problems } = scan(chunked(Buffer.from(text), sizes));
      expect(objects).toEqual([{ c: 2 }, { d: 3 }]);
      expect(problems.map((p) => p.kind)).toEqual(["truncated"]);
    }
  });

  it("keeps bytes that are not UTF-8 inside strings from breaking the scan", () => {
    const head = Buffer.from('{\n  "name": "x-user",\n  "valueStr": "Jos');
    const tail = Buffer.from('"\n}\n{\n  "ok": true\n}\n');
    const data = Buffer.concat([head, Buffer.from([0xe9, 0xff, 0xc3]), tail]);
    const { objects, problems } = scan(chunked(data, [3]));
    expect(problems).toEqual([]);
    expect(objects).toEqual([{ name: "x-user", valueStr: "Jos\ufffd\ufffd\ufffd" }, { ok: true }]);
  });

  it("skips text between objects to the end of its line, and invalid objects", () => {
    const text = `garbage line\n${pretty({ a: 1 })}\n{"b": nope}\n${pretty({ c: 3 })}\n`;
    const { objects, problems } = scan([text]);
    expect(objects).toEqual([{ a: 1 }, { c: 3 }]);
    expect(problems.map((p) => p.kind)).toEqual(["junk", "invalid"]);
  });

  it("skips an object larger than the limit without keeping it", () => {
    const big = pretty({ big: "x".repeat(5000) });
    const text = `${pretty({ a: 1 })}\n${big}\n${pretty({ b: 2 })}\n`;
    const { objects, problems, stats } = scan(chunked(Buffer.from(text), [512]), 1024);
    expect(objects).toEqual([{ a: 1 }, { b: 2 }]);
    expect(problems.map((p) => p.kind)).toEqual(["too-large"]);
    expect(stats.maxBufferedBytes).toBeLessThanOrEqual(1024);
  });

  it("parses Linkerd's -o json sample", () => {
    const objs = JSON.parse(`[${jsonRecording([{ stream: 1, path: "/a" }]).trim().replace(/\n}\n{/g, "\n},\n{")}]`);
    const { objects } = scan([jsonRecording([{ stream: 1, path: "/a" }])]);
    expect(objects).toEqual(objs);
  });
});
