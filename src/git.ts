/**
 * The only module that runs git. Everything is read through plumbing
 * commands (`ls-files`, `ls-tree`, `cat-file`) so nothing is ever checked
 * out: reading a ref is reading files, through the same SourceReader the
 * engine uses for the work tree.
 */
import { execFile, spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createHash } from "node:crypto";
import * as path from "node:path";
import { SpecError } from "./model/diagnostic.js";
import { normalizeRepoPath, type SourceReader } from "./files/reader.js";

/** A git command that failed; `stderr` holds git's own words. */
export class GitError extends Error {
  constructor(
    message: string,
    readonly stderr: string,
  ) {
    super(message);
    this.name = "GitError";
  }
}

// Keep user and system configuration from changing what plumbing prints.
const GIT_ENV = { ...process.env, GIT_TERMINAL_PROMPT: "0", GIT_OPTIONAL_LOCKS: "0", LC_ALL: "C" };

/** Runs `git args...` in `cwd` and returns stdout as bytes. */
export function git(cwd: string, args: string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile("git", args, { cwd, env: GIT_ENV, encoding: "buffer", maxBuffer: 1 << 30 }, (err, stdout, stderr) => {
      if (err) {
        const text = stderr.toString("utf8").trim();
        const why = text || err.message;
        reject(new GitError(`git ${args.join(" ")}: ${why}`, text));
        return;
      }
      resolve(stdout);
    });
  });
}

/** The top directory of the work tree holding `dir`, or undefined outside a git repository. */
export async function gitTopLevel(dir: string): Promise<string | undefined> {
  try {
    const out = (await git(dir, ["rev-parse", "--show-toplevel"])).toString("utf8").trim();
    return out === "" ? undefined : path.resolve(out);
  } catch {
    return undefined;
  }
}

/** Tracked and untracked-but-not-ignored files of the work tree, repo-relative, sorted. */
export async function lsFiles(repoDir: string): Promise<string[]> {
  const out = await git(repoDir, ["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--full-name"]);
  const files = new Set(splitNul(out.toString("utf8")));
  return [...files].sort(byteOrder);
}

/**
 * Blob ids of the work tree's regular files that are tracked and unmodified
 * (their content is the index's blob), without reading them. Modified,
 * deleted, untracked and symlinked files are absent: read those.
 */
export async function workTreeBlobIds(repoDir: string): Promise<Map<string, string>> {
  const [staged, dirty] = await Promise.all([
    git(repoDir, ["ls-files", "-s", "-z", "--full-name"]),
    // Porcelain diff refreshes stat information in memory, so a touched but unchanged file counts as clean.
    git(repoDir, ["diff", "--name-only", "-z", "--no-renames", "--no-ext-diff", "--ignore-submodules"]),
  ]);
  const changed = new Set(splitNul(dirty.toString("utf8")));
  const ids = new Map<string, string>();
  for (const record of splitNul(staged.toString("utf8"))) {
    const tab = record.indexOf("\t");
    const [mode = "", object = "", stage = ""] = record.slice(0, tab).split(" ");
    const file = record.slice(tab + 1);
    if ((mode === "100644" || mode === "100755") && stage === "0" && !changed.has(file)) ids.set(file, object);
  }
  return ids;
}

/**
 * The blob ids git holds under `dirs` (repo-relative): HEAD's tree and the
 * index (every stage), by path. What sync compares a file with before it
 * deletes or replaces it: an edit git has is not lost.
 */
export async function gitCopies(repoDir: string, dirs: readonly string[]): Promise<Map<string, Set<string>>> {
  const specs = ["--", ...dirs.map((d) => `:(literal)${d}`)];
  const [head, index] = await Promise.all([
    // A repository without a commit has no HEAD tree: only the index counts.
    git(repoDir, ["ls-tree", "-r", "-z", "--full-tree", "HEAD", ...specs]).catch(() => Buffer.alloc(0)),
    git(repoDir, ["ls-files", "-s", "-z", "--full-name", ...specs]),
  ]);
  const copies = new Map<string, Set<string>>();
  const add = (file: string, id: string) => {
    let ids = copies.get(file);
    if (!ids) copies.set(file, (ids = new Set()));
    ids.add(id);
  };
  for (const record of splitNul(head.toString("utf8"))) {
    const tab = record.indexOf("\t");
    add(record.slice(tab + 1), record.slice(0, tab).split(" ")[2] ?? "");
  }
  for (const record of splitNul(index.toString("utf8"))) {
    const tab = record.indexOf("\t");
    add(record.slice(tab + 1), record.slice(0, tab).split(" ")[1] ?? "");
  }
  return copies;
}

