/**
 * What each `responses.<key>` row checks: the requests it reads (shared where they can be) and how the answer
 * decides it. Each observe gets the shared baseline answer (already known to be a 2xx) and returns an Outcome;
 * src/cases/responses.ts turns it into an observation and judges it by the row. A refused feature request is a
 * `fail` marked `refused`, so a row declared unsupported reads it as declared.
 */
import type { Exchange } from '../transport/types.js';
import type { CaseIO, Signal, Verdict } from './types.js';
import { accounting, contractual, protocol } from './evidence.js';
import { observeError, judgeError } from '../checks/errors/envelope.js';
import { compileSchema } from '../spec/ajv.js';
import {
  argumentsProblems,
  functionCallProblems,
  functionCalls,
  isObj,
  itemProblems,
  objectProblems,
  outputText,
  usageCounts,
  usageProblems,
} from '../checks/responses/shape.js';
import {
  errorEvents,
  indices,
  readResponsesStream,
  reassembly,
  sequenceNumbers,
  terminal,
  TERMINAL,
  typedEvents,
  type StreamRuleResult,
} from '../sse/responses-stream.js';
import { sniffBody } from '../sse/index.js';
import { replayResponsesStream } from '../sse/responses-sdk.js';
import { SDK_CLIENTS } from '../sse/sdk-clients.js';
import { quote } from '../sse/util.js';
import {
  answered,
  answerJson,
  DECLARED_FUNCTIONS,
  INSTRUCTIONS,
  MAX_OUTPUT_TOKENS,
  retrieve,
  SEA_SCHEMA,
  sendFollowUp,
  sendResponses,
  WEATHER_TOOL,
  type ResponsesRequest,
} from './responses-requests.js';

type Obj = Record<string, unknown>;

const SEA_VALIDATOR = compileSchema(SEA_SCHEMA);
const WEATHER_VALIDATOR = compileSchema(WEATHER_TOOL.parameters);

export interface Outcome {
  verdict: Verdict;
  message: string;
  evidence: Record<string, unknown>;
  /** The feature request was refused with a 4xx (what a row declared unsupported expects). */
  refused?: boolean;
  /** Exchanges read beside the baseline (their statuses become signals). */
  exchanges?: Exchange[];
  /** The protocol signal the verdict rests on (default `responses.protocol`). */
  signal?: string;
  signals?: Signal[];
}

interface Baseline {
  baseline: Exchange;
  json: Obj | undefined;
}

export interface ResponsesCheck {
  /** The requests it may send (besides the shared baseline answer). */
  reads: string[];
  decides: string;
  observe(io: CaseIO, base: Baseline): Promise<Outcome>;
}

const ok = (message: string, evidence: Record<string, unknown> = {}, more: Partial<Outcome> = {}): Outcome => ({ verdict: 'pass', message, evidence, ...more });
const broken = (message: string, evidence: Record<string, unknown> = {}, more: Partial<Outcome> = {}): Outcome => ({
  verdict: 'fail',
  message,
  evidence,
  ...more,
});
const nothing = (message: string, evidence: Record<string, unknown> = {}, more: Partial<Outcome> = {}): Outcome => ({
  verdict: 'skip',
  message,
  evidence,
  ...more,
});
const unsettled = (message: string, evidence: Record<string, unknown> = {}, more: Partial<Outcome> = {}): Outcome => ({
  verdict: 'inconclusive',
  message,
  evidence,
  ...more,
});

const list = (problems: string[]) => problems.slice(0, 3).join('; ') + (problems.length > 3 ? ` (and ${problems.length - 3} more)` : '');

/** On the shared baseline answer: a JSON Response, or the reason there is nothing to judge. */
function onBaseline(base: Baseline, judge: (r: Obj) => Outcome): Outcome {
  if (!base.json) return broken(`the baseline answer (${answered(base.baseline)}) is not a JSON object`, {}, { signal: 'responses.body' });
  return judge(base.json);
}

