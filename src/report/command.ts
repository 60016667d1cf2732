/**
 * What every report command (diff, merge, matrix) shares: argument parsing (the CLI's own `parse`, so
 * strictness and `--help` are decided in one place), and the usage-error convention (one line saying
 * why, then the usage, on stderr, exit 2), returned as an exit code rather than thrown.
 * Output goes through a small IO object so tests can capture it without touching process streams.
 */
import { parse, UsageError, type Options } from '../cli/args.js';
import { plainText } from './escape.js';

export interface CommandIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** The command's name, for the CLI's one error prefix (`oai-compat diff: ...`); `error:` without it. */
  command?: string;
}

/** The terminal: what a results file carries came from a target, so its control characters are made visible. */
export const processIO: CommandIO = {
  stdout: (text) => void process.stdout.write(plainText(text)),
  stderr: (text) => void process.stderr.write(plainText(text)),
};

/** Exit codes shared with the rest of the CLI (see docs: 0 ok, 1 failures/regressions, 2 usage or input error). */
export const EXIT_OK = 0;
export const EXIT_FAIL = 1;
export const EXIT_USAGE = 2;

export interface Parsed {
  values: Record<string, string | boolean | Array<string | boolean> | undefined>;
  positionals: string[];
}

/**
 * Parse argv; returns the parsed arguments, or an exit code when the command should stop here
 * (0 after printing help, 2 after a usage error).
 */
export function parseCommandArgs(argv: string[], options: Options, usage: string, io: CommandIO): Parsed | number {
  let parsed: Parsed;
  try {
    parsed = parse(argv, options, usage, true);
  } catch (err) {
    if (err instanceof UsageError) return usageError(err.message, usage, io);
    throw err;
  }
  if (parsed.values.help) {
    io.stdout(usage.endsWith('\n') ? usage : `${usage}\n`);
    return EXIT_OK;
  }
  return parsed;
}

/** One line saying what is wrong and where the usage is (never the usage itself); returns 2 so callers can `return usageError(...)`. */
export function usageError(reason: string, usage: string, io: CommandIO): number {
  const line = reason.split('\n')[0]!.trim();
  const command = io.command ?? /^Usage: oai-compat (\w+)/.exec(usage)?.[1];
  io.stderr(`${errorPrefix(io)} ${line}${command ? ` (see oai-compat ${command} --help)` : ''}\n`);
  return EXIT_USAGE;
}

/** An input problem that is not about the command line (unreadable file...): one line, no usage, exit 2. */
export function inputError(reason: string, io: CommandIO): number {
  io.stderr(`${errorPrefix(io)} ${reason.split('\n')[0]!.trim()}\n`);
  return EXIT_USAGE;
}

function errorPrefix(io: CommandIO): string {
  return io.command ? `oai-compat ${io.command}:` : 'error:';
}

/**
 * Writing an output failed (`--out` names a file where a directory is wanted, or the reverse, or a
 * path that cannot be written): one line naming the path, exit 2, instead of a Node stack trace.
 */
export function outputError(err: unknown, io: CommandIO): number {
  const e = err as NodeJS.ErrnoException;
  if (typeof e?.code !== 'string') throw err; // not a file-system error: a bug, for the CLI's internal-error line
  const reasons: Record<string, string> = {
    EISDIR: 'is a directory',
    ENOTDIR: 'a part of the path is a file, not a directory',
    EEXIST: 'a part of the path is a file, not a directory',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on the device',
  };
  const reason = reasons[e.code] ?? e.message.split('\n')[0]!;
  return inputError(e.path ? `cannot write ${e.path}: ${reason}` : `cannot write the output: ${reason}`, io);
}
