/**
 * The OpenAI profile checked against the Parallel emulator: every field Parallel documents as ignored is
 * observed ignored, with evidence, wherever its effect is observable — even though Parallel's usage and
 * finish_reason are always empty, so the probes fall back to the next signal and say so. The rest are
 * accepted with the effect unobservable (never a pass).
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { runCases, type CaseRun } from '../support/run-cases.js';
import { loadProfile } from '../../src/spec/load.js';

type Ev = Record<string, any>;

/** Parallel's ignored fields whose effect is observable, with the confidence and the evidence expected. */
const OBSERVABLE: Record<string, ['decisive' | 'heuristic', (e: Ev) => boolean]> = {
  // usage and finish_reason are "Always empty": words of the content against the limit (heuristic).
  'request.max_tokens': ['heuristic', (e) => e.words[0] > 5],
  'request.max_completion_tokens': ['heuristic', (e) => e.words[0] > 5],
  'request.n': ['decisive', (e) => e.choices === 1],
  'request.stop': ['decisive', (e) => e.occurrences[0] > 0 && e.finish_reason === null],
  'request.logprobs': ['decisive', (e) => e.logprobs_tokens[0] === 0],
  'request.top_logprobs': ['decisive', (e) => e.alternatives_max === 0],
  'request.seed': ['decisive', (e) => e.distinct === e.samples],
  'request.temperature': ['decisive', (e) => e.distinct[0] === 5],
  'request.stream_options': ['decisive', (e) => e.usage_chunks[0] === 0],
  'request.stream_options.include_usage': ['decisive', (e) => e.usage_chunks[0] === 0],
  // No usage: prompt_tokens cannot show the tools; tool_choice "required" gives no call either (heuristic).
  'request.tools': [
    'heuristic',
    (e) => Object.values(e.tool_calls as Record<string, number>).every((n) => n === 0) && e.tool_calls['tool_choice.required'] === 0,
  ],
  'request.tool_choice.required': ['decisive', (e) => e.tool_calls === 0],
  'request.tool_choice.named': ['decisive', (e) => e.tool_calls === 0],
  // A forced function_call that gives no call; top_p 0.05 that leaves the spread as wide as top_p 1.
  'request.function_call': ['decisive', (e) => e.function_call === null && e.tool_calls === 0],
  'request.top_p': ['decisive', (e) => e.distinct[0] === 5],
};

const parallel = loadProfile('parallel').profile;
const openai = loadProfile('openai').profile;
const openaiRow = (id: string) => (id.startsWith('request.') ? openai.request?.[id.slice(8)] : openai.messages?.[id.slice(8)]);
const ignored = [
  ...Object.entries(parallel.request ?? {})
    .filter(([, r]) => r.status === 'ignored')
    .map(([k]) => `request.${k}`),
  ...Object.entries(parallel.messages ?? {})
    .filter(([, r]) => r.status === 'ignored')
    .map(([k]) => `message.${k}`),
];

let run: CaseRun;

describe('openai checked against the Parallel emulator', () => {
  beforeAll(async () => {
    run = await runCases({ profile: 'openai', emulate: 'parallel', only: 'request.,message.' });
  });

  it('Parallel declares the observable fields ignored (the table above follows specs/parallel.yaml)', () => {
    for (const id of Object.keys(OBSERVABLE)) expect(ignored, id).toContain(id);
  });

  it.each(ignored)('%s', (id) => {
    const c = run.byId.get(id)!;
    const show = `${id}: ${c.observed} (${c.confidence}) ${JSON.stringify(c.evidence)} ${c.message}`;
    const expected = OBSERVABLE[id];
    if (expected) {
      expect([c.observed, c.confidence], show).toEqual(['ignored', expected[0]]);
      expect(expected[1](c.evidence as Ev), show).toBe(true);
      // OpenAI declares it supported: a decisive deviation fails, a heuristic one is a warning (inconclusive).
      expect(c.verdict, show).toBe(expected[0] === 'decisive' ? 'fail' : 'inconclusive');
      if (expected[0] === 'heuristic') expect(c.message, show).toContain('heuristic deviation');
    } else if (openaiRow(id)?.claim === 'acceptance') {
      // OpenAI's row claims acceptance only (a long user), which Parallel's ignoring it satisfies.
      expect([c.observed, c.confidence, c.verdict], show).toEqual(['accepted', 'decisive', 'pass']);
    } else {
      // Effect unobservable (metadata, functions without a call, ..., parallel_tool_calls once tools are dropped): never a pass.
      expect(['accepted', 'not probed'], show).toContain(c.observed);
      expect([c.confidence, c.verdict], show).toEqual(['unobservable', 'skip']);
    }
  });

  it('the fallbacks say which signal was unusable and why', () => {
    expect(run.byId.get('request.max_tokens')!.evidence).not.toHaveProperty('completion_tokens');
    expect(run.byId.get('message.name')!.observed).toBe('accepted');
    expect(run.byId.get('message.name')!.evidence).toMatchObject({ prompt_tokens: null });
  });

  it('parallel against its own emulator: no request or message case fails', async () => {
    const own = await runCases({ profile: 'parallel', only: 'request.,message.' });
    expect(own.failing).toEqual([]);
    expect(own.byId.get('request.max_tokens')!.verdict).toBe('pass');
    expect(own.serverRequests).toBe(own.sent);
  });
});
