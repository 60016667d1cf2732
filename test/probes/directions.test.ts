/**
 * Every probe in three directions, against the emulator over loopback: a profile that honours the field
 * (openai), one that accepts and drops it (probe-ignored*), one that refuses it with 400 and its param
 * (probe-rejected*); support.ts says which fixture flips which field. Each must give the right observation, with numeric evidence that shows why. The
 * same observations judged against the OpenAI reference (parity) must fail, so the probes can fail.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { runCases, type CaseRun } from '../support/run-cases.js';
import { fixture, fixtureFor, PROBED, ONLY_PROBED } from './support.js';
import type { CaseResult } from '../../src/results/results.types.js';

type Ev = Record<string, any>;

/** What the evidence must show when the field is honoured. */
const HONOURED: Record<string, (e: Ev) => boolean> = {
  'request.max_tokens': (e) => e.completion_tokens[0] <= 5 && e.completion_tokens[1] > 5 && e.finish_reason === 'length',
  'request.max_completion_tokens': (e) => e.completion_tokens[0] <= 5 && e.completion_tokens[1] > 5,
  'request.n': (e) => e.n === 2 && e.choices === 2,
  'request.stop': (e) => e.occurrences[0] === 0 && e.occurrences[1] >= 3 && e.chars[0] < e.chars[1],
  'request.logprobs': (e) => e.logprobs_tokens[0] > 0,
  'request.top_logprobs': (e) => e.alternatives_min === 2 && e.alternatives_max === 2,
  'request.response_format.json_object': (e) => e.json_object[0] === true && e.json_object[1] === false,
  'request.response_format.json_schema': (e) => e.json === true && e.schema_valid === true,
  'request.stream': (e) => /event-stream/.test(e.content_type) && e.chunks > 0,
  'request.stream_options.include_usage': (e) => e.usage_chunks[0] === 1 && e.usage_chunks[1] === 0,
  'request.stream_options': (e) => e.usage_chunks[0] === 1 && e.usage_chunks[1] === 0,
  'request.tools': (e) => e.prompt_tokens[0] > e.prompt_tokens[1],
  'request.tool_choice.required': (e) => e.tool_calls >= 1 && e.finish_reason === 'tool_calls',
  'request.tool_choice.named': (e) => e.tool_calls >= 1 && e.names.every((n: string) => n === 'get_time'),
  'request.parallel_tool_calls': (e) => e.tool_calls[0] === 1 && e.tool_calls[1] >= 2,
  'request.seed': (e) => e.samples === 3 && e.distinct === 1 && e.control_distinct === 2,
  // Three identical narrow samples settle that side (REPEATS_TO_SETTLE), two wide samples that differ the other (spread.ts stops there).
  'request.temperature': (e) => e.distinct[0] === 1 && e.distinct[1] === 2 && e.samples[0] === 3 && e.samples[1] === 2,
  'request.top_p': (e) => e.distinct[0] === 1 && e.distinct[1] === 2 && e.samples[0] === 3 && e.samples[1] === 2,
  'request.functions': (e) => e.function_call === 'get_weather' && e.tool_calls === 0,
  'request.function_call': (e) => e.function_call === 'get_weather' && e.finish_reason === 'function_call',
  'request.prediction': (e) => e['usage.completion_tokens_details.rejected_prediction_tokens'] > 0,
  'message.content.parts': (e) => e.delta === 0,
  'message.role.developer': (e) => e.delta > 0,
  'message.role.system': (e) => e.delta > 0,
  'message.name': (e) => e.delta > 0,
};

