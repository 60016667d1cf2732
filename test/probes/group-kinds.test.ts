/**
 * Group testing beyond fields (src/probes/group-errors.ts, group-headers.ts; one machinery, group.ts): the bad
 * values a profile declares accepted ride on one request, and so do the request headers declared tolerated.
 * A refusal of one member splits the group down to it: it fails on its own refusal, nothing beside it is
 * blamed. Real requests to the emulator; counts, never times.
 */
import { describe, it, expect } from 'vitest';
import { runCases } from '../support/run-cases.js';
import { planAcceptanceGroups } from '../../src/probes/group-plan.js';
import { expandCases } from '../../src/cases/index.js';
import { loadProfile } from '../../src/spec/load.js';
import type { CaseResult } from '../../src/results/results.types.js';

const openai = loadProfile('openai').profile;
const parallel = loadProfile('parallel').profile;
const ev = (c: CaseResult | undefined) => (c?.evidence ?? {}) as Record<string, unknown>;
const ACCEPTED_BAD_VALUES = ['temperature-out-of-range', 'n-zero', 'top-logprobs-out-of-range', 'too-many-stop', 'stream-options-without-stream'].map(
  (id) => `error.${id}`,
);
const TOLERATED = ['header.user-agent', 'header.x-stainless-*', 'header.openai-organization', 'header.openai-project', 'header.auth.organization-header'];

describe('the plan (pure: profile rows only)', () => {
  it('parallel: the bad values declared accepted share a group, one per key; rows declared rejected keep their own request', () => {
    const plan = planAcceptanceGroups(expandCases(parallel, openai));
    const g = plan.get('error.n-zero');
    expect(g?.size).toBe(ACCEPTED_BAD_VALUES.length);
    for (const id of ACCEPTED_BAD_VALUES) expect(plan.get(id), id).toBe(g);
    // n-too-large sets n too: the next group, alone, so no group at all.
    expect(plan.get('error.n-too-large')).toBeUndefined();
    for (const id of ['error.wrong-type-temperature', 'error.missing-model', 'error.unknown-model', 'error.bad-api-key'])
      expect(plan.get(id), id).toBeUndefined();
  });

  it('openai: no error row is declared accepted, so none is grouped', () => {
    const plan = planAcceptanceGroups(expandCases(openai, openai));
    expect([...plan.keys()].filter((id) => id.startsWith('error.'))).toEqual([]);
  });

  it('openai: tolerated request headers (and the organization auth row, same value) share a group; credentials and Accept do not', () => {
    const plan = planAcceptanceGroups(expandCases(openai, openai));
    const g = plan.get('header.user-agent');
    for (const id of TOLERATED) expect(plan.get(id), id).toBe(g);
    expect(g?.size).toBe(TOLERATED.length);
    for (const id of ['header.auth.x-api-key', 'header.auth.api-key', 'header.auth.bearer', 'header.accept']) expect(plan.get(id), id).toBeUndefined();
  });
});

describe('against the emulator', () => {
  it('clean parallel: the accepted bad values pass from one request, each recording the group', async () => {
    const r = await runCases({ profile: 'parallel', only: 'error.' });
    expect(r.failing).toEqual([]);
    for (const id of ACCEPTED_BAD_VALUES) expect(ev(r.byId.get(id)).group, id).toBe(ACCEPTED_BAD_VALUES.length);
    expect(ACCEPTED_BAD_VALUES.reduce((n, id) => n + (r.byId.get(id)?.requests ?? 0), 0)).toBe(1);
    expect(r.sent).toBe(r.cases.length - ACCEPTED_BAD_VALUES.length + 1);
  });

  it('one accepted bad value refused, named by param: the split finds it at once, it fails, the rest pass', async () => {
    const r = await runCases({ profile: 'parallel', fault: 'parallel-refuses-n-zero', only: 'error.' });
    expect(r.failing).toEqual(['error.n-zero']);
    expect(r.byId.get('error.n-zero')!.message).toMatch(/400/);
    expect(ev(r.byId.get('error.n-zero')).split).toEqual([ACCEPTED_BAD_VALUES.length, 1]);
    for (const id of ACCEPTED_BAD_VALUES.filter((x) => x !== 'error.n-zero')) expect(r.byId.get(id)!.verdict, id).toBe('pass');
  });

  it('one refused with no param: halves find it, as exactly', async () => {
    const r = await runCases({ profile: 'parallel', fault: 'parallel-refuses-five-stops', only: 'error.' });
    expect(r.failing).toEqual(['error.too-many-stop']);
    const split = ev(r.byId.get('error.too-many-stop')).split as number[];
    expect(split[0]).toBe(ACCEPTED_BAD_VALUES.length);
    expect(split.at(-1)).toBe(1);
    expect(split.length).toBeGreaterThan(2);
  });

  it('clean openai: the tolerated headers pass from one request, each recording the group', async () => {
    const r = await runCases({ profile: 'openai', only: 'header.' });
    expect(r.failing).toEqual([]);
    for (const id of TOLERATED) expect(ev(r.byId.get(id)).group, id).toBe(TOLERATED.length);
    expect(TOLERATED.reduce((n, id) => n + (r.byId.get(id)?.requests ?? 0), 0)).toBe(1);
  });

  it('one header refused: the split finds it, it fails alone, the headers beside it pass', async () => {
    const r = await runCases({ profile: 'openai', fault: 'refuses-stainless-headers', only: 'header.' });
    expect(r.failing).toEqual(['header.x-stainless-*']);
    expect((ev(r.byId.get('header.x-stainless-*')).split as number[]).at(-1)).toBe(1);
    for (const id of TOLERATED.filter((x) => x !== 'header.x-stainless-*')) expect(r.byId.get(id)!.verdict, id).toBe('pass');
  });

  it('the organization header refused: both cases that send it fail, nothing else', async () => {
    const r = await runCases({ profile: 'openai', fault: 'refuses-organization-header', only: 'header.' });
    expect(r.failing.sort()).toEqual(['header.auth.organization-header', 'header.openai-organization']);
    for (const id of ['header.user-agent', 'header.x-stainless-*', 'header.openai-project']) expect(r.byId.get(id)!.verdict, id).toBe('pass');
  });

  it('a target validating the made-up account ids (401): those alone at once, the rest together; nothing failed', async () => {
    const r = await runCases({ profile: 'openai', fault: 'validates-account-ids', only: 'header.' });
    expect(r.failing).toEqual([]);
    for (const id of ['header.openai-organization', 'header.openai-project', 'header.auth.organization-header'])
      expect(r.byId.get(id)!.verdict, `${id}: ${r.byId.get(id)!.message}`).toBe('inconclusive');
    for (const id of ['header.user-agent', 'header.x-stainless-*']) {
      expect(r.byId.get(id)!.verdict, id).toBe('pass');
      expect(ev(r.byId.get(id)).split, id).toEqual([TOLERATED.length, 2]);
    }
    // The group, the rest, the organization (its two cases share one request) and the project: one more than
    // each header alone, where halves would send seven.
    expect(TOLERATED.reduce((n, id) => n + (r.byId.get(id)?.requests ?? 0), 0)).toBe(4);
  });
});
