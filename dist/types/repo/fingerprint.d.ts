import type { SourceReader } from "../files/reader.js";
import { type RepoConfig, type ServiceConfig } from "./config.js";
/** Bump when the generator's output changes for unchanged inputs. */
export declare const GENERATION_FORMAT = "serviceprofile-sync/generation/1";
export declare function sha256(data: string | Buffer): string;
/** JSON with object keys sorted, so equal values hash equally. */
export declare function canonicalJson(value: unknown): string;
export interface ClosureFile {
    path: string;
    /** Git blob id of the content, or null when the file does not exist or cannot be read. */
    hash: string | null;
}
/**
 * What is known about a content, by git blob id, shared between the two
 * sides of a diff: a file unchanged between base and head is then neither
 * read from git nor scanned again.
 */
export type ContentCache = Map<string, {
    refs?: string[];
}>;
/** `$ref` targets named in a YAML or JSON text (file part only, URLs and local refs skipped). */
export declare function refTargets(text: string | Buffer): string[];
/** The files a service's generation can depend on, sorted by path. */
export declare function inputClosure(reader: SourceReader, service: ServiceConfig, cache?: ContentCache): Promise<ClosureFile[]>;
/** Fingerprint of everything that decides a service's generated profiles, except the profile namespace. */
export declare function serviceFingerprint(config: RepoConfig, service: ServiceConfig, closure: ClosureFile[]): string;
/**
 * canonicalJson({ format, version, entry, closure }), with the fixed parts
 * written out (keys in sorted order): a diff computes two thousand of these,
 * and each value canonicalJson visits is a call into its replacer.
 */
export declare function fingerprintInput(config: RepoConfig, service: ServiceConfig, closure: ClosureFile[]): string;
/** Fingerprint of one profile file: the service's plus the namespace it is written to. */
export declare function profileFingerprint(serviceFp: string, profileNamespace: string): string;
export interface RecordedFingerprint {
    /** undefined: the file was written without a reliable input fingerprint. */
    inputs?: string;
    body: string;
    /** The file's body still hashes to the recorded value. */
    bodyIntact: boolean;
    /** The input closure the fingerprint was computed over (every file existing), when recorded. */
    closure?: ClosureFile[];
}
/**
 * Inserts the fingerprint line after the generated header (line 1). The
 * closure is recorded too (`files=path@blob,...`; `%`, `,`, `@` and spaces in paths percent-encoded) when all
 * its files exist: a later run that finds the same blob ids knows the closure
 * without reading a single spec (see knownClosure).
 */
export declare function withFingerprint(text: string, inputs: string | undefined, closure?: ClosureFile[]): string;
/**
 * The closure of a service at some state, from a closure recorded earlier,
 * when every recorded file still has the recorded blob id there: the scan
 * that found the closure only read those files, so it would find the same.
 * Undefined when any id differs or is unknown without reading.
 */
export declare function knownClosure(reader: SourceReader, service: ServiceConfig, recorded: ClosureFile[]): Promise<ClosureFile[] | undefined>;
/** Reads the fingerprint line of a generated file; undefined when there is none. */
export declare function readFingerprint(text: string): RecordedFingerprint | undefined;
/** The file without its fingerprint line (what a user compares when looking for hand edits). */
export declare function stripFingerprint(text: string): string;
/**
 * A generated file as one text per Kubernetes object, fingerprint line
 * dropped and the generated header kept on each: what a kustomize generator
 * or an Argo CD plugin hands on (a route file holds several objects).
 */
export declare function buildDocuments(fileText: string): string[];
