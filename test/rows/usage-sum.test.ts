/**
 * `usage.total_tokens` is checked as the sum its row declares (`sumOf`): a total that contradicts the
 * answer's own prompt and completion counts fails, on the emulator over loopback; a correct total passes;
 * a profile that declares usage empty (Parallel) asks nothing of it, and a missing summand is left to its
 * own row.
 */
import { describe, it, expect } from 'vitest';
import type { Observation } from '../../src/cases/types.js';
import type { ResponseRow } from '../../src/spec/profile.types.js';
import { judgeResponseField } from '../../src/checks/response-field.js';
import { valuesAt } from '../../src/checks/json-path.js';
import { runCases } from '../support/run-cases.js';

const row: ResponseRow = { status: 'populated', type: 'integer', sumOf: ['usage.prompt_tokens', 'usage.completion_tokens'], source: 'x#y' };

function observed(usage: Record<string, unknown>): Observation {
  const json = { usage };
  return {
    observed: 'integer',
    evidence: {},
    facts: { hits: valuesAt(json, 'usage.total_tokens'), answers: [{ label: 'the baseline', json }], path: 'usage.total_tokens' },
  };
}

describe('usage.total_tokens as a sum', () => {
  it('fails a total that is not prompt + completion, with the numbers', () => {
    const j = judgeResponseField(observed({ prompt_tokens: 10, completion_tokens: 5, total_tokens: 16 }), row);
    expect(j.verdict).toBe('fail');
    expect(j.message).toMatch(/usage.total_tokens is 16 in the baseline, but usage.prompt_tokens 10 \+ usage.completion_tokens 5 = 15/);
  });
  it('passes the sum, and leaves a missing summand to its own row', () => {
    expect(judgeResponseField(observed({ prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 }), row).verdict).toBe('pass');
    expect(judgeResponseField(observed({ prompt_tokens: 10, total_tokens: 15 }), row).verdict).toBe('pass');
  });
  it('asks nothing of a row without sumOf', () => {
    const { sumOf: _drop, ...plain } = row;
    expect(judgeResponseField(observed({ prompt_tokens: 10, completion_tokens: 5, total_tokens: 16 }), plain).verdict).toBe('pass');
  });

  it('the total-tokens-not-sum fault fails response.usage.total_tokens only', async () => {
    const r = await runCases({ profile: 'openai', fault: 'total-tokens-not-sum', only: 'response.' });
    expect(r.failing).toEqual(['response.usage.total_tokens']);
    expect(r.byId.get('response.usage.total_tokens')!.message).toMatch(
      /is \d+ in the baseline, but usage.prompt_tokens \d+ \+ usage.completion_tokens \d+ = \d+/,
    );
  });
  it('the clean emulator passes it as a checked sum; Parallel (usage declared empty) is not asked for one', async () => {
    const clean = await runCases({ profile: 'openai', only: 'response.usage' });
    const c = clean.byId.get('response.usage.total_tokens')!;
    expect(c.verdict, c.message).toBe('pass');
    expect(c.message).toMatch(/= usage.prompt_tokens \+ usage.completion_tokens/);
    const parallel = await runCases({ profile: 'parallel', fault: 'total-tokens-not-sum', only: 'response.usage' });
    expect(parallel.byId.get('response.usage.total_tokens')?.verdict).not.toBe('fail');
  });
});
