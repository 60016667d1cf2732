/**
 * Each responses.* check against its emulator fault (it fails, and only the cases the fault names fail), and the
 * one-finding rule: a target without /responses fails responses.object with the reason and skips the rest.
 * (test/faults/catalogue.test.ts proves the same over the whole openai suite; this is the area's fast version,
 * with the wording of each failure.)
 */
import { describe, expect, it } from 'vitest';
import { allFaults } from '../../src/emulator/faults/index.js';
import { runCases } from '../support/run-cases.js';

/** A phrase each fault's failure must say (what broke, in numbers or names). */
const SAYS: Record<string, [string, string]> = {
  'responses-object-is-chat': ['responses.object', 'object is "chat.completion", not "response"'],
  'responses-untyped-parts': ['responses.output-items', 'output[0].content[0] has no type'],
  'responses-chat-usage': ['responses.usage', 'usage.input_tokens is absent'],
  'responses-usage-total-off': ['responses.usage-total', 'but input_tokens + output_tokens is'],
  'responses-instructions-dropped': ['responses.instructions', 'the response\'s instructions are "null"'],
  'responses-max-output-ignored': ['responses.max-output-tokens', 'with a limit of 16'],
  'responses-json-object-ignored': ['responses.text-format-json-object', 'the output text is not a JSON object'],
  'responses-json-schema-as-object': ['responses.text-format-json-schema', 'does not validate against the schema'],
  'responses-tool-choice-ignored': ['responses.function-call-forced', 'no function_call item'],
  'responses-arguments-object': ['responses.function-call-arguments', 'arguments is object, not a JSON string'],
  'responses-auto-call-malformed': ['responses.function-call-auto', 'call_id is absent'],
  'responses-previous-id-dropped': ['responses.previous-response-id', 'previous_response_id is "null"'],
  'responses-store-ignored': ['responses.store', 'store: false is retrievable'],
  // The shared instructions + store: false request (responses-checks.ts featureRiding): one field's trouble there
  // leaves the other's verdict to its own request (the phrase is the other's, read where it was honoured).
  'responses-refuses-store-false': ['responses.store', 'the store: false request was refused: HTTP 400'],
  'responses-instructions-dropped-with-store-false': ['responses.instructions', 'accepted, and echoed in the response'],
  'responses-stores-with-instructions': ['responses.instructions', '(read from the request that also sets store: false)'],
  'responses-retrieve-missing': ['responses.retrieve', 'GET of the stored baseline got HTTP 404'],
  'responses-stream-misnamed-events': [
    'responses.stream-sdk',
    "openai-node 4.104.0 threw: OpenAIError: When snapshot hasn't been set yet, expected 'response.created' event",
  ],
  'responses-stream-sequence-repeats': ['responses.stream-sequence-number', 'not strictly increasing'],
  'responses-stream-wrong-output-index': ['responses.stream-indices', 'names output_index 1, which no output_item.added opened'],
  // (and responses.stream-sdk: every major throws "missing output at index 1", asserted below)
  'responses-stream-delta-dropped': ['responses.stream-reassembly', 'but its output_text.done has'],
  'responses-stream-two-terminals': ['responses.stream-terminal', '2 terminal events'],
  'responses-stream-final-without-usage': ['responses.stream-final-response', 'usage is null, not an object'],
  'responses-stream-error-event-malformed': ['responses.stream-error-event', 'no code, param'],
  'responses-prestream-error-in-stream': ['responses.stream-prestream-error', 'with the error inside the stream'],
  'responses-errors-flat': ['responses.error-unknown-model', 'envelope'],
  'responses-absent': ['responses.object', 'no /v1/responses: the baseline request got HTTP 404'],
  // Prism's two (src/emulator/faults/responses-mock.ts; what they leave unobservable: test/responses/mock-server.test.ts).
  'responses-fixed-answer': ['responses.instructions', 'the response\'s instructions are "null"'],
  'responses-stream-as-json': ['responses.stream-events', 'stream: true was answered with one JSON body, not an event stream'],
};

const FAULTS = allFaults().filter((f) => f.id.startsWith('responses-') && f.id !== 'responses-without-output-text');

