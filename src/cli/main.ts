/**
 * `serviceprofile-sync` entry point: dispatches to a subcommand and exits only
 * once stdout and stderr are flushed.
 */
import { commands } from "./commands/index.js";
import { EXIT_OK, EXIT_USAGE, reportError, type CliIO } from "./command.js";
import { VERSION } from "../version.js";
import { closest } from "../model/suggest.js";
import { quotedShort } from "../model/shorten.js";

function usage(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const list = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join("\n");
  return `serviceprofile-sync ${VERSION}
Keep Linkerd ServiceProfiles in step with the OpenAPI and protobuf descriptions they come from.

Usage:
  serviceprofile-sync <command> [flags]

Commands:
${list}

Run 'serviceprofile-sync <command> --help' for a command's flags and examples.

Exit codes: 0 success, 1 invalid input or failed check, 2 wrong usage.
`;
}

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    (name === undefined ? io.stderr : io.stdout).write(usage());
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (name === "--version" || name === "version") {
    io.stdout.write(`${VERSION}\n`);
    return EXIT_OK;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    // One line, not the whole help: the fix is usually one letter.
    const guess = closest(name, commands.map((c) => c.name));
    io.stderr.write(`error: unknown command ${quotedShort(name)}${guess ? `: did you mean "${guess}"?` : ""}\nRun 'serviceprofile-sync --help' for the list of commands.\n`);
    return EXIT_USAGE;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout.write(command.help.endsWith("\n") ? command.help : `${command.help}\n`);
    return EXIT_OK;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    return reportError(io, err);
  }
}

/** Sets the exit code and lets Node exit by itself, so piped output is never cut short. */
export async function main(): Promise<void> {
  const io: CliIO = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, cwd: process.cwd(), env: process.env };
  // A closed pipe downstream (`| head`) is not an error worth a stack trace.
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw err;
  });
  process.exitCode = await runCli(process.argv.slice(2), io);
}
