/**
 * The `oai-compat` command: dispatches to one module per subcommand, and turns usage errors into exit 2.
 * Every error is one line with one prefix, `oai-compat <command>: `; the usage is printed on --help only.
 * A command's module is imported only when it is called (and `run` loads the run itself only to run),
 * so `--help` and a bad flag load nothing heavy.
 */
import { UsageError, parse, type Options } from './args.js';
import { TOOL_VERSION } from './version.js';
import { terminalText } from './output.js';
import { EXIT, InputError } from './exit.js';
import { processIO } from '../report/command.js';
import { CHECKS_FLAGS, CHECKS_USAGE, VALIDATE_FLAGS, VALIDATE_USAGE } from './usages.js';

const USAGE = `oai-compat ${TOOL_VERSION}: conformance harness for OpenAI-compatible APIs

Usage: oai-compat <command> [options]    (oai-compat <command> --help for its options)

  run        run a profile's conformance suite against a target (default: the built-in emulator)
  serve      start the built-in emulator of a profile on loopback
  validate   validate profiles (and --coverage of the documentation)
  checks     list the checks: what verifies each case id, what it reads, what decides it (--json)
  diff       compare two results.json files: exit 1 on regressions
  merge      join sharded results.json files into one
  matrix     build a compatibility matrix site from several results.json files`;

type Command = (argv: string[]) => Promise<number>;

const COMMANDS: Record<string, () => Promise<Command>> = {
  run: async () => runEntry,
  serve: async () => (argv) => import('./serve.js').then((m) => m.serveCommand(argv)),
  validate: async () => helpFirst(VALIDATE_USAGE, VALIDATE_FLAGS, true, async () => (await import('./validate.js')).validateCommand),
  checks: async () => helpFirst(CHECKS_USAGE, CHECKS_FLAGS, false, async () => (await import('./checks.js')).checksCommand),
  // The report commands print their own errors: they are handed the prefix to print them with.
  diff: async () => (argv) => import('../report/diff.js').then((m) => m.diffCommand(argv, { ...processIO, command: 'diff' })),
  merge: async () => (argv) => import('../report/merge.js').then((m) => m.mergeCommand(argv, { ...processIO, command: 'merge' })),
  matrix: async () => {
    const command = (await import('../report/matrix.js')).matrixCommand;
    return (argv) => command(argv, { ...processIO, command: 'matrix' });
  },
};

/**
 * A command whose module is heavy: its flags are parsed here first, with its own table and the one
 * parser (args.ts), so `--help` prints its usage and a bad flag is refused without loading it.
 */
function helpFirst(usage: string, flags: Options, allowPositionals: boolean, load: () => Promise<Command>): Command {
  return async (argv) => {
    if (parse(argv, flags, usage, allowPositionals).values.help) {
      console.log(usage);
      return 0;
    }
    return (await load())(argv);
  };
}

/** `run`: --help and flag errors from the light flag table; the run itself is loaded only to run. */
async function runEntry(argv: string[]): Promise<number> {
  const { parseRunFlags, RUN_USAGE, findConfig } = await import('./run-flags.js');
  const { values } = parseRunFlags(argv);
  if (values.help) {
    console.log(RUN_USAGE);
    return 0;
  }
  // The heap bounds before vitest loads: V8 grows the young generation as modules load (src/run/heap.ts).
  (await import('../run/heap.js')).boundHeaps();
  const config = findConfig(values);
  if (config) return (await import('./config-run.js')).runConfigured(config, values);
  return (await import('./run.js')).runCommand(argv);
}

/** Each line of an error, prefixed with the command: `oai-compat run: ...`. */
function printError(command: string, message: string): void {
  for (const line of message.split('\n')) if (line.trim()) console.error(`oai-compat ${command}: ${terminalText(line)}`);
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    // With no command at all, the list of commands is the answer (on stderr: it is not what was asked for).
    if (name) console.log(USAGE);
    else console.error(USAGE);
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    console.log(TOOL_VERSION);
    return 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    console.error(`oai-compat: unknown command "${terminalText(name)}" (commands: ${Object.keys(COMMANDS).join(', ')}; see oai-compat --help)`);
    return 2;
  }
  try {
    return await (await load())(rest);
  } catch (e) {
    if (e instanceof UsageError) {
      // A usage error may quote a flag's value: no secret, no control character reaches the terminal.
      printError(name, `${e.message.split('\n')[0]} (see oai-compat ${name} --help)`);
      return EXIT.input;
    }
    if (e instanceof InputError) {
      printError(name, e.message);
      return EXIT.input;
    }
    // Anything else is a harness bug, never a conformance result: its own exit code, one line, no stack
    // trace unless asked for.
    printError(name, `internal error: ${String((e as Error).message).split('\n')[0]}`);
    if (process.env.OAI_COMPAT_DEBUG) console.error(terminalText(String((e as Error).stack)));
    return EXIT.harness;
  }
}