/** The commit a ref names; a SpecError that says what to do when it names none. */
export async function resolveCommit(repoDir: string, ref: string): Promise<string> {
  if (ref.startsWith("-")) throw new SpecError({ message: `"${ref}" is not a git ref`, hint: "name a branch, tag or commit" });
  try {
    const out = await git(repoDir, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`]);
    return out.toString("utf8").trim();
  } catch {
    throw new SpecError({
      message: `unknown git ref "${ref}"`,
      hint: "name a branch, tag or commit that exists locally; in CI fetch it first (e.g. actions/checkout with fetch-depth: 0)",
    });
  }
}

export interface TreeEntry {
  /** Octal mode as git prints it: 100644, 100755, 120000 (symlink), 160000 (submodule). */
  mode: string;
  type: "blob" | "tree" | "commit";
  object: string;
  /** Repo-relative POSIX path. */
  path: string;
}

/** Every blob (and submodule) of a commit's tree, recursively. */
export async function lsTree(repoDir: string, commit: string): Promise<TreeEntry[]> {
  const out = await git(repoDir, ["ls-tree", "-r", "-z", "--full-tree", commit]);
  const entries: TreeEntry[] = [];
  for (const record of splitNul(out.toString("utf8"))) {
    const tab = record.indexOf("\t");
    const [mode = "", type = "", object = ""] = record.slice(0, tab).split(" ");
    entries.push({ mode, type: type as TreeEntry["type"], object, path: record.slice(tab + 1) });
  }
  return entries;
}

/** `git show REF:path` as bytes, or undefined when the path is not in the ref. */
export async function showFile(repoDir: string, ref: string, relPath: string): Promise<Buffer | undefined> {
  try {
    return await git(repoDir, ["cat-file", "blob", `${ref}:${normalizeRepoPath(relPath)}`]);
  } catch {
    return undefined;
  }
}

function splitNul(text: string): string[] {
  return text.split("\0").filter((s) => s !== "");
}

/** The id git gives a blob with this content (`git hash-object`): sha1 of "blob <size>\0" + content. */
export function gitBlobId(data: Buffer): string {
  return createHash("sha1").update(`blob ${data.length}\0`).update(data).digest("hex");
}

export function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * One long-lived `git cat-file --batch`: a thousand blobs cost one process,
 * not a thousand. Requests are answered in order.
 */
class BlobBatch {
  private proc: ChildProcessWithoutNullStreams | undefined;
  // Output is kept as chunks and joined only when a whole answer has arrived:
  // joining on every chunk would copy a large blob over and over.
  private chunks: Buffer[] = [];
  private buffered = 0;
  private need = 0;
  private waiting: { resolve: (b: Buffer | undefined) => void; reject: (e: Error) => void }[] = [];
  private failure: Error | undefined;

  constructor(private readonly repoDir: string) {}

  read(object: string): Promise<Buffer | undefined> {
    if (this.failure) return Promise.reject(this.failure);
    const proc = this.start();
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      if (this.waiting.length === 1) this.hold(proc, true);
      proc.stdin.write(`${object}\n`);
    });
  }

  close(): void {
    this.proc?.stdin.end();
    this.proc = undefined;
  }

  private start(): ChildProcessWithoutNullStreams {
    if (this.proc) return this.proc;
    const proc = spawn("git", ["cat-file", "--batch"], { cwd: this.repoDir, env: GIT_ENV });
    proc.stdout.on("data", (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
      if (this.buffered >= this.need) this.drain();
    });
    let stderr = "";
    proc.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    const fail = (err: Error) => {
      this.failure = err;
      for (const w of this.waiting.splice(0)) w.reject(err);
    };
    proc.on("error", (err) => fail(new GitError(`git cat-file: ${err.message}`, stderr)));
    proc.on("close", (code) => {
      if (this.waiting.length) fail(new GitError(`git cat-file exited with ${code}: ${stderr.trim()}`, stderr));
      if (this.proc === proc) this.proc = undefined;
    });
    // An idle reader nobody closed must not keep Node running; a pending read must.
    this.hold(proc, false);
    this.proc = proc;
    return proc;
  }

  private hold(proc: ChildProcessWithoutNullStreams, keepAlive: boolean): void {
    for (const handle of [proc, proc.stdout, proc.stdin, proc.stderr] as unknown as { ref?: () => void; unref?: () => void }[]) {
      if (keepAlive) handle.ref?.();
      else handle.unref?.();
    }
  }

  private drain(): void {
    let buf = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
    this.need = 0;
    while (this.waiting.length) {
      const nl = buf.indexOf(0x0a);
      if (nl === -1) break;
      const header = buf.subarray(0, nl).toString("utf8");
      if (header.endsWith(" missing") || header.endsWith(" ambiguous")) {
        buf = buf.subarray(nl + 1);
        this.waiting.shift()!.resolve(undefined);
        continue;
      }
      const size = Number(header.split(" ")[2]);
      if (buf.length < nl + 1 + size + 1) {
        this.need = nl + 1 + size + 1;
        break;
      }
      const body = Buffer.from(buf.subarray(nl + 1, nl + 1 + size));
      buf = buf.subarray(nl + 1 + size + 1);
      this.waiting.shift()!.resolve(body);
    }
    this.chunks = buf.length ? [buf] : [];
    this.buffered = buf.length;
    if (this.waiting.length === 0 && this.proc) this.hold(this.proc, false);
  }
}

/** A SourceReader over a commit's tree, which can also list its files. */
export interface GitSourceReader extends SourceReader {
  /** The resolved commit. */
  readonly commit: string;
  /** Every regular file in the tree (symlinks included, submodules not), sorted. */
  listFiles(): Promise<string[]>;
  /** The blob id of a file (links followed) without reading it; undefined when absent. */
  blobId(relPath: string): Promise<string | undefined>;
  /** Ends the background `git cat-file` process. */
  close(): void;
}

const SYMLINK_MODE = "120000";
const MAX_LINK_HOPS = 40;

/**
 * Reads files of `ref` without checking it out. Symbolic links stored in the
 * tree are followed inside the tree; a link that leaves the repository is
 * refused, as the work-tree reader refuses one.
 */
export async function gitReader(repoDir: string, ref: string): Promise<GitSourceReader> {
  const commit = await resolveCommit(repoDir, ref);
  // Listed in the background, awaited on first use: the caller parses its config meanwhile.
  const tree = lsTree(repoDir, commit).then((list) => {
    const entries = new Map<string, TreeEntry>();
    for (const e of list) if (e.type === "blob") entries.set(e.path, e);
    return entries;
  });
  tree.catch(() => undefined); // a failure is reported where the tree is used, not as an unhandled rejection
  const batch = new BlobBatch(repoDir);
  const label = ref;

  async function resolve(relPath: string, hops: number, asked: string): Promise<TreeEntry | undefined> {
    if (hops > MAX_LINK_HOPS) {
      throw new SpecError({ message: `too many levels of symbolic links resolving "${asked}" in ${label}`, file: asked });
    }
    const normal = normalizeRepoPath(relPath);
    const entries = await tree;
    const direct = entries.get(normal);
    if (direct && direct.mode !== SYMLINK_MODE) return direct;
    // A link may be the file itself or any directory on the way to it.
    const parts = normal.split("/");
    for (let i = direct ? parts.length : parts.length - 1; i >= 1; i--) {
      const prefix = parts.slice(0, i).join("/");
      const link = i === parts.length ? direct : entries.get(prefix);
      if (!link || link.mode !== SYMLINK_MODE) continue;
      const target = (await batch.read(link.object))?.toString("utf8") ?? "";
      const rest = parts.slice(i).join("/");
      let resolvedTarget: string;
      try {
        if (target.startsWith("/")) throw new Error("absolute");
        resolvedTarget = normalizeRepoPath(path.posix.join(path.posix.dirname(prefix), target));
      } catch {
        throw new SpecError({
          message: `"${prefix}" is a symbolic link to "${target}", outside the repository (in ${label})`,
          file: asked,
          hint: "only files inside the repository are read; replace the link with a copy of the file",
        });
      }
      return resolve(rest ? `${resolvedTarget}/${rest}` : resolvedTarget, hops + 1, asked);
    }
    return undefined;
  }

  return {
    label,
    commit,
    async read(relPath: string) {
      const entry = await resolve(relPath, 0, relPath);
      if (!entry) return undefined;
      return batch.read(entry.object);
    },
    async listFiles() {
      return [...(await tree).keys()].sort(byteOrder);
    },
    async blobId(relPath: string) {
      return (await resolve(relPath, 0, relPath))?.object;
    },
    async realPath(relPath: string) {
      return (await resolve(relPath, 0, relPath))?.path;
    },
    close() {
      batch.close();
    },
  };
}
