/** Tap recordings for the diff's verification tests, in `linkerd viz tap` default text form. */

export interface RecordedRequest {
  method?: string;
  path: string;
  /** Default: inbound. */
  direction?: "in" | "out";
  authority?: string;
}

/** One `req` line per request (and its `rsp`/`end` lines), ids 0:1, 0:2, ... */
export function tapText(reqs: RecordedRequest[], authority = "books.booksapp.svc.cluster.local:7002"): string {
  const lines: string[] = [];
  reqs.forEach((r, i) => {
    const id = `id=0:${i + 1} proxy=${r.direction ?? "in"} src=10.2.0.9:${51000 + i} dst=10.2.0.5:7002 tls=true`;
    lines.push(`req ${id} :method=${r.method ?? "GET"} :authority=${r.authority ?? authority} :path=${r.path}`);
    lines.push(`rsp ${id} :status=200 latency=1200µs`);
    lines.push(`end ${id} duration=50µs response-length=10B`);
  });
  return lines.join("\n") + "\n";
}

/** `n` GETs of `/books/<k>` and friends, so path groups have something to fold. */
export function many(n: number, method: string, template: (k: number) => string): RecordedRequest[] {
  return Array.from({ length: n }, (_, k) => ({ method, path: template(k + 1) }));
}
