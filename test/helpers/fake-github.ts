/**
 * A fake GitHub REST API on 127.0.0.1 for end-to-end tests of the action.
 *
 * Every request is checked against GitHub's published OpenAPI description
 * (the @octokit/openapi package): the method and path must name a real
 * operation, path parameters must have the declared type, query parameters
 * must be declared, and a JSON body must carry the required fields. Requests
 * that fail are answered like GitHub would (404/422) and listed in
 * `violations`, so a test asserts none happened. Every request is recorded,
 * and the issue-comment operations keep state, so tests assert the comments,
 * updates and pagination that really happened.
 *
 * POST /graphql is checked against GitHub's GraphQL schema instead
 * (fake-graphql.ts); createCommitOnBranch commits to the bare repository
 * given as `origin` and records each commit in `commits`.
 */
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import * as path from "node:path";
import { checkOperation, commitInputProblems, createCommitOnBranch, type GraphqlAnswer, type RecordedCommit } from "./fake-graphql.js";

interface Schema {
  $ref?: string;
  type?: string | string[];
  required?: string[];
  properties?: Record<string, Schema>;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
}

interface Parameter {
  $ref?: string;
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: Schema;
}

interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { $ref?: string; required?: boolean; content?: Record<string, { schema?: Schema }> };
}

interface Description {
  paths: Record<string, Record<string, Operation | unknown>>;
  components: Record<string, Record<string, unknown>>;
}

interface Route {
  method: string;
  template: string;
  regex: RegExp;
  paramNames: string[];
  operation: Operation;
}

const METHODS = new Set(["get", "post", "put", "patch", "delete"]);

let cached: { description: Description; routes: Route[] } | undefined;

function load(): { description: Description; routes: Route[] } {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const pkgDir = path.dirname(require.resolve("@octokit/openapi/package.json"));
  const description = JSON.parse(readFileSync(path.join(pkgDir, "generated", "api.github.com.json"), "utf8")) as Description;
  const routes: Route[] = [];
  for (const [template, item] of Object.entries(description.paths)) {
    const paramNames: string[] = [];
    const pattern = template
      .split(/(\{[^}]+\})/)
      .map((part) => {
        const m = /^\{([^}]+)\}$/.exec(part);
        if (m) {
          paramNames.push(m[1]!);
          return "([^/]+)";
        }
        return part.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
      })
      .join("");
    for (const [method, operation] of Object.entries(item)) {
      if (!METHODS.has(method)) continue;
      routes.push({ method: method.toUpperCase(), template, regex: new RegExp(`^${pattern}$`), paramNames, operation: operation as Operation });
    }
  }
  cached = { description, routes };
  return cached;
}

function deref<T>(description: Description, value: T & { $ref?: string }): T {
  let v: T & { $ref?: string } = value;
  for (let hops = 0; v && v.$ref && hops < 20; hops++) {
    const parts = v.$ref.replace(/^#\//, "").split("/");
    let target: unknown = description;
    for (const p of parts) target = (target as Record<string, unknown>)[p.replace(/~1/g, "/").replace(/~0/g, "~")];
    v = target as T & { $ref?: string };
  }
  return v;
}

export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  /** The matched path template, e.g. /repos/{owner}/{repo}/issues/{issue_number}/comments. */
  template: string | undefined;
  operationId: string | undefined;
  query: Record<string, string>;
  body: unknown;
  /** The status the fake answered with. */
  status: number;
}

export interface FakeComment {
  id: number;
  issue: number;
  body: string;
  user: { login: string; type: string };
}

export interface Failure {
  /** A REST operation id, or `graphql/<field>` for a GraphQL operation. */
  operationId: string;
  status: number;
  message: string;
  /** For GraphQL: answer 200 with an error of this type (FORBIDDEN, ...) instead of the HTTP status. */
  graphqlType?: string;
  /** How many times to fail; default: always. */
  times?: number;
}

export interface FakeGitHub {
  /** Base URL for GITHUB_API_URL. */
  url: string;
  requests: RecordedRequest[];
  /** Requests that do not exist in GitHub's description, or break it. */
  violations: string[];
  /** Comments of an issue/pull request, oldest first. */
  comments(issue: number): FakeComment[];
  /** Seeds a comment (e.g. other bots' comments, to force pagination). */
  addComment(issue: number, body: string, login?: string): FakeComment;
  /** Answers an operation with an error status. */
  fail(failure: Failure): void;
  /** Requests made with one of these operation ids. */
  calls(...operationIds: string[]): RecordedRequest[];
  /** Commits made through createCommitOnBranch, oldest first. */
  commits: RecordedCommit[];
  /** Runs `fn` right before each of the next `times` createCommitOnBranch calls (another push lands meanwhile). */
  beforeCommit(fn: () => void | Promise<void>, times?: number): void;
  close(): Promise<void>;
}

