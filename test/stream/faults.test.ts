/**
 * Every stream fault against the stream cases: exactly its stream cases fail (the catalogue test checks the
 * whole suite), the failing case's message names the problem and quotes the offending bytes or chunk, the SDK
 * cases carry the official SDK's own error, and the faults that never end a stream end within the bound.
 */
import { describe, expect, it } from 'vitest';
import { runCases, runCasesUnstalled } from '../support/run-cases.js';
import { streamFaults } from '../../src/emulator/faults/stream.js';

/** For each fault: its case and a piece of that case's message (the quoted bytes where there are bytes to quote). */
const SAYS: Record<string, [string, string]> = {
  'sse-no-done': ['stream.done-sentinel', 'no data: [DONE] event: the stream ended after'],
  'sse-done-trailing-space': ['stream.done-sentinel', 'is "data: [DONE] \\n\\n"'],
  'sse-no-final-blank-line': ['stream.final-blank-line', 'is not closed by a blank line (its last line ends but no blank line follows): "data: [DONE]\\n"'],
  'sse-event-lines': ['stream.no-sse-fields', '"event: message\\ndata: {\\"id\\":'],
  'sse-id-retry-lines': ['stream.no-sse-fields', '"retry: 3000\\nid: 0\\ndata: {'],
  'sse-double-data': ['stream.json-data', 'the SSE prefix was doubled: "data: data: {'],
  'sse-non-json-data': ['stream.json-data', `"data: {'id':'chatcmpl-`],
  'sse-empty-event': ['stream.no-empty-events', 'has an empty data line: "data:\\n\\n"'],
  'sse-merged-events': ['stream.data-only-events', '2 data lines that are each a JSON document: two events with no blank line between them'],
  'sse-events-after-done': ['stream.nothing-after-done', '1 event after [DONE]'],
  'sse-as-json': ['stream.content-type', 'content-type is "application/json", not text/event-stream'],
  'sse-no-content-type': ['stream.content-type', 'no content-type header on the stream (expected text/event-stream)'],
  'sse-changing-id': ['stream.stable-id', 'id changed at event #1: "chatcmpl-'],
  'sse-chunk-object': ['stream.chunk-object', 'has object "chat.completion": "{\\"id\\":'],
  'sse-role-every-chunk': ['stream.role-first-only', 'role repeated in'],
  'sse-finish-every-chunk': ['stream.finish-reason-null-until-end', 'finish_reason is already "stop" before the terminal chunk: "{'],
  'sse-empty-finish-reason': ['stream.finish-reason-null-until-end', 'finish_reason is "" before the terminal chunk: "{'],
  'sse-two-finishes': ['stream.single-terminal-finish', 'has 2 terminal finish_reasons'],
  'sse-usage-unasked': ['stream.usage-chunk', '[baseline stream] usage sent at event'],
  'sse-usage-with-choices': ['stream.usage-chunk-empty-choices', 'has choices "[{\\"index\\":0,\\"delta\\":{}'],
  'sse-usage-every-chunk': ['stream.usage-chunk', 'expected exactly once'],
  'sse-one-piece': ['stream.incremental', 'arrived in one event'],
  'sse-text-resent-at-end': ['stream.deltas-append', 'repeats the text so far ('],
  'sse-cumulative-deltas': ['stream.deltas-append', 'choice 0: the delta at event #2 repeats the text so far: '],
  'sse-single-write': ['stream.incremental', 'all arrived in one read'],
  'sse-tool-no-index': ['stream.tool-call-index', 'have no index, first at event #'],
  'sse-tool-same-index': ['stream.tool-call-distinct-indices', 'several calls share index 0'],
  'sse-tool-args-not-json': ['stream.tool-call-arguments-json', 'joined arguments are not JSON'],
  'sse-tool-late-name': ['stream.tool-call-first-fragment', 'has no id, no function.name: "{\\"index\\":0,\\"type\\":\\"function\\"'],
  'sse-in-band-error': ['stream.in-band-error', 'in-band error after HTTP 200 at event #'],
  'sse-prestream-error-as-200': ['stream.prestream-error-status', 'with the error inside the stream: "data: {\\"error\\":'],
  'sse-cut-short': ['stream.complete', 'no [DONE]; no terminal finish_reason for choice 0'],
  'sse-never-ends': ['stream.complete', 'total-timeout'],
  'sse-drip': ['stream.complete', 'total-timeout'],
};

