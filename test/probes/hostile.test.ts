/**
 * Every probe against answers of the wrong shape (choices not an array, content not a string, usage counts
 * as strings, a huge logprobs array, not JSON, an event stream of junk): each must return an observation,
 * never throw. No server: the io answers every request with the same canned exchange.
 */
import { describe, it, expect } from 'vitest';
import { PROBES } from '../../src/probes/index.js';
import { observeAcceptance } from '../../src/probes/generic.js';
import { loadProfile } from '../../src/spec/load.js';
import type { CaseIO } from '../../src/cases/types.js';
import type { Exchange } from '../../src/transport/types.js';
import { handleChat } from '../../src/emulator/chat.js';

const exchange = (body: string, contentType = 'application/json', status = 200): Exchange => ({
  id: 'x',
  request: { method: 'POST', url: 'http://t/v1/chat/completions', headers: {} },
  response: {
    status,
    headers: { 'content-type': contentType },
    reads: [{ t: 1, bytes: new TextEncoder().encode(body) }],
    bodyBytes: body.length,
    truncated: false,
  },
  timings: { startedAt: 0 },
});

const manyTokens = JSON.stringify({
  choices: [{ message: { content: 'a b c' }, logprobs: { content: Array.from({ length: 300_000 }, () => ({ top_logprobs: [1] })) } }],
});

const HOSTILE: Record<string, Exchange> = {
  'choices not an array': exchange(JSON.stringify({ choices: { 0: { message: { content: 'x' } } }, usage: { prompt_tokens: 3 } })),
  'content not a string, choices of junk': exchange(
    JSON.stringify({
      choices: [
        null,
        7,
        {
          message: { content: { text: 'x' }, tool_calls: [{ function: { name: { a: 1 }, arguments: 5 } }, null] },
          logprobs: { content: 'x' },
          finish_reason: 3,
        },
      ],
    }),
  ),
  'a tool name with no string form': exchange(
    JSON.stringify({ choices: [{ message: { content: null, tool_calls: [{ function: { name: { toString: 1 }, arguments: { toJSON: 1 } } }] } }] }),
  ),
  'usage counts as strings': exchange(
    JSON.stringify({ choices: [{ message: { content: 'some text here' }, finish_reason: 'stop' }], usage: { prompt_tokens: '12', completion_tokens: '999' } }),
  ),
  'usage not an object': exchange(JSON.stringify({ choices: [{ message: 'hi' }], usage: [1, 2] })),
  'a huge logprobs array': exchange(manyTokens),
  'not JSON': exchange('<html>502 Bad Gateway</html>', 'text/html'),
  'JSON null': exchange('null'),
  'an event stream of junk': exchange('data: {"choices":"x","usage":5}\n\ndata: [1,2]\n\ndata: nope\n\ndata: [DONE]\n\n', 'text/event-stream'),
  'an error body of the wrong shape': exchange(JSON.stringify({ error: 'bad' }), 'application/json', 400),
  'an empty 500': exchange('', 'text/plain', 500),
};

function io(ex: Exchange): CaseIO {
  const profile = loadProfile('openai').profile;
  const baselineBody = (stream: boolean) => ({ model: 'm', messages: [{ role: 'user', content: 'hi' }], ...(stream ? { stream: true } : {}) });
  return {
    profile,
    reference: profile,
    model: 'm',
    samples: 2,
    chatPath: '/chat/completions',
    send: async () => ex,
    baselineBody,
    baseline: async () => ex,
    rateLimited: () => [],
    chat: async () => ex,
  };
}

describe('probes against answers of the wrong shape', () => {
  const profile = loadProfile('openai').profile;
  const cases = Object.keys(HOSTILE).flatMap((name) => [...PROBES.flatMap((p) => p.keys.map((id) => [name, id] as const)), [name, 'request.user'] as const]);
  it.each(cases)('%s: %s gives an observation', async (name, id) => {
    const [area, ...rest] = id.split('.');
    const key = rest.join('.');
    const row = area === 'request' ? profile.request?.[key] : profile.messages?.[key];
    const probe = PROBES.find((p) => p.keys.includes(id));
    const target = io(HOSTILE[name]);
    const obs = probe ? await probe.observe(target, key, row) : await observeAcceptance(target, area as 'request' | 'message', key, row);
    expect(typeof obs.observed).toBe('string');
    expect(() => JSON.stringify(obs.evidence)).not.toThrow();
  });
});

describe('the emulator against hostile requests', () => {
  const profile = loadProfile('openai').profile;
  const chat = (extra: Record<string, unknown>) => handleChat(profile, { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], ...extra });
  it('values with no string form are refused or read, never thrown on', () => {
    expect(chat({ messages: [{ role: { toString: 1 }, content: 'hi' }] })).toMatchObject({ kind: 'error', caseId: 'unknown-role' });
    expect(chat({ messages: [{ role: 'user', name: { toString: 1 }, content: [{ type: 'text', text: { toString: 1 } }] }] }).kind).toBe('ok');
    expect(chat({ stop: [{ toString: 1 }, 'x'] }).kind).toBe('ok');
    expect(
      chat({
        tools: [{ type: 'function', function: { name: { toString: 1 }, parameters: 'x' } }],
        tool_choice: { type: 'function', function: { name: { toString: 1 } } },
      }).kind,
    ).toBe('ok');
    expect(chat({ top_logprobs: { toString: 1 }, logprobs: true })).toMatchObject({ kind: 'error' });
  });
  it('a schema that is not an object, or asks for a billion items, still gets an answer', () => {
    expect(chat({ response_format: { type: 'json_schema', json_schema: { name: 'x', schema: 'x' } } }).kind).toBe('ok');
    const big = chat({
      response_format: { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'array', minItems: 1e9, items: { type: 'integer' } } } },
    });
    expect(big.kind).toBe('ok');
  });
});
