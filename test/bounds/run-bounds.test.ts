/**
 * Item 4 of issue #12: the run as a whole is bounded. Real runs of the built command against loopback
 * servers that misbehave for ever: one accepts TCP and never answers, one answers 429 with
 * Retry-After: 19 to everything. Each run must end (the test's generous timeout is the only clock:
 * nothing here asserts how fast) with results.json written and the cases it could not observe
 * inconclusive, never failed.
 */
import { describe, it, expect, afterEach } from 'vitest';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import { mkdtemp, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import { cli } from '../support/cli.js';
import { serve, type TestServer } from '../support/servers.js';
import { validateResults } from '../../src/report/load.js';
import type { Results } from '../../src/results/results.types.js';

const tmp = () => mkdtemp(join(tmpdir(), 'oai-compat-bounds-'));
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

/** Accepts every connection, reads what it is sent, and never writes a byte. */
async function silentServer(): Promise<string> {
  const sockets = new Set<Socket>();
  const server: TcpServer = createTcpServer((s) => {
    sockets.add(s);
    s.on('data', () => {});
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  closers.push(
    () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
}

async function readResults(out: string): Promise<Results> {
  return (await validateResults(JSON.parse(await readFile(join(out, 'results.json'), 'utf8')))) as Results;
}

describe('the run as a whole is bounded', () => {
  it('a target that accepts TCP and never answers trips the breaker: exit 3, every unobserved case inconclusive, results written', async () => {
    const url = await silentServer();
    const out = await tmp();
    const r = await cli(['run', '--base-url', url, '--model', 'm', '--timeout-ms', '3000', '--out', out, '--quiet'], {}, 300_000);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/the target stopped answering/);
    const results = await readResults(out);
    expect(results.stopped?.kind).toBe('unresponsive');
    expect(results.cases.length).toBeGreaterThan(50);
    expect(results.summary.fail).toBe(0);
    expect(results.summary.pass).toBe(0);
    // The breaker stopped the sending: a handful of timeouts, not one per case.
    expect(results.requests.sent).toBeLessThan(20);
    expect(results.cases.filter((c) => /stopped answering/.test(c.message)).length).toBeGreaterThan(40);
  }, 300_000);

  it('--deadline ends a run against a silent target: the cases not reached are inconclusive and results are written', async () => {
    const url = await silentServer();
    const out = await tmp();
    // The breaker is out of the picture (a long timeout, and it trips only on answers that ended).
    const r = await cli(['run', '--base-url', url, '--model', 'm', '--deadline', '5s', '--out', out, '--quiet'], {}, 300_000);
    const results = await readResults(out);
    expect(results.stopped?.kind, r.stderr).toBe('deadline');
    expect(results.summary.fail).toBe(0);
    expect(results.cases.length).toBeGreaterThan(50);
    expect(results.cases.filter((c) => /deadline passed/.test(c.message)).length).toBeGreaterThan(40);
    expect(r.stderr).toMatch(/deadline reached/);
  }, 300_000);

  it('a 429 with Retry-After: 19 on every answer: the run ends, with the rate-limited cases inconclusive', async () => {
    let hits = 0;
    const server: TestServer = await serve((req, res) => {
      hits++;
      req.resume();
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '19' });
      res.end('{"error":{"message":"slow down","type":"rate_limit_exceeded","code":"rate_limit_exceeded"}}');
    });
    closers.push(() => server.close());
    const out = await tmp();
    // One retry keeps the test short; the bound itself does not depend on it (the breaker counts the
    // requests still refused after their retries, whatever their number).
    const r = await cli(['run', '--base-url', `${server.url}/v1`, '--model', 'm', '--retries', '1', '--out', out, '--quiet'], {}, 300_000);
    expect(r.code, r.stderr).toBe(3);
    const results = await readResults(out);
    expect(results.stopped?.kind).toBe('unresponsive');
    const failed = results.cases.filter((c) => c.verdict === 'fail').map((c) => `${c.id}: ${c.message}`);
    expect(failed).toEqual([]);
    expect(results.summary.pass).toBe(0);
    expect(hits).toBeLessThan(30);
  }, 300_000);

  it('a Retry-After beyond --max-retry-after is not waited for: the case is inconclusive and says why', async () => {
    const server: TestServer = await serve((req, res) => {
      req.resume();
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '3600' });
      res.end('{"error":{"message":"quota","type":"rate_limit_exceeded"}}');
    });
    closers.push(() => server.close());
    const out = await tmp();
    const r = await cli(
      ['run', '--base-url', `${server.url}/v1`, '--model', 'm', '--only', 'response.', '--max-retry-after', '10s', '--out', out, '--quiet'],
      {},
      300_000,
    );
    const results = await readResults(out);
    expect(results.summary.fail, r.stderr).toBe(0);
    expect(results.cases.some((c) => /beyond the retry wait cap of 10 s/.test(c.message) || /stopped answering/.test(c.message))).toBe(true);
  }, 300_000);
});