/** The SDK's own words, for the faults that break it. */
const SDK_SAYS: Record<string, [string, string]> = {
  'sse-empty-event': ['stream.sdk-iteration', 'threw on the baseline stream: SyntaxError: Unexpected end of JSON input'],
  'sse-in-band-error': ['stream.sdk-iteration', 'threw on the baseline stream: APIError: The upstream model server disconnected.'],
  'sse-cut-short': ['stream.sdk-final-completion', 'threw on the baseline stream: OpenAIError: missing finish_reason for choice 0'],
  'sse-tool-no-index': ['stream.sdk-final-completion', 'finished the tool-call stream without an error but silently lost part of it: choice 0:'],
  'sse-double-data': ['stream.sdk-iteration', 'SyntaxError: Unexpected token'],
};

describe('stream faults: each fails exactly its stream cases, and says why', () => {
  it('every fault has its expected message here', () => {
    expect(Object.keys(SAYS).sort()).toEqual(streamFaults.map((f) => f.id).sort());
  });

  for (const fault of streamFaults) {
    it(fault.id, async () => {
      const started = performance.now();
      const r = await runCasesUnstalled(
        { profile: fault.profile ?? 'openai', only: 'stream.', fault: fault.id, ...(fault.timeoutMs ? { timeoutMs: fault.timeoutMs } : {}) },
        fault.catches,
      );
      // r.stalled: a timing case this machine never let the reader decide (a warning after every attempt, never a pass).
      expect(r.failing).toEqual(fault.catches.filter((c) => c.startsWith('stream.') && !r.stalled.includes(c)).sort());
      const [id, text] = SAYS[fault.id]!;
      if (!r.stalled.includes(id)) expect(r.byId.get(id)!.message).toContain(text);
      const sdk = SDK_SAYS[fault.id];
      if (sdk) expect(r.byId.get(sdk[0])!.message).toContain(sdk[1]);
      // Cases that can only be judged at the end of a stream the harness had to cut are inconclusive, never passes.
      if (fault.timeoutMs) {
        expect(performance.now() - started).toBeLessThan(fault.timeoutMs * 6);
        for (const c of ['stream.done-sentinel', 'stream.final-blank-line', 'stream.sdk-iteration', 'stream.sdk-final-completion']) {
          expect(r.byId.get(c)!.verdict, c).toBe('inconclusive');
          expect(r.byId.get(c)!.message).toContain("did not end within the harness's bounds");
        }
      }
    });
  }
});

describe('streams that never end are bounded', () => {
  it('a never-ending stream and a one-byte-a-second drip end the run within the bound, and the run goes on', async () => {
    const started = performance.now();
    const [never, drip] = await Promise.all([
      runCases({ profile: 'openai', only: 'stream.complete,stream.done-sentinel,request.stream,response.object', fault: 'sse-never-ends', timeoutMs: 1_000 }),
      runCases({ profile: 'openai', only: 'stream.complete,stream.done-sentinel,request.stream,response.object', fault: 'sse-drip', timeoutMs: 1_000 }),
    ]);
    expect(performance.now() - started).toBeLessThan(8_000);
    for (const r of [never, drip]) {
      expect(r.byId.get('stream.complete')).toMatchObject({ verdict: 'fail' });
      expect(r.byId.get('stream.complete')!.message).toContain('no complete answer within the total timeout of 1000 ms');
      // A non-streamed case of the same run is untouched.
      expect(r.byId.get('response.object')!.verdict).toBe('pass');
    }
    expect((never.byId.get('stream.complete')!.evidence as Record<string, unknown>).baseline).toMatchObject({ verdict: 'fail', done: false });
    // The never-ending stream delivered its whole answer; the drip, a few bytes.
    expect(never.byId.get('request.stream')!.verdict).toBe('pass');
    expect(drip.byId.get('request.stream')!.verdict).toBe('fail');
  });
});
