/**
 * The run's heap bounds (src/run/heap.ts, issue #13 item 4): the suites' worker thread, created after
 * them, gets the bounded old generation and young generation; a limit the user gave is kept. Read from
 * V8's own statistics inside a worker thread of a fresh process running the built code (`npm test`
 * builds first), never from a clock or a machine-dependent RSS.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCRIPT = `
import { boundHeaps } from './dist/run/heap.js';
import { Worker } from 'node:worker_threads';
boundHeaps();
// The worker inherits --input-type=module: its eval'd code is a module too.
const w = new Worker("import v8 from 'node:v8'; import { parentPort } from 'node:worker_threads'; parentPort.postMessage(v8.getHeapStatistics().heap_size_limit);", { eval: true });
w.on('message', (limit) => { console.log(Math.round(limit / 1048576)); w.terminate(); });
`;

function workerHeapLimitMb(nodeOptions: string): number {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', SCRIPT], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: nodeOptions },
    timeout: 120_000,
  });
  expect(r.status, r.stderr).toBe(0);
  return Number(r.stdout.trim());
}

describe('the heap bounds of a run', () => {
  it('bound the worker thread created after them: 512 MiB of old generation and a small young one', () => {
    const limit = workerHeapLimitMb('');
    // heap_size_limit is the old generation plus the young generation's reserve (3 semi-spaces of 4 MiB).
    expect(limit).toBeGreaterThanOrEqual(512);
    expect(limit).toBeLessThan(512 + 32);
  });

  it('keep a limit the user gave in NODE_OPTIONS', () => {
    expect(workerHeapLimitMb('--max-old-space-size=300')).toBeLessThan(400);
  });
});
