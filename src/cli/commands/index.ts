/** The CLI's subcommands, in the order `--help` lists them. */
import type { Command } from "../command.js";
import { profileCommand } from "./profile.js";

export const commands: Command[] = [
  profileCommand,
];
