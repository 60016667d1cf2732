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

/** A copy of `value` with every registered secret masked in every string and key. */
export function safeForWriters<T>(value: T): T {
  return redactDeep(value);
}

/** A line for the terminal: no secret, no control character from the target. */
export function terminalText(text: string): string {
  return plainText(redactOutput(text));
}

export function say(text: string): void {
  console.log(terminalText(text));
}

export function sayError(text: string): void {
  console.error(terminalText(text));
}

/** Files read as text, where a control character from the target is made visible (not JSON: it escapes its own). */
const TEXT_FILES = /\.(xml|md|txt|html?)$/i;

/**
 * The last sweep: every file under `outDir` has every registered secret masked (in every spelling, as
 * bytes, so a non-UTF-8 file is handled too), and the text files get their control characters made
 * visible. Returns the files it had to change (a writer that let something through).
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
