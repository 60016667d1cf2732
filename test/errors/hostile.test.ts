/**
 * A target that is not the emulator and answers badly (HTML pages, empty bodies, closed connections,
 * broken JSON, an endless stream, a huge body, a stack trace) cannot crash or hang the error, header,
 * endpoint and extension checks: every case ends with a verdict that says what was wrong. And an
 * oversized body sent to a server that never reads it ends within the request timeout.
 */
import { describe, it, expect } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { startThirdPartyServer } from '../support/third-party-server.js';
import { runAgainst } from './run-against.js';

const KEY = 'sk-hostile-test-0123456789abcdef';

describe('against a hostile server', () => {
  it('every case ends with a verdict, and every bad request fails with a reason', async () => {
    const server = await startThirdPartyServer('hostile', KEY);
    try {
      const r = await runAgainst({ profile: 'openai', baseUrl: server.baseUrl, apiKey: KEY, only: 'error.,header.,endpoint.,extension.', timeoutMs: 3_000 });
      expect(r.cases.length).toBeGreaterThan(40);
      // A harness error is an exception in a check: never acceptable, whatever the target does.
      expect(r.cases.filter((c) => /harness error/.test(c.message)).map((c) => `${c.id}: ${c.message}`)).toEqual([]);
      const errors = r.cases.filter((c) => c.area === 'error');
      expect(errors).toHaveLength(21);
      // No hostile answer is a proper refusal: each error case fails and says why.
      for (const c of errors) {
        expect(c.verdict, `${c.id}: ${c.message}`).toBe('fail');
        expect(c.message).toMatch(/no HTTP answer|answered 2\d\d|server error|no \{"error"|stack trace|bare string|status \d{3}/);
      }
      // The endless stream and the huge body are bounded by the request timeout, not waited out.
      expect(r.durationMs).toBeLessThan(60_000);
    } finally {
      await server.close();
    }
  });
});

describe('the oversized body', () => {
  it('ends within the request timeout when the server never reads it nor answers', async () => {
    const sockets = new Set<Socket>();
    let received = 0;
    // Accepts the connection and then does nothing at all: no read (TCP backpressure builds), no answer.
    const server: Server = createServer(() => {});
    server.on('connection', (s) => {
      sockets.add(s);
      s.pause();
      s.on('data', (d) => (received += d.length));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const { port } = server.address() as AddressInfo;
    try {
      const t0 = Date.now();
      const r = await runAgainst({ profile: 'openai', baseUrl: `http://127.0.0.1:${port}/v1`, apiKey: KEY, only: 'error.oversized-body', timeoutMs: 1_500 });
      const took = Date.now() - t0;
      const c = r.byId.get('error.oversized-body')!;
      expect(c.verdict).toBe('fail');
      expect(c.message).toMatch(/no HTTP answer.*timeout/);
      expect(took).toBeLessThan(10_000);
      // The server read nothing: the 4 MiB were never buffered on its side.
      expect(received).toBe(0);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('is refused by a server that answers 413 before reading it all', async () => {
    const server = createServer((req, res) => {
      res.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
      res.end(JSON.stringify({ error: { message: 'Request body too large', type: 'invalid_request_error', param: null, code: null } }));
      req.socket.destroy();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const { port } = server.address() as AddressInfo;
    try {
      const r = await runAgainst({ profile: 'openai', baseUrl: `http://127.0.0.1:${port}/v1`, apiKey: KEY, only: 'error.oversized-body', timeoutMs: 5_000 });
      const c = r.byId.get('error.oversized-body')!;
      // Either the 413 was read, or the connection was cut while sending: both end the case, neither hangs it.
      expect(['pass', 'fail']).toContain(c.verdict);
      if (c.verdict === 'fail') expect(c.message).toMatch(/no HTTP answer/);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
