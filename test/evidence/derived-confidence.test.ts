/**
 * Issue #11, "confidence is derived from the signals, never hand-assigned": over a full clean emulator run,
 * every case that is not a skip carries the signals it rests on, and its confidence is exactly what those
 * signals (and the gate) give; per kind of protocol-only check, the signal it reads is the one recorded; and
 * where a control applies, a control that shows the same reading makes the evidence heuristic, not decisive.
 * Real HTTP over loopback to the emulator.
 */
import { describe, expect, it } from 'vitest';
import { observationConfidence } from '../../src/cases/evidence.js';
import type { Signal } from '../../src/cases/types.js';
import type { CaseResult } from '../../src/results/results.types.js';
import { runCases, type CaseRun } from '../support/run-cases.js';

const show = (c: CaseResult | undefined) => `${c?.id}: ${c?.verdict} (${c?.confidence}) ${c?.observed} ${JSON.stringify(c?.signals)} — ${c?.message}`;
const names = (c: CaseResult | undefined) => (c?.signals ?? []).map((s) => s.name);

describe('a full clean emulator run (openai)', () => {
  let run: CaseRun;
  const get = async () => {
    run ??= await runCases({ profile: 'openai' });
    return run;
  };

  it('every case with a verdict other than skip carries signals, and its confidence follows from them', async () => {
    const r = await get();
    const judged = r.cases.filter((c) => c.verdict !== 'skip');
    expect(judged.length).toBeGreaterThan(150);
    for (const c of judged) {
      expect(c.signals?.length, show(c)).toBeGreaterThan(0);
      // results.json's signals are the observation's, values capped: the same kinds and controls.
      expect(c.confidence, show(c)).toBe(observationConfidence({ signals: c.signals as Signal[] | undefined, gate: c.gate }));
    }
  });

  it('each protocol-only check records what it read', async () => {
    const r = await get();
    const c = (id: string) => r.byId.get(id);
    // error: the status and the param the error names
    expect(names(c('error.missing-model')), show(c('error.missing-model'))).toEqual(expect.arrayContaining(['http.status', 'error.param']));
    expect(c('error.missing-model')?.signals?.find((s) => s.name === 'error.param')?.value).toBe('model');
    // response header: the header as read on each answer
    expect(names(c('header.x-request-id')).some((n) => n.startsWith('header x-request-id on the success answer'))).toBe(true);
    // endpoint: its status, a JSON object, its shape
    expect(names(c('endpoint.models'))).toEqual(['http.status', 'body is a JSON object', 'endpoint shape']);
    // response field: the field in the answer
    expect(names(c('response.id'))).toEqual(['response id']);
    // request.stream: the SSE framing read from the bytes
    expect(names(c('request.stream'))).toEqual(['sse.event-stream', 'sse.json-chunks']);
    // request.model: the unknown model's refusal against the run's model answered (the control isolates)
    expect(c('request.model')?.signals?.[0]).toMatchObject({ kind: 'protocol', value: 404, control: 200, controlled: true });
    for (const id of ['error.missing-model', 'header.x-request-id', 'endpoint.models', 'response.id', 'request.stream', 'request.model'])
      expect(c(id)?.confidence, show(c(id))).toBe('decisive');
  });

  it('a usage count is accounting: prediction tokens alone are heuristic (a pass stays a pass)', async () => {
    const c = (await get()).byId.get('request.prediction');
    expect(
      c?.signals?.map((s) => s.kind),
      show(c),
    ).toEqual(['accounting']);
    expect([c?.verdict, c?.confidence], show(c)).toEqual(['pass', 'heuristic']);
  });
});

describe('a control that shows the same reading is heuristic, not decisive', () => {
  it('header.accept on a target that never streams: the control does not stream either, so the header is not blamed', async () => {
    const r = await runCases({ profile: 'openai', fault: 'stream-ignored', only: 'header.accept' });
    const c = r.byId.get('header.accept');
    expect(c?.signals?.[0], show(c)).toMatchObject({ kind: 'protocol', value: false, control: false, controlled: false });
    expect([c?.confidence, c?.verdict], show(c)).toEqual(['heuristic', 'skip']);
  });

  it('header.accept that un-streams the answer: the control streams, so the header made the difference (decisive fail)', async () => {
    const r = await runCases({ profile: 'openai', fault: 'accept-json-unstreams', only: 'header.accept' });
    const c = r.byId.get('header.accept');
    expect(c?.signals?.[0], show(c)).toMatchObject({ kind: 'protocol', value: false, control: true, controlled: true });
    expect([c?.confidence, c?.verdict], show(c)).toEqual(['decisive', 'fail']);
  });

  it('a key accepted in x-api-key, refused without any key: the control isolates the header (decisive fail)', async () => {
    const r = await runCases({ profile: 'openai', fault: 'accepts-x-api-key', only: 'header.auth.x-api-key' });
    const c = r.byId.get('header.auth.x-api-key');
    expect(c?.signals?.[0], show(c)).toMatchObject({ name: 'http.status', controlled: true });
    expect([c?.confidence, c?.verdict], show(c)).toEqual(['decisive', 'fail']);
  });

  it('a made-up model answered like the real one: a 2xx stands on its own (decisive fail)', async () => {
    const r = await runCases({ profile: 'openai', fault: 'ok-for-unknown-model', only: 'request.model' });
    const c = r.byId.get('request.model');
    expect(c?.signals?.[0], show(c)).toMatchObject({ kind: 'protocol', value: 200 });
    expect([c?.observed, c?.confidence, c?.verdict], show(c)).toEqual(['ignored', 'decisive', 'fail']);
  });
});
