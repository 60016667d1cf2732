/**
 * The checks of request and message fields: one per key of a field probe (src/probes/index.ts, each module's
 * header states its decision rule), then the acceptance probe (src/probes/generic.ts) for any other field.
 */
import type { FieldRow } from '../../spec/profile.types.js';
import type { Probe } from '../../probes/types.js';
import { PROBES } from '../../probes/index.js';
import { observeAcceptance } from '../../probes/generic.js';
import { observeInIgnoredGroup } from '../../probes/group-ignored.js';
import { describeFieldRow, judgeField } from '../../probes/judge.js';
import type { CheckDef, DecidingKind, RowCheck } from './types.js';

interface Note {
  file: string;
  reads: string;
  decides: [kind: DecidingKind, signal: string];
}

const BASE = 'the shared baseline';
/** Where the emulator reads the row that governs a field as sent (and answers as it declares). */
const EMULATOR = 'src/emulator/profile-view.ts';

/** What each probe key reads and what decides it (the probe module's header says it at length). */
export const FIELD_NOTES: Record<string, Note> = {
  'request.model': {
    file: 'src/probes/model.ts',
    reads: `${BASE} and error.unknown-model's request (both shared: no request of its own)`,
    decides: ['status', 'a made-up model refused while the run model answers'],
  },
  'request.max_tokens': {
    file: 'src/probes/max-tokens.ts',
    reads: `${BASE} and one request with max_tokens 5 (or the row's value)`,
    decides: ['protocol', 'finish_reason "length", or "stop" after more words than the limit (usage alone is heuristic)'],
  },
  'request.max_completion_tokens': {
    file: 'src/probes/max-tokens.ts',
    reads: `${BASE} and one request with max_completion_tokens 5 (or the row's value)`,
    decides: ['protocol', 'finish_reason "length", or "stop" after more words than the limit (usage alone is heuristic)'],
  },
  'request.n': {
    file: 'src/probes/n.ts',
    reads:
      'tool_choice "none"\'s request carrying n 2 (or the row\'s value; shared) where n is declared supported, taking only n choices from it; else one request with n',
    decides: ['protocol', 'the number of choices'],
  },
  'request.stop': {
    file: 'src/probes/stop.ts',
    reads: `${BASE} (to pick a stop letter) and one request with that stop`,
    decides: ['content', "the stop string absent from the answer (the baseline has it), or present: stop's contract is stated over the text"],
  },
  'request.logprobs': {
    file: 'src/probes/logprobs.ts',
    reads: `${BASE} (control) and request.top_logprobs's request (logprobs true with top_logprobs, shared) where top_logprobs is not declared rejected, else (or refused) one with logprobs true`,
    decides: ['protocol', 'choices[].logprobs.content present, absent on the control'],
  },
  'request.top_logprobs': {
    file: 'src/probes/top-logprobs.ts',
    reads: 'one request with logprobs true and top_logprobs 2',
    decides: ['protocol', 'the count of top_logprobs alternatives per token'],
  },
  'request.response_format.json_object': {
    file: 'src/probes/json-object.ts',
    reads: 'one request with response_format json_object, then the same without it (control)',
    decides: ['protocol', 'the content is a bare JSON object, prose on the control'],
  },
  'request.response_format.json_schema': {
    file: 'src/probes/json-schema.ts',
    reads: 'one request with a strict json_schema and a prose prompt',
    decides: ['protocol', 'the content is an instance of the schema sent'],
  },
  'request.stream': {
    file: 'src/probes/stream.ts',
    reads: 'the shared streamed baseline',
    decides: ['protocol', 'an event stream of JSON chunks, told by its bytes'],
  },
  'request.stream_options.include_usage': {
    file: 'src/probes/include-usage.ts',
    reads: 'the shared streamed baseline (control) and one stream with include_usage true',
    decides: ['protocol', 'a chunk carrying usage, absent from the control'],
  },
  'request.stream_options': {
    file: 'src/probes/include-usage.ts',
    reads: 'the shared streamed baseline (control) and one stream with include_usage true',
    decides: ['protocol', 'a chunk carrying usage, absent from the control'],
  },
  'request.tools': {
    file: 'src/probes/tools.ts',
    reads: `${BASE} (control) and the tool_choice requests (shared); one request with tools alone only when those got no call`,
    decides: ['protocol', 'a tool call naming a declared function (prompt_tokens only when no call comes)'],
  },
  'request.tool_choice.required': {
    file: 'src/probes/tool-choice.ts',
    reads: `${BASE} (control) and one request with tools and tool_choice "required"`,
    decides: ['protocol', 'one tool call or more'],
  },
  'request.tool_choice.named': {
    file: 'src/probes/tool-choice.ts',
    reads: `${BASE} (control) and request.tools.strict's request (get_time made strict, named, beside get_weather: shared) where that case sends it, else (or refused) one request with the probe tools and a named tool_choice`,
    decides: ['protocol', 'tool calls, all to the named function'],
  },
  'request.tool_choice.none': {
    file: 'src/probes/tool-choice.ts',
    reads: 'one request with tools and tool_choice "none" (carrying n where n is declared supported: request.n reads its choice count)',
    decides: ['protocol', 'no tool call (a call is broken)'],
  },
  'request.parallel_tool_calls': {
    file: 'src/probes/parallel-tool-calls.ts',
    reads: 'one request with two answerable tools and parallel_tool_calls false, then the same without it (control)',
    decides: ['protocol', 'the number of tool calls in one turn'],
  },
  'request.seed': {
    file: 'src/probes/seed.ts',
    reads: 'k fresh samples with the seed at temperature 1.5, then 2 without it (control)',
    decides: ['content', 'the number of distinct texts'],
  },
  'request.temperature': {
    file: 'src/probes/temperature.ts',
    reads: 'k fresh samples at temperature 0 and k at 1.5',
    decides: ['content', 'the spread of the texts (spread.ts)'],
  },
  'request.top_p': {
    file: 'src/probes/top-p.ts',
    reads:
      "k fresh samples at top_p 0.05 (or the row's value) and up to k without top_p, both at temperature 1.5 (the wide ones are temperature's, shared); top_p alone if the pair is refused",
    decides: ['content', 'the spread of the texts (spread.ts)'],
  },
  'request.prediction': {
    file: 'src/probes/prediction.ts',
    reads: 'one request with a content prediction',
    decides: ['accounting', 'accepted/rejected prediction token counts in usage'],
  },
  'request.functions': {
    file: 'src/probes/functions.ts',
    reads: 'one request with functions and a forced function_call',
    decides: ['protocol', 'message.function_call naming the forced function'],
  },
  'request.function_call': {
    file: 'src/probes/functions.ts',
    reads: 'one request with functions and a forced function_call',
    decides: ['protocol', 'message.function_call naming the forced function'],
  },
  'message.tool-round-trip': {
    file: 'src/probes/tool-round-trip.ts',
    reads: "request.tool_choice.named's forcing request (shared), then the conversation sent back with its call and a tool result",
    decides: ['status', 'a 2xx chat completion for the round trip built from the target’s own call'],
  },
  'message.content.parts': {
    file: 'src/probes/content-parts.ts',
    reads: `${BASE} (control) and the same prompt as one text part`,
    decides: ['accounting', 'usage.prompt_tokens against the baseline'],
  },
  'message.role.developer': {
    file: 'src/probes/role-message.ts',
    reads: `${BASE} (control) and one request with a developer message first`,
    decides: ['accounting', 'usage.prompt_tokens against the baseline (a 4xx is decisive)'],
  },
  'message.role.system': {
    file: 'src/probes/role-message.ts',
    reads: `${BASE} (control) and one request with a system message first`,
    decides: ['accounting', 'usage.prompt_tokens against the baseline (a 4xx is decisive)'],
  },
  'message.name': {
    file: 'src/probes/message-name.ts',
    reads: `${BASE} (control) and the same user message with a name`,
    decides: ['accounting', 'usage.prompt_tokens against the baseline'],
  },
  'request.tools.strict': {
    file: 'src/probes/tools-strict.ts',
    reads:
      'one request declaring a strict function (an enum, required properties, additionalProperties false) beside a decoy, forced with a named tool_choice (request.tool_choice.named reads it too)',
    decides: ['protocol', "the forced call's arguments validate against the parameters sent (no call is inconclusive)"],
  },
};

