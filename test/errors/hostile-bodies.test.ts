/**
 * Error bodies a hostile target may send, read by observeError / judgeError directly: `error` as a number,
 * as null, as an array, and envelope values that String() cannot convert. Each is judged, never thrown on.
 */
import { describe, it, expect } from 'vitest';
import type { Exchange } from '../../src/transport/types.js';
import { loadProfile } from '../../src/spec/load.js';
import { observeError, judgeError } from '../../src/checks/errors/envelope.js';

function exchange(status: number, body: string): Exchange {
  return {
    id: 'x',
    request: { method: 'POST', url: 'http://t/v1/chat/completions', headers: {} },
    response: {
      status,
      headers: { 'content-type': 'application/json' },
      reads: [{ t: 1, bytes: new TextEncoder().encode(body) }],
      bodyBytes: body.length,
      truncated: false,
    },
    timings: { startedAt: 0 },
  };
}

const openai = loadProfile('openai').profile;
const judge = (status: number, body: string) => judgeError(observeError(exchange(status, body)), { status: '4xx', source: 'x#y' }, openai);

describe('hostile error bodies', () => {
  it('"error" that is a number, null, an array or missing is no envelope', () => {
    for (const body of ['{"error":400,"message":"bad"}', '{"error":null}', '{"error":["bad"]}', '{"detail":"bad"}', '"bad"', '400']) {
      expect(judge(400, body).message, body).toMatch(/no \{"error":\{\.\.\.\}\} envelope/);
    }
  });

  it('envelope values that are objects (even {"toString": 1}) are shown as JSON, not thrown on', () => {
    const obs = observeError(exchange(400, '{"error":{"message":"m","type":{"toString":1},"param":{"toString":1},"code":{"valueOf":1}}}'));
    expect(obs.observed).toMatch(/^400 \{"toString":1\}\/\{"valueOf":1\} param=\{"toString":1\}$/);
    expect(judge(400, '{"error":{"message":"m","type":{"toString":1},"param":null,"code":null}}').message).toMatch(/error\.type is not a non-empty string/);
  });
});
