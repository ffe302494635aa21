/**
 * Streaming reads of work-tree files, for tap recordings: a recording may be
 * larger than memory should hold, so it is opened as a stream of chunks
 * rather than read whole through a SourceReader. The same rules as the
 * work-tree reader: repository-relative paths only, no symlink out of the root.
 */
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { SpecError } from "../model/diagnostic.js";
import { normalizeRepoPath } from "../files/reader.js";

/** Opens `relPath` under `root` as a stream; undefined when there is no such file. */
export function fileStreamOpener(root: string): (relPath: string) => Promise<AsyncIterable<Uint8Array> | undefined> {
  const absRoot = path.resolve(root);
  let realRoot: Promise<string> | undefined;
  return async (relPath) => {
    const normal = normalizeRepoPath(relPath);
    let real: string;
    try {
      real = await fs.realpath(path.join(absRoot, normal));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "ENOTDIR") return undefined;
      throw err;
    }
    realRoot ??= fs.realpath(absRoot);
    const rootReal = await realRoot;
    if (real !== rootReal && !real.startsWith(rootReal + path.sep)) {
      throw new SpecError({
        message: `"${normal}" is a symbolic link to "${real}", outside the repository`,
        file: normal,
        hint: "only files inside the repository are read; replace the link with a copy of the file",
      });
    }
    // Opening first makes a permission problem surface here, not in the middle of reading.
    const handle = await fs.open(real, "r");
    try {
      if ((await handle.stat()).isDirectory()) {
        throw new SpecError({ message: `"${normal}" is a directory, not a file`, file: normal, hint: "name the recording file itself" });
      }
    } catch (err) {
      await handle.close();
      throw err;
    }
    return handle.createReadStream({ highWaterMark: 1 << 16 });
  };
}
