/**
 * Everything a run writes passes through here: the results object (redacted deeply before any writer
 * sees it), the terminal (redacted, control characters made visible), and a last sweep over every file
 * in the output folder, which also covers what vitest's junit and Allure reporters wrote themselves.
 * One place, so that a new writer cannot forget a secret spelling or an escape sequence.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { redactDeep, redactOutput, redactOutputBytes } from '../transport/redact.js';
import { plainText } from '../report/escape.js';
import { colourEnabled, paint, type Style } from './colour.js';

/** Fields of results.json whose values are the schema's own enumerations, never text from a target. */
const SCHEMA_ENUMS = new Set(['schema', 'verdict', 'confidence', 'area']);

/** A copy of `value` with every registered secret masked in every string. */
export function safeForWriters<T>(value: T): T {
  return redactDeep(value, SCHEMA_ENUMS);
}

/** A line for the terminal: no secret, no control character from the target. */
export function terminalText(text: string): string {
  return plainText(redactOutput(text));
}

/**
 * With --json, stdout carries one JSON document and nothing else: every line meant for a person goes to
 * stderr instead (set once, by the command, before it prints anything).
 */
let stdoutIsJson = false;
export function reserveStdoutForJson(): void {
  stdoutIsJson = true;
}

/**
 * A reader that goes away (`oai-compat run ... | head`) closes the pipe: the next write fails with EPIPE,
 * which unhandled would crash the command with a stack trace and exit 1, a conformance verdict, before the
 * reports and the exit code. The lines for that reader are lost, as it asked; the run goes on.
 */
let pipesGuarded = false;
function guardPipes(): void {
  if (pipesGuarded) return;
  pipesGuarded = true;
  for (const stream of [process.stdout, process.stderr])
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
    });
}

/** A line for a person, on stdout (stderr under --json), in `style` when that stream is a colour terminal. */
export function say(text: string, style?: Style): void {
  guardPipes();
  const stream = stdoutIsJson ? process.stderr : process.stdout;
  const line = terminalText(text);
  stream.write(`${style ? paint(line, style, colourEnabled(stream)) : line}\n`);
}

export function sayError(text: string, style?: Style): void {
  guardPipes();
  const line = terminalText(text);
  process.stderr.write(`${style ? paint(line, style, colourEnabled(process.stderr)) : line}\n`);
}

/** The one JSON document of --json, on stdout. */
export function sayJson(value: unknown): void {
  guardPipes();
  // Built from redacted results already; masked once more as text, as every terminal line is.
  process.stdout.write(`${redactOutput(JSON.stringify(value, null, 2))}\n`);
}

/** Files read as text, where a control character from the target is made visible (not JSON: it escapes its own). */
const TEXT_FILES = /\.(xml|md|txt|html?)$/i;

/**
 * The last sweep: every file under `outDir` has every registered secret masked (in every spelling, as
 * bytes, so a non-UTF-8 file is handled too), and the text files get their control characters made
 * visible. Returns the files it had to change (a writer that let something through). results.json is
 * not swept: it is written from safeForWriters, whose schema enumerations must stay intact.
 */
export async function sweepOutputFolder(outDir: string): Promise<string[]> {
  const changed: string[] = [];
  let entries;
  try {
    entries = await readdir(outDir, { withFileTypes: true, recursive: true });
  } catch {
    return changed;
  }
  for (const e of entries) {
    if (!e.isFile()) continue;
    const file = join(e.parentPath, e.name);
    // Written from safeForWriters already, and it must stay valid: its enumerations are kept as they are.
    if (file === join(outDir, 'results.json')) continue;
    const before = await readFile(file);
    let after = Buffer.from(redactOutputBytes([before])[0]!);
    if (TEXT_FILES.test(e.name)) after = Buffer.from(plainText(after.toString('utf8')), 'utf8');
    if (!after.equals(before)) {
      await writeFile(file, after);
      changed.push(file);
    }
  }
  return changed;
}
