/**
 * The responses area against a mock server, as Prism serves OpenAI's OpenAPI description (test/thirdparty/): one
 * fixed example Response for every create and retrieval, and that JSON for stream: true. Each is one true finding
 * (or three protocol findings), never a failure per rule; what only the answer's text, usage or status could show
 * is unobservable. Both directions: the same checks on the clean emulator (real answers, distinct ids, real
 * streams) are not blamed, and a target that really ignores a feature still fails (test/responses/faults.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { runCases } from '../support/run-cases.js';

const FIXED_EFFECTS = ['responses.max-output-tokens', 'responses.text-format-json-object', 'responses.text-format-json-schema', 'responses.store'];
const STREAM_RULES = [
  'responses.stream-sequence-number',
  'responses.stream-indices',
  'responses.stream-reassembly',
  'responses.stream-terminal',
  'responses.stream-final-response',
  'responses.stream-error-event',
  'responses.stream-sdk',
];

describe('responses.* against a fixed-answer mock (responses-fixed-answer)', () => {
  it('the effects read from text, usage or a second id are unobservable, naming the shared id; echo fields fail decisively', async () => {
    const r = await runCases({ profile: 'openai', fault: 'responses-fixed-answer', only: 'responses.' });
    for (const id of FIXED_EFFECTS) {
      const c = r.byId.get(id)!;
      expect([c.verdict, c.confidence], `${id}: ${c.message}`).toEqual(['skip', 'unobservable']);
      expect(c.message, id).toMatch(/baseline's (very Response|id) .*resp_\w+.*a fixed answer/);
    }
    expect(r.byId.get('responses.previous-response-id')!.message).toContain('previous_response_id is "null"');
    expect(r.byId.get('responses.function-call-forced')!.message).toContain('no function_call item');
    // The example itself is a well-formed Response: its shape checks pass.
    for (const id of ['responses.object', 'responses.output-items', 'responses.usage', 'responses.usage-total'])
      expect(r.byId.get(id)!.verdict, `${id}: ${r.byId.get(id)!.message}`).toBe('pass');
  });

  it('a target that ignores max_output_tokens but answers afresh (its own id) still fails it', async () => {
    const r = await runCases({ profile: 'openai', fault: 'responses-max-output-ignored', only: 'responses.max-output-tokens' });
    expect(r.failing).toEqual(['responses.max-output-tokens']);
  });
});

describe('responses.* against a server that answers stream: true with JSON (responses-stream-as-json)', () => {
  it('one finding on responses.stream-events; every other stream rule skips, naming it', async () => {
    const r = await runCases({ profile: 'openai', fault: 'responses-stream-as-json', only: 'responses.stream-' });
    expect(r.failing).toEqual(['responses.stream-events']);
    expect(r.byId.get('responses.stream-events')!.confidence).toBe('decisive');
    for (const id of STREAM_RULES) {
      const c = r.byId.get(id)!;
      expect(c.verdict, `${id}: ${c.message}`).toBe('skip');
      // It names the one finding it defers to, and why there is nothing to judge.
      expect(c.message, id).toMatch(/not an event stream.*\(responses\.stream-events reports it\)/);
    }
    // A streamed request for an unknown model is still refused before any stream.
    expect(r.byId.get('responses.stream-prestream-error')!.verdict).toBe('pass');
  });
});