/** What the evidence must show when the field is accepted and dropped (observed, confidence, evidence). */
const IGNORED: Record<string, [string, string, (e: Ev) => boolean]> = {
  'request.max_tokens': ['ignored', 'decisive', (e) => e.completion_tokens[0] > 5],
  'request.max_completion_tokens': ['ignored', 'decisive', (e) => e.completion_tokens[0] > 5],
  'request.n': ['ignored', 'decisive', (e) => e.choices === 1],
  'request.stop': ['ignored', 'decisive', (e) => e.occurrences[0] > 0],
  'request.logprobs': ['ignored', 'decisive', (e) => e.logprobs_tokens[0] === 0],
  'request.top_logprobs': ['ignored', 'decisive', (e) => e.tokens > 0 && e.alternatives_max === 0],
  'request.response_format.json_object': ['ignored', 'decisive', (e) => e.json_object === false],
  'request.response_format.json_schema': ['ignored', 'decisive', (e) => e.json === false],
  'request.stream': ['ignored', 'decisive', (e) => /json/.test(e.content_type) && e.choices === 1],
  'request.stream_options.include_usage': ['ignored', 'decisive', (e) => e.usage_chunks[0] === 0 && e.chunks[0] > 0],
  'request.stream_options': ['ignored', 'decisive', (e) => e.usage_chunks[0] === 0],
  'request.tools': ['ignored', 'decisive', (e) => e.prompt_tokens[0] === e.prompt_tokens[1]],
  'request.tool_choice.required': ['ignored', 'decisive', (e) => e.tool_calls === 0],
  'request.tool_choice.named': ['ignored', 'decisive', (e) => e.tool_calls === 0],
  'request.parallel_tool_calls': ['ignored', 'decisive', (e) => e.tool_calls >= 2],
  'request.seed': ['ignored', 'decisive', (e) => e.samples === 5 && e.distinct === 5],
  'request.temperature': ['ignored', 'decisive', (e) => e.distinct[0] === 5 && e.prefix_share[0] < 0.2],
  'request.top_p': ['ignored', 'decisive', (e) => e.distinct[0] === 5 && e.prefix_share[0] < 0.2],
  // Dropped definitions leave no call, but so would a dropped function_call: functions alone is unobservable.
  'request.functions': ['accepted', 'unobservable', (e) => e.function_call === null],
  'request.function_call': ['ignored', 'decisive', (e) => e.function_call === null && e.tool_calls === 0],
  // A prediction that is dropped leaves no trace: the documented unobservable.
  'request.prediction': ['accepted', 'unobservable', (e) => e['usage.completion_tokens_details.rejected_prediction_tokens'] === 0],
  'message.content.parts': ['ignored', 'heuristic', (e) => e.delta < 0],
  'message.role.developer': ['ignored', 'heuristic', (e) => e.delta === 0],
  'message.role.system': ['ignored', 'heuristic', (e) => e.delta === 0],
  'message.name': ['ignored', 'heuristic', (e) => e.delta === 0],
};

/**
 * Fields whose effect is seen only in usage.prompt_tokens: accounting, so heuristic in both directions (a
 * pass when it agrees, a warning, never a failure, when it does not; issue #11).
 */
// Read from usage counts only (request.prediction: the prediction tokens are usage.completion_tokens_details): heuristic.
const ACCOUNTING_ONLY = new Set(['message.content.parts', 'message.role.developer', 'message.role.system', 'message.name', 'request.prediction']);

/** The param each field is refused with in probe-rejected*.yaml. */
const PARAM: Record<string, string> = {
  'request.response_format.json_object': 'response_format',
  'request.response_format.json_schema': 'response_format',
  'request.stream_options.include_usage': 'stream_options',
  'request.tool_choice.required': 'tool_choice',
  'request.tool_choice.named': 'tool_choice',
  'message.content.parts': 'messages[0].content',
  'message.role.developer': 'messages[0].role',
  'message.role.system': 'messages[0].role',
  'message.name': 'messages[0].name',
};
const paramOf = (id: string) => PARAM[id] ?? id.replace(/^request\./, '');

let honour: CaseRun;
/** Runs by fixture name: each fixture's emulator checked against the fixture itself. */
const runs = new Map<string, CaseRun>();
const pick = (direction: 'ignored' | 'rejected', id: string): CaseResult => runs.get(fixtureFor(direction, id))!.byId.get(id)!;
const show = (c: CaseResult) => `${c.id}: ${c.observed} (${c.confidence}) ${JSON.stringify(c.evidence)} — ${c.message}`;

