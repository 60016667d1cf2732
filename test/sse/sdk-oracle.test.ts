import { VERSION } from 'openai/version';
import { afterEach, describe, expect, it } from 'vitest';
import { REPLAY_API_KEY, runSdkOracle, runSdkOracles, type SdkOracleResult } from '../../src/sse/sdk-oracle.js';
import { chunk, choice, exchange, readsOf, sse, textData, toolData } from './fixtures.js';

const T = textData(['Hello', ' there']);
const ERROR_EVENT = 'data: {"error":{"message":"upstream overloaded","type":"server_error","param":null,"code":null}}\n\n';
const SDK_MAJOR = Number(VERSION.split('.')[0]);

async function both(body: string): Promise<{ iterate: SdkOracleResult; helper: SdkOracleResult }> {
  const [iterate, helper] = await runSdkOracles(exchange(readsOf([body])));
  return { iterate: iterate!, helper: helper! };
}

describe('SDK oracle: what the official openai SDK makes of recorded bytes', () => {
  it('a canonical stream: both modes ok, all content, nothing lost, one fetch', async () => {
    const { iterate, helper } = await both(sse(textData(['Hello', ' there'], { usage: true })));
    for (const r of [iterate, helper]) {
      expect(r).toMatchObject({ ok: true, content: 'Hello there', lost: false, silentLoss: false, timedOut: false, requests: 1, finishReasons: ['stop'] });
      expect(r.error).toBeUndefined();
    }
    expect(iterate.chunks).toBe(5);
  });

  it('replays a stream split across many reads (CRLF split included)', async () => {
    const body = sse(T, '\r\n');
    const parts = Array.from({ length: Math.ceil(body.length / 7) }, (_, i) => body.slice(i * 7, i * 7 + 7));
    const r = await runSdkOracle(exchange(readsOf(parts)), 'helper');
    expect(r).toMatchObject({ ok: true, content: 'Hello there' });
  });

  it('n=2: contents per choice', async () => {
    const r = await runSdkOracle(exchange(readsOf([sse(textData(['a', 'b'], { n: 2 }))])), 'helper');
    expect(r).toMatchObject({ ok: true, contents: ['ab', 'ab'], finishReasons: ['stop', 'stop'] });
  });

  it('missing [DONE] is silent: ok, and the content check is what tells', async () => {
    const full = await both(sse(T.slice(0, -1)));
    expect(full.iterate).toMatchObject({ ok: true, content: 'Hello there', lost: false });
    expect(full.helper).toMatchObject({ ok: true, content: 'Hello there' });
    // Cut after the first token: the plain iterator still reports success with half the answer.
    const cut = await both(sse(T.slice(0, 2)));
    expect(cut.iterate).toMatchObject({ ok: true, content: 'Hello' });
    expect(cut.helper).toMatchObject({ ok: false, errorClass: 'OpenAIError', errorMessage: 'missing finish_reason for choice 0' });
  });

  it(`"data: [DONE] " with a trailing space (openai ${VERSION}: v6 matches the prefix, v7 throws SyntaxError)`, async () => {
    const r = await runSdkOracle(exchange(readsOf([sse(T).replace('data: [DONE]', 'data: [DONE] ')])), 'iterate');
    if (SDK_MAJOR >= 7) {
      expect(r).toMatchObject({ ok: false, errorClass: 'SyntaxError' });
    } else {
      expect(r).toMatchObject({ ok: true, content: 'Hello there' });
    }
  });

  it('an event without data: SyntaxError (iterate), OpenAIError wrapping it (helper)', async () => {
    const { iterate, helper } = await both(`${sse(T.slice(0, 2))}event: ping\n\n${sse(T.slice(2))}`);
    expect(iterate).toMatchObject({ ok: false, errorClass: 'SyntaxError', errorMessage: 'Unexpected end of JSON input', content: 'Hello' });
    expect(iterate.error).toBe('SyntaxError: Unexpected end of JSON input');
    expect(helper).toMatchObject({ ok: false, errorClass: 'OpenAIError', causeClass: 'SyntaxError' });
    // The raw stream carried more than the SDK delivered, but loudly: not a silent loss.
    expect(iterate.lostDetails).toContain('choice 0: content delivered 5 of 11 chars');
    expect(iterate.silentLoss).toBe(false);
  });

  it('an empty data line: SyntaxError', async () => {
    const r = await runSdkOracle(exchange(readsOf([`${sse(T.slice(0, 2))}data:\n\n${sse(T.slice(2))}`])), 'iterate');
    expect(r).toMatchObject({ ok: false, errorClass: 'SyntaxError' });
  });

  it('non-JSON data: SyntaxError with the parser message', async () => {
    const r = await runSdkOracle(exchange(readsOf([`${sse(T.slice(0, 2))}data: hello\n\n${sse(T.slice(2))}`])), 'iterate');
    expect(r).toMatchObject({ ok: false, errorClass: 'SyntaxError' });
    expect(r.errorMessage).toContain('"hello" is not valid JSON');
  });

  it('an in-band error after 200: APIError with no status, in both modes', async () => {
    const { iterate, helper } = await both(`${sse(T.slice(0, 2)) + ERROR_EVENT}data: [DONE]\n\n`);
    for (const r of [iterate, helper]) {
      expect(r).toMatchObject({ ok: false, errorClass: 'APIError', errorMessage: 'upstream overloaded', content: 'Hello' });
      expect(r.errorStatus).toBeUndefined();
    }
  });

  it('event: error without an "error" key: the plain iterator yields it as a chunk (silent)', async () => {
    const { iterate, helper } = await both(`${sse(T.slice(0, 2))}event: error\ndata: {"message":"rate limited"}\n\n${sse(T.slice(2))}`);
    expect(iterate).toMatchObject({ ok: true, chunks: 5 });
    expect(helper).toMatchObject({ ok: false, errorClass: 'OpenAIError', causeClass: 'TypeError' });
  });

  it('tool-call fragments without index: the stream helper silently drops the call', async () => {
    const data = toolData([{ id: 'call_a', name: 'get_weather', args: ['{"city"', ': "Paris"}'] }]).map((d) =>
      d === '[DONE]' ? d : JSON.stringify(stripToolIndex(JSON.parse(d))),
    );
    const { iterate, helper } = await both(sse(data));
    expect(iterate).toMatchObject({ ok: true, lost: false });
    expect(iterate.toolCalls).toEqual([{ choice: 0, index: -1, id: 'call_a', name: 'get_weather', arguments: '{"city": "Paris"}' }]);
    expect(helper).toMatchObject({ ok: true, toolCalls: [], lost: true, silentLoss: true, lostDetails: ['choice 0: 1 of 1 tool calls missing'] });
  });

  it('indexed tool calls survive both modes', async () => {
    const data = toolData([
      { id: 'a', name: 'f', args: ['{"x":', '1}'] },
      { id: 'b', name: 'g', args: ['{}'] },
    ]);
    const { helper } = await both(sse(data));
    expect(helper).toMatchObject({ ok: true, lost: false, finishReasons: ['tool_calls'] });
    expect(helper.toolCalls.map((c) => [c.id, c.name, c.arguments])).toEqual([
      ['a', 'f', '{"x":1}'],
      ['b', 'g', '{}'],
    ]);
  });

  it('missing finish_reason and missing role: the stream helper throws, the iterator does not', async () => {
    const noFinish = await both(sse(T.filter((_, i) => i !== 3)));
    expect(noFinish.iterate.ok).toBe(true);
    expect(noFinish.helper).toMatchObject({ ok: false, error: 'OpenAIError: missing finish_reason for choice 0' });
    const noRole = await both(sse(T.slice(1)));
    expect(noRole.iterate.ok).toBe(true);
    expect(noRole.helper).toMatchObject({ ok: false, error: 'OpenAIError: missing role for choice 0' });
  });

  it('a last event with no blank line is dropped silently by the iterator', async () => {
    const body = `${sse(T.slice(0, 2))}data: ${chunk([choice({ content: ' there' })])}\n`;
    const r = await runSdkOracle(exchange(readsOf([body])), 'iterate');
    expect(r).toMatchObject({ ok: true, content: 'Hello', lost: true, silentLoss: true, lostDetails: ['choice 0: content delivered 5 of 11 chars'] });
  });

  it('named events (event: message) parse as chunks in this SDK', async () => {
    const r = await runSdkOracle(exchange(readsOf([T.map((d) => `event: message\ndata: ${d}\n\n`).join('')])), 'iterate');
    expect(r).toMatchObject({ ok: true, content: 'Hello there' });
  });

  it('an HTTP error status: the SDK error class and status, and no retry', async () => {
    const body = '{"error":{"message":"Too many requests","type":"rate_limit_error","param":null,"code":null}}';
    const r429 = await runSdkOracle(exchange(readsOf([body]), { status: 429, contentType: 'application/json', headers: { 'retry-after': '1' } }), 'iterate');
    expect(r429).toMatchObject({ ok: false, errorClass: 'RateLimitError', errorStatus: 429, requests: 1 });
    expect(r429.durationMs).toBeLessThan(900); // no backoff sleep
    const r500 = await runSdkOracle(exchange(readsOf([body]), { status: 500, contentType: 'application/json' }), 'helper');
    expect(r500).toMatchObject({ ok: false, errorClass: 'InternalServerError', errorStatus: 500, requests: 1 });
  });

  it('no response at all: APIConnectionError, one attempt', async () => {
    const ex = exchange([]);
    delete ex.response;
    ex.error = { kind: 'connect', message: 'ECONNREFUSED 127.0.0.1:1' };
    const r = await runSdkOracle(ex, 'iterate');
    expect(r).toMatchObject({ ok: false, errorClass: 'APIConnectionError', requests: 1 });
  });

  it('a body that stopped on a transport timeout errors the SDK stream as undici would', async () => {
    const ex = exchange(readsOf([sse(T.slice(0, 2))]), { error: { kind: 'idle-timeout', message: 'no data for 30000 ms' } });
    const r = await runSdkOracle(ex, 'iterate');
    expect(r).toMatchObject({ ok: false, content: 'Hello' });
    expect(r.error).toMatch(/terminated/);
  });

  it('is bounded by its timeout (paced replay of a 60 s gap)', async () => {
    const reads = [
      { t: 0, bytes: new TextEncoder().encode(sse(T.slice(0, 2))) },
      { t: 60_000, bytes: new TextEncoder().encode(sse(T.slice(2))) },
    ];
    const started = Date.now();
    const r = await runSdkOracle(exchange(reads), 'iterate', { timeoutMs: 200, paceReads: true });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(r).toMatchObject({ ok: false, timedOut: true, content: 'Hello' });
    expect(r.error).toContain('timeout');
  });
});

