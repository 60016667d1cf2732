/**
 * The checks `run` makes on its files and folders before anything starts, so that a bad one is one
 * line naming it (exit 2) instead of an error inside the suites' worker, and the clean-up of what an
 * earlier run left in the output folder.
 */
import { closeSync, openSync, rmSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { makeDir } from '../fs/make-dir.js';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadCassette } from '../transport/cassette.js';
import { InputError } from './exit.js';

/** Largest cassette a replay reads (a full run with stream bytes is a few MiB to tens of MiB). */
export const MAX_CASSETTE_BYTES = 256 * 1024 * 1024;

/** What a run writes into its output folder; removed at the start so nothing stale looks current. */
export const RUN_OUTPUTS = ['results.json', 'report.md', 'report.html', 'junit.xml', 'allure-results'] as const;

/** `90s`, `5m`, `1h`, `1500ms`, or bare seconds → ms; undefined for anything else. */
export function parseDuration(value: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
  if (!m) return undefined;
  const ms = Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  return Number.isFinite(ms) ? Math.round(ms) : undefined;
}

/** The folder exists (or is created) and a file can be written in it: probed with a real file. */
export function checkOutDir(outDir: string): void {
  try {
    makeDir(outDir);
    const probe = join(outDir, `.oai-compat-write-test-${randomBytes(6).toString('hex')}`);
    const fd = openSync(probe, 'wx');
    try {
      writeSync(fd, 'x');
    } finally {
      closeSync(fd);
      unlinkSync(probe);
    }
  } catch (e) {
    throw new InputError(`--out ${outDir}: cannot write there (${reason(e)})`);
  }
}

/** The recording is written by the suites' worker: a regular file (or a new one) that can be written. */
export function checkRecordFile(file: string): void {
  const st = statOrUndefined(file);
  if (st && !st.isFile()) throw new InputError(`--record ${file}: not a regular file`);
  try {
    makeDir(dirname(file));
    closeSync(openSync(file, 'a'));
  } catch (e) {
    throw new InputError(`--record ${file}: cannot write (${reason(e)})`);
  }
}

/** A replay's cassette is read and checked here, with the file (and line) named when it is not one. */
export async function checkReplayFile(file: string): Promise<void> {
  const st = statOrUndefined(file);
  if (!st) throw new InputError(`--replay ${file}: no such file`);
  if (!st.isFile()) throw new InputError(`--replay ${file}: not a regular file`);
  if (st.size === 0) throw new InputError(`--replay ${file}: empty file (not an oai-compat cassette)`);
  if (st.size > MAX_CASSETTE_BYTES) throw new InputError(`--replay ${file}: ${st.size} bytes, over the cap of ${MAX_CASSETTE_BYTES} bytes for a cassette`);
  try {
    await loadCassette(file);
  } catch (e) {
    // The cassette parser names the file and the line already.
    throw new InputError(`--replay ${(e as Error).message}`);
  }
}

/** Removes what an earlier run wrote into the folder (only the run's own outputs, never anything else). */
export function clearEarlierRun(outDir: string): void {
  for (const name of RUN_OUTPUTS) {
    try {
      rmSync(join(outDir, name), { recursive: true, force: true });
    } catch (e) {
      throw new InputError(`--out ${outDir}: cannot remove the earlier run's ${name} (${reason(e)})`);
    }
  }
}

function statOrUndefined(file: string) {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

function reason(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? (e as Error).message;
}
