import { type SourceReader } from "./files/reader.js";
/** A git command that failed; `stderr` holds git's own words. */
export declare class GitError extends Error {
    readonly stderr: string;
    constructor(message: string, stderr: string);
}
/** Runs `git args...` in `cwd` and returns stdout as bytes. */
export declare function git(cwd: string, args: string[]): Promise<Buffer>;
/** The top directory of the work tree holding `dir`, or undefined outside a git repository. */
export declare function gitTopLevel(dir: string): Promise<string | undefined>;
/** Tracked and untracked-but-not-ignored files of the work tree, repo-relative, sorted. */
export declare function lsFiles(repoDir: string): Promise<string[]>;
/**
 * Blob ids of the work tree's regular files that are tracked and unmodified
 * (their content is the index's blob), without reading them. Modified,
 * deleted, untracked and symlinked files are absent: read those.
 */
export declare function workTreeBlobIds(repoDir: string): Promise<Map<string, string>>;
/**
 * The blob ids git holds under `dirs` (repo-relative): HEAD's tree and the
 * index (every stage), by path. What sync compares a file with before it
 * deletes or replaces it: an edit git has is not lost.
 */
export declare function gitCopies(repoDir: string, dirs: readonly string[]): Promise<Map<string, Set<string>>>;
/** The commit a ref names; a SpecError that says what to do when it names none. */
export declare function resolveCommit(repoDir: string, ref: string): Promise<string>;
export interface TreeEntry {
    /** Octal mode as git prints it: 100644, 100755, 120000 (symlink), 160000 (submodule). */
    mode: string;
    type: "blob" | "tree" | "commit";
    object: string;
    /** Repo-relative POSIX path. */
    path: string;
}
/** Every blob (and submodule) of a commit's tree, recursively. */
export declare function lsTree(repoDir: string, commit: string): Promise<TreeEntry[]>;
/** `git show REF:path` as bytes, or undefined when the path is not in the ref. */
export declare function showFile(repoDir: string, ref: string, relPath: string): Promise<Buffer | undefined>;
/** The id git gives a blob with this content (`git hash-object`): sha1 of "blob <size>\0" + content. */
export declare function gitBlobId(data: Buffer): string;
export declare function byteOrder(a: string, b: string): number;
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
/**
 * Reads files of `ref` without checking it out. Symbolic links stored in the
 * tree are followed inside the tree; a link that leaves the repository is
 * refused, as the work-tree reader refuses one.
 */
export declare function gitReader(repoDir: string, ref: string): Promise<GitSourceReader>;
