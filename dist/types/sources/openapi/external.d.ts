import { DocumentSet } from "./documents.js";
export declare function repoUrl(file: string): string;
/** The repository path of a crawl URL, or undefined when the URL is not a file inside the repository. */
export declare function repoPathOf(url: string): string | undefined;
/** Crawls the root document's external references and loads what they name into `docs`. */
export declare function loadExternalDocuments(docs: DocumentSet, rootValue: object): Promise<void>;
