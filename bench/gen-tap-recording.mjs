#!/usr/bin/env node
/**
 * Writes a synthetic tap recording of booksapp-like traffic, deterministic for
 * a given seed: what `linkerd viz tap -o json` (pretty-printed objects, one
 * per event) or `-o wide` (text lines) would print for a webapp pod.
 *
 *   node bench/gen-tap-recording.mjs --size 1GB --out /tmp/tap.json
 *   node bench/gen-tap-recording.mjs --size 2MB --format wide > tap.txt
 *
 * Options: --size N[KB|MB|GB] (default 10MB), --format json|wide (default
 * json), --seed N (default 1), --out FILE (default stdout).
 */
import { createWriteStream } from "node:fs";
import { parseArgs } from "node:util";

const UNITS = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 };

export function parseSize(text) {
  const m = /^(\d+(?:\.\d+)?)\s*(B|KB|MB|GB)?$/i.exec(text);
  if (!m) throw new Error(`bad size "${text}": use e.g. 500MB or 1GB`);
  return Math.round(Number(m[1]) * UNITS[(m[2] ?? "B").toUpperCase()]);
}

/** Small deterministic PRNG (mulberry32). */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INBOUND = [
  { weight: 30, method: "GET", path: (n) => `/books/${n}`, route: "GET /books/{id}" },
  { weight: 15, method: "POST", path: (n) => `/books/${n}/edit`, route: "POST /books/{id}/edit" },
  { weight: 5, method: "POST", path: (n) => `/books/${n}/delete`, route: "POST /books/{id}/delete" },
  { weight: 15, method: "GET", path: (n) => `/authors/${n}`, route: "GET /authors/{id}" },
  { weight: 5, method: "POST", path: () => "/authors", route: "POST /authors" },
  { weight: 5, method: "POST", path: () => "/books", route: "POST /books" },
  { weight: 10, method: "GET", path: () => "/", route: "GET /" },
  { weight: 5, method: "GET", path: (n) => `/static/app-${n % 7}.js`, route: undefined },
];
const OUTBOUND = [
  { weight: 6, method: "GET", path: (n) => `/books/${n}.json`, authority: "books:7002" },
  { weight: 4, method: "GET", path: (n) => `/authors/${n}.json`, authority: "authors:7001" },
];

function picker(table, rand) {
  const total = table.reduce((s, e) => s + e.weight, 0);
  return () => {
    let r = rand() * total;
    for (const e of table) if ((r -= e.weight) < 0) return e;
    return table[table.length - 1];
  };
}

function endpoint(ip, port, metadata) {
  return { ip, port, metadata };
}

function durationJson(us) {
  const seconds = Math.floor(us / 1e6);
  const nanos = Math.round((us % 1e6) * 1000);
  const d = {};
  if (seconds) d.seconds = seconds;
  if (nanos) d.nanos = nanos;
  return d;
}

function* requests(seed) {
  const rand = rng(seed);
  const inbound = picker(INBOUND, rand);
  const outbound = picker(OUTBOUND, rand);
  for (let stream = 1; ; stream++) {
    const n = 1 + Math.floor(rand() * 5000);
    const out = rand() < 0.2;
    const e = out ? outbound() : inbound();
    const status = rand() < 0.03 ? 500 : e.method === "POST" && !out ? 303 : rand() < 0.02 ? 404 : 200;
    const latencyUs = Math.round(800 + rand() * 20000 + (rand() < 0.01 ? 400000 : 0));
    yield {
      id: { base: 0, stream },
      out,
      method: e.method,
      path: e.path(n),
      authority: out ? e.authority : "webapp.default:7000",
      route: out ? undefined : e.route,
      status,
      latencyUs,
      bodyUs: Math.round(50 + rand() * 500),
      bytes: Math.floor(200 + rand() * 4000),
      srcPort: 40000 + Math.floor(rand() * 20000),
    };
  }
}

function peers(r) {
  if (r.out) {
    return {
      source: endpoint("10.1.3.74", r.srcPort, { namespace: "default", deployment: "webapp", pod: "webapp-6d4c8bb9d-x2x7q", tls: "true" }),
      destination: endpoint("10.1.3.80", 7002, { namespace: "default", service: "books", deployment: "books", pod: "books-7f9c9c5c4-kq8dm", tls: "true" }),
      dir: "OUTBOUND",
      proxy: "out",
    };
  }
  return {
    source: endpoint("10.1.3.76", r.srcPort, { namespace: "foobar", deployment: "traffic", pod: "traffic-5f6d8d6b8-9zq2w", tls: "true" }),
    destination: endpoint("10.1.3.74", 7000, { namespace: "default", deployment: "webapp", pod: "webapp-6d4c8bb9d-x2x7q", tls: "true" }),
    dir: "INBOUND",
    proxy: "in ",
  };
}