export interface FakeGitHubOptions {
  owner: string;
  repo: string;
  /** The bare repository createCommitOnBranch commits to. */
  origin?: string;
}

function typeOk(schema: Schema | undefined, value: unknown): boolean {
  if (!schema?.type) return true;
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  return types.some((t) => {
    switch (t) {
      case "string":
        return typeof value === "string";
      case "integer":
        return Number.isInteger(value);
      case "number":
        return typeof value === "number";
      case "boolean":
        return typeof value === "boolean";
      case "array":
        return Array.isArray(value);
      case "object":
        return typeof value === "object" && value !== null && !Array.isArray(value);
      case "null":
        return value === null;
      default:
        return true;
    }
  });
}

/** Problems of a body against a schema's top level: required fields and their types. */
function bodyProblems(description: Description, schema: Schema, body: unknown): string[] {
  const s = deref(description, schema);
  const variants = s.oneOf ?? s.anyOf;
  if (variants) {
    const each = variants.map((v) => bodyProblems(description, v, body));
    return each.some((p) => p.length === 0) ? [] : (each[0] ?? []);
  }
  if (s.allOf) return s.allOf.flatMap((v) => bodyProblems(description, v, body));
  if (!typeOk(s, body)) return [`body is not of type ${String(s.type)}`];
  if (typeof body !== "object" || body === null || Array.isArray(body)) return [];
  const problems: string[] = [];
  for (const name of s.required ?? []) {
    if (!(name in body)) problems.push(`required body field "${name}" is missing`);
  }
  for (const [name, value] of Object.entries(body)) {
    const prop = s.properties?.[name];
    if (prop && !typeOk(deref(description, prop), value)) problems.push(`body field "${name}" has the wrong type`);
  }
  return problems;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export async function startFakeGitHub(options: FakeGitHubOptions): Promise<FakeGitHub> {
  const { description, routes } = load();
  const requests: RecordedRequest[] = [];
  const violations: string[] = [];
  const store = new Map<number, FakeComment[]>();
  const failures: Failure[] = [];
  const commits: RecordedCommit[] = [];
  const commitHooks: { fn: () => void | Promise<void>; times: number }[] = [];
  let nextId = 1000;
  let baseUrl = "";

  const commentsOf = (issue: number) => {
    let list = store.get(issue);
    if (!list) store.set(issue, (list = []));
    return list;
  };
  const htmlUrl = (c: FakeComment) => `https://github.com/${options.owner}/${options.repo}/pull/${c.issue}#issuecomment-${c.id}`;
  const toJson = (c: FakeComment) => ({
    id: c.id,
    node_id: `IC_${c.id}`,
    url: `${baseUrl}/repos/${options.owner}/${options.repo}/issues/comments/${c.id}`,
    html_url: htmlUrl(c),
    issue_url: `${baseUrl}/repos/${options.owner}/${options.repo}/issues/${c.issue}`,
    body: c.body,
    user: { login: c.user.login, id: 41898282, type: c.user.type },
    created_at: "2024-01-01T00:00:00Z",
    updated_at: "2024-01-01T00:00:00Z",
    author_association: "NONE",
  });
  const addComment = (issue: number, body: string, login = "github-actions[bot]") => {
    const c: FakeComment = { id: nextId++, issue, body, user: { login, type: login.endsWith("[bot]") ? "Bot" : "User" } };
    commentsOf(issue).push(c);
    return c;
  };

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = body === undefined ? "" : JSON.stringify(body);
    res.writeHead(status, {
      "content-type": "application/json; charset=utf-8",
      "x-github-api-version-selected": "2022-11-28",
      "x-ratelimit-limit": "5000",
      "x-ratelimit-remaining": "4999",
      "x-ratelimit-reset": "4102444800",
      ...headers,
    });
    res.end(text);
  };
  const error = (res: ServerResponse, status: number, message: string) =>
    send(res, status, { message, documentation_url: "https://docs.github.com/rest", status: String(status) });

  async function handle(req: IncomingMessage, res: ServerResponse, record: RecordedRequest): Promise<number> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const method = (req.method ?? "GET").toUpperCase();
    record.method = method;
    record.path = url.pathname;
    record.query = Object.fromEntries(url.searchParams);
    const raw = await readBody(req);
    const violation = (why: string) => violations.push(`${method} ${url.pathname}: ${why}`);
    if (url.pathname === "/graphql") return graphql(req, res, record, raw, violation);

    const candidates = routes.filter((r) => r.method === method && r.regex.test(url.pathname));
    candidates.sort((a, b) => a.paramNames.length - b.paramNames.length);
    const route = candidates[0];
    if (!route) {
      violation("no such operation in GitHub's REST description");
      error(res, 404, "Not Found");
      return 404;
    }
    record.template = route.template;
    record.operationId = route.operation.operationId;
    const m = route.regex.exec(url.pathname)!;
    const pathParams = Object.fromEntries(route.paramNames.map((n, i) => [n, decodeURIComponent(m[i + 1]!)]));
    const params = (route.operation.parameters ?? []).map((p) => deref(description, p));
    for (const p of params.filter((p) => p.in === "path")) {
      const schema = p.schema && deref(description, p.schema);
      if (schema?.type === "integer" && !/^\d+$/.test(pathParams[p.name] ?? "")) violation(`path parameter ${p.name} is not an integer`);
    }
    const queryParams = new Set(params.filter((p) => p.in === "query").map((p) => p.name));
    for (const name of url.searchParams.keys()) if (!queryParams.has(name)) violation(`query parameter "${name}" is not declared`);
    for (const p of params.filter((p) => p.in === "query" && p.required)) {
      if (!url.searchParams.has(p.name)) violation(`required query parameter "${p.name}" is missing`);
    }
    let body: unknown;
    if (raw !== "") {
      if (!/application\/json/.test(req.headers["content-type"] ?? "")) violation("a body that is not application/json");
      try {
        body = JSON.parse(raw);
      } catch {
        violation("a body that is not JSON");
        error(res, 400, "Problems parsing JSON");
        return 400;
      }
    }
    record.body = body;
    const requestBody = route.operation.requestBody && deref(description, route.operation.requestBody);
    const schema = requestBody?.content?.["application/json"]?.schema;
    if (requestBody?.required && body === undefined) {
      violation("the required request body is missing");
      error(res, 422, "Invalid request");
      return 422;
    }
    if (schema && body !== undefined) {
      const problems = bodyProblems(description, schema, body);
      if (problems.length) {
        for (const p of problems) violation(p);
        error(res, 422, `Invalid request.\n\n${problems.join("\n")}`);
        return 422;
      }
    }
    if (!req.headers.authorization) {
      error(res, 401, "Requires authentication");
      return 401;
    }
    if (pathParams.owner !== options.owner || pathParams.repo !== options.repo) {
      error(res, 404, "Not Found");
      return 404;
    }

    const failure = failures.find((f) => f.operationId === route.operation.operationId && (f.times === undefined || f.times > 0));
    if (failure) {
      if (failure.times !== undefined) failure.times--;
      error(res, failure.status, failure.message);
      return failure.status;
    }

    switch (route.operation.operationId) {
      case "issues/list-comments": {
        const all = commentsOf(Number(pathParams.issue_number));
        const perPage = Math.min(Number(url.searchParams.get("per_page") ?? 30) || 30, 100);
        const page = Math.max(Number(url.searchParams.get("page") ?? 1) || 1, 1);
        const last = Math.max(Math.ceil(all.length / perPage), 1);
        const links: string[] = [];
        const link = (p: number, rel: string) => {
          const u = new URL(`${baseUrl}${url.pathname}`);
          u.searchParams.set("per_page", String(perPage));
          u.searchParams.set("page", String(p));
          links.push(`<${u.toString()}>; rel="${rel}"`);
        };
        if (page < last) {
          link(page + 1, "next");
          link(last, "last");
        }
        if (page > 1) {
          link(1, "first");
          link(page - 1, "prev");
        }
        send(res, 200, all.slice((page - 1) * perPage, page * perPage).map(toJson), links.length ? { link: links.join(", ") } : {});
        return 200;
      }
      case "issues/create-comment": {
        const c = addComment(Number(pathParams.issue_number), (body as { body: string }).body);
        send(res, 201, toJson(c), { location: toJson(c).url });
        return 201;
      }
      case "issues/get-comment":
      case "issues/update-comment":
      case "issues/delete-comment": {
        const id = Number(pathParams.comment_id);
        for (const list of store.values()) {
          const i = list.findIndex((c) => c.id === id);
          if (i === -1) continue;
          const c = list[i]!;
          if (route.operation.operationId === "issues/delete-comment") {
            list.splice(i, 1);
            send(res, 204, undefined);
            return 204;
          }
          if (route.operation.operationId === "issues/update-comment") c.body = (body as { body: string }).body;
          send(res, 200, toJson(c));
          return 200;
        }
        error(res, 404, "Not Found");
        return 404;
      }
      default:
        // Real but not modelled: a test that reaches this asked for more than the fake knows.
        violation(`operation ${route.operation.operationId} is not modelled by the fake`);
        error(res, 501, `fake GitHub does not model ${route.operation.operationId}`);
        return 501;
    }
  }

  async function graphql(req: IncomingMessage, res: ServerResponse, record: RecordedRequest, raw: string, violation: (why: string) => void): Promise<number> {
    record.template = "/graphql";
    if (record.method !== "POST") {
      violation("GraphQL takes POST only");
      error(res, 404, "Not Found");
      return 404;
    }
    if (!/application\/json/.test(req.headers["content-type"] ?? "")) violation("a body that is not application/json");
    let body: { query?: unknown; variables?: unknown };
    try {
      body = JSON.parse(raw) as typeof body;
    } catch {
      violation("a body that is not JSON");
      error(res, 400, "Problems parsing JSON");
      return 400;
    }
    record.body = body;
    const op = checkOperation(body.query, body.variables);
    record.operationId = op.field ? `graphql/${op.field}` : "graphql";
    const answer = (status: number, value: GraphqlAnswer) => {
      send(res, status, value);
      return status;
    };
    if (op.problems.length) {
      for (const p of op.problems) violation(p);
      return answer(200, { data: null, errors: op.problems.map((message) => ({ type: "INVALID", message })) });
    }
    if (!req.headers.authorization) {
      error(res, 401, "This endpoint requires you to be authenticated.");
      return 401;
    }
    const failure = failures.find((f) => f.operationId === record.operationId && (f.times === undefined || f.times > 0));
    if (failure) {
      if (failure.times !== undefined) failure.times--;
      if (failure.graphqlType) return answer(200, { data: { [op.field!]: null }, errors: [{ type: failure.graphqlType, message: failure.message, path: [op.field!] }] });
      error(res, failure.status, failure.message);
      return failure.status;
    }
    if (op.operationType !== "mutation" || op.field !== "createCommitOnBranch") {
      violation(`GraphQL ${op.operationType} ${op.field} is not modelled by the fake`);
      error(res, 501, `fake GitHub does not model ${op.field}`);
      return 501;
    }
    const input = (op.variables as { input?: Parameters<typeof createCommitOnBranch>[2] }).input;
    if (!input) {
      violation("createCommitOnBranch is modelled for a $input variable only");
      error(res, 501, "fake GitHub models createCommitOnBranch(input: $input) only");
      return 501;
    }
    const problems = commitInputProblems(input);
    if (problems.length) {
      for (const p of problems) violation(p);
      return answer(200, { data: { createCommitOnBranch: null }, errors: problems.map((message) => ({ type: "UNPROCESSABLE", message })) });
    }
    if (!options.origin) {
      violation("createCommitOnBranch needs the fake's origin option");
      error(res, 501, "fake GitHub has no repository to commit to");
      return 501;
    }
    const hook = commitHooks.find((h) => h.times > 0);
    if (hook) {
      hook.times--;
      await hook.fn();
    }
    return answer(200, await createCommitOnBranch(options.origin, `${options.owner}/${options.repo}`, input, (c) => commits.push(c)));
  }

  const server = createServer((req, res) => {
    const record: RecordedRequest = { method: "", path: "", template: undefined, operationId: undefined, query: {}, body: undefined, status: 0 };
    requests.push(record);
    handle(req, res, record).then(
      (status) => (record.status = status),
      (err: unknown) => {
        violations.push(`fake GitHub crashed: ${(err as Error).stack}`);
        record.status = 500;
        if (!res.headersSent) error(res, 500, "fake GitHub crashed");
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: baseUrl,
    requests,
    violations,
    comments: (issue) => [...commentsOf(issue)],
    addComment,
    fail: (f) => void failures.push({ ...f }),
    calls: (...ids) => requests.filter((r) => r.operationId !== undefined && ids.includes(r.operationId)),
    commits,
    beforeCommit: (fn, times = 1) => void commitHooks.push({ fn, times }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
