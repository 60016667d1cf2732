/**
 * The run's heap settings (src/run/heap.ts, issue #13 item 4): the young generation of the running
 * thread, where the suites run (run/in-thread-pool.ts), stays at its initial size under a high
 * allocation rate; a size the user gave is kept; rolldown's allocator commits its arena as used. Read from
 * V8's and mimalloc's own statements in a fresh process running the built code (`npm test` builds first),
 * never from a clock or a machine-dependent RSS.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// Short-lived garbage at a high rate, the largest new space V8 gave it (MiB).
const SCRIPT = (bound: boolean) => `
import v8 from 'node:v8';
import { boundHeaps } from './dist/run/heap.js';
${bound ? 'boundHeaps();' : ''}
let keep = [];
let most = 0;
for (let i = 0; i < 2e6; i++) {
  keep.push({ i, s: 'x' + i });
  if (keep.length > 50000) keep = [];
  if (i % 10000 === 0) most = Math.max(most, v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').physical_space_size);
}
console.log(Math.round(most / 1048576));
`;

function newSpaceMb(bound: boolean, nodeOptions = ''): number {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', SCRIPT(bound)], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: nodeOptions },
    timeout: 120_000,
  });
  expect(r.status, r.stderr).toBe(0);
  return Number(r.stdout.trim());
}

describe('the heap settings of a run', () => {
  it('keep the running thread young generation small (control: unbounded, V8 grows it)', () => {
    const unbounded = newSpaceMb(false);
    const bounded = newSpaceMb(true);
    expect(unbounded).toBeGreaterThanOrEqual(16);
    expect(bounded).toBeLessThanOrEqual(4);
  });

  it('keep a young-generation size the user gave in NODE_OPTIONS', () => {
    expect(newSpaceMb(true, '--max-semi-space-size=16')).toBeGreaterThanOrEqual(16);
  });
});

// rolldown's allocator (mimalloc) states its options when asked to be verbose: the one the run sets is read
// when the native binding loads, with vite. Control: without boundHeaps, mimalloc's default (2, eager where
// it can) stands.
function mimallocArenaEagerCommit(bound: boolean, given?: string): string | undefined {
  const r = spawnSync(
    process.execPath,
    ['--input-type=module', '-e', `import { boundHeaps } from './dist/run/heap.js'; ${bound ? 'boundHeaps();' : ''} await import('vite');`],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: {
        ...process.env,
        MIMALLOC_VERBOSE: '1',
        ...(given === undefined ? { MIMALLOC_ARENA_EAGER_COMMIT: undefined } : { MIMALLOC_ARENA_EAGER_COMMIT: given }),
      },
      timeout: 120_000,
    },
  );
  expect(r.status, r.stderr).toBe(0);
  return /option 'arena_eager_commit': (\d+)/.exec(r.stderr)?.[1];
}

describe("the native allocator settings of a run (rolldown's mimalloc)", () => {
  it('commit its arena as used, not eagerly (control: unbounded, mimalloc commits eagerly)', () => {
    const unbounded = mimallocArenaEagerCommit(false);
    expect(unbounded).toBeDefined();
    expect(unbounded).not.toBe('0');
    expect(mimallocArenaEagerCommit(true)).toBe('0');
  });

  it('keep a setting the user gave', () => {
    expect(mimallocArenaEagerCommit(true, '1')).toBe('1');
  });
});
