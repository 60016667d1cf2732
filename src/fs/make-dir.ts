/**
 * Creating an output folder and its missing parents. Not `mkdir(…, { recursive: true })`: on Node 20 it never
 * returns for a path under a folder that refuses new entries with ENOENT (`/proc/x`), sync or async, so
 * `--out /proc/x` hung the command instead of failing with one line. Each missing level is made on its own,
 * from the nearest existing ancestor down, and the first refusal is thrown as it is.
 */
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export function makeDir(dir: string): void {
  const missing: string[] = [];
  for (let d = resolve(dir); ; d = dirname(d)) {
    try {
      if (statSync(d).isDirectory()) break;
      // A file where a folder is needed: mkdir below reports it (EEXIST/ENOTDIR).
      missing.push(d);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      missing.push(d);
      if (dirname(d) === d) break;
    }
  }
  for (const d of missing.reverse()) mkdirSync(d);
}
