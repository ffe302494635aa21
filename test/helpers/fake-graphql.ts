/**
 * The GraphQL half of the fake GitHub API. Every operation is validated
 * against GitHub's published schema (@octokit/graphql-schema's `validate`),
 * and its variables are coerced to the types the operation declares (with
 * the schema's own GraphQL implementation), so a misspelt field, a wrong
 * input shape or a missing required value is a violation, as on GitHub.
 *
 * createCommitOnBranch is modelled on a real bare repository: the commit is
 * made on the branch only when `expectedHeadOid` is its tip, and what it
 * contains is recorded for the tests.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { schema as githubSchema, validate } from "@octokit/graphql-schema";
import type * as GraphQL from "graphql";

/** GitHub's identity for the Actions bot and the committer it records on API commits. */
export const FAKE_BOT = { name: "github-actions[bot]", email: "41898282+github-actions[bot]@users.noreply.github.com" };
export const FAKE_COMMITTER = { name: "GitHub", email: "noreply@github.com" };

function graphqlLibrary(): typeof GraphQL {
  // The graphql package @octokit/graphql-schema depends on, found beside it.
  const require = createRequire(import.meta.url);
  for (const dir of require.resolve.paths("@octokit/graphql-schema") ?? []) {
    const index = path.join(dir, "@octokit", "graphql-schema", "index.js");
    if (existsSync(index)) return createRequire(index)("graphql") as typeof GraphQL;
  }
  throw new Error("@octokit/graphql-schema is not installed: run npm ci");
}

let cached: { lib: typeof GraphQL; schema: GraphQL.GraphQLSchema } | undefined;
function load(): { lib: typeof GraphQL; schema: GraphQL.GraphQLSchema } {
  if (cached) return cached;
  const lib = graphqlLibrary();
  const json = githubSchema.json as { data?: GraphQL.IntrospectionQuery } & Partial<GraphQL.IntrospectionQuery>;
  cached = { lib, schema: lib.buildClientSchema((json.data ?? json) as GraphQL.IntrospectionQuery) };
  return cached;
}

export interface CheckedOperation {
  problems: string[];
  /** The top-level field of the single operation (e.g. "createCommitOnBranch"). */
  field: string | undefined;
  operationType: "query" | "mutation" | "subscription" | undefined;
  /** The coerced variables. */
  variables: Record<string, unknown>;
}

/** Checks a request's query and variables against GitHub's schema. */
export function checkOperation(query: unknown, variables: unknown): CheckedOperation {
  const out: CheckedOperation = { problems: [], field: undefined, operationType: undefined, variables: {} };
  if (typeof query !== "string") {
    out.problems.push("the body has no query string");
    return out;
  }
  const { lib, schema } = load();
  let doc: GraphQL.DocumentNode;
  try {
    doc = lib.parse(query);
  } catch (err) {
    out.problems.push(`the query does not parse: ${(err as Error).message}`);
    return out;
  }
  for (const e of validate(query)) out.problems.push(`the query breaks GitHub's schema: ${e.message}`);
  const ops = doc.definitions.filter((d): d is GraphQL.OperationDefinitionNode => d.kind === lib.Kind.OPERATION_DEFINITION);
  if (ops.length !== 1) {
    out.problems.push(`expected one operation, found ${ops.length}`);
    return out;
  }
  const op = ops[0]!;
  out.operationType = op.operation as CheckedOperation["operationType"];
  const first = op.selectionSet.selections[0];
  out.field = first?.kind === lib.Kind.FIELD ? first.name.value : undefined;
  const given = variables === undefined || variables === null ? {} : variables;
  if (typeof given !== "object" || Array.isArray(given)) {
    out.problems.push("variables must be an object");
    return out;
  }
  const declared = new Set<string>();
  for (const def of op.variableDefinitions ?? []) {
    const name = def.variable.name.value;
    declared.add(name);
    const type = lib.typeFromAST(schema, def.type as GraphQL.NamedTypeNode) as GraphQL.GraphQLInputType | undefined;
    if (!type) continue; // validate() reported the unknown type
    const value = (given as Record<string, unknown>)[name];
    if (value === undefined) {
      if (lib.isNonNullType(type) && !def.defaultValue) out.problems.push(`variable $${name} of type ${String(type)} is required`);
      continue;
    }
    out.variables[name] = lib.coerceInputValue(value, type, (p, _invalid, error) => {
      out.problems.push(`variable $${name}${p.length ? `.${p.join(".")}` : ""}: ${error.message}`);
    });
  }
  for (const name of Object.keys(given)) if (!declared.has(name)) out.problems.push(`variable $${name} is not declared by the operation`);
  return out;
}

const OID = /^[0-9a-f]{40}$/;
// RFC 4648 base64 with padding, as GitHub's Base64String requires.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

interface CommitInput {
  branch: { repositoryNameWithOwner?: string; branchName?: string; id?: string };
  expectedHeadOid: string;
  message: { headline: string; body?: string | null };
  fileChanges?: { additions?: { path: string; contents: string }[] | null; deletions?: { path: string }[] | null } | null;
}

/** What GitHub's scalars and FileChanges docs require beyond the types. */
export function commitInputProblems(input: CommitInput): string[] {
  const problems: string[] = [];
  if (!OID.test(input.expectedHeadOid)) problems.push(`expectedHeadOid "${input.expectedHeadOid}" is not a git object id`);
  if (!input.branch.id && !(input.branch.repositoryNameWithOwner && input.branch.branchName)) {
    problems.push("branch needs an id, or both repositoryNameWithOwner and branchName");
  }
  const seen = new Set<string>();
  const paths = [...(input.fileChanges?.additions ?? []), ...(input.fileChanges?.deletions ?? [])].map((c) => c.path);
  for (const p of paths) {
    if (seen.has(p)) problems.push(`path ${p} appears twice in fileChanges`);
    seen.add(p);
    if (p.startsWith("/") || p.split("/").some((s) => s === "" || s === "." || s === "..")) problems.push(`path "${p}" is not a plain repository path`);
  }
  for (const a of input.fileChanges?.additions ?? []) {
    if (!BASE64.test(a.contents)) problems.push(`contents of ${a.path} are not RFC 4648 base64`);
  }
  return problems;
}

