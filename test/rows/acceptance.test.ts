/**
 * Rows whose claim is acceptance (`claim: acceptance`) are decided on acceptance instead of being skipped as
 * unobservable: a 2xx chat completion passes `supported` and `unsupported`; a refusal fails `supported`; for
 * `unsupported` (request.unknown-field) a clean 4xx in the envelope passes while a 5xx or a bare 4xx body
 * fails. Rows without the claim keep their skip.
 */
import { describe, it, expect } from 'vitest';
import type { Observation } from '../../src/cases/types.js';
import type { FieldRow } from '../../src/spec/profile.types.js';
import { judgeField } from '../../src/probes/judge.js';
import { runCases } from '../support/run-cases.js';

const accepted: Observation = { observed: 'accepted', evidence: { status: 200 }, facts: { completion: true } };
const rejected = (envelope: boolean): Observation => ({
  observed: 'rejected',
  evidence: { status: 400, param: null, message: 'x' },
  facts: { status: 400, envelope },
});
const row = (status: FieldRow['status'], claim = true): FieldRow => ({ status, ...(claim ? { claim: 'acceptance' as const } : {}), source: 'x#y' });

describe('the acceptance claim, judged', () => {
  it('passes supported and unsupported on a 2xx chat completion; without the claim it stays a skip', () => {
    expect(judgeField(accepted, row('supported')).verdict).toBe('pass');
    expect(judgeField(accepted, row('unsupported')).verdict).toBe('pass');
    expect(judgeField(accepted, row('supported', false)).verdict).toBe('skip');
    expect(judgeField({ ...accepted, facts: {} }, row('supported')).verdict).toBe('skip');
    // ignored and stripped claim more than acceptance (no effect), which stays unobservable
    expect(judgeField(accepted, row('ignored')).verdict).toBe('skip');
  });
  it('fails a refusal of a supported row, and a bare 4xx of an unsupported one', () => {
    expect(judgeField(rejected(true), row('supported')).verdict).toBe('fail');
    expect(judgeField(rejected(true), row('unsupported')).verdict).toBe('pass');
    expect(judgeField(rejected(false), row('unsupported')).verdict).toBe('fail');
    expect(judgeField(rejected(false), row('unsupported', false)).verdict).toBe('pass');
  });
});

const CLAIMED = ['request.user.long', 'request.unknown-field', 'message.assistant-null-content-with-tool-calls'];

describe('acceptance rows against the emulators', () => {
  for (const profile of ['openai', 'flexai', 'parallel', 'parasail-bifrost']) {
    it(`the clean ${profile} emulator: none fails, and each row with the claim is decided`, async () => {
      const r = await runCases({ profile, only: CLAIMED.join(',') });
      for (const id of CLAIMED) {
        const c = r.byId.get(id);
        if (!c) continue;
        expect(c.verdict, `${id}: ${c.message}`).not.toBe('fail');
      }
      if (profile === 'openai') for (const id of CLAIMED) expect(r.byId.get(id)?.verdict, id).toBe('pass');
    });
  }

  it('refuses-long-user fails request.user.long', () => expectFieldCaught('refuses-long-user', ['request.user.long'], /rejected with 400/));
  it('refuses-null-assistant-content fails the null-content row and the tool round trip that sends it', () =>
    expectFieldCaught(
      'refuses-null-assistant-content',
      ['message.assistant-null-content-with-tool-calls', 'message.role.tool', 'message.tool_calls', 'message.tool_call_id', 'message.tool-round-trip'],
      /rejected with 400/,
    ));
  it('unknown-field-500 fails request.unknown-field', () => expectFieldCaught('unknown-field-500', ['request.unknown-field'], /answered with an error/));
  it('unknown-field-bare-422 fails request.unknown-field on the missing envelope', () =>
    expectFieldCaught('unknown-field-bare-422', ['request.unknown-field'], /without the \{"error":\{\.\.\.\}\} envelope/));
});

/** The fault fails exactly these request/message cases (expectCaught reads the error and header areas). */
async function expectFieldCaught(fault: string, failing: string[], message: RegExp): Promise<void> {
  const r = await runCases({ profile: 'openai', fault, only: 'request.,message.' });
  expect([...r.failing].sort()).toEqual([...failing].sort());
  for (const id of failing) expect(r.byId.get(id)!.message, id).toMatch(message);
}
