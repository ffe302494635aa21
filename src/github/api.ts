/**
 * The GitHub REST client: @actions/github's octokit (which honours the
 * runner's proxy settings) with retries for transient failures and the
 * rate-limit etiquette GitHub asks integrations to follow. Refusals (403)
 * become errors that name the permission the workflow must grant.
 */
import { getOctokit } from "@actions/github";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import type { CommentApi } from "./comment.js";

export type GitHubClient = ReturnType<typeof getOctokit>;

export interface ClientLog {
  warning(message: string): void;
}

// Waiting longer than this for a rate limit costs more runner time than a failed comment.
const MAX_RATE_LIMIT_WAIT_S = 60;

export interface ClientOptions {
  /** GitHub's pacing of writes (one per second); off only where many writes are made on purpose, as in tests. */
  throttle?: boolean;
}

export function createClient(token: string, apiUrl: string, log: ClientLog, options: ClientOptions = {}): GitHubClient {
  if (!token) {
    throw new Error('input "token" is empty: pass a token (the default is ${{ github.token }}) or set comment: false');
  }
  const onLimit = (kind: string) => (retryAfter: number, options: { method?: string; url?: string }, _octokit: unknown, retryCount: number) => {
    if (retryCount < 2 && retryAfter <= MAX_RATE_LIMIT_WAIT_S) {
      log.warning(`GitHub ${kind} rate limit on ${options.method} ${options.url}; retrying in ${retryAfter}s`);
      return true;
    }
    return false;
  };
  return getOctokit(
    token,
    {
      baseUrl: apiUrl,
      userAgent: "serviceprofile-sync-action",
      throttle: { enabled: options.throttle ?? true, onRateLimit: onLimit("primary"), onSecondaryRateLimit: onLimit("secondary") },
      retry: { retries: 2 },
    },
    retry,
    throttling,
  );
}

/** A call GitHub refused for lack of a permission; the message says which to grant. */
export class PermissionError extends Error {
  constructor(
    message: string,
    readonly permission: string,
  ) {
    super(message);
    this.name = "PermissionError";
  }
}

interface HttpErrorLike {
  status?: number;
  message?: string;
  response?: { data?: unknown };
}

function statusOf(err: unknown): number | undefined {
  const status = (err as HttpErrorLike | undefined)?.status;
  return typeof status === "number" ? status : undefined;
}

/** GitHub's own reason ("Resource not accessible by integration"), without octokit's decoration. */
function githubReason(err: unknown): string {
  const data = (err as HttpErrorLike | undefined)?.response?.data;
  const fromBody = data && typeof data === "object" ? (data as { message?: unknown }).message : undefined;
  if (typeof fromBody === "string" && fromBody) return fromBody;
  return (err as Error | undefined)?.message?.replace(/ - https:\/\/docs\.github\.com\S*$/, "") ?? String(err);
}

/** The `permissions:` block a job needs, for copy-paste into an error message. */
export function permissionsBlock(permissions: string[]): string {
  return ["permissions:", ...permissions.map((p) => `  ${p}`)].join("\n");
}

/**
 * Turns a refused API call into a PermissionError naming `permission`;
 * other errors get `doing` as context and keep their status.
 */
export function explainApiError(err: unknown, doing: string, permission: string, allPermissions: string[]): Error {
  const status = statusOf(err);
  if (status === 403) {
    return new PermissionError(
      `GitHub refused to ${doing} (403: ${githubReason(err)}). The token needs "${permission}"; give the job:\n${permissionsBlock(allPermissions)}`,
      permission,
    );
  }
  const wrapped = new Error(`could not ${doing}: ${status ? `${status} ` : ""}${githubReason(err)}`);
  (wrapped as Error & { status?: number }).status = status;
  return wrapped;
}

/** The permissions a job that comments needs. */
export const COMMENT_PERMISSIONS = ["contents: read", "pull-requests: write"];

/** The sticky comment's calls over the REST API, with 403s explained. */
export function commentApi(client: GitHubClient, repository: { owner: string; repo: string }): CommentApi {
  // Only the two path parameters: anything else would be sent as a query parameter.
  const repo = { owner: repository.owner, repo: repository.repo };
  const explain = (doing: string) => (err: unknown) => {
    throw explainApiError(err, doing, "pull-requests: write", COMMENT_PERMISSIONS);
  };
  return {
    async *listPages(issue) {
      const pages = client.paginate.iterator(client.rest.issues.listComments, { ...repo, issue_number: issue, per_page: 100 });
      const it = pages[Symbol.asyncIterator]();
      while (true) {
        const next = await it.next().catch(explain(`list the comments of pull request #${issue}`));
        if (next.done) return;
        yield next.value.data;
      }
    },
    async create(issue, body) {
      const res = await client.rest.issues.createComment({ ...repo, issue_number: issue, body }).catch(explain(`comment on pull request #${issue}`));
      return res.data;
    },
    async update(commentId, body) {
      const res = await client.rest.issues.updateComment({ ...repo, comment_id: commentId, body }).catch(explain(`update comment ${commentId}`));
      return res.data;
    },
  };
}

/** GraphQL over the same client (retries, rate limits); octokit derives /graphql (or GHES's /api/graphql) from the REST base. */
export function graphqlRequest(client: GitHubClient): (query: string, variables: Record<string, unknown>) => Promise<unknown> {
  return (query, variables) => client.graphql(query, variables);
}
