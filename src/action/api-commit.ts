/**
 * Commits through GitHub's GraphQL API instead of `git push`
 * (`commit-method: api`). GitHub signs a commit made this way by a bot
 * token (GITHUB_TOKEN, a GitHub App's token), so it shows as Verified and
 * passes branch protection that requires signed commits.
 *
 * createCommitOnBranch rather than the REST git-data endpoints (blob, tree,
 * commit, ref): one request that is atomic, and `expectedHeadOid` makes it
 * a compare-and-swap on the exact tip the files were generated from, where
 * a non-forced ref update only refuses non-fast-forwards. What it cannot do
 * (file modes, symlinks, submodules) generated manifests never need.
 */
import { PermissionError, permissionsBlock } from "../github/api.js";
import type { RepoId } from "../github/context.js";
import type { Publisher, PublishResult } from "./commit.js";
import { CommitError } from "./commit.js";
import { COMMIT_TRAILER, type FileChange } from "./git-ops.js";

/** A GraphQL call: resolves to `data`, rejects with octokit's errors. */
export type GraphqlRequest = (query: string, variables: Record<string, unknown>) => Promise<unknown>;

export const CREATE_COMMIT_MUTATION = `mutation CreateCommitOnBranch($input: CreateCommitOnBranchInput!) {
  createCommitOnBranch(input: $input) {
    commit {
      oid
    }
  }
}`;

/**
 * GitHub's API takes blobs up to 40 MiB (the limit create-pull-request's
 * `sign-commits` documents) and publishes no size limit for a GraphQL
 * request; the action keeps the whole request, base64 included, within
 * that same figure and refuses before sending anything larger.
 */
export const API_REQUEST_LIMIT_BYTES = 40 * 1024 * 1024;

export const COMMIT_PERMISSIONS = ["contents: write"];

export interface CommitMessageInput {
  headline: string;
  body: string;
}

/** The message as GitHub's two fields; GitHub joins them with a blank line, as the git path writes it. */
export function commitMessage(message: string): CommitMessageInput {
  const [first = "", ...rest] = message.trim().split("\n");
  const body = rest.join("\n").trim();
  return { headline: first.trim(), body: body ? `${body}\n\n${COMMIT_TRAILER}` : COMMIT_TRAILER };
}

export interface CommitInput {
  branch: { repositoryNameWithOwner: string; branchName: string };
  expectedHeadOid: string;
  message: CommitMessageInput;
  fileChanges: { additions: { path: string; contents: string }[]; deletions: { path: string }[] };
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** The mutation's input; throws a CommitError naming the largest files when it is over `limit`. */
export function commitInput(
  repository: RepoId,
  branch: string,
  parent: string,
  changes: FileChange[],
  message: string,
  limit = API_REQUEST_LIMIT_BYTES,
): CommitInput {
  const additions: CommitInput["fileChanges"]["additions"] = [];
  const deletions: CommitInput["fileChanges"]["deletions"] = [];
  let size = 0;
  for (const c of changes) {
    if (c.content === undefined) {
      deletions.push({ path: c.path });
      size += c.path.length + 16;
    } else {
      const contents = c.content.toString("base64");
      additions.push({ path: c.path, contents });
      size += c.path.length + contents.length + 32;
    }
  }
  if (size > limit) {
    const largest = changes
      .filter((c) => c.content !== undefined)
      .sort((a, b) => b.content!.length - a.content!.length)
      .slice(0, 3)
      .map((c) => `${c.path} (${mib(c.content!.length)})`);
    throw new CommitError(
      `the commit through GitHub's API would be ${mib(size)} encoded, over the ${mib(limit)} the action sends in one request ` +
        `(largest: ${largest.join(", ")}). Use commit-method: git for a change this large.`,
    );
  }
  return {
    branch: { repositoryNameWithOwner: `${repository.owner}/${repository.repo}`, branchName: branch },
    expectedHeadOid: parent,
    message: commitMessage(message),
    fileChanges: { additions, deletions },
  };
}

interface GraphqlErrorLike {
  type?: unknown;
  message?: unknown;
}

interface ErrorLike {
  status?: unknown;
  message?: unknown;
  errors?: unknown;
  response?: { data?: { message?: unknown } };
}

function graphqlErrors(err: unknown): GraphqlErrorLike[] {
  const errors = (err as ErrorLike | undefined)?.errors;
  return Array.isArray(errors) ? (errors as GraphqlErrorLike[]) : [];
}

function reasonOf(err: unknown): string {
  const errors = graphqlErrors(err);
  if (errors.length) return errors.map((e) => String(e.message ?? e.type ?? "error")).join("; ");
  const e = err as ErrorLike | undefined;
  const fromBody = e?.response?.data?.message;
  if (typeof fromBody === "string" && fromBody) return fromBody;
  return String(e?.message ?? err).replace(/ - https:\/\/docs\.github\.com\S*$/, "");
}

/** A refused mutation as the error to show; undefined when the tip moved (the caller retries). */
export function explainCommitError(err: unknown, branch: string): Error | undefined {
  const errors = graphqlErrors(err);
  // GitHub answers a stale expectedHeadOid with 200 and an error of type STALE_DATA.
  if (errors.some((e) => e.type === "STALE_DATA")) return undefined;
  const status = (err as ErrorLike | undefined)?.status;
  const reason = reasonOf(err);
  const forbidden = errors.some((e) => e.type === "FORBIDDEN") || (status === 403 && !/rate limit/i.test(reason));
  if (forbidden) {
    return new PermissionError(
      `GitHub refused the commit to "${branch}" (${reason}). The token needs "contents: write"; give the job:\n${permissionsBlock(COMMIT_PERMISSIONS)}`,
      "contents: write",
    );
  }
  if (status === 401) return new CommitError(`GitHub did not accept the token for the commit to "${branch}" (401: ${reason})`);
  return new CommitError(`GitHub refused the commit to "${branch}": ${typeof status === "number" ? `${status} ` : ""}${reason}`);
}

/** Publishes through createCommitOnBranch; the loop guard and retries stay in commitGenerated. */
export function apiPublisher(graphql: GraphqlRequest, repository: RepoId, limit = API_REQUEST_LIMIT_BYTES): Publisher {
  return {
    verb: "commit",
    async publish(parent, changes, branch, message): Promise<PublishResult> {
      if (changes.length === 0) return { status: "unchanged" };
      const input = commitInput(repository, branch, parent, changes, message, limit);
      let data: unknown;
      try {
        data = await graphql(CREATE_COMMIT_MUTATION, { input });
      } catch (err) {
        const explained = explainCommitError(err, branch);
        if (explained) throw explained;
        return { status: "rejected", detail: reasonOf(err) };
      }
      const oid = (data as { createCommitOnBranch?: { commit?: { oid?: unknown } } } | undefined)?.createCommitOnBranch?.commit?.oid;
      if (typeof oid !== "string" || !/^[0-9a-f]{40,64}$/.test(oid)) {
        throw new CommitError(`GitHub answered the commit to "${branch}" without a commit id`);
      }
      return { status: "published", commit: oid };
    },
  };
}
