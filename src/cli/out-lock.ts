/**
 * One run per output folder at a time. Two runs writing into one --out would interleave their reports
 * (and, before the configuration travelled in memory, swap their keys), so the second is refused with
 * one line. The lock file holds the pid of its run; a lock whose process is gone (a crash, a SIGKILL)
 * is stale and taken over.
 */
import { writeFileSync, linkSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

export const LOCK_FILE = '.oai-compat.lock';

export class OutInUse extends Error {}

export interface OutLock {
  release(): void;
}

/** Takes the lock of `outDir` or throws OutInUse ("<shown> is in use by another run (pid N)"). */
export function lockOutDir(outDir: string, shown: string): OutLock {
  const file = join(outDir, LOCK_FILE);
  // The pid is written first, then linked into place: a lock is never seen half-written (empty).
  const mine = `${file}.${process.pid}`;
  writeFileSync(mine, `${process.pid}\n`, { mode: 0o600 });
  try {
    return takeLock(file, mine, shown);
  } finally {
    try {
      unlinkSync(mine);
    } catch {
      /* gone already */
    }
  }
}

function takeLock(file: string, mine: string, shown: string): OutLock {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      linkSync(mine, file);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off('exit', release);
        try {
          // Only our own lock: a stale-lock takeover by another run must not be undone by us.
          if (readFileSync(file, 'utf8').trim() === String(process.pid)) unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
      // However the process ends (an exception, process.exit on a signal), the lock goes with it.
      process.on('exit', release);
      return { release };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const holder = lockHolder(file);
    if (holder !== undefined && holder !== process.pid && alive(holder)) {
      throw new OutInUse(`${shown} is in use by another run (pid ${holder})`);
    }
    // Stale (its process is gone) or unreadable: take it over, unless another run just did.
    try {
      if (lockHolder(file) === holder) unlinkSync(file);
    } catch {
      /* another run took it over first; the next attempt decides */
    }
  }
  throw new OutInUse(`${shown} is in use by another run`);
}

function lockHolder(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
