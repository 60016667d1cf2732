/**
 * How a stream row turns observations into a verdict: required, forbidden, optional and the usage modes; a cut
 * stream is inconclusive, a stream with nothing to judge a skip. And the fault that cannot be in the catalogue
 * while the OpenAI profile declares `tool-call-arguments-json` optional: its check catches it under a row
 * that requires it.
 */
import { describe, expect, it } from 'vitest';
import type { Observation } from '../../src/cases/types.js';
import type { StreamRow } from '../../src/spec/profile.types.js';
import { judgeRule } from '../../src/cases/stream.js';
import { streamBody } from '../../src/cases/stream-requests.js';
import { analyseStream } from '../../src/sse/index.js';
import { handleChat } from '../../src/emulator/chat.js';
import { toolArgsNotJson } from '../../src/emulator/faults/stream.js';
import { loadProfile } from '../../src/spec/load.js';
import { exchange, readsOf } from '../sse/fixtures.js';

const row = (status: StreamRow['status']): StreamRow => ({ status, source: 'x.md#y' });
const out = (stream: string, verdict: string, message: string) => ({ stream, verdict, message, evidence: {} });
const obs = (byMode: Record<string, unknown[]>): Observation => ({ observed: 'x', evidence: {}, facts: { byMode } });

describe('judging a stream row', () => {
  const broken = obs({ any: [out('baseline', 'pass', 'fine here'), out('tools', 'fail', 'broken there: "bytes"')] });
  const holds = obs({ any: [out('baseline', 'pass', 'fine'), out('tools', 'skip', 'no tool call')] });
  const empty = obs({ any: [out('tools', 'skip', 'tools were sent but the stream carried no tool call')] });
  const cut = obs({ any: [out('baseline', 'inconclusive', "did not end within the harness's bounds")] });

  it('required: fails on any stream that breaks it, naming the stream; passes when it holds', () => {
    expect(judgeRule(broken, row('required'), 'on-request')).toEqual({ verdict: 'fail', message: '[tool-call stream] broken there: "bytes"' });
    expect(judgeRule(holds, row('required'), 'on-request').verdict).toBe('pass');
  });

  it('nothing to judge is a skip with the reason, a cut stream inconclusive: never a pass', () => {
    expect(judgeRule(empty, row('required'), 'on-request')).toEqual({ verdict: 'skip', message: 'tools were sent but the stream carried no tool call' });
    expect(judgeRule(cut, row('required'), 'on-request').verdict).toBe('inconclusive');
  });

  it('optional: always a skip that reports what was seen, broken or not', () => {
    const j = judgeRule(broken, row('optional'), 'on-request');
    expect(j.verdict).toBe('skip');
    expect(j.message).toBe('declared optional, so it cannot fail; observed: broken: [tool-call stream] broken there: "bytes"');
    expect(judgeRule(holds, row('optional'), 'on-request').message).toContain('observed: holds');
  });

  it('forbidden: the documented deviation must be seen', () => {
    expect(judgeRule(broken, row('forbidden'), 'on-request').verdict).toBe('pass');
    expect(judgeRule(holds, row('forbidden'), 'on-request')).toMatchObject({ verdict: 'fail', message: expect.stringContaining('but the rule holds') });
    expect(judgeRule(empty, row('forbidden'), 'on-request').verdict).toBe('skip');
  });

  it('usage rows are judged in the mode of the profile they are judged against', () => {
    const o = obs({ 'on-request': [out('baseline', 'fail', 'usage sent although not asked')], always: [out('baseline', 'pass', 'usage as declared')] });
    expect(judgeRule(o, row('always'), 'always').verdict).toBe('pass');
    expect(judgeRule(o, row('on-request'), 'on-request').verdict).toBe('fail');
  });

  it('a harness-settled observation wins', () => {
    const settled: Observation = { observed: 'not checked', evidence: {}, verdict: 'skip', note: 'no check' };
    expect(judgeRule(settled, row('required'), 'on-request')).toEqual({ verdict: 'skip', message: 'no check' });
  });
});

describe('sse-tool-args-not-json (not in the catalogue while the OpenAI row is optional)', () => {
  it('its check fails the joined arguments and quotes them', () => {
    const profile = loadProfile('openai').profile;
    const io = {
      baselineBody: (stream: boolean) => ({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }], ...(stream ? { stream: true } : {}) }),
    };
    const body = streamBody(io as never, 'tools');
    const result = handleChat(profile, body);
    if (result.kind !== 'ok') throw new Error('the emulator refused the tool-call stream');
    const encode = (chunks: Record<string, unknown>[]) => readsOf([...chunks.map((c) => `data: ${JSON.stringify(c)}\n\n`), 'data: [DONE]\n\n']);
    const clean = analyseStream(exchange(encode(result.chunks)), { tools: true });
    expect(clean.rules['tool-call-arguments-json']).toMatchObject({ ok: true });
    const broken = analyseStream(exchange(encode(toolArgsNotJson.chunks!(result.chunks, { profile, route: '/chat/completions', body }))), { tools: true });
    const r = broken.rules['tool-call-arguments-json'];
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/call 0 of choice 0 \(get_weather\): joined arguments are not JSON \(.+\): "\{\\"city\\"/);
    // Only that rule: the fragments still have their index, id and name.
    expect(broken.failed).toEqual(['tool-call-arguments-json']);
  });
});
