/**
 * Streams are told by their bytes (issue #11 class 4). An answer that is plainly SSE but carries no
 * text/event-stream (none at all, or application/json) is read as a stream: request.stream passes, the
 * include_usage cases run, every stream rule judges the events exactly as on a well-labelled stream, and only
 * stream.content-type fails, on its own row. The other direction: the well-labelled stream is not blamed.
 */
import { describe, expect, it } from 'vitest';
import { runCases, type CaseRun } from '../support/run-cases.js';

const ONLY = 'stream.,request.stream,request.stream_options';

const verdicts = (r: CaseRun): Record<string, string> => Object.fromEntries(r.cases.map((c) => [c.id, c.verdict]));

describe('an event stream with no or the wrong content-type', () => {
  for (const fault of ['sse-no-content-type', 'sse-as-json']) {
    it(`${fault}: the same verdicts as the clean stream, but for stream.content-type`, async () => {
      const [clean, labelled] = await Promise.all([runCases({ profile: 'openai', only: ONLY }), runCases({ profile: 'openai', only: ONLY, fault })]);
      expect(clean.failing).toEqual([]);
      expect(labelled.failing).toEqual(['stream.content-type']);
      const expected = { ...verdicts(clean), 'stream.content-type': 'fail' };
      expect(verdicts(labelled)).toEqual(expected);
      expect(labelled.byId.get('request.stream')).toMatchObject({ verdict: 'pass', observed: 'supported', confidence: 'decisive' });
      expect(labelled.byId.get('request.stream')!.evidence).toMatchObject({ body: 'event-stream', stream_told_by: 'bytes' });
      expect(labelled.byId.get('request.stream_options.include_usage')!.verdict).toBe('pass');
      for (const id of [
        'stream.done-sentinel',
        'stream.json-data',
        'stream.usage-chunk',
        'stream.complete',
        'stream.sdk-iteration',
        'stream.sdk-final-completion',
      ]) {
        expect(labelled.byId.get(id)!.verdict, id).toBe('pass');
      }
    });
  }

  it('the clean, well-labelled stream passes request.stream, told by both its content-type and its bytes', async () => {
    const r = await runCases({ profile: 'openai', only: 'request.stream,stream.content-type' });
    expect(r.failing).toEqual([]);
    expect(r.byId.get('request.stream')!.evidence).toMatchObject({ stream_told_by: 'both' });
    expect(r.byId.get('stream.content-type')!.verdict).toBe('pass');
  });
});
