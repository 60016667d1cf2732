import { describe, it, expect, afterEach } from 'vitest';
import { createTransport, bodyText, type TargetConnection } from '../../src/transport/http.js';
import { DEFAULT_LIMITS } from '../../src/transport/types.js';
import { registerSecret } from '../../src/transport/redact.js';
import { serve, sleep, type TestServer } from '../support/servers.js';

const KEY = 'sk-canary-transport-0123456789abcdefghij';
registerSecret(KEY);

let servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function target(handler: Parameters<typeof serve>[0], limits: Partial<TargetConnection['limits']> = {}) {
  const s = await serve(handler);
  servers.push(s);
  return createTransport({ baseUrl: `${s.url}/v1`, apiKey: KEY, defaultAuth: 'bearer', headers: {}, limits: { ...DEFAULT_LIMITS, ...limits } });
}

describe('transport bounds', () => {
  it('records status, headers, body reads with arrival times and timings', async () => {
    const t = await target(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'x-request-id': 'req_1' });
      res.write('data: 1\n\n');
      await sleep(30);
      res.end('data: [DONE]\n\n');
    });
    const ex = await t.send({ method: 'POST', path: '/chat/completions', json: { a: 1 } });
    expect(ex.request.url).toMatch(/\/v1\/chat\/completions$/);
    expect(ex.response?.status).toBe(200);
    expect(ex.response?.headers['x-request-id']).toBe('req_1');
    expect(ex.response!.reads.length).toBeGreaterThanOrEqual(2);
    expect(ex.response!.reads[1].t).toBeGreaterThan(ex.response!.reads[0].t);
    expect(bodyText(ex)).toBe('data: 1\n\ndata: [DONE]\n\n');
    expect(ex.timings.headersMs).toBeGreaterThanOrEqual(0);
    expect(ex.timings.totalMs).toBeGreaterThanOrEqual(ex.timings.firstByteMs!);
    await t.close();
  });

  it('ends a request whose headers never come', async () => {
    const t = await target(() => {}, { headersMs: 200 });
    const ex = await t.send({ method: 'GET', path: '/models' });
    expect(ex.error?.kind).toBe('headers-timeout');
    expect(ex.response).toBeUndefined();
    await t.close();
  });

  it('ends a body that goes silent', async () => {
    const t = await target(
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('data: 1\n\n');
      },
      { idleMs: 200 },
    );
    const ex = await t.send({ method: 'GET', path: '/x' });
    expect(ex.error?.kind).toBe('idle-timeout');
    expect(ex.response?.truncated).toBe(true);
    expect(bodyText(ex)).toBe('data: 1\n\n');
    await t.close();
  });

  it('ends a stream that drips forever at the total timeout', async () => {
    const t = await target(
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        const timer = setInterval(() => res.write(':'), 20);
        res.on('close', () => clearInterval(timer));
      },
      { totalMs: 400, idleMs: 1000 },
    );
    const started = Date.now();
    const ex = await t.send({ method: 'GET', path: '/x' });
    expect(ex.error?.kind).toBe('total-timeout');
    expect(ex.response?.truncated).toBe(true);
    expect(Date.now() - started).toBeLessThan(5000);
    await t.close();
  });

  it('caps the body and stops reading', async () => {
    const t = await target(
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        const chunk = Buffer.alloc(64 * 1024, 97);
        let sent = 0;
        const pump = () => {
          while (sent < 4096 && res.write(chunk)) sent++;
          if (sent < 4096) res.once('drain', pump);
          else res.end();
        };
        pump();
      },
      { maxBodyBytes: 100_000 },
    );
    const ex = await t.send({ method: 'GET', path: '/x' });
    expect(ex.response?.truncated).toBe(true);
    expect(ex.response?.bodyBytes).toBe(100_000);
    expect(ex.error?.message).toMatch(/body cap/);
    await t.close();
  });

  it('reports a refused connection as connect', async () => {
    const s = await serve(() => {});
    const url = s.url;
    await s.close();
    const t = createTransport({ baseUrl: url, apiKey: KEY, defaultAuth: 'bearer', headers: {}, limits: DEFAULT_LIMITS });
    const ex = await t.send({ method: 'GET', path: '/models' });
    expect(ex.error?.kind).toBe('connect');
    await t.close();
  });

  it('never follows a redirect (credentials stay on the origin)', async () => {
    let followed = false;
    const other = await serve((_req, res) => {
      followed = true;
      res.end('{}');
    });
    servers.push(other);
    const t = await target((_req, res) => {
      res.writeHead(307, { location: `${other.url}/steal` });
      res.end();
    });
    const ex = await t.send({ method: 'POST', path: '/chat/completions', json: {} });
    expect(ex.response?.status).toBe(307);
    expect(followed).toBe(false);
    expect(() => t.send({ method: 'GET', path: `${other.url}/x` })).not.toThrow();
    const cross = await t.send({ method: 'GET', path: `${other.url}/x` });
    expect(cross.error?.kind).toBe('redirect');
    expect(followed).toBe(false);
    await t.close();
  });
});

describe('redaction', () => {
  it('redacts credentials and every echo of the key, even split across reads', async () => {
    const t = await target(async (req, res) => {
      res.writeHead(401, { 'content-type': 'application/json', 'x-echo': String(req.headers.authorization) });
      const body = JSON.stringify({ error: { message: `bad key ${KEY}`, type: 'x', param: null, code: null } });
      const at = body.indexOf(KEY) + 10;
      res.write(body.slice(0, at));
      await sleep(30);
      res.end(body.slice(at));
    });
    const ex = await t.send({ method: 'POST', path: '/chat/completions', json: { note: KEY } });
    const all = JSON.stringify({ ...ex, response: { ...ex.response, body: bodyText(ex), reads: undefined } });
    expect(all).not.toContain(KEY);
    expect(ex.request.headers.authorization).toBe('Bearer [REDACTED]');
    expect(ex.response!.reads.length).toBeGreaterThanOrEqual(2);
    expect(bodyText(ex)).toContain('*'.repeat(KEY.length));
    await t.close();
  });

  it('sends x-api-key and api-key schemes, redacted in the record', async () => {
    const seen: Record<string, unknown>[] = [];
    const t = await target((req, res) => {
      seen.push(req.headers);
      res.end('{}');
    });
    const a = await t.send({ method: 'GET', path: '/m', auth: { scheme: 'x-api-key' } });
    const b = await t.send({ method: 'GET', path: '/m', auth: { scheme: 'none' } });
    expect(seen[0]['x-api-key']).toBe(KEY);
    expect(seen[1].authorization).toBeUndefined();
    expect(a.request.headers['x-api-key']).toBe('[REDACTED]');
    expect(b.request.headers.authorization).toBeUndefined();
    await t.close();
  });
});