/** One feature request: its 2xx JSON answer judged, a 4xx is a refusal, anything else unsettled. */
async function feature(io: CaseIO, kind: ResponsesRequest, what: string, judge: (r: Obj, ex: Exchange) => Outcome | Promise<Outcome>): Promise<Outcome> {
  const ex = await sendResponses(io, kind);
  const status = ex.response?.status;
  if (status === 429) return unsettled(`the ${what} request was rate-limited (429)`, { status }, { exchanges: [ex] });
  if (status !== undefined && status >= 400 && status < 500)
    return broken(`the ${what} request was refused: ${answered(ex)}`, { status }, { refused: true, exchanges: [ex], signal: 'http.status' });
  const json = answerJson(ex);
  if (!json) return unsettled(`the ${what} request got ${answered(ex)}, not a JSON Response`, { status: status ?? null }, { exchanges: [ex] });
  const out = await judge(json, ex);
  return { ...out, exchanges: [ex, ...(out.exchanges ?? [])] };
}

/**
 * instructions and store: false ride on one request where the profile declares both honoured (issue #13: one
 * request for probes whose effects are observable independently: the echo of the instructions is a field of the
 * answer, store: false the answer's retrievability). Only the honoured reading is taken from it: any other
 * outcome (a refusal, no echo, a retrievable response, a fixed answer) may be the other field's doing, and the
 * row's own request decides, as it does wherever the profile declares either otherwise.
 */
const RIDE = 'instructions-no-store' satisfies ResponsesRequest;

function ridesTogether(io: CaseIO): boolean {
  const rows = io.profile.responses ?? {};
  return rows.instructions?.status === 'required' && rows.store?.status === 'required';
}

async function featureRiding(
  io: CaseIO,
  own: 'instructions' | 'no-store',
  what: string,
  judge: (r: Obj, ex: Exchange) => Outcome | Promise<Outcome>,
): Promise<Outcome> {
  if (!ridesTogether(io)) return feature(io, own, what, judge);
  const shared = await feature(io, RIDE, what, judge);
  const other = own === 'instructions' ? 'store: false' : 'instructions';
  if (shared.verdict === 'pass') return { ...shared, message: `${shared.message} (read from the request that also sets ${other})` };
  const alone = await feature(io, own, what, judge);
  return {
    ...alone,
    evidence: { ...alone.evidence, [`with ${other}`]: shared.message },
    exchanges: [...(alone.exchanges ?? []), ...(shared.exchanges ?? [])],
  };
}

function parsedText(r: Obj): { text: string | undefined; json?: unknown; error?: string } {
  const text = outputText(r);
  if (text === undefined) return { text };
  try {
    return { text, json: JSON.parse(text) };
  } catch (e) {
    return { text, error: (e as Error).message };
  }
}

/**
 * A feature answer that is the baseline's very Response (the same id for two distinct creates, which no server
 * that generates answers gives): a fixed-answer target, like a mock serving one example whatever is asked. Its
 * text, usage and status do not follow the request, so the checks that read a feature's effect there are
 * unobservable (the static gate of the chat area, read here from the protocol itself); fields the answer must
 * echo stay decisive.
 */
function fixedAnswer(r: Obj, base: Baseline, what: string): Outcome | undefined {
  const id = base.json?.id;
  if (typeof id !== 'string' || !id || r.id !== id) return undefined;
  return nothing(
    `the ${what} answer is the baseline's very Response (id ${quote(id, 40)}): a fixed answer, whose text, usage and status do not follow the request, so the effect cannot be seen`,
    { id, fixed: true },
  );
}

/** Where the one finding of a stream request not answered with an event stream is reported (the other stream cases skip, naming it). */
const STREAM_FINDING = 'responses.stream-events';

/**
 * The shared baseline stream, read once; undefined outcome when it can be judged. `finding`: this case reports
 * a stream: true answered without an event stream (one finding, not one per stream rule: every rule has
 * nothing to read then, as in the chat stream area).
 */
