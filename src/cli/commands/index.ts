/** The CLI's subcommands, in the order `--help` lists them. */
import type { Command } from "../command.js";
import { profileCommand } from "./profile.js";
import { routesCommand } from "./routes.js";
import { kustomizeCommand } from "./kustomize.js";
import { generateCommand } from "./generate.js";
import { initCommand } from "./init.js";
import { syncCommand } from "./sync.js";
import { checkCommand } from "./check.js";
import { diffCommand } from "./diff.js";
import { verifyCommand } from "./verify.js";
import { migrateCommand } from "./migrate.js";

// One profile, then the repository workflow, then deploy-time generation, then traffic.
export const commands: Command[] = [
  profileCommand,
  routesCommand,
  initCommand,
  syncCommand,
  checkCommand,
  diffCommand,
  generateCommand,
  kustomizeCommand,
  verifyCommand,
  migrateCommand,
];
