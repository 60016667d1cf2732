/**
 * What every report command (diff, merge, matrix) shares: argument parsing with node:util parseArgs,
 * `--help`, and the usage-error convention (one line saying why, then the usage, on stderr, exit 2).
 * Output goes through a small IO object so tests can capture it without touching process streams.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export interface CommandIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export const processIO: CommandIO = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

/** Exit codes shared with the rest of the CLI (see docs: 0 ok, 1 failures/regressions, 2 usage or input error). */
export const EXIT_OK = 0;
export const EXIT_FAIL = 1;
export const EXIT_USAGE = 2;

type Options = NonNullable<ParseArgsConfig['options']>;

export interface Parsed {
  values: Record<string, string | boolean | Array<string | boolean> | undefined>;
  positionals: string[];
}

/**
 * Parse argv; returns the parsed arguments, or an exit code when the command should stop here
 * (0 after printing help, 2 after a usage error).
 */
export function parseCommandArgs(
  argv: string[],
  options: Options,
  usage: string,
  io: CommandIO,
): Parsed | number {
  let parsed: Parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    return usageError((err as Error).message, usage, io);
  }
  if (parsed.values.help) {
    io.stdout(usage.endsWith('\n') ? usage : `${usage}\n`);
    return EXIT_OK;
  }
  return parsed;
}

/** One line saying what is wrong, then the usage; returns 2 so callers can `return usageError(...)`. */
export function usageError(reason: string, usage: string, io: CommandIO): number {
  const line = reason.split('\n')[0]!.trim();
  io.stderr(`error: ${line}\n\n${usage.endsWith('\n') ? usage : `${usage}\n`}`);
  return EXIT_USAGE;
}

/** An input problem that is not about the command line (unreadable file...): one line, no usage, exit 2. */
export function inputError(reason: string, io: CommandIO): number {
  io.stderr(`error: ${reason.split('\n')[0]!.trim()}\n`);
  return EXIT_USAGE;
}
