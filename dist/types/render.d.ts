export declare const GENERATOR = "serviceprofile-sync";
/** The one-line generated-file marker (Go's convention, recognised by GitHub and linters). */
export declare function generatedHeader(sources: string[]): string;
/** The sources the header names (`from a, b`); undefined when the text has no header. */
export declare function generatedHeaderSources(text: string): string[] | undefined;
/** True when the text starts with our generated-file header. */
export declare function hasGeneratedHeader(text: string): boolean;
export declare function toYamlWithLibrary(value: unknown): string;
/**
 * kubectl-style YAML. Profiles are plain JSON-shaped trees, so the block
 * structure is written here directly (the yaml library's document model
 * was most of generation's time and memory); every scalar that is not
 * obviously plain is still quoted by the library, in the same context.
 */
export declare function toYaml(value: unknown): string;
export declare function toJson(value: unknown): string;
export type OutputFormat = "yaml" | "json";
export interface RenderOptions {
    format?: OutputFormat;
    /** Source files named in the generated-file header; no header when undefined. */
    headerSources?: string[];
}
export declare function renderObject(value: unknown, options?: RenderOptions): string;
/**
 * Several objects as one text: a YAML stream (`---` between documents, the
 * header once at the top) or, for JSON, a `v1` `List` as kubectl prints one.
 */
export declare function renderObjects(values: readonly unknown[], options?: RenderOptions): string;
