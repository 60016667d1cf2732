/**
 * No vacuous verdicts (issue #11 class 6): a target that answers every streamed request with one JSON completion
 * gives the stream rules nothing to look at. No stream rule passes (nor fails): each skips with the reason;
 * request.stream says the field is ignored; a streamed latency claim is a skip too. The fault is the catalogue's
 * `stream-ignored` (src/emulator/faults/fields.ts). And the rules themselves skip,
 * rather than pass, on a stream with no data event.
 */
import { describe, expect, it } from 'vitest';
import { runCases } from '../support/run-cases.js';
import { analyseStream } from '../../src/sse/index.js';
import { exchange, readsOf } from '../sse/fixtures.js';

describe('a target that answers every streamed request with plain JSON', () => {
  it('no stream rule passes: each skips saying the answer was not an event stream; request.stream says ignored', async () => {
    const r = await runCases({ profile: 'openai', only: 'stream.,request.stream', fault: 'stream-ignored' });
    const stream = r.cases.filter((c) => c.area === 'stream');
    expect(stream.length).toBeGreaterThan(20);
    for (const c of stream) {
      expect(c.verdict, `${c.id}: ${c.message}`).toBe('skip');
      expect(c.message, c.id).toMatch(/was answered HTTP 200 with one JSON chat completion \(content-type "application\/json"\), not an event stream/);
      expect(c.parity?.verdict ?? 'skip', c.id).toBe('skip');
    }
    expect(r.byId.get('stream.complete')!.message).toContain('nothing streamed to judge (request.stream reports it)');
    expect(r.byId.get('stream.prestream-error-status')!.message).toContain(
      'the target did not stream, so how an error travels around a stream was not observed',
    );
    expect(r.byId.get('request.stream')).toMatchObject({ verdict: 'fail', observed: 'ignored', confidence: 'decisive' });
    for (const id of ['request.stream_options', 'request.stream_options.include_usage']) {
      expect(r.byId.get(id)!.verdict, id).toBe('skip');
      expect(r.byId.get(id)!.message).toContain('the answer is not an event stream');
    }
  });

  it('a streamed latency claim has no stream to time: a skip with the reason', async () => {
    const r = await runCases({ profile: 'parallel', only: 'performance.', fault: 'stream-ignored', samples: 2 });
    const c = r.byId.get('performance.ttft-p50-speed')!;
    expect(c.verdict).toBe('skip');
    expect(c.message).toContain('the claim is for a streamed answer and every sample was answered HTTP 200 with one JSON chat completion');
  });

  it('the clean emulator is not blamed: the same cases pass', async () => {
    const r = await runCases({
      profile: 'openai',
      only: 'stream.complete,stream.prestream-error-status,stream.no-sse-fields,stream.in-band-error,request.stream',
    });
    expect(r.cases.map((c) => c.verdict)).toEqual(r.cases.map(() => 'pass'));
  });
});

describe('stream rules with nothing to look at skip rather than pass', () => {
  const rulesOf = (body: string, contentType = 'text/event-stream') => analyseStream(exchange(readsOf([body]), { contentType }), { includeUsage: false }).rules;

  it('a declared event stream with no data event: no rule passes on it', () => {
    for (const body of ['', ': keep-alive\n\n: keep-alive\n\n', '{"id":"x","object":"chat.completion","choices":[]}']) {
      const rules = rulesOf(body);
      const passed = Object.values(rules).filter((r) => r.ok && !r.skipped && r.rule !== 'content-type');
      expect(
        passed.map((r) => `${r.rule}: ${r.message}`),
        JSON.stringify(body),
      ).toEqual([]);
    }
  });

  it('no-sse-fields, no-double-data, in-band-error and usage-chunk say why they skip', () => {
    const rules = rulesOf(': keep-alive\n\n');
    expect(rules['no-sse-fields']).toMatchObject({ skipped: true, message: 'no events in the stream' });
    const junk = rulesOf('hello: world\n\n');
    expect(junk['no-sse-fields']).toMatchObject({ skipped: true, message: 'no data events in the stream' });
    expect(junk['no-double-data']).toMatchObject({ skipped: true, message: 'no data events in the stream' });
    expect(junk['in-band-error']).toMatchObject({ skipped: true, message: 'no data events in the stream' });
    expect(junk['usage-chunk']).toMatchObject({ skipped: true, message: expect.stringContaining('no chunks in the stream') });
    // An SSE field still fails no-sse-fields, data or not.
    expect(rulesOf('event: ping\n\n')['no-sse-fields'].ok).toBe(false);
  });
});
