/**
 * The probes' pure parts, to the edge: the stochastic decision rules (including inconclusive), the
 * stop-string derivation, the spread measures, the signal gating on declared-empty fields, the judge.
 */
import { describe, it, expect } from 'vitest';
import { decideTemperature } from '../../src/probes/temperature.js';
import { decideSeed } from '../../src/probes/seed.js';
import { stopFromText, occurrences } from '../../src/probes/stop.js';
import { prefixShare, distinctCount, wordCount, parseJson, isJsonObject } from '../../src/probes/text.js';
import { declaredEmpty, usageCount, finishReason } from '../../src/probes/signals.js';
import { judgeField } from '../../src/probes/judge.js';
import { loadProfile } from '../../src/spec/load.js';
import type { CompletionView } from '../../src/probes/completion.js';
import type { FieldRow } from '../../src/spec/profile.types.js';
import { observationConfidence } from '../../src/cases/evidence.js';
import type { Observation } from '../../src/cases/types.js';

/** A decision with the confidence its signals give it (the one place: evidence.ts). */
const rated = (d: Pick<Observation, 'signals' | 'gate'>) => ({ ...d, confidence: observationConfidence(d) });

const same = (t: string, k = 5) => Array.from({ length: k }, () => t);
const varied = (k = 5) => Array.from({ length: k }, (_, i) => `${'QWERTYUIOP'[i]}andom text number ${i} goes on`);

describe('temperature rule', () => {
  it('0 collapses, 1.5 spreads → supported, decisive', () => {
    expect(rated(decideTemperature(same('a b c'), varied()))).toMatchObject({ observed: 'supported', confidence: 'decisive' });
  });
  it('1.5 gives identical texts → ignored, decisive (greedy whatever it is told)', () => {
    expect(rated(decideTemperature(same('a b c'), same('a b c')))).toMatchObject({ observed: 'ignored', confidence: 'decisive' });
  });
  it('0 spreads from the first character → ignored; decisive only when every sample differs', () => {
    expect(rated(decideTemperature(varied(), varied()))).toMatchObject({ observed: 'ignored', confidence: 'decisive' });
    const four = [...varied(4), varied(4)[0]];
    expect(rated(decideTemperature(four, varied()))).toMatchObject({ observed: 'ignored', confidence: 'heuristic' });
  });
  it('0 nearly repeatable (long shared prefixes), 1.5 diverging early → supported, heuristic', () => {
    const stem = 'Rivers carve valleys over long periods of time, and';
    const low = [`${stem} floods.`, `${stem} deltas.`, `${stem} floods.`, `${stem} canyons.`, `${stem} floods.`];
    expect(rated(decideTemperature(low, varied()))).toMatchObject({ observed: 'supported', confidence: 'heuristic' });
  });
  it('anything between → inconclusive, never a verdict that flips', () => {
    const half = ['abcdefghij1', 'abcdeXXXXXX', 'abcdefghij2', 'abcdeYYYYYY', 'abcdeZZZZZZ'];
    expect(decideTemperature(half, half)).toMatchObject({ verdict: 'inconclusive' });
  });
});

describe('seed rule', () => {
  it('every seeded sample differs → ignored, decisive', () => {
    expect(rated(decideSeed(varied()))).toMatchObject({ observed: 'ignored', confidence: 'decisive' });
  });
  it('seeded repeat, unseeded controls differ → supported, decisive', () => {
    expect(rated(decideSeed(same('x'), varied(2)))).toMatchObject({ observed: 'supported', confidence: 'decisive' });
  });
  it('the target repeats without a seed too → accepted, unobservable', () => {
    expect(rated(decideSeed(same('x'), same('x', 2)))).toMatchObject({ observed: 'accepted', confidence: 'unobservable' });
  });
  it('a partial repeat → inconclusive (OpenAI seeds are best effort)', () => {
    expect(decideSeed(['a', 'a', 'a', 'b', 'c'])).toMatchObject({ verdict: 'inconclusive' });
  });
});

describe('stop string from the baseline', () => {
  it('picks the most frequent lowercase letter, ties to the alphabet', () => {
    expect(stopFromText('Rivers erode steep valleys.')).toEqual({ stop: 'e', count: 6 });
    expect(stopFromText('ab ba')).toEqual({ stop: 'a', count: 2 });
    expect(stopFromText('123 !!')).toBeUndefined();
  });
  it('counts non-overlapping occurrences', () => {
    expect(occurrences('aaaa', 'aa')).toBe(2);
    expect(occurrences('abc', '')).toBe(0);
  });
});

