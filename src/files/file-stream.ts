/**
 * Streaming reads of work-tree files, for tap recordings: a recording may be
 * larger than memory should hold, so it is opened as a stream of chunks
 * rather than read whole through a SourceReader. The same rules as the
 * work-tree reader: repository-relative paths only, no symlink out of the root.
 */
import { promises as fs } from "node:fs";
import { SpecError } from "../model/diagnostic.js";
import { insideRoot } from "./reader.js";

/** Opens `relPath` under `root` as a stream; undefined when there is no such file. */
export function fileStreamOpener(root: string): (relPath: string) => Promise<AsyncIterable<Uint8Array> | undefined> {
  const resolve = insideRoot(root);
  return async (relPath) => {
    const found = await resolve(relPath);
    if (!found) return undefined;
    // Opening first makes a permission problem surface here, not in the middle of reading.
    const handle = await fs.open(found.real, "r");
    try {
      if ((await handle.stat()).isDirectory()) {
        throw new SpecError({ message: `"${found.normal}" is a directory, not a file`, file: found.normal, hint: "name the recording file itself" });
      }
    } catch (err) {
      await handle.close();
      throw err;
    }
    return handle.createReadStream({ highWaterMark: 1 << 16 });
  };
}
