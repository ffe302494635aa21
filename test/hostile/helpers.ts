/**
 * Shared pieces of the hostile-input suite: a temp repository that is removed
 * when the test ends (pass or fail), the CLI run in-process, and the time
 * bound every case is given.
 */
import { onTestFinished } from "vitest";
import { createGitRepo, type CreateGitRepoOptions, type GitRepo } from "../helpers/gitrepo.js";
import { runCliInProcess, type CliRun } from "../helpers/cli.js";

/** Every hostile case must finish well within this (vitest fails it otherwise); generous for two slow cores. */
export const BOUND_MS = 20_000;

/** A git repository (or a plain directory) for this test only. */
export function tempRepo(options: CreateGitRepoOptions = {}): GitRepo {
  const repo = createGitRepo(options);
  onTestFinished(() => repo.cleanup());
  return repo;
}

export function cli(repo: GitRepo, ...args: string[]): Promise<CliRun> {
  return runCliInProcess(args, repo.dir);
}

/** A small valid OpenAPI document with one GET route. */
export function spec(route = "/books"): string {
  return `openapi: 3.0.0\ninfo: {title: t, version: "1"}\npaths:\n  ${route}:\n    get:\n      responses: {"200": {description: ok}}\n`;
}

/** A config with one service reading `openapi`. */
export function config(output: string, openapi = "api/books.yaml", extra = ""): string {
  return `output: ${output}\nservices:\n  - name: books\n    namespace: booksapp\n    openapi: ${openapi}\n${extra}`;
}
