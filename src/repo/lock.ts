/**
 * One `sync` at a time per repository. Two runs at once would each plan from
 * the same files on disk and then rename each other's backups away (the
 * second failed with a raw ENOENT on a `.spsync-….bak`).
 *
 * The lock is a file in the git directory (`.git/serviceprofile-sync.lock`;
 * outside git, one per repository in the temp dir) holding the owner's pid
 * and host. It is created with its content in one step (written beside, then
 * hard-linked into place), so it is never seen empty. A lock whose process
 * is gone on this host is stale and taken over, so a killed run never blocks
 * the next one. A live lock is waited for, a bounded time, then reported as
 * "another sync is running (pid N)".
 */
import { createHash, randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { SpecError } from "../model/diagnostic.js";

export const LOCK_NAME = "serviceprofile-sync.lock";
/** How long a second run waits for the first by default. */
export const DEFAULT_LOCK_WAIT_MS = 30_000;
const POLL_MS = 100;

interface Owner {
  pid: number;
  host: string;
  started: string;
}

export interface Lock {
  path: string;
  release(): Promise<void>;
}

export interface LockOptions {
  /** Longest wait for a live lock, in ms (0: fail at once). */
  waitMs?: number;
  /** Sleeps between polls; tests pass one that does not wait for the clock. */
  sleep?: (ms: number) => Promise<void>;
  /** Whether a pid is a running process; tests swap it. */
  isAlive?: (pid: number) => boolean;
}

/** Where the lock of the repository at `root` lives. */
export async function lockPath(root: string): Promise<string> {
  const dotGit = path.join(root, ".git");
  try {
    const stat = await fs.stat(dotGit);
    if (stat.isDirectory()) return path.join(dotGit, LOCK_NAME);
    // A linked worktree: `.git` is a file naming the real git directory.
    const m = /^gitdir:\s*(.+?)\s*$/m.exec(await fs.readFile(dotGit, "utf8"));
    if (m) return path.join(path.resolve(root, m[1]!), LOCK_NAME);
  } catch {
    // no git directory: fall through
  }
  const id = createHash("sha256").update(await fs.realpath(root)).digest("hex").slice(0, 16);
  return path.join(os.tmpdir(), `serviceprofile-sync-${id}.lock`);
}

export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, owned by someone else.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function readOwner(file: string): Promise<Owner | "absent" | "unreadable"> {
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "ENOENT" ? "absent" : "unreadable";
  }
  try {
    const v = JSON.parse(text) as Partial<Owner>;
    if (typeof v.pid === "number" && Number.isInteger(v.pid) && v.pid > 0 && typeof v.host === "string") return { pid: v.pid, host: v.host, started: String(v.started ?? "") };
  } catch {
    // fall through
  }
  return "unreadable";
}

/** Creates `file` with `content` only if it does not exist, in one step. */
async function createWithContent(file: string, content: string): Promise<boolean> {
  const temp = `${file}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`;
  await fs.writeFile(temp, content, { flag: "wx" });
  try {
    await fs.link(temp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw err;
  } finally {
    await fs.unlink(temp).catch(() => undefined);
  }
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Takes the repository's sync lock, waiting up to `waitMs` for a live holder. */
export async function acquireSyncLock(root: string, options: LockOptions = {}): Promise<Lock> {
  const file = await lockPath(root);
  const shown = path.relative(root, file).startsWith("..") ? file : path.relative(root, file).split(path.sep).join("/");
  const waitMs = options.waitMs ?? DEFAULT_LOCK_WAIT_MS;
  const sleep = options.sleep ?? realSleep;
  const isAlive = options.isAlive ?? processIsAlive;
  const host = os.hostname();
  const content = JSON.stringify({ pid: process.pid, host, started: new Date().toISOString() } satisfies Owner) + "\n";
  let waited = 0;
  for (;;) {
    if (await createWithContent(file, content)) {
      let released = false;
      return {
        path: file,
        async release() {
          if (released) return;
          released = true;
          await fs.unlink(file).catch(() => undefined);
        },
      };
    }
    const owner = await readOwner(file);
    if (owner === "absent") continue; // released between our attempt and the read
    if (owner === "unreadable") {
      throw new SpecError({
        message: `the sync lock ${shown} exists but does not name its owner`,
        hint: `if no sync is running, delete ${shown} and run again`,
      });
    }
    if (owner.host === host && !isAlive(owner.pid)) {
      // Stale: its process is gone (killed). Remove it only if it is still that same lock.
      const again = await readOwner(file);
      if (typeof again === "object" && again.pid === owner.pid && again.started === owner.started) await fs.unlink(file).catch(() => undefined);
      continue;
    }
    if (waited >= waitMs) {
      throw new SpecError({
        message: `another sync is running (pid ${owner.pid}${owner.host !== host ? ` on ${owner.host}` : ""}, since ${owner.started}); waited ${Math.round(waited / 1000)}s for it`,
        hint: `wait for it to finish; if that process is gone, delete ${shown}`,
      });
    }
    await sleep(POLL_MS);
    waited += POLL_MS;
  }
}