describe('SDK oracle: no credential leaves the replay', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const k of ['OPENAI_API_KEY', 'OPENAI_ADMIN_KEY', 'OPENAI_ORG_ID', 'OPENAI_PROJECT_ID', 'OPENAI_BASE_URL']) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  });

  it('uses the dummy key and no environment credential, base URL or org', async () => {
    process.env.OPENAI_API_KEY = 'sk-real-secret-must-not-leak';
    process.env.OPENAI_ADMIN_KEY = 'sk-admin-secret-must-not-leak';
    process.env.OPENAI_ORG_ID = 'org-secret';
    process.env.OPENAI_PROJECT_ID = 'proj-secret';
    process.env.OPENAI_BASE_URL = 'https://api.openai.com/v1';
    const seen: { url: string; headers: Record<string, string> }[] = [];
    const ex = exchange(readsOf([sse(T)]), { headers: { authorization: 'Bearer [REDACTED]' } });
    const r = await runSdkOracle(ex, 'helper', { onRequest: (url, h) => seen.push({ url, headers: Object.fromEntries(h) }) });
    expect(r.ok).toBe(true);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.url).toMatch(/^http:\/\/replay\.oai-compat\.invalid\/v1\/chat\/completions/);
    expect(seen[0]!.headers.authorization).toBe(`Bearer ${REPLAY_API_KEY}`);
    const all = JSON.stringify(seen);
    expect(all).not.toContain('secret');
    expect(all).not.toContain('api.openai.com');
  });
});

function stripToolIndex(c: Record<string, any>): Record<string, any> {
  return {
    ...c,
    choices: c.choices.map((ch: any) =>
      ch.delta.tool_calls ? { ...ch, delta: { ...ch.delta, tool_calls: ch.delta.tool_calls.map(({ index: _i, ...tc }: any) => tc) } } : ch,
    ),
  };
}
