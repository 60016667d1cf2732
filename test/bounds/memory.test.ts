/**
 * Item 5 of issue #12: memory is bounded. A flood target (every answer a 4 MiB stream of tiny SSE
 * events) and a deeply nested one: the run ends with results written and a peak resident set (the
 * child's maxRSS, from /usr/bin/time) under 600 MB. A memory bound, never a speed: the test timeout is
 * the only clock. The shared-answer cache is checked on its own: it drops the least recently used
 * answers past its budget and never the one in use.
 */
import { describe, it, expect, afterEach } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { ROOT } from '../support/cli.js';
import { serve, type TestServer } from '../support/servers.js';
import { SharedAnswers } from '../../src/run/shared-answers.js';
import type { Exchange } from '../../src/transport/types.js';

const TIME = '/usr/bin/time';
const servers: TestServer[] = [];
afterEach(async () => {
  while (servers.length) await servers.pop()!.close();
});

/** Runs the built command under /usr/bin/time; returns its exit code and peak RSS in MB. */
function measuredRun(args: string[]): Promise<{ code: number | null; maxRssMb: number; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(TIME, ['-f', 'MAXRSS_KB=%M', process.execPath, `${ROOT}bin/oai-compat.js`, ...args], {
      cwd: ROOT,
      env: { ...process.env, OAI_COMPAT_RUN_CONFIG: undefined, GITHUB_STEP_SUMMARY: undefined },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.on('close', (code) => {
      const kb = Number(/MAXRSS_KB=(\d+)/.exec(stderr)?.[1] ?? NaN);
      resolve({ code, maxRssMb: kb / 1024, stderr });
    });
  });
}

async function floodServer(): Promise<string> {
  const event = 'data: {"choices":[{"index":0,"delta":{"content":"x"}}]}\n\n';
  const s = await serve((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      let n = 0;
      // Small writes, each its own tick: many tiny network reads, up to the harness's 4 MiB body cap.
      const pump = () => {
        if (res.destroyed) return;
        for (let k = 0; k < 20; k++) res.write(event);
        if (++n < 5000) setImmediate(pump);
        else res.end('data: [DONE]\n\n');
      };
      pump();
    });
  });
  servers.push(s);
  return `${s.url}/v1`;
}

async function deepServer(): Promise<string> {
  const body = '['.repeat(1_000_000) + ']'.repeat(1_000_000);
  const s = await serve((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(body);
    });
  });
  servers.push(s);
  return `${s.url}/v1`;
}

describe.skipIf(!existsSync(TIME))('memory of a run against a flood target', () => {
  for (const [name, start] of [['a flood of tiny SSE events', floodServer], ['a million levels of nested JSON', deepServer]] as const) {
    it(`${name}: results written, peak RSS under 600 MB`, async () => {
      const url = await start();
      const out = await mkdtemp(join(tmpdir(), 'oai-compat-memory-'));
      const r = await measuredRun(['run', '--base-url', url, '--model', 'm', '--only', 'stream.,request.stream,response.', '--out', out, '--quiet']);
      expect([0, 1], r.stderr).toContain(r.code);
      const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as { cases: unknown[] };
      expect(results.cases.length).toBeGreaterThan(10);
      expect(r.maxRssMb, r.stderr).toBeLessThan(600);
    }, 600_000);
  }
});

describe('the shared answers', () => {
  const answer = (bytes: number) => Promise.resolve({ id: `x${bytes}`, request: { method: 'POST', url: '', headers: {} }, response: { status: 200, headers: {}, reads: [], bodyBytes: bytes, truncated: false }, timings: { startedAt: 0 } } as Exchange);
  const settle = () => new Promise((r) => setTimeout(r, 0));

  it('keeps everything under the budget, and drops the least recently used answers past it', async () => {
    const cache = new SharedAnswers(100);
    cache.set('a', answer(40));
    cache.set('b', answer(40));
    await settle();
    expect(cache.get('a')).toBeDefined(); // a is now the most recent
    cache.set('c', answer(40));
    await settle();
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.get('c')).toBeDefined();
    expect(cache.keptBytes).toBe(80);
  });

  it('never drops the only answer, however big', async () => {
    const cache = new SharedAnswers(10);
    cache.set('big', answer(1000));
    await settle();
    expect(cache.get('big')).toBeDefined();
  });
});
