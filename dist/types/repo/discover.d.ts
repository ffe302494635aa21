import type { SourceReader } from "../files/reader.js";
export interface SpecCandidate {
    /** Repo-relative path. */
    path: string;
    kind: "openapi" | "proto";
    /** Proto: the services the file declares, in file order. */
    services?: string[];
}
/**
 * Files of the work tree at `root`, repo-relative and sorted: `git ls-files`
 * (tracked plus untracked-but-not-ignored) in a git repository, else a walk
 * honouring the root .gitignore's simple patterns.
 */
export declare function listWorkTreeFiles(root: string, knownGitRoot?: boolean): Promise<string[]>;
/** Whether a path could hold a spec, by its name alone. */
export declare function isCandidatePath(relPath: string): boolean;
/** Classifies one file's text, or undefined when it is no spec. */
export declare function sniffSpec(relPath: string, text: string): SpecCandidate | undefined;
/** Service names declared in proto text (comments and strings stripped). */
export declare function protoServiceNames(text: string): string[];
export interface DiscoverOptions {
    /** Config `ignore:` globs. */
    ignore?: string[];
    /** Paths never considered (the output directory, the config file). */
    exclude?: (relPath: string) => boolean;
}
/** Every spec among `files`, read through `reader`, sorted by path. */
export declare function discoverSpecs(reader: SourceReader, files: string[], options?: DiscoverOptions): Promise<SpecCandidate[]>;
/** Candidates no service uses (directly or through a `$ref`). */
export declare function unmappedSpecs(candidates: SpecCandidate[], used: ReadonlySet<string>): SpecCandidate[];