export interface RecordedCommit {
  branch: string;
  expectedHeadOid: string;
  parent: string;
  oid: string;
  /** The full message as git stores it. */
  message: string;
  author: string;
  committer: string;
  added: string[];
  modified: string[];
  deleted: string[];
  /** Every file of the new commit's tree: path -> content. */
  tree: Record<string, string>;
}

function git(cwd: string, args: string[], options: { env?: Record<string, string>; input?: string | Buffer } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      "git",
      args,
      { cwd, env: { ...process.env, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null", ...options.env }, encoding: "utf8", maxBuffer: 1 << 28 },
      (err, stdout, stderr) => (err ? reject(new Error(`git ${args.join(" ")}: ${stderr}`)) : resolve(stdout)),
    );
    child.stdin?.end(options.input);
  });
}

export type GraphqlAnswer = { data: unknown; errors?: { type: string; message: string; path?: string[] }[] };

/**
 * createCommitOnBranch on the bare repository `origin`: GitHub's answers for
 * a branch that moved (STALE_DATA), a missing branch or a deletion of a
 * missing file (NOT_FOUND / UNPROCESSABLE); otherwise the commit, authored
 * by the Actions bot and committed by GitHub, and its record.
 */
export async function createCommitOnBranch(origin: string, nameWithOwner: string, input: CommitInput, record: (c: RecordedCommit) => void): Promise<GraphqlAnswer> {
  const fail = (type: string, message: string): GraphqlAnswer => ({ data: { createCommitOnBranch: null }, errors: [{ type, message, path: ["createCommitOnBranch"] }] });
  if (input.branch.repositoryNameWithOwner?.toLowerCase() !== nameWithOwner.toLowerCase() || !input.branch.branchName) {
    return fail("NOT_FOUND", `Could not resolve to a Repository with the name '${input.branch.repositoryNameWithOwner}'.`);
  }
  const branch = input.branch.branchName.replace(/^refs\/heads\//, "");
  const ref = `refs/heads/${branch}`;
  const tip = (await git(origin, ["rev-parse", "--verify", "--quiet", ref]).catch(() => "")).trim();
  if (!tip) return fail("NOT_FOUND", `A ref named "${branch}" does not exist`);
  if (tip !== input.expectedHeadOid) return fail("STALE_DATA", `Expected branch to point to "${input.expectedHeadOid}" but it did not.  Pull and try again.`);
  const temp = mkdtempSync(path.join(tmpdir(), "sps-fake-gh-"));
  try {
    const env = { GIT_INDEX_FILE: path.join(temp, "index") };
    await git(origin, ["read-tree", tip], { env });
    for (const d of input.fileChanges?.deletions ?? []) {
      const present = (await git(origin, ["ls-files", "--", d.path], { env })).trim();
      if (!present) return fail("UNPROCESSABLE", `A path was requested for deletion which does not exist as of commit oid \`${tip}\``);
      // --index-info, not --force-remove: a bare repository has no work tree.
      await git(origin, ["update-index", "--index-info"], { env, input: `0 ${"0".repeat(40)}\t${d.path}\n` });
    }
    for (const a of input.fileChanges?.additions ?? []) {
      const blob = (await git(origin, ["hash-object", "-w", "--stdin"], { input: Buffer.from(a.contents, "base64") })).trim();
      await git(origin, ["update-index", "--add", "--cacheinfo", `100644,${blob},${a.path}`], { env });
    }
    const tree = (await git(origin, ["write-tree"], { env })).trim();
    const message = input.message.body ? `${input.message.headline}\n\n${input.message.body}` : input.message.headline;
    const oid = (
      await git(origin, ["commit-tree", tree, "-p", tip, "-F", "-"], {
        input: message,
        env: { GIT_AUTHOR_NAME: FAKE_BOT.name, GIT_AUTHOR_EMAIL: FAKE_BOT.email, GIT_COMMITTER_NAME: FAKE_COMMITTER.name, GIT_COMMITTER_EMAIL: FAKE_COMMITTER.email },
      })
    ).trim();
    await git(origin, ["update-ref", ref, oid, tip]);
    const status = (await git(origin, ["diff-tree", "--no-renames", "--name-status", "-r", tip, oid])).split("\n").filter(Boolean);
    const pick = (s: string) => status.filter((l) => l.startsWith(`${s}\t`)).map((l) => l.slice(2)).sort();
    const files: Record<string, string> = {};
    for (const f of (await git(origin, ["ls-tree", "-r", "--name-only", oid])).split("\n").filter(Boolean)) {
      files[f] = await git(origin, ["show", `${oid}:${f}`]);
    }
    record({
      branch,
      expectedHeadOid: input.expectedHeadOid,
      parent: tip,
      oid,
      message: (await git(origin, ["log", "-1", "--format=%B", oid])).trimEnd(),
      author: `${FAKE_BOT.name} <${FAKE_BOT.email}>`,
      committer: `${FAKE_COMMITTER.name} <${FAKE_COMMITTER.email}>`,
      added: pick("A"),
      modified: pick("M"),
      deleted: pick("D"),
      tree: files,
    });
    return { data: { createCommitOnBranch: { commit: { oid } } } };
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}
