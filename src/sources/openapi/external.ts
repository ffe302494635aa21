/**
 * Loads every file that the root document's external `$ref`s lead to, with
 * json-schema-ref-parser doing the crawl and the URL arithmetic. Its own file
 * and http resolvers and its parsers are switched off: the only resolver reads
 * through the SourceReader, the only parser is files/parse.ts, and both record
 * into the DocumentSet. Nothing is fetched; a URL with a scheme, or a path that
 * leaves the repository, is simply never read.
 *
 * Failures do not stop the crawl (continueOnError): a broken `$ref` in some
 * schema the generator never looks at must not fail generation. The walker
 * reports a failure only when it follows that `$ref` itself.
 */
import { $RefParser, type FileInfo } from "@apidevtools/json-schema-ref-parser";
import { DocumentSet, isLoadFailure } from "./documents.js";

/**
 * Repository files live under `repo:///r/`; a relative reference that climbs
 * out of the repository resolves to a URL outside that prefix (instead of
 * being clamped onto a real file at the root), so it is recognisably outside.
 */
const REPO_PREFIX = "repo:///r/";

export function repoUrl(file: string): string {
  return REPO_PREFIX + file.split("/").map(encodeURIComponent).join("/");
}

/** The repository path of a crawl URL, or undefined when the URL is not a file inside the repository. */
export function repoPathOf(url: string): string | undefined {
  if (!url.startsWith(REPO_PREFIX)) return undefined;
  const rest = url.slice(REPO_PREFIX.length).replace(/[?#].*$/, "");
  try {
    return decodeURIComponent(rest);
  } catch {
    return undefined;
  }
}

class NotReadHere extends Error {}

/** Crawls the root document's external references and loads what they name into `docs`. */
export async function loadExternalDocuments(docs: DocumentSet, rootValue: object): Promise<void> {
  const parser = new $RefParser();
  try {
    await parser.resolve(repoUrl(docs.rootFile), rootValue as never, {
      mutateInputSchema: true, // the crawl only reads; skip the deep copy
      continueOnError: true,
      resolve: {
        external: true,
        file: false,
        http: false,
        repo: {
          order: 1,
          canRead: true,
          async read(file: FileInfo) {
            const path = repoPathOf(file.url);
            if (path === undefined) throw new NotReadHere(`not read: ${file.url}`);
            const data = await docs.readBytes(path);
            if (isLoadFailure(data)) throw new NotReadHere(`could not read ${path}`);
            return data;
          },
        },
      },
      parse: {
        json: false,
        yaml: false,
        text: false,
        binary: false,
        spec: {
          order: 1,
          allowEmpty: true,
          canParse: true,
          parse(file: FileInfo) {
            const path = repoPathOf(file.url);
            if (path === undefined || !Buffer.isBuffer(file.data)) throw new NotReadHere(`not parsed: ${file.url}`);
            const doc = docs.parseBytes(path, file.data);
            if (isLoadFailure(doc)) throw new NotReadHere(`could not parse ${path}`);
            return doc.value;
          },
        },
      },
    });
  } catch {
    // Every failure the crawl met is recorded in `docs`; the walker decides which ones matter.
  }
}