describe('field probes: honoured, ignored, rejected', () => {
  beforeAll(async () => {
    honour = await runCases({ profile: 'openai', only: ONLY_PROBED });
    for (const direction of ['ignored', 'rejected'] as const) {
      const byFixture = new Map<string, string[]>();
      for (const id of PROBED) byFixture.set(fixtureFor(direction, id), [...(byFixture.get(fixtureFor(direction, id)) ?? []), id]);
      for (const [name, ids] of byFixture) runs.set(name, await runCases({ profile: fixture(name), only: ids.join(',') }));
    }
  });

  it('every probed field has an expectation in each direction', () => {
    expect(Object.keys(HONOURED).sort()).toEqual([...PROBED].sort());
    expect(Object.keys(IGNORED).sort()).toEqual([...PROBED].sort());
  });

  it.each(PROBED)('%s honoured → supported, decisive, with evidence', (id) => {
    const c = honour.byId.get(id)!;
    expect(c, id).toBeDefined();
    expect([c.observed, c.confidence, c.verdict], show(c)).toEqual(['supported', ACCOUNTING_ONLY.has(id) ? 'heuristic' : 'decisive', 'pass']);
    expect(HONOURED[id](c.evidence as Ev), show(c)).toBe(true);
  });

  it.each(PROBED)('%s ignored → the documented observation, and a failed parity with OpenAI', (id) => {
    const c = pick('ignored', id);
    const [observed, confidence, check] = IGNORED[id];
    // A quiet reading taken beside other fields declared ignored is heuristic (group-ignored.ts: the field alone
    // was not sent); alone, it is the documented confidence.
    const grouped = (c.evidence as Ev).group_fields ? 1 : (((c.evidence as Ev).group as number | undefined) ?? 1); // the sampling group (group_fields) is its own rule
    const expected = grouped > 1 && confidence === 'decisive' ? 'heuristic' : confidence;
    expect([c.observed, c.confidence], show(c)).toEqual([observed, expected]);
    expect(check(c.evidence as Ev), show(c)).toBe(true);
    if (observed === 'ignored') {
      expect(c.verdict, show(c)).toBe('pass');
      // OpenAI declares them supported: a decisive deviation fails parity, a heuristic one is a warning.
      expect(c.parity?.verdict, show(c)).toBe(expected === 'heuristic' ? 'inconclusive' : 'fail');
    } else {
      // Unobservable is never a pass, neither as declared nor for parity.
      expect(c.verdict).toBe('skip');
      expect(c.parity?.verdict).toBe('skip');
    }
  });

  it.each(PROBED)('%s rejected → rejected with 400 and its param', (id) => {
    const c = pick('rejected', id);
    expect([c.observed, c.confidence, c.verdict], show(c)).toEqual(['rejected', 'decisive', 'pass']);
    expect((c.evidence as Ev).status).toBe(400);
    expect((c.evidence as Ev).param).toBe(paramOf(id));
    expect(c.parity?.verdict, show(c)).toBe('fail');
  });

  it('a declared rejection needs the declared param and a 4xx: without them the case fails', async () => {
    const noParam = await runCases({ profile: fixture('probe-rejected'), fault: 'error-without-param', only: 'request.n' });
    expect(noParam.byId.get('request.n')!.verdict).toBe('fail');
    expect(noParam.byId.get('request.n')!.message).toMatch(/param null, declared "n"/);
    const as500 = await runCases({ profile: fixture('probe-rejected'), fault: 'server-error-for-bad-input', only: 'request.n' });
    expect([as500.byId.get('request.n')!.observed, as500.byId.get('request.n')!.verdict]).toEqual(['error', 'fail']);
  });

  it('json_schema answered with schema-less JSON is observed partial: a pass for a declared json_object fallback only', async () => {
    const r = await runCases({ profile: fixture('probe-partial'), only: 'request.response_format.json_schema' });
    const c = r.byId.get('request.response_format.json_schema')!;
    expect([c.observed, c.verdict, c.parity?.verdict], show(c)).toEqual(['partial', 'pass', 'fail']);
    expect(c.evidence).toMatchObject({ json: true, schema_valid: false });
    expect((c.evidence as Ev).schema_errors).toBeGreaterThan(0);
  });

  it('requests per probe: one per distinct request; stochastic probes say how many samples', () => {
    const req = (id: string) => honour.byId.get(id)!.requests ?? 0;
    expect(req('request.n')).toBe(1);
    // 3 identical at 0 (REPEATS_TO_SETTLE), then 2 at 1.5 that differ settle it, all fresh; plus, when it asks
    // first, the shared baseline.
    expect(req('request.temperature')).toBeGreaterThanOrEqual(5);
    expect(req('request.temperature')).toBeLessThanOrEqual(6);
    // 3 identical seeded + 2 unseeded controls, which are temperature's first two wide samples (the same requests,
    // sent once per run and counted by whichever case sent them first).
    expect(req('request.seed') + req('request.temperature')).toBeGreaterThanOrEqual(8);
    expect(req('request.seed')).toBeGreaterThanOrEqual(3);
    expect(req('request.seed')).toBeLessThanOrEqual(5);
    // probe + control; the control is also the run's gate request, so another case may have sent it first (shared).
    expect(req('request.response_format.json_object')).toBeGreaterThanOrEqual(1);
    expect(req('request.response_format.json_object')).toBeLessThanOrEqual(2);
    expect(req('request.parallel_tool_calls')).toBe(2); // probe + control
    // stream_options and stream_options.include_usage send one shared request between them.
    expect(req('request.stream_options') + req('request.stream_options.include_usage')).toBeLessThanOrEqual(2);
    expect(honour.serverRequests).toBe(honour.sent);
  });
});
