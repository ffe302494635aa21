/** The CLI's subcommands, in the order `--help` lists them. */
import type { Command } from "../command.js";
import { profileCommand } from "./profile.js";
import { kustomizeCommand } from "./kustomize.js";
import { generateCommand } from "./generate.js";

export const commands: Command[] = [
  profileCommand,
  kustomizeCommand,
  generateCommand,
];
