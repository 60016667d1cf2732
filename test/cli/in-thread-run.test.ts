/**
 * The suites run in the CLI's own thread (src/run/in-thread-pool.ts, issue #13 item 4). What a worker
 * thread's boundary gave for free must hold all the same, for every run of a process (a configuration
 * runs its targets one after the other in one process):
 * - a harness error on a configuration's second target is exit 4 with its line, like the first's: a
 *   context that cannot be built, and an error nobody catches (vitest listens for those in a thread only
 *   for its first run there; without the pool's own listeners the CLI died with exit 1);
 * - after a run, the thread is the CLI's own again: process.exit, the console, Error's stack hooks, the
 *   error listeners and the environment are what they were (vitest's runtime replaces them);
 * - a --record cassette that cannot be written is a harness error reported with the results, which are
 *   written all the same.
 */
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { cliIn, ROOT } from '../support/cli.js';

const tmp = () => mkdtemp(join(tmpdir(), 'oai-compat-in-thread-'));

const run = cliIn;

const TWO_TARGETS = ['out: out', 'run:', '  only: request.model', 'targets:', '  - name: first', '  - name: second', ''].join('\n');

/** Each target's exit code, and the stderr lines of the second target (after its "target 2/2" line). */
async function twoTargets(fault: string) {
  const dir = await tmp();
  await writeFile(join(dir, 'oai-compat.config.yaml'), TWO_TARGETS);
  const r = run(['run', '--json'], dir, { OAI_COMPAT_HARNESS_FAULT: fault });
  // No document at all: the process died (exit ${r.code}) before the configuration's summary.
  expect(r.stdout, `exit ${r.code}: ${r.stderr}`).toMatch(/^\{/);
  const doc = JSON.parse(r.stdout) as { exitCode: number; targets: Array<{ name: string; exitCode: number }> };
  const second = r.stderr.slice(r.stderr.indexOf('target 2/2: second'));
  return { r, doc, second, dir };
}

/** The first target passed (the control), the second ended in a harness error (exit 4). */
function expectSecondFailed(doc: Awaited<ReturnType<typeof twoTargets>>['doc'], stderr: string) {
  expect(
    doc.targets.map((t) => [t.name, t.exitCode]),
    stderr,
  ).toEqual([
    ['first', 0],
    ['second', 4],
  ]);
}

describe("a harness error on a configuration's second target", () => {
  it('a context that cannot be built: exit 4 for that target, with the error line (control: the first target passes)', async () => {
    const { r, doc, second } = await twoTargets('context:second');
    expectSecondFailed(doc, r.stderr);
    expect(doc.exitCode).toBe(4);
    expect(r.code).toBe(4);
    expect(second).toMatch(/harness error: injected harness fault \(OAI_COMPAT_HARNESS_FAULT=context:second\)/);
    expect(second).toMatch(/the harness itself failed/);
  });

  it('an error nobody catches in the suites: exit 4 for that target, with the error line; the run goes on', async () => {
    const { r, doc, second, dir } = await twoTargets('uncaught:second');
    expectSecondFailed(doc, r.stderr);
    expect(r.code).toBe(4);
    expect(second.match(/harness error: .*injected uncaught harness fault \(OAI_COMPAT_HARNESS_FAULT=uncaught:second\)/g), second).toHaveLength(1);
    expect(r.stderr).not.toMatch(/ {4}at /);
    // The case still ran and its results were written: an uncaught error does not end the run.
    const results = JSON.parse(await readFile(join(dir, 'out/second/results.json'), 'utf8'));
    expect(results.cases.map((c: { id: string; verdict: string }) => [c.id, c.verdict])).toEqual([['request.model', 'pass']]);
  });

  it('the same fault on the first target is caught the same way (control)', async () => {
    const { r, doc } = await twoTargets('uncaught:first');
    expect(
      doc.targets.map((t) => [t.name, t.exitCode]),
      r.stderr,
    ).toEqual([
      ['first', 4],
      ['second', 0],
    ]);
  });
});

// A run of one case in this process, as `oai-compat run` makes it; what the thread holds before and after.
const IN_PROCESS = (out: string) => `
import { runCommand } from './dist/cli/run.js';
const listeners = (e) => process.listeners(e).length;
const state = () => ({
  exit: process.exit,
  console: globalThis.console,
  log: globalThis.console.log,
  prepareStackTrace: Error.prepareStackTrace,
  stackTraceLimit: Error.stackTraceLimit,
  uncaughtException: listeners('uncaughtException'),
  unhandledRejection: listeners('unhandledRejection'),
  vitestEnv: Object.keys(process.env).filter((k) => k.startsWith('VITEST')).join(','),
});
const before = state();
const code = await runCommand(['--only', 'request.model', '--out', ${JSON.stringify(out)}, '--quiet']);
const after = state();
const changed = Object.keys(before).filter((k) => before[k] !== after[k]);
const exitIsNode = process.exit.toString().includes('process.reallyExit') || process.exit.toString().includes('[native code]');
console.log(JSON.stringify({ code, changed, exitIsNode, exitSource: process.exit.toString().slice(0, 120) }));
`;

describe('after a run, the thread is the CLI own again', () => {
  it('process.exit, the console, the stack hooks, the error listeners and the environment are what they were', async () => {
    const out = await tmp();
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', IN_PROCESS(out)], { cwd: ROOT, encoding: 'utf8', timeout: 540_000 });
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    expect(doc.code).toBe(0);
    expect(doc.changed, doc.exitSource).toEqual([]);
    expect(doc.exitIsNode, doc.exitSource).toBe(true);
  });
});

describe('a --record cassette that cannot be written', () => {
  it('is a harness error (exit 4) with its file named, and results.json is written all the same', async () => {
    const dir = await tmp();
    const cassette = join(dir, 'run.jsonl');
    const r = run(['run', '--only', 'request.model', '--record', cassette, '--out', join(dir, 'out'), '--quiet'], dir, {
      OAI_COMPAT_HARNESS_FAULT: 'record',
    });
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toContain(`harness error: --record ${cassette}: cannot write (ENOSPC)`);
    expect(existsSync(join(dir, 'out/results.json'))).toBe(true);
    const results = JSON.parse(await readFile(join(dir, 'out/results.json'), 'utf8'));
    expect(results.cases.map((c: { id: string; verdict: string }) => [c.id, c.verdict])).toEqual([['request.model', 'pass']]);
  });
});
