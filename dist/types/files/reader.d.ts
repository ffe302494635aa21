export interface SourceReader {
    /** Contents of a file, or undefined when there is no such file. */
    read(relPath: string): Promise<Buffer | undefined>;
    /** Where the files come from, for messages ("the work tree", "origin/main"). */
    readonly label: string;
    /**
     * The repository path of the file a read of `relPath` returns, symbolic links
     * followed (undefined when absent), for readers that can follow links.
     */
    realPath?(relPath: string): Promise<string | undefined>;
}
/** Normalises a repository-relative path; throws when it leaves the root. */
export declare function normalizeRepoPath(relPath: string, referencedFrom?: string): string;
/** Resolves `ref` relative to the directory of the repo file `fromFile`. */
export declare function resolveRepoPath(fromFile: string, ref: string): string;
/**
 * Resolves repository paths under a directory on disk to real paths, refusing
 * a symlink whose target lies outside it. Undefined when the file does not exist.
 */
export declare function insideRoot(root: string): (relPath: string) => Promise<{
    normal: string;
    real: string;
} | undefined>;
/** Reads from a directory on disk, refusing symlinks that point outside it. */
export declare function fsReader(root: string, label?: string): SourceReader;
/** An in-memory repository, for tests and for content that arrives on stdin. */
export declare function memoryReader(files: Record<string, string | Buffer>, label?: string): SourceReader;
/** Reads a file the user named, or fails with a message that says which. */
export declare function readRequired(reader: SourceReader, relPath: string, what?: string): Promise<Buffer>;