describe('responses.* faults', () => {
  it('every responses fault has its expected wording here', () => {
    expect(FAULTS.map((f) => f.id).sort()).toEqual(Object.keys(SAYS).sort());
  });

  for (const fault of FAULTS) {
    it(`${fault.id}: fails ${fault.catches.join(', ')} and nothing else of the area`, async () => {
      const r = await runCases({ profile: 'openai', fault: fault.id, only: 'responses.' });
      expect([...r.failing].sort()).toEqual([...fault.catches].sort());
      const [id, phrase] = SAYS[fault.id]!;
      expect(r.byId.get(id)!.message).toContain(phrase);
      // A failure rests on decisive evidence.
      for (const c of fault.catches) expect(r.byId.get(c)!.confidence, c).toBe('decisive');
    });
  }

  it('the SDK replay: named events break openai-node 4 only; an unopened index breaks every major', async () => {
    const named = await runCases({ profile: 'openai', fault: 'responses-stream-misnamed-events', only: 'responses.stream-' });
    const msg = named.byId.get('responses.stream-sdk')!.message;
    expect(msg).toMatch(/^openai-node 4\.\d+\.\d+ threw/);
    expect(msg).not.toContain('openai-node 5');
    expect(msg).not.toContain('openai-node 6');
    const index = await runCases({ profile: 'openai', fault: 'responses-stream-wrong-output-index', only: 'responses.stream-' });
    expect(index.byId.get('responses.stream-sdk')!.message.match(/missing output at index 1/g)?.length).toBe(3);
  });

  it('no /responses: one finding on responses.object, every other case skips saying so, nothing else sent', async () => {
    const r = await runCases({ profile: 'openai', fault: 'responses-absent', only: 'responses.' });
    expect(r.failing).toEqual(['responses.object']);
    const others = r.cases.filter((c) => c.id !== 'responses.object');
    expect(others.length).toBeGreaterThanOrEqual(20);
    for (const c of others) {
      expect(c.verdict, c.id).toBe('skip');
      expect(c.message, c.id).toMatch(
        /^no \/v1\/responses: the baseline request got HTTP 404: "Unknown request URL: POST \/v1\/responses\." \(responses\.object reports it\)$/,
      );
    }
    expect(r.sent).toBe(1);
  });
});

describe('responses.* by declaration', () => {
  it('declared unsupported (endpoints.responses): the refusal passes responses.object, the rest skip, one request', async () => {
    const r = await runCases({ profile: 'test/responses/fixtures/no-responses.yaml', emulate: 'test/responses/fixtures/no-responses.yaml' });
    const cases = r.cases.filter((c) => c.area === 'responses');
    const object = r.byId.get('responses.object')!;
    expect(object.verdict, object.message).toBe('pass');
    expect(object.message).toContain('refused, as the profile declares the Responses API unsupported');
    for (const c of cases.filter((c) => c.id !== 'responses.object')) {
      expect(c.verdict, c.id).toBe('skip');
      expect(c.message).toContain('declares the Responses API unsupported');
    }
    // OpenAI parity: OpenAI serves it, so the same refusal is a deviation there.
    expect(object.parity?.verdict).toBe('fail');
  });

  it('declared unsupported, but served: responses.object fails', async () => {
    const r = await runCases({ profile: 'test/responses/fixtures/no-responses.yaml', emulate: 'openai', only: 'responses.' });
    expect(r.failing).toEqual(['responses.object']);
    expect(r.byId.get('responses.object')!.message).toContain(
      'declares the Responses API unsupported (endpoints.responses), but the baseline request was served',
    );
  });

  it('a row declared unsupported: its emulator refuses the field (pass); OpenAI, which honours it, fails the row', async () => {
    const own = await runCases({
      profile: 'test/responses/fixtures/stateless-responses.yaml',
      emulate: 'test/responses/fixtures/stateless-responses.yaml',
      only: 'responses.',
    });
    expect(own.failing).toEqual([]);
    expect(own.byId.get('responses.previous-response-id')!.message).toContain('declared unsupported, and refused');
    const served = await runCases({ profile: 'test/responses/fixtures/stateless-responses.yaml', emulate: 'openai', only: 'responses.' });
    expect(served.failing).toEqual(['responses.previous-response-id']);
    expect(served.byId.get('responses.previous-response-id')!.message).toContain('declared unsupported, but honoured');
  });
});