async function onStream(io: CaseIO, rule: (s: ReturnType<typeof readResponsesStream>) => StreamRuleResult | Outcome, finding = false): Promise<Outcome> {
  const ex = await sendResponses(io, 'stream');
  const res = ex.response;
  const more = { exchanges: [ex] };
  if (!res) return unsettled(`the baseline stream was ${answered(ex)}`, {}, more);
  if (res.status === 429) return unsettled('the baseline stream was rate-limited (429)', { status: 429 }, more);
  if (res.status < 200 || res.status > 299)
    return broken(
      `the baseline stream request was refused: ${answered(ex)}`,
      { status: res.status },
      { ...more, refused: res.status < 500, signal: 'http.status' },
    );
  const shape = sniffBody(res.reads, res.headers['content-type']);
  if (shape.kind !== 'event-stream') {
    const what = `stream: true was answered with ${shape.kind === 'json' ? 'one JSON body' : shape.kind === 'empty' ? 'an empty body' : 'a body that is not SSE'}, not an event stream`;
    const evidence = { contentType: res.headers['content-type'] ?? null };
    if (!finding) return nothing(`${what}: nothing streamed to judge (${STREAM_FINDING} reports it)`, evidence, more);
    return broken(what, evidence, { ...more, signal: 'content-type' });
  }
  if (ex.error && (ex.error.kind === 'total-timeout' || ex.error.kind === 'idle-timeout')) {
    return unsettled(`the baseline stream did not end within the harness's bounds (${ex.error.kind})`, {}, more);
  }
  const r = rule(readResponsesStream(ex));
  const out: Outcome = 'verdict' in r ? r : { verdict: r.skipped ? 'skip' : r.ok ? 'pass' : 'fail', message: r.message, evidence: r.evidence };
  return { ...out, exchanges: [ex, ...(out.exchanges ?? [])], signal: out.signal ?? 'sse.event' };
}