/** Where a probe key without a note points (a test requires every key to have one). */
const NO_NOTE: Note = { file: 'src/probes/index.ts', reads: 'see the probe module', decides: ['protocol', 'see the probe module'] };

const fieldCheck = (observe: RowCheck<FieldRow>['observe']): RowCheck<FieldRow> => ({
  describe: describeFieldRow,
  observe,
  judge: (obs, row) => judgeField(obs, row),
});

function probeDef(id: string, probe: Probe): CheckDef<FieldRow> {
  const note = FIELD_NOTES[id] ?? NO_NOTE;
  return {
    id,
    area: id.startsWith('message.') ? 'message' : 'request',
    reads: note.reads,
    decides: { kind: note.decides[0], signal: note.decides[1] },
    file: note.file,
    emulator: EMULATOR,
    check: fieldCheck((io, key, row) => observeInIgnoredGroup(io, id, probe, key, row)),
  };
}

const ACCEPTED = 'accepted (2xx chat completion) or refused (4xx); the effect is unobservable unless the row claims acceptance';

/**
 * Any field: a row whose value is unknown (neither values.ts nor the row's `value:`) is still this check's,
 * and its case says what to add. Profiles keep such rows on purpose (the documentation gives no value to
 * probe with), so they are reported, not refused.
 */
function acceptanceDef(area: 'request' | 'message', reads: string): CheckDef<FieldRow> {
  return {
    id: `${area}.*`,
    area,
    reads,
    decides: { kind: 'status', signal: ACCEPTED },
    file: 'src/probes/generic.ts',
    emulator: EMULATOR,
    check: fieldCheck((io, key, row) => observeAcceptance(io, area, key, row)),
  };
}

const ACCEPTANCE: CheckDef<FieldRow>[] = [
  acceptanceDef('request', "one request with the field next to the baseline (its value from values.ts, or the row's `value:`)"),
  acceptanceDef('message', "one request whose messages carry the field (values.ts, or the row's `value:` as the messages)"),
];

export const FIELD_CHECKS: readonly CheckDef<FieldRow>[] = [...PROBES.flatMap((p) => p.keys.map((id) => probeDef(id, p))), ...ACCEPTANCE];
