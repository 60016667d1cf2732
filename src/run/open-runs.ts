/**
 * The suites' RunContext of each run, by the run's control channel (unique per run). The suites run in
 * the CLI's thread (run/in-thread-pool.ts), so this module outlives a run: a configuration of several
 * targets runs them one after the other in one process, and each must get its own context, closed (its
 * sockets, its stop listener) when its vitest is done, not when a worker thread would have ended.
 */
import type { RunContext } from './context.js';

const open = new Map<string, Promise<RunContext>>();

/** The run's context, created on first use by any suite file of that run. */
export function runFor(key: string, create: () => Promise<RunContext>): Promise<RunContext> {
  let run = open.get(key);
  if (!run) {
    run = create();
    open.set(key, run);
  }
  return run;
}

/** Closes and forgets the run's context, if its suites made one (a failed creation has nothing to close). */
export async function closeRun(key: string): Promise<void> {
  const run = open.get(key);
  open.delete(key);
  await (await run?.catch(() => undefined))?.close();
}
