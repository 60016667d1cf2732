/** The `oai-compat` command: dispatches to one module per subcommand, and turns usage errors into exit 2. */
import { UsageError } from './args.js';
import { TOOL_VERSION } from './version.js';
import { terminalText } from './output.js';
import { EXIT, InputError } from './exit.js';
import { boundHeaps } from '../run/heap.js';

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
  // The heap bounds before vitest loads: V8 grows the young generation as modules load (src/run/heap.ts).
  run: async () => (boundHeaps(), await import('./run.js')).runCommand,
  serve: async () => (argv) => import('./serve.js').then((m) => m.serveCommand(argv)),
  validate: async () => (await import('./validate.js')).validateCommand,
  checks: async () => (await import('./checks.js')).checksCommand,
  diff: async () => (await import('../report/diff.js')).diffCommand,
  merge: async () => (await import('../report/merge.js')).mergeCommand,
  matrix: async () => (await import('../report/matrix.js')).matrixCommand,
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE);
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    console.log(TOOL_VERSION);
    return 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    console.error(`oai-compat: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  try {
    return await (await load())(rest);
  } catch (e) {
    if (e instanceof UsageError) {
      // A usage error may quote a flag's value: no secret, no control character reaches the terminal.
      console.error(`oai-compat ${name}: ${terminalText(e.message)}\n\n${e.usage}`);
      return EXIT.input;
    }
    if (e instanceof InputError) {
      console.error(`oai-compat ${name}: ${terminalText(e.message)}`);
      return EXIT.input;
    }
    // Anything else is a harness bug, never a conformance result: its own exit code, one line, no stack
    // trace unless asked for.
    console.error(`oai-compat ${name}: internal error: ${terminalText(String((e as Error).message))}`);
    if (process.env.OAI_COMPAT_DEBUG) console.error(terminalText(String((e as Error).stack)));
    return EXIT.harness;
  }
}
