/**
 * One sticky pull request comment per config: found by a hidden marker,
 * updated in place, created only when there is something to say.
 */

/** GitHub refuses comment bodies longer than this. */
export const COMMENT_BODY_LIMIT = 65_536;

export interface IssueComment {
  id: number;
  body?: string | null;
  html_url?: string;
}

/** The three calls the sticky comment needs; api-backed in the action, in-memory in tests. */
export interface CommentApi {
  /** Pages of the issue's comments, oldest first; the caller may stop early. */
  listPages(issue: number): AsyncIterable<IssueComment[]>;
  create(issue: number, body: string): Promise<IssueComment>;
  update(commentId: number, body: string): Promise<IssueComment>;
}

/**
 * The hidden marker. It carries the config path so two jobs (two configs in
 * a monorepo) keep one comment each instead of overwriting each other.
 */
export function commentMarker(configPath: string): string {
  // "--" may not appear inside an HTML comment; nothing else in a path breaks one.
  const key = configPath.replace(/\\/g, "/").replace(/-(?=-)/g, "-%2D").replace(/>/g, "%3E");
  return `<!-- serviceprofile-sync comment; config=${key} -->`;
}

export async function findStickyComment(api: CommentApi, issue: number, marker: string): Promise<IssueComment | undefined> {
  for await (const page of api.listPages(issue)) {
    const found = page.find((c) => typeof c.body === "string" && c.body.includes(marker));
    if (found) return found;
  }
  return undefined;
}

export type StickyOutcome =
  | { action: "created" | "updated" | "unchanged"; id: number; url: string | undefined }
  | { action: "skipped" };

export interface StickyRequest {
  issue: number;
  marker: string;
  /** Comment text without the marker; it is put on the first line. */
  body: string;
  /** False when there is nothing to say: an existing comment is still updated, none is created. */
  createIfMissing: boolean;
}

export function withMarker(marker: string, body: string): string {
  return fitCommentBody(`${marker}\n${body}`);
}

export async function upsertStickyComment(api: CommentApi, req: StickyRequest): Promise<StickyOutcome> {
  const body = withMarker(req.marker, req.body);
  const existing = await findStickyComment(api, req.issue, req.marker);
  if (existing) {
    // An identical edit would only bump "edited" in the UI.
    if (existing.body === body) return { action: "unchanged", id: existing.id, url: existing.html_url };
    const updated = await api.update(existing.id, body);
    return { action: "updated", id: updated.id, url: updated.html_url ?? existing.html_url };
  }
  if (!req.createIfMissing) return { action: "skipped" };
  const created = await api.create(req.issue, body);
  return { action: "created", id: created.id, url: created.html_url };
}

const TRUNCATION_NOTE = "\n\n_… cut to fit GitHub's comment size limit; the job summary has the full report._\n";

/**
 * Last line of defence under the body limit: the report is already rendered
 * to a budget, so this only trims when the rest of the text overflowed.
 * Cuts at a line end, outside any open `<details>` or code fence.
 */
export function fitCommentBody(body: string, limit = COMMENT_BODY_LIMIT): string {
  if (body.length <= limit) return body;
  let cut = body.lastIndexOf("\n", limit - TRUNCATION_NOTE.length - 64);
  if (cut <= 0) cut = limit - TRUNCATION_NOTE.length - 64;
  let head = body.slice(0, cut);
  if ((head.match(/^```/gm) ?? []).length % 2 === 1) head += "\n```";
  const open = (head.match(/<details>/g) ?? []).length - (head.match(/<\/details>/g) ?? []).length;
  for (let i = 0; i < open; i++) head += "\n</details>";
  return head + TRUNCATION_NOTE;
}