function jsonEvents(r) {
  const p = peers(r);
  const routeMeta = r.route ? { route: r.route } : null;
  const head = { source: p.source, destination: p.destination, routeMeta, proxyDirection: p.dir };
  const req = {
    ...head,
    requestInitEvent: {
      id: r.id,
      method: r.method,
      scheme: "HTTP",
      authority: r.authority,
      path: r.path,
      headers: [
        { name: ":authority", valueStr: r.authority },
        { name: ":path", valueStr: r.path },
        { name: "user-agent", valueStr: "Go-http-client/1.1" },
        { name: "accept-encoding", valueStr: "gzip" },
        { name: "l5d-client-id", valueStr: "default.foobar.serviceaccount.identity.linkerd.cluster.local" },
        { name: "x-request-token", valueBin: Buffer.from(`token-${r.id.stream}`).toString("base64") },
      ],
    },
  };
  const rsp = {
    ...head,
    responseInitEvent: {
      id: r.id,
      sinceRequestInit: durationJson(r.latencyUs),
      httpStatus: r.status,
      headers: [
        { name: ":status", valueStr: String(r.status) },
        { name: "content-type", valueStr: "text/html; charset=utf-8" },
        { name: "date", valueStr: "Tue, 25 Nov 2025 20:00:00 GMT" },
      ],
    },
  };
  const end = {
    ...head,
    responseEndEvent: {
      id: r.id,
      sinceRequestInit: durationJson(r.latencyUs + r.bodyUs),
      sinceResponseInit: durationJson(r.bodyUs),
      responseBytes: r.bytes,
      trailers: null,
      grpcStatusCode: 0,
    },
  };
  return [req, rsp, end].map((e) => JSON.stringify(e, null, 2) + "\n");
}

function wideEvents(r) {
  const p = peers(r);
  const addr = (e) => `${e.ip}:${e.port}`;
  const flow = `proxy=${p.proxy} src=${addr(p.source)} dst=${addr(p.destination)} tls=true`;
  const res = r.out
    ? " src_res=deploy/webapp src_ns=default dst_res=deploy/books dst_ns=default"
    : " src_res=deploy/traffic src_ns=foobar dst_res=deploy/webapp dst_ns=default";
  const rt = r.route ? ` rt_route=${r.route}` : "";
  const id = `${r.id.base}:${r.id.stream}`;
  return [
    `req id=${id} ${flow} :method=${r.method} :authority=${r.authority} :path=${r.path}${res}${rt}\n`,
    `rsp id=${id} ${flow} :status=${r.status} latency=${r.latencyUs % 1e6}µs${res}${rt}\n`,
    `end id=${id} ${flow} duration=${r.bodyUs}µs response-length=${r.bytes}B${res}${rt}\n`,
  ];
}

/** Yields the recording's text in pieces of roughly 1 MiB until `size` bytes. */
export function* recordingChunks({ size, format = "json", seed = 1 }) {
  const render = format === "json" ? jsonEvents : wideEvents;
  let written = 0;
  let pieces = [];
  let pending = 0;
  for (const r of requests(seed)) {
    for (const text of render(r)) {
      pieces.push(text);
      pending += Buffer.byteLength(text);
    }
    if (pending >= 1 << 20 || written + pending >= size) {
      yield pieces.join("");
      written += pending;
      pieces = [];
      pending = 0;
      if (written >= size) return;
    }
  }
}

async function main() {
  const { values } = parseArgs({
    options: { size: { type: "string", default: "10MB" }, format: { type: "string", default: "json" }, seed: { type: "string", default: "1" }, out: { type: "string" } },
  });
  if (!["json", "wide"].includes(values.format)) throw new Error(`--format must be json or wide`);
  const out = values.out ? createWriteStream(values.out) : process.stdout;
  for (const chunk of recordingChunks({ size: parseSize(values.size), format: values.format, seed: Number(values.seed) })) {
    if (!out.write(chunk)) await new Promise((resolve) => out.once("drain", resolve));
  }
  if (values.out) await new Promise((resolve, reject) => out.end((err) => (err ? reject(err) : resolve())));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err) => {
    process.stderr.write(`error: ${err.message}\n`);
    process.exitCode = 1;
  });
}
