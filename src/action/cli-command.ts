/**
 * The CLI command the action's messages tell a developer to run. The package
 * is not on the npm registry, so a bare `npx serviceprofile-sync` works only
 * where the project installed it. When the runner says which release this
 * action is (`uses: owner/name@ref`), the hint runs that same release from
 * GitHub: it works without installing anything, and its files carry the
 * version this action checks them against.
 */
import type { GitHubContext } from "../github/context.js";

const INSTALLED = "npx serviceprofile-sync";
// Names GitHub allows for owner/name and refs: nothing a shell or Markdown would read differently.
const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const REF = /^[A-Za-z0-9_.][A-Za-z0-9_./-]*$/;

export function cliCommand(ctx: Pick<GitHubContext, "action">): string {
  const action = ctx.action;
  if (!action || !REPOSITORY.test(action.repository) || !REF.test(action.ref)) return INSTALLED;
  return `npx github:${action.repository}#${action.ref}`;
}
