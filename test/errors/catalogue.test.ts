/**
 * The bad-request catalogue: one request per error row, each answered as declared by every profile's
 * emulator; OpenAI parity fails exactly where a provider documents a deviation; the judge of an error
 * answer reads any body (HTML, empty, plain text, a stack trace) without crashing.
 */
import { describe, it, expect } from 'vitest';
import { BAD_REQUESTS, OVERSIZED_BODY_BYTES } from '../../src/checks/errors/catalogue.js';
import { observeError, judgeError } from '../../src/checks/errors/envelope.js';
import { loadProfile } from '../../src/spec/load.js';
import type { CaseIO } from '../../src/cases/types.js';
import type { Exchange } from '../../src/transport/types.js';
import { runCases } from '../support/run-cases.js';
import { BUILT_IN_PROFILES } from '../support/profiles.js';

const PROFILES = BUILT_IN_PROFILES;

const io = { chatPath: '/chat/completions', baselineBody: () => ({ model: 'm', messages: [{ role: 'user', content: 'hello' }] }) } as unknown as CaseIO;

function exchange(status: number, body: string, headers: Record<string, string> = {}): Exchange {
  return {
    id: 'x',
    request: { method: 'POST', url: 'http://t/v1/chat/completions', headers: {} },
    response: { status, headers, reads: [{ t: 1, bytes: new TextEncoder().encode(body) }], bodyBytes: body.length, truncated: false },
    timings: { startedAt: 0 },
  };
}

describe('the catalogue', () => {
  it('has a bad request for every error row of the OpenAI profile, and nothing else', () => {
    const rows = Object.keys(loadProfile('openai').profile.errors ?? {}).sort();
    expect(rows).toHaveLength(21);
    expect(BAD_REQUESTS.map((b) => b.id).sort()).toEqual(rows);
  });

  it('changes one thing of the good request in each bad one', () => {
    const good = JSON.stringify(io.baselineBody(false));
    for (const b of BAD_REQUESTS) {
      const req = b.build(io);
      const sent = req.rawBody ?? JSON.stringify(req.json);
      const same = sent === good && req.method === 'POST' && req.path === io.chatPath && !req.auth && !req.headers;
      expect(same, `${b.id} sends the good request`).toBe(false);
      expect(b.what.length, b.id).toBeGreaterThan(5);
    }
  });

  it('sends an oversized body that is valid JSON past 4 MiB, never shared (no megabyte cache key)', () => {
    const req = BAD_REQUESTS.find((b) => b.id === 'oversized-body')!.build(io);
    expect(typeof req.rawBody).toBe('string');
    expect((req.rawBody as string).length).toBeGreaterThanOrEqual(OVERSIZED_BODY_BYTES);
    expect((req.rawBody as string).length).toBeLessThan(OVERSIZED_BODY_BYTES + 16);
    expect(() => JSON.parse(req.rawBody as string)).not.toThrow();
    expect(req.fresh).toBe(true);
  });
});

describe('against the emulators', () => {
  for (const p of PROFILES) {
    it(`${p}: every error case passes against its own emulator`, async () => {
      const r = await runCases({ profile: p, only: 'error.' });
      expect(r.cases.length).toBeGreaterThanOrEqual(21);
      expect(r.failing, JSON.stringify(r.failing.map((id) => r.byId.get(id)?.message))).toEqual([]);
      expect(r.cases.filter((c) => c.verdict !== 'pass').map((c) => `${c.id}: ${c.message}`)).toEqual([]);
    });
  }

  /** The bad values Parallel documents as ignored (answered 200): both directions of the cross-run must name exactly these. */
  const PARALLEL_ACCEPTS = [
    'error.n-too-large',
    'error.n-zero',
    'error.stream-options-without-stream',
    'error.temperature-out-of-range',
    'error.too-many-stop',
    'error.top-logprobs-out-of-range',
  ];

  it('parallel: OpenAI parity fails exactly on the bad values Parallel documents as ignored (accepted with 200)', async () => {
    const r = await runCases({ profile: 'parallel', only: 'error.' });
    const parityFails = r.cases.filter((c) => c.parity?.verdict === 'fail').map((c) => c.id);
    expect(parityFails.sort()).toEqual(PARALLEL_ACCEPTS);
    for (const id of parityFails) expect(r.byId.get(id)?.parity?.message).toMatch(/answered 200 to a bad request/);
  });

  it('the OpenAI profile against the Parallel emulator fails exactly those rows (and nothing else)', async () => {
    const r = await runCases({ profile: 'openai', emulate: 'parallel', only: 'error.' });
    expect(r.failing.sort()).toEqual(PARALLEL_ACCEPTS);
  });
});

describe('judging an error answer', () => {
  const openai = loadProfile('openai').profile;
  const row = (status: number | string) => ({ status, source: 'x#y' });
  const judge = (ex: Exchange, r = row('4xx')) => {
    const obs = observeError(ex);
    return { obs, j: judgeError(obs, r, openai) };
  };

  it('passes a 2xx only where 2xx is declared, and fails a refusal there', () => {
    expect(judge(exchange(200, '{}'), row('2xx')).j.verdict).toBe('pass');
    expect(judge(exchange(200, '{}')).j.message).toMatch(/answered 200 to a bad request/);
    expect(judge(exchange(400, '{"error":{"message":"no","type":"t","param":null,"code":null}}'), row('2xx')).j.message).toMatch(/refused, declared 2xx/);
  });

  it('names what is wrong with HTML, empty and plain-text bodies, and finds a stack trace outside an envelope', () => {
    expect(judge(exchange(502, '<html><h1>502 Bad Gateway</h1></html>', { 'content-type': 'text/html' })).j.message).toMatch(
      /502: a server error.*no \{"error"/,
    );
    expect(judge(exchange(400, '')).j.message).toMatch(/empty body/);
    expect(judge(exchange(400, 'Traceback (most recent call last):\n  File "/srv/app.py", line 1')).j.message).toMatch(/leaks a stack trace/);
    expect(judge(exchange(400, '{"error":{"message":"bad","type":"invalid_request_error","param":null,"code":null}}')).j.verdict).toBe('pass');
  });

  it('does not take a 429 for the answer to the bad request', () => {
    const { obs } = judge(exchange(429, '{"error":{"message":"slow down","type":"requests","param":null,"code":"rate_limit_exceeded"}}'));
    expect(obs.verdict).toBe('inconclusive');
  });

  it('fails a transport failure with its reason', () => {
    const ex: Exchange = {
      id: 'x',
      request: { method: 'POST', url: 'u', headers: {} },
      error: { kind: 'network', message: 'ECONNRESET: other side closed' },
      timings: { startedAt: 0 },
    };
    expect(judge(ex).j.message).toMatch(/no HTTP answer.*ECONNRESET/);
  });
});
