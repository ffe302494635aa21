/**
 * The repository a repo command works on: its root, a reader over its work
 * tree, the config path, and the RepoState views `diff` compares. This is an
 * edge module: it touches the file system and git, the planner does not.
 */
import * as path from "node:path";
import { SpecError } from "../model/diagnostic.js";
import { fsReader, normalizeRepoPath, type SourceReader } from "../files/reader.js";
import { gitCopies, gitReader, gitTopLevel, workTreeBlobIds } from "../git.js";
import type { ExistingFiles } from "./plan.js";
import type { GitCopies } from "./changes.js";
import { listWorkTreeFiles } from "./discover.js";
import { readOutputDir } from "./write.js";
import { fileStreamOpener } from "../files/file-stream.js";

/** One state of a repository, as `diff` compares two: the work tree, or a git ref read without a checkout. */
export interface RepoState {
  reader: SourceReader;
  /** As shown in reports: the ref given, or WORKTREE. */
  ref: string;
  commit?: string;
  /** Every file of the state (for discovery and for the committed manifests). */
  listFiles(): Promise<string[]>;
  /** The committed files under a directory, read as text (null: not a regular file). Default: listFiles + reader. */
  readDir?(dir: string): Promise<ExistingFiles>;
  /** Starts slow lookups (git child processes) early, so they run while configs are parsed. */
  prefetch?(): void;
  /**
   * Opens a file as a stream of chunks (tap recordings, which may be large);
   * undefined when it does not exist. Default: the reader, the whole file at once.
   */
  openStream?(relPath: string): Promise<AsyncIterable<Uint8Array> | undefined>;
  /**
   * For the work tree: the blob ids git holds under these directories (HEAD and index), or undefined
   * outside git. A file whose edit git does not have is one sync refuses to lose. Absent for a ref.
   */
  gitCopies?(dirs: string[]): Promise<GitCopies>;
}

export const WORKTREE_REF = "WORKTREE";

export interface Workspace {
  /** Absolute path of the repository root. */
  root: string;
  /** Reads the work tree. */
  reader: SourceReader;
  /** Repo-relative config path when --config was given. */
  configPath?: string;
  /** Whether the root is a git work tree. */
  inGit: boolean;
}

/**
 * The root is --root, else the git work tree holding cwd, else cwd. A
 * --config path is taken relative to cwd and must lie inside the root.
 */
export async function openWorkspace(cwd: string, options: { root?: string; config?: string } = {}): Promise<Workspace> {
  const top = await gitTopLevel(options.root ? path.resolve(cwd, options.root) : cwd);
  const root = options.root ? path.resolve(cwd, options.root) : (top ?? path.resolve(cwd));
  const inGit = top !== undefined && path.resolve(top) === root;
  const ws: Workspace = { root, reader: inGit ? worktreeReader(root) : fsReader(root), inGit };
  if (options.config !== undefined) {
    const rel = path.relative(root, path.resolve(cwd, options.config)).split(path.sep).join("/");
    try {
      ws.configPath = normalizeRepoPath(rel);
    } catch {
      throw new SpecError({ message: `the config ${options.config} is outside the repository ${root}`, hint: "put the config inside the repository, or pass --root" });
    }
  }
  return ws;
}

/**
 * The work tree, read from disk, that also knows the blob id of every clean
 * tracked file from git's index: fingerprints then need not read those files
 * when a recorded closure is still valid.
 */
export function worktreeReader(root: string): SourceReader & { blobId(relPath: string): Promise<string | undefined> } {
  const disk = fsReader(root);
  let ids: Promise<Map<string, string>> | undefined;
  const blobId = async (relPath: string) => {
    ids ??= workTreeBlobIds(root).catch(() => new Map<string, string>());
    return (await ids).get(normalizeRepoPath(relPath));
  };
  return {
    label: disk.label,
    read: (p) => disk.read(p),
    // A clean tracked regular file is its own real path: git tracks no file beyond a symbolic
    // link, and reports one that now lies behind a link as changed. Spares a thousand realpaths.
    realPath: async (p) => ((await blobId(p)) !== undefined ? normalizeRepoPath(p) : disk.realPath!(p)),
    blobId,
  };
}

/** The work tree as one side of a diff. */
export function worktreeState(ws: Workspace): RepoState {
  let files: Promise<string[]> | undefined;
  const listFiles = () => (files ??= listWorkTreeFiles(ws.root, ws.inGit));
  return {
    reader: ws.reader,
    ref: WORKTREE_REF,
    listFiles,
    readDir: (dir) => readOutputDir(ws.root, dir),
    gitCopies: async (dirs) => (ws.inGit ? gitCopies(ws.root, dirs) : undefined),
    // Tap recordings can be large: stream them from disk instead of reading them whole.
    openStream: fileStreamOpener(ws.root),
    prefetch() {
      void listFiles().catch(() => undefined);
      const ids = ws.reader as Partial<{ blobId(p: string): Promise<string | undefined> }>;
      void ids.blobId?.("").catch(() => undefined);
    },
  };
}

/** A git ref as one side of a diff; call close() when done. */
export async function refState(ws: Workspace, ref: string): Promise<RepoState & { close(): void }> {
  if (!ws.inGit) throw new SpecError({ message: `${ws.root} is not the root of a git work tree, so "${ref}" cannot be read`, hint: "run the command inside a git repository (or pass --root)" });
  const reader = await gitReader(ws.root, ref);
  return { reader, ref, commit: reader.commit, listFiles: () => reader.listFiles(), close: () => reader.close() };
}