export const RESPONSES_CHECKS: Readonly<Record<string, ResponsesCheck>> = {
  object: {
    reads: ['baseline'],
    decides: 'the baseline answer is a Response object (id, object "response", created_at, status, model, output[]); the one finding when /responses is absent',
    observe: async (_io, base) =>
      onBaseline(base, (r) => {
        const p = objectProblems(r);
        return p.length
          ? broken(`the baseline answer is not a Response: ${list(p)}`, { problems: p })
          : ok(`a Response: id ${quote(String(r.id), 40)}, status ${String(r.status)}, model ${quote(String(r.model), 40)}`, { status: r.status });
      }),
  },
  'output-items': {
    reads: ['baseline'],
    decides: 'every output item is typed; message items are assistant, with typed content parts and output_text text',
    observe: async (_io, base) =>
      onBaseline(base, (r) => {
        const p = itemProblems(r);
        const items = Array.isArray(r.output) ? (r.output as unknown[]).length : 0;
        return p.length
          ? broken(`output items: ${list(p)}`, { problems: p, items })
          : ok(`${items} output items, each typed, ${outputText(r)?.length ?? 0} chars of output_text`, { items });
      }),
  },
  usage: {
    reads: ['baseline'],
    decides: 'usage has integer input_tokens, output_tokens, total_tokens and the two details objects',
    observe: async (_io, base) =>
      onBaseline(base, (r) => {
        const p = usageProblems(r);
        return p.length ? broken(`usage: ${list(p)}`, { problems: p }) : ok(`usage ${JSON.stringify(usageCounts(r))}`, { usage: usageCounts(r) });
      }),
  },
  'usage-total': {
    reads: ['baseline'],
    decides: 'usage.total_tokens = input_tokens + output_tokens',
    observe: async (_io, base) =>
      onBaseline(base, (r) => {
        const u = usageCounts(r);
        if (!u) return nothing('usage has no three integer counts to add up (responses.usage reports it)');
        const evidence = { ...u, sum: u.input + u.output };
        return u.total === u.input + u.output
          ? ok(`total_tokens ${u.total} = ${u.input} + ${u.output}`, evidence)
          : broken(`total_tokens is ${u.total}, but input_tokens + output_tokens is ${u.input + u.output}`, evidence);
      }),
  },
  instructions: {
    reads: ['instructions (with store: false where both are declared)', 'instructions alone, unless honoured there'],
    decides: 'a request with instructions is accepted and the Response echoes them (the baseline, sent without, echoes none)',
    observe: (io, base) =>
      featureRiding(io, 'instructions', 'instructions', (r) => {
        const echoed = r.instructions;
        const control = base.json?.instructions ?? null;
        const signals = [protocol('instructions', echoed ?? null, { value: control, isolates: control !== INSTRUCTIONS })];
        if (echoed === INSTRUCTIONS) return ok('accepted, and echoed in the response', { instructions: true, control }, { signals });
        return broken(
          `accepted, but the response's instructions are ${quote(JSON.stringify(echoed ?? null), 60)}, not what was sent`,
          { instructions: echoed ?? null },
          { signals },
        );
      }),
  },
  'max-output-tokens': {
    reads: ['max-output-tokens'],
    decides: `max_output_tokens ${MAX_OUTPUT_TOKENS} (below the baseline's output) ends the response incomplete, reason max_output_tokens, within the limit`,
    observe: async (io, base) => {
      const control = base.json ? usageCounts(base.json)?.output : undefined;
      if (control === undefined) return nothing('the baseline has no usage.output_tokens, so there is no control for the limit');
      if (control <= MAX_OUTPUT_TOKENS)
        return nothing(`the baseline's output is ${control} tokens, not above the limit of ${MAX_OUTPUT_TOKENS}: nothing to cut`, { control });
      return feature(io, 'max-output-tokens', 'max_output_tokens', (r) => {
        const fixed = fixedAnswer(r, base, 'max_output_tokens');
        if (fixed) return fixed;
        const out = usageCounts(r)?.output;
        const reason = isObj(r.incomplete_details) ? r.incomplete_details.reason : undefined;
        const evidence = { status: r.status, reason: reason ?? null, output_tokens: [out ?? null, control], limit: MAX_OUTPUT_TOKENS };
        // The status is the protocol's own word on why the response ended (as finish_reason is for chat). "completed"
        // fails the limit decisively only with the text itself past it (words <= tokens for common tokenizers): a
        // natural end past the limit. Usage only counts, and the baseline's length is another sample's, so a
        // "completed" answer within the limit, or one past it by usage alone, is a warning, not a failure.
        const status = protocol('status', r.status ?? null);
        const statusVsBaseline = protocol('status', r.status ?? null, { value: base.json?.status ?? null, isolates: base.json?.status !== r.status });
        const reasonSignal = protocol('incomplete_details.reason', reason ?? null);
        const tokens = accounting('usage.output_tokens', out ?? null, control);
        const words = (outputText(r) ?? '').split(/\s+/).filter(Boolean).length;
        const pastInWords = contractual('words of output_text', words, `at most ${MAX_OUTPUT_TOKENS} words within ${MAX_OUTPUT_TOKENS} tokens`);
        if (r.status !== 'incomplete' && words > MAX_OUTPUT_TOKENS)
          return broken(
            `ignored: status ${quote(String(r.status), 30)} with ${words} words of output text with a limit of ${MAX_OUTPUT_TOKENS} tokens (the baseline: ${control})`,
            evidence,
            {
              signals: [status, pastInWords, tokens],
            },
          );
        if (out !== undefined && out > MAX_OUTPUT_TOKENS)
          return broken(
            `ignored: ${out} output tokens with a limit of ${MAX_OUTPUT_TOKENS} (the baseline: ${control}), status ${quote(String(r.status), 30)}`,
            evidence,
            {
              signals: r.status === 'incomplete' ? [tokens] : [statusVsBaseline, tokens],
            },
          );
        if (r.status !== 'incomplete')
          return broken(
            `the status is ${quote(String(r.status), 30)}, not "incomplete", for an answer cut to ${MAX_OUTPUT_TOKENS} tokens (the baseline: ${control})`,
            evidence,
            { signals: [statusVsBaseline, tokens] },
          );
        if (reason !== 'max_output_tokens')
          return broken(`incomplete, but incomplete_details.reason is ${quote(JSON.stringify(reason ?? null), 40)}, not "max_output_tokens"`, evidence, {
            signals: [status, reasonSignal],
          });
        return ok(`honoured: incomplete (max_output_tokens) at ${out ?? '?'} output tokens, against ${control} without the limit`, evidence, {
          signals: [status, reasonSignal, tokens],
        });
      });
    },
  },
  'text-format-json-object': {
    reads: ['json-object'],
    decides: 'text.format json_object makes the output text one JSON object',
    observe: (io, base) =>
      feature(io, 'json-object', 'text.format json_object', (r) => {
        const fixed = fixedAnswer(r, base, 'text.format json_object');
        if (fixed) return fixed;
        if (r.status === 'incomplete') return unsettled('the JSON answer was cut short (status incomplete), so whether it is one object is unknown');
        const p = parsedText(r);
        if (p.text === undefined) return broken('no output_text to read the JSON from', {}, { signal: 'output_text.json' });
        if (!isObj(p.json))
          return broken(
            `the output text is not a JSON object (${p.error ?? 'not an object'}): ${quote(p.text, 80)}`,
            { chars: p.text.length },
            { signal: 'output_text.json' },
          );
        return ok(`the output text is one JSON object (${Object.keys(p.json).length} keys)`, { keys: Object.keys(p.json) }, { signal: 'output_text.json' });
      }),
  },
  'text-format-json-schema': {
    reads: ['json-schema'],
    decides: 'text.format json_schema (strict) makes the output text JSON valid against the schema',
    observe: (io, base) =>
      feature(io, 'json-schema', 'text.format json_schema', (r) => {
        const fixed = fixedAnswer(r, base, 'text.format json_schema');
        if (fixed) return fixed;
        if (r.status === 'incomplete') return unsettled('the JSON answer was cut short (status incomplete), so whether it validates is unknown');
        const p = parsedText(r);
        if (p.text === undefined) return broken('no output_text to read the JSON from', {}, { signal: 'output_text.schema' });
        if (p.error) return broken(`the output text is not JSON (${p.error}): ${quote(p.text, 80)}`, {}, { signal: 'output_text.schema' });
        const validate = SEA_VALIDATOR;
        if (!validate(p.json)) {
          const why = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
          return broken(
            `the output JSON does not validate against the schema: ${why}: ${quote(p.text, 80)}`,
            { errors: why },
            { signal: 'output_text.schema' },
          );
        }
        return ok('the output JSON validates against the strict schema', {}, { signal: 'output_text.schema' });
      }),
  },
  'function-call-forced': {
    reads: ['forced'],
    decides: 'tool_choice {type: function, name} gives a function_call item naming that function, with a call_id',
    observe: (io) =>
      feature(io, 'forced', 'forced tool_choice', (r) => {
        const calls = functionCalls(r);
        const names = calls.map((c) => c.name);
        const evidence = { calls: calls.length, names };
        if (!calls.length)
          return broken(
            `no function_call item: the output is ${quote(JSON.stringify((r.output as unknown[] | undefined)?.map((i) => (isObj(i) ? i.type : i)) ?? null), 60)}`,
            evidence,
          );
        if (!names.includes(WEATHER_TOOL.name))
          return broken(`the function_call items name ${quote(names.join(', '), 60)}, not the forced ${WEATHER_TOOL.name}`, evidence);
        const call = calls.find((c) => c.name === WEATHER_TOOL.name)!;
        if (typeof call.call_id !== 'string' || !call.call_id)
          return broken(`the function_call has call_id ${quote(JSON.stringify(call.call_id ?? null), 30)}, not a string`, evidence);
        return ok(`a function_call of ${WEATHER_TOOL.name} (call_id ${quote(call.call_id, 30)})`, evidence);
      }),
  },
  'function-call-arguments': {
    reads: ['forced'],
    decides: "the forced call's arguments are a JSON string of an object that validates against the function's parameters",
    observe: (io) =>
      feature(io, 'forced', 'forced tool_choice', (r) => {
        const call = functionCalls(r).find((c) => c.name === WEATHER_TOOL.name);
        if (!call) return nothing('no function_call of the forced function to read the arguments of (responses.function-call-forced reports it)');
        const p = argumentsProblems(call, 'function_call');
        if (p.length) return broken(list(p), { arguments: typeof call.arguments === 'string' ? call.arguments.slice(0, 80) : call.arguments });
        const validate = WEATHER_VALIDATOR;
        const args: unknown = JSON.parse(call.arguments as string);
        if (!validate(args)) {
          const why = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
          return broken(`the arguments do not validate against the function's parameters (strict): ${why}`, { arguments: call.arguments });
        }
        return ok(`arguments ${quote(call.arguments as string, 60)}: a JSON string that validates`, {});
      }),
  },
  'function-call-auto': {
    reads: ['auto'],
    decides: 'with tool_choice auto, a function_call item, when one comes, is well formed (an answer in text cannot fail)',
    observe: (io) =>
      feature(io, 'auto', 'tool_choice auto', (r) => {
        const calls = functionCalls(r);
        if (!calls.length) return nothing('the model answered without calling a function (tool_choice auto allows it): nothing to judge', { calls: 0 });
        const p = calls.flatMap((c, i) => functionCallProblems(c, DECLARED_FUNCTIONS, `function_call ${i}`));
        return p.length
          ? broken(list(p), { calls: calls.length })
          : ok(`${calls.length} well-formed function_call items (${calls.map((c) => String(c.name)).join(', ')})`, { calls: calls.length });
      }),
  },
  'previous-response-id': {
    reads: ['previous_response_id (a follow-up on the baseline)'],
    decides: 'a follow-up naming the baseline as previous_response_id is accepted and echoes it',
    observe: async (io, base) => {
      const id = base.json?.id;
      if (typeof id !== 'string' || !id) return nothing('the baseline has no id to continue from (responses.object reports it)');
      const ex = await sendFollowUp(io, id);
      const status = ex.response?.status;
      const more = { exchanges: [ex] };
      if (status === 429) return unsettled('the follow-up was rate-limited (429)', {}, more);
      if (status !== undefined && status >= 400 && status < 500)
        return broken(`the follow-up with previous_response_id was refused: ${answered(ex)}`, { status }, { ...more, refused: true, signal: 'http.status' });
      const json = answerJson(ex);
      if (!json) return unsettled(`the follow-up got ${answered(ex)}`, {}, more);
      const signals = [protocol('previous_response_id', json.previous_response_id ?? null)];
      if (json.previous_response_id !== id)
        return broken(
          `accepted, but previous_response_id is ${quote(JSON.stringify(json.previous_response_id ?? null), 60)}, not the baseline's id`,
          {},
          { ...more, signals },
        );
      return ok('accepted, and previous_response_id echoes the baseline', {}, { ...more, signals });
    },
  },
  retrieve: {
    reads: ['GET /responses/{baseline id}'],
    decides: 'the stored baseline is retrieved by its id',
    observe: async (io, base) => {
      const id = base.json?.id;
      if (typeof id !== 'string' || !id) return nothing('the baseline has no id to retrieve (responses.object reports it)');
      const ex = await retrieve(io, id);
      const more = { exchanges: [ex], signal: 'http.status' };
      if (ex.response?.status === 429) return unsettled('the retrieval was rate-limited (429)', {}, more);
      const json = answerJson(ex);
      if (!json)
        return broken(
          `GET of the stored baseline got ${answered(ex)}`,
          { status: ex.response?.status ?? null },
          { ...more, refused: (ex.response?.status ?? 0) >= 400 },
        );
      if (json.id !== id || json.object !== 'response')
        return broken(`GET returned ${quote(JSON.stringify({ id: json.id, object: json.object }), 80)}, not the baseline Response`, {}, more);
      return ok(`GET returned the baseline (${quote(id, 40)})`, {}, more);
    },
  },
  store: {
    reads: [
      'store: false (with instructions where both are declared)',
      'GET of it',
      'GET /responses/{baseline id} (the control)',
      'store: false alone, unless honoured there',
    ],
    decides: 'a response created with store: false is not retrievable (404) while the stored baseline is',
    observe: async (io, base) => {
      const id = base.json?.id;
      if (typeof id !== 'string' || !id) return nothing('the baseline has no id (responses.object reports it)');
      return featureRiding(io, 'no-store', 'store: false', async (r) => {
        // Retrieving it would be retrieving the baseline: the two cannot be told apart.
        if (r.id === id)
          return nothing(
            `the store: false response has the stored baseline's id (${quote(id, 40)}), so retrieving it cannot tell the two apart (a fixed answer)`,
            { id, fixed: true },
          );
        const control = await retrieve(io, id);
        if (!answerJson(control))
          return nothing(
            `the stored baseline cannot be retrieved either (${answered(control)}), so store: false has no control (responses.retrieve reports it)`,
            {},
            { exchanges: [control] },
          );
        if (typeof r.id !== 'string' || !r.id) return nothing('the store: false response has no id to try', {}, { exchanges: [control] });
        const ex = await retrieve(io, r.id);
        const status = ex.response?.status;
        const signals = [
          protocol('retrieve.status', status ?? null, { value: control.response?.status ?? null, isolates: status !== control.response?.status }),
        ];
        const more = { exchanges: [control, ex], signals };
        if (status === 429) return unsettled('the retrieval was rate-limited (429)', {}, more);
        if (status === 404) return ok('store: false was honoured: its response is not retrievable (404), the stored baseline is', { status }, more);
        // Retrievable is the contract broken on its own (store: false must not be kept); the control, retrievable too, is
        // the precondition that retrieval works at all, not a reading the field should have changed.
        const retrieved = answerJson(ex);
        // A 200 that is not that response (a mock answering any id with one object) shows nothing about store.
        if (retrieved && retrieved.id !== r.id)
          return unsettled(
            `the retrieval answered 200 with another response (id ${quote(String(retrieved.id), 40)}), not the store: false one`,
            { status },
            more,
          );
        if (retrieved)
          return broken(
            'ignored: the response created with store: false is retrievable (HTTP 200), like a stored one',
            { status },
            {
              exchanges: [control, ex],
              signals: [protocol('retrieve.status', status ?? null)],
            },
          );
        return unsettled(`the retrieval of the store: false response got ${answered(ex)}, neither 404 nor the response`, { status: status ?? null }, more);
      });
    },
  },
  'stream-events': {
    reads: ['stream'],
    decides: 'typed JSON events, event: equal to the type, from response.created through output_item.added and output_text.delta',
    observe: (io) => onStream(io, typedEvents, true),
  },
  'stream-sequence-number': {
    reads: ['stream'],
    decides: 'sequence_number on every event, strictly increasing',
    observe: (io) => onStream(io, sequenceNumbers),
  },
  'stream-indices': {
    reads: ['stream'],
    decides: 'every output_index/content_index named was opened before, with the same item_id',
    observe: (io) => onStream(io, indices),
  },
  'stream-reassembly': {
    reads: ['stream'],
    decides: 'the text deltas join to output_text.done and to the final text',
    observe: (io) => onStream(io, reassembly),
  },
  'stream-terminal': { reads: ['stream'], decides: 'exactly one terminal event, the last', observe: (io) => onStream(io, terminal) },
  'stream-final-response': {
    reads: ['stream'],
    decides: "the terminal event's response is a whole Response with created's id, output and usage",
    observe: (io) =>
      onStream(io, (s) => {
        const created = s.events.find((e) => e.json?.type === 'response.created')?.json?.response;
        const end = [...s.events].reverse().find((e) => TERMINAL.has(String(e.json?.type)))?.json?.response;
        if (!isObj(end)) return nothing('no terminal event carrying a response (responses.stream-terminal reports it)');
        const p = [...objectProblems(end, 'response.'), ...usageProblems(end)];
        if (isObj(created) && created.id !== end.id) p.push(`its id ${quote(String(end.id), 40)} is not response.created's ${quote(String(created.id), 40)}`);
        return p.length
          ? broken(`the terminal event's response: ${list(p)}`, { problems: p })
          : ok(`the terminal event carries the whole Response (${String(end.status)}, usage ${JSON.stringify(usageCounts(end))})`);
      }),
  },
  'stream-sdk': {
    reads: ['stream'],
    decides: "openai-node 4, 5 and 6 each replay the baseline stream's bytes through responses.stream().finalResponse() and get the streamed text",
    observe: async (io) => {
      const ex = await sendResponses(io, 'stream');
      const out = await onStream(io, () => nothing('replayed below'));
      if (out.verdict !== 'skip' || out.message !== 'replayed below') return out;
      // What the stream carried: the terminal event's Response text (what the SDK returns), else the joined deltas.
      const events = readResponsesStream(ex).events;
      const final = [...events].reverse().find((e) => TERMINAL.has(String(e.json?.type)))?.json?.response;
      const deltas = events
        .filter((e) => e.json?.type === 'response.output_text.delta' && typeof e.json.delta === 'string')
        .map((e) => e.json!.delta as string)
        .join('');
      const joined = (isObj(final) && outputText(final)) || deltas;
      // One client after the other: each replay is bounded, and they share the CPU with the run.
      const results = [];
      for (const client of SDK_CLIENTS) results.push(await replayResponsesStream(ex, client));
      const evidence = Object.fromEntries(results.map((r) => [r.client, { ok: r.ok, error: r.error ?? null, events: r.events, chars: r.text.length }]));
      const more = { exchanges: [ex], signal: 'sdk.replay' };
      const timedOut = results.filter((r) => r.timedOut);
      const broke = results.filter((r) => !r.ok && !r.timedOut).map((r) => `openai-node ${r.version} threw: ${r.error}`);
      const lost = results
        .filter((r) => r.ok && r.text !== joined)
        .map((r) => `openai-node ${r.version} finished with ${r.text.length} of the ${joined.length} streamed chars`);
      if (broke.length || lost.length) return broken([...broke, ...lost].join('; '), evidence, more);
      if (timedOut.length) return unsettled(timedOut.map((r) => `openai-node ${r.version}: ${r.error}`).join('; '), evidence, more);
      return ok(
        `openai-node ${results.map((r) => r.version).join(', ')} each read the stream (${joined.length} chars) through responses.stream().finalResponse()`,
        evidence,
        more,
      );
    },
  },
  'stream-error-event': {
    reads: ['stream'],
    decides: 'an error event, when one comes, is {type "error", code, message, param, sequence_number}',
    observe: (io) => onStream(io, errorEvents),
  },
  'stream-prestream-error': {
    reads: ['unknown-model-stream'],
    decides: 'a streamed request for an unknown model is refused with a non-2xx status, not inside a 200 stream',
    observe: async (io) => {
      const ex = await sendResponses(io, 'unknown-model-stream');
      const res = ex.response;
      const more = { exchanges: [ex], signal: 'http.status' };
      if (!res) return unsettled(`not answered (${ex.error?.kind})`, {}, more);
      if (res.status === 429) return unsettled('rate-limited (429)', {}, more);
      if (res.status < 200 || res.status > 299) return ok(`refused with ${answered(ex)} before any stream`, { status: res.status }, more);
      const s = readResponsesStream(ex);
      const err = s.events.find((e) => e.json?.type === 'error' || e.json?.type === 'response.failed' || e.name === 'error');
      if (err)
        return broken(
          `answered HTTP ${res.status} with the error inside the stream (event ${err.index}, ${String(err.json?.type ?? err.name)}): clients see a successful request first`,
          { status: res.status },
          more,
        );
      return nothing(
        `a streamed request for an unknown model was served (HTTP ${res.status}, ${s.events.length} events): no error at all (responses.error-unknown-model judges that)`,
        { status: res.status },
        more,
      );
    },
  },
  'error-unknown-model': {
    reads: ['unknown-model'],
    decides: 'an unknown model is a 4xx with the profile error envelope',
    observe: (io) => errorCase(io, 'unknown-model'),
  },
  'error-invalid-param': {
    reads: ['invalid-param'],
    decides: 'max_output_tokens "many" is a 4xx with the profile error envelope',
    observe: (io) => errorCase(io, 'invalid-param'),
  },
};

/** A bad request judged by the error area's envelope rules (status 4xx, the profile's errorEnvelope). */
async function errorCase(io: CaseIO, kind: ResponsesRequest): Promise<Outcome> {
  const ex = await sendResponses(io, kind);
  const more = { exchanges: [ex], signal: 'error.envelope' };
  if (ex.response?.status === 429) return unsettled('rate-limited (429)', {}, more);
  const obs = observeError(ex);
  const j = judgeError(obs, { status: '4xx', source: 'openai-responses-api.md#Errors' }, io.profile);
  const verdict: Verdict = obs.verdict === 'inconclusive' ? 'inconclusive' : j.verdict;
  return { verdict, message: j.message, evidence: obs.evidence, ...more };
}
