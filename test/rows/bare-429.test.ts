/**
 * A 429 that carries neither Retry-After nor any x-ratelimit-* header fails `header.retry-after`
 * (`requiredUnless: [x-ratelimit-*]` in the openai profile), with the count of such 429s the run met,
 * retried attempts included. A 429 that carries x-ratelimit-* only is not blamed, and a run that meets
 * no 429 keeps its skip.
 */
import { describe, it, expect } from 'vitest';
import type { Observation } from '../../src/cases/types.js';
import type { HeaderRow } from '../../src/spec/profile.types.js';
import { judgeResponseHeader } from '../../src/checks/headers/response-headers.js';
import { expectCaught } from '../errors/fault-check.js';
import { runCases } from '../support/run-cases.js';

const row: HeaderRow = { status: 'optional', format: 'seconds', on: ['429'], requiredUnless: ['x-ratelimit-*'], source: 'x#y' };
const seen = (headers: Record<string, string>) => ({
  kind: '429',
  status: 429,
  value: headers['retry-after'],
  matches: headers['retry-after'] ? [['retry-after', headers['retry-after']]] : [],
  headers,
});
const obs = (answers: Record<string, string>[]): Observation => ({
  observed: 'x',
  evidence: {},
  facts: { seen: answers.map(seen), missing: {}, asked: ['429'] },
});

describe('header.retry-after on a bare 429', () => {
  const judge = judgeResponseHeader('retry-after');
  it('fails with the count of 429s that carry neither header', () => {
    const j = judge(obs([{}, { 'x-ratelimit-remaining-requests': '0' }, {}]), row);
    expect(j.verdict).toBe('fail');
    expect(j.message).toMatch(/^2 of 3 429 answers the run met carried neither retry-after nor any x-ratelimit-\* header/);
  });
  it('passes a 429 with Retry-After, or with x-ratelimit-* only', () => {
    expect(judge(obs([{ 'retry-after': '2' }, { 'x-ratelimit-reset-requests': '1s' }]), row).verdict).toBe('pass');
  });
  it('without requiredUnless, a bare 429 asks nothing (the row declares Retry-After optional): a skip, nothing was there to check', () => {
    const { requiredUnless: _drop, ...plain } = row;
    expect(judge(obs([{}]), plain).verdict).toBe('skip');
  });

  it('the bare-429 fault fails header.retry-after only', () =>
    expectCaught('bare-429', ['header.retry-after'], /\d+ of \d+ 429 answers? the run met carried neither retry-after nor any x-ratelimit-\* header/));

  it('counts every attempt the scheduler retried', async () => {
    const r = await runCases({ profile: 'openai', fault: 'bare-429', only: 'header.retry-after', retries: 2 });
    expect(r.byId.get('header.retry-after')!.message).toMatch(/^3 of 3 429 answers the run met/);
  });

  it('a 429 with x-ratelimit-* but no Retry-After is not blamed on openai (no-retry-after-on-429)', async () => {
    const r = await runCases({ profile: 'openai', fault: 'no-retry-after-on-429', only: 'header.retry-after' });
    const c = r.byId.get('header.retry-after')!;
    expect(c.verdict, c.message).toBe('pass');
  });
  it('a run that met no 429 keeps its skip', async () => {
    const r = await runCases({ profile: 'openai', only: 'header.retry-after' });
    expect(r.byId.get('header.retry-after')!.verdict).toBe('skip');
  });
});
