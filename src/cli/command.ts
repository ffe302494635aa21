/**
 * The CLI's command contract. Each subcommand lives in its own module under
 * commands/ and is listed in commands/index.ts. Commands never call
 * process.exit: they return an exit code and main.ts drains stdout first
 * (exiting right after a large write to a pipe would truncate it).
 */
import type { Readable, Writable } from "node:stream";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { formatDiagnostic, isSpecError, type Diagnostic } from "../model/diagnostic.js";
import { describeFsError } from "../files/fs-error.js";
import { closest } from "../model/suggest.js";
import { MAX_QUOTED_CHARS, quotedShort } from "../model/shorten.js";
import type { SettingRule } from "../repo/settings.js";

export const EXIT_OK = 0;
/** Bad input, failed validation, or (check) stale files. */
export const EXIT_FAILURE = 1;
/** The command line itself is wrong. */
export const EXIT_USAGE = 2;

export interface CliIO {
  stdout: Writable;
  stderr: Writable;
  stdin: Readable;
  cwd: string;
  env: Record<string, string | undefined>;
}

export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Full --help text. */
  help: string;
  run(args: string[], io: CliIO): Promise<number>;
}

/** Wrong flags or arguments: printed with a pointer to --help, exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

type Options = NonNullable<ParseArgsConfig["options"]>;

/** node:util parseArgs with usage errors instead of TypeErrors. */
export function parseCommandArgs<T extends Options>(args: string[], options: T, allowPositionals = true) {
  const all = { help: { type: "boolean", short: "h" }, ...options } as const;
  try {
    return parseArgs({ args, options: all, allowPositionals, strict: true });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") throw new UsageError(unknownFlagMessage(e.message, Object.keys(all)));
    throw new UsageError(e.message.replace(/^TypeError \[[A-Z_]+\]: /, ""));
  }
}

/** `unknown flag --open-apo: did you mean --open-api?`, from parseArgs' message (whose advice is about positionals). */
function unknownFlagMessage(nodeMessage: string, flags: string[]): string {
  const given = /^Unknown option '([^']*)'/.exec(nodeMessage)?.[1] ?? "";
  const name = given.replace(/^--?/, "");
  const guess = given.startsWith("--") ? closest(name, flags) : undefined;
  const shown = given.length > MAX_QUOTED_CHARS ? quotedShort(given) : given;
  return guess ? `unknown flag ${shown}: did you mean --${guess}?` : `unknown flag ${shown}`;
}

export function writeDiagnostics(io: CliIO, diagnostics: Diagnostic[]): void {
  for (const d of diagnostics) io.stderr.write(`${formatDiagnostic(bounded(d))}\n`);
}

/** Longest message or hint printed; a message quoting input beyond this was quoting too much. */
const MAX_MESSAGE = 2000;

/** The last guard against echoing large input: any message or hint is cut, saying so. */
function bounded(d: Diagnostic): Diagnostic {
  const cut = (text: string) => (text.length <= MAX_MESSAGE ? text : `${text.slice(0, MAX_MESSAGE)}… (message cut at ${MAX_MESSAGE} of ${text.length} characters)`);
  return { ...d, message: cut(d.message), ...(d.hint !== undefined ? { hint: cut(d.hint) } : {}), ...(d.file !== undefined ? { file: cut(d.file) } : {}), ...(d.pointer !== undefined ? { pointer: cut(d.pointer) } : {}) };
}

/** A flag's value checked by the rule its config twin uses (repo/settings.ts); undefined when the flag is absent. */
export function flagValue<T>(rule: SettingRule<T>, raw: string | undefined): T | undefined {
  if (raw === undefined) return undefined;
  const c = rule.check(raw);
  if (!c.ok) throw new UsageError(`${rule.flag}: ${c.problem}\n  hint: ${c.hint} (the config's ${rule.configKey} takes the same values)`);
  return c.value;
}

/** Prints an error the way every command does: SpecErrors with their place, others as `error: message`. */
export function reportError(io: CliIO, err: unknown): number {
  if (err instanceof UsageError) {
    io.stderr.write(`error: ${bounded({ severity: "error", message: err.message }).message}\nRun with --help for usage.\n`);
    return EXIT_USAGE;
  }
  // The last stop for a file-system error nobody worded: a sentence, paths relative to where the user is.
  const described = describeFsError(err, io.cwd);
  if (isSpecError(described)) {
    io.stderr.write(`error: ${formatDiagnostic(bounded(described.diagnostic))}\n`);
    return EXIT_FAILURE;
  }
  io.stderr.write(`error: ${bounded({ severity: "error", message: (err as Error)?.message ?? String(err) }).message}\n`);
  return EXIT_FAILURE;
}

/** Reads all of stdin (for `-` arguments). */
export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}
