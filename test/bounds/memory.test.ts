/**
 * Item 5 of issue #12, the part a test can hold without a clock or a machine-dependent number: the
 * shared-answer cache drops the least recently used answers past its budget and never the one in use,
 * and a whole run against a flood target holds no more than its bounds. The peak RSS of whole runs
 * (full run, flood targets) is measured by bench/memory.mjs.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { SharedAnswers, SHARED_BODY_BUDGET } from '../../src/run/shared-answers.js';
import { DEFAULT_LIMITS, type Exchange } from '../../src/transport/types.js';
import { RunContext } from '../../src/run/context.js';
import { RunConfigSchema } from '../../src/run/config.js';
import { executeAll } from '../../src/run/execute-all.js';
import { RECORD_BODY_CHARS } from '../../src/run/records.js';

describe('the shared answers', () => {
  const answer = (bytes: number) =>
    Promise.resolve({
      id: `x${bytes}`,
      request: { method: 'POST', url: '', headers: {} },
      response: { status: 200, headers: {}, reads: [], bodyBytes: bytes, truncated: false },
      timings: { startedAt: 0 },
    } as Exchange);
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

/**
 * A whole in-process run against a flood target (every answer is an event stream of tiny events, bigger
 * than the shared-answer budget all together): what the run holds across cases stays within its bounds,
 * and what results.json keeps of each exchange is capped, however big the answer was.
 */
describe('a run against a flood target', () => {
  const EVENT = 'data: {"choices":[{"index":0,"delta":{"content":"x"}}]}\n\n';
  const BODY = `${EVENT.repeat(Math.ceil((1280 * 1024) / EVENT.length))}data: [DONE]\n\n`;
  let server: Server;
  let baseUrl = '';

  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end(BODY);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  it('keeps the shared answers within their budget and caps every record it writes', async () => {
    const config = RunConfigSchema.parse({ profile: 'openai', baseUrl, model: 'm', apiKeyEnv: 'UNUSED', outDir: '/tmp/unused', only: 'stream.,response.' });
    const ctx = new RunContext({ config, apiKey: 'sk-memory-test-0123456789abcdef' });
    try {
      const { cases, exchanges } = await executeAll(ctx, 4);
      expect(cases.length).toBeGreaterThan(0);
      // The precondition: the run saw more answer bytes than the budget, so the bound was exercised.
      const seen = [...exchanges.values()].reduce((n, x) => n + (x.response?.bodyBytes ?? 0), 0);
      expect(seen).toBeGreaterThan(SHARED_BODY_BUDGET);
      const { sharedBodyBytes, limitedAnswers } = ctx.retained();
      expect(sharedBodyBytes).toBeLessThanOrEqual(SHARED_BODY_BUDGET + DEFAULT_LIMITS.maxBodyBytes);
      expect(limitedAnswers).toBe(0);
      for (const x of exchanges.values()) {
        expect(x.response?.body.length ?? 0).toBeLessThanOrEqual(RECORD_BODY_CHARS + 40);
        // The record says how much was cut: the evidence of size is kept, not the bytes.
        if ((x.response?.bodyBytes ?? 0) > RECORD_BODY_CHARS) expect(x.response?.body).toMatch(/…\[\d+ more chars\]$/);
      }
    } finally {
      await ctx.close();
    }
  });
});