describe('text measures', () => {
  it('prefix share: 1 for identical, 0 for texts that differ at once, the median over pairs', () => {
    expect(prefixShare(['abcd', 'abcd'])).toBe(1);
    expect(prefixShare(['abcd', 'xbcd'])).toBe(0);
    expect(prefixShare(['abcd', 'abxx', 'abcd'])).toBe(0.5);
    expect(prefixShare(['only'])).toBe(1);
  });
  it('distinct texts, words, strict JSON (a code fence is not JSON)', () => {
    expect(distinctCount(['a', 'b', 'a'])).toBe(2);
    expect(wordCount('  one two\nthree ')).toBe(3);
    expect(isJsonObject(parseJson(' {"a":1} '))).toBe(true);
    expect(isJsonObject(parseJson('```json\n{"a":1}\n```'))).toBe(false);
    expect(isJsonObject(parseJson('[1]'))).toBe(false);
  });
});

describe('signals gated by the profile', () => {
  const openai = loadProfile('openai').profile;
  const parallel = loadProfile('parallel').profile;
  const view = (usage: Record<string, unknown> | null, finish: string | null): CompletionView => ({
    choices: [{ index: 0, content: 'x', finishReason: finish, toolCalls: [], logprobTokens: null, topLogprobs: [] }],
    usage,
    json: {},
  });
  it('Parallel declares usage and finish_reason empty: a number there is not used', () => {
    expect(declaredEmpty(parallel, 'usage.completion_tokens')).toBe(true);
    expect(declaredEmpty(parallel, 'choices[].finish_reason')).toBe(true);
    expect(usageCount(parallel, view({ completion_tokens: 12 }, 'length'), 'completion_tokens')).toBeUndefined();
    expect(finishReason(parallel, view(null, 'length').choices[0])).toBeUndefined();
  });
  it('OpenAI: used when present and positive, not when missing or 0', () => {
    expect(usageCount(openai, view({ completion_tokens: 12 }, 'stop'), 'completion_tokens')).toBe(12);
    expect(usageCount(openai, view({ completion_tokens: 0 }, 'stop'), 'completion_tokens')).toBeUndefined();
    expect(usageCount(openai, view(null, 'stop'), 'prompt_tokens')).toBeUndefined();
    expect(finishReason(openai, view(null, 'length').choices[0])).toBe('length');
  });
});

describe('judge', () => {
  const row = (status: FieldRow['status'], extra: Partial<FieldRow> = {}): FieldRow => ({ status, source: 'x#y', ...extra });
  const obs = (observed: string, confidence: 'decisive' | 'heuristic' | 'unobservable' = 'decisive') => ({ observed, confidence, evidence: {}, note: 'why' });
  it('ignored passes only where not honoured is declared; supported fails there', () => {
    expect(judgeField(obs('ignored'), row('ignored')).verdict).toBe('pass');
    expect(judgeField(obs('ignored'), row('supported')).verdict).toBe('fail');
    expect(judgeField(obs('supported'), row('ignored')).verdict).toBe('fail');
    expect(judgeField(obs('ignored', 'heuristic'), row('stripped')).verdict).toBe('pass');
  });
  it('an unobservable effect is never a pass, whatever was declared', () => {
    for (const s of ['supported', 'ignored', 'partial', 'unsupported', 'stripped'] as const)
      expect(judgeField(obs('accepted', 'unobservable'), row(s)).verdict).toBe('skip');
    expect(judgeField(obs('accepted', 'unobservable'), row('rejected')).verdict).toBe('fail');
  });
  it('partial passes only a declared partial; broken always fails; the note is in the message', () => {
    expect(judgeField(obs('partial'), row('partial', { fallback: 'json_object' })).verdict).toBe('pass');
    expect(judgeField(obs('partial'), row('supported')).verdict).toBe('fail');
    for (const s of ['supported', 'ignored', 'partial'] as const) expect(judgeField(obs('broken'), row(s)).verdict).toBe('fail');
    expect(judgeField(obs('ignored'), row('supported')).message).toMatch(/: why$/);
  });
  it('an inconclusive observation stays inconclusive', () => {
    expect(judgeField({ ...obs('spread unclear', 'heuristic'), verdict: 'inconclusive' }, row('supported')).verdict).toBe('inconclusive');
  });
});
