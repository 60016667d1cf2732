/**
 * The run's V8 heap bounds, set by `oai-compat run` before it loads vitest. V8 sizes a heap from the
 * machine's memory, not from what a run needs; left alone, the CLI's thread and the suites' worker each
 * let garbage pile up far past their live data (a full emulator run holds ~75 MB live and peaked at
 * ~350 MB; a flood target's parsed events reached 1 GB before V8 collected).
 *
 * - Old generation of the worker: 512 MiB. V8 reads it when it creates an isolate, so it reaches the
 *   worker thread created after this (no --max-old-space-size reaches a worker otherwise).
 * - Young generation of both threads: V8 doubles a semi-space under a high allocation rate, up to
 *   16 MiB each (32 MiB of new space per thread, for short-lived garbage). A growth factor of 1, read
 *   whenever V8 would grow it, keeps the new space at its initial size in the running thread too;
 *   the worker's maximum is also capped at creation. The cost is more (cheap) scavenges.
 * - `--optimize-for-size`: V8's own trade of speed for memory (smaller heap growth, leaner code). The run
 *   waits on the network, not the CPU: measured ~15 MB less peak for ~10% more CPU time.
 * A limit given on the command line or in NODE_OPTIONS is kept.
 */
import { setFlagsFromString } from 'node:v8';

const WORKER_OLD_SPACE_MB = 512;
const WORKER_SEMI_SPACE_MB = 4;

export function boundHeaps(): void {
  const given = `${process.env.NODE_OPTIONS ?? ''} ${process.execArgv.join(' ')}`;
  if (!/--max-old-space-size/.test(given)) setFlagsFromString(`--max-old-space-size=${WORKER_OLD_SPACE_MB}`);
  if (!/--(max-)?semi-space/.test(given)) {
    setFlagsFromString(`--max-semi-space-size=${WORKER_SEMI_SPACE_MB}`);
    setFlagsFromString('--semi-space-growth-factor=1');
  }
  setFlagsFromString('--optimize-for-size');
}
