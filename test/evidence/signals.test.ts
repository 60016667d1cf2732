/**
 * The emulator variations of issue #11's classes 1, 2, 3 and the header control, in both directions: the
 * deviation is caught (or, where the right verdict is unobservable or inconclusive, neither passes nor
 * fails), and the clean emulator is not blamed. Real HTTP over loopback; only the relevant cases run.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { runCases, type CaseRun } from '../support/run-cases.js';
import { noticesOf } from '../../src/report/warnings.js';

const ONLY =
  'request.tools,request.tool_choice.required,request.tool_choice.named,request.logprobs,request.max_tokens,request.stop,message.,header.accept,response.usage.';
const PROMPT_TOKEN_ROWS = ['message.content.parts', 'message.name', 'message.role.system', 'message.role.developer'];

const run = (fault?: string) => runCases({ profile: 'openai', only: ONLY, ...(fault ? { fault } : {}) });
const show = (r: CaseRun, id: string) => {
  const c = r.byId.get(id);
  return `${id}: ${c?.verdict} (${c?.confidence}) ${c?.observed}: ${c?.message}`;
};
const verdictOf = (r: CaseRun, id: string) => r.byId.get(id)?.verdict;

describe('the clean emulator is not blamed', () => {
  let r: CaseRun;
  beforeAll(async () => {
    r = await run();
  });

  it('no case fails, and the protocol probes pass on controlled, decisive signals', () => {
    expect(r.failing).toEqual([]);
    for (const id of ['request.tools', 'request.tool_choice.required', 'request.logprobs', 'header.accept']) expect(verdictOf(r, id), show(r, id)).toBe('pass');
    const logprobs = r.byId.get('request.logprobs')!;
    expect(logprobs.confidence).toBe('decisive');
    expect(logprobs.signals?.[0]).toMatchObject({ kind: 'protocol', controlled: true, control: [0] });
    const tools = r.byId.get('request.tools')!;
    expect(tools.signals?.some((s) => s.kind === 'protocol' && s.controlled === true)).toBe(true);
  });

  it('the prompt-token rows pass on accounting evidence, reported as heuristic', () => {
    for (const id of PROMPT_TOKEN_ROWS) {
      const c = r.byId.get(id)!;
      expect(c.verdict, show(r, id)).toBe('pass');
      expect(c.confidence).toBe('heuristic');
      expect(c.signals?.[0]).toMatchObject({ kind: 'accounting', name: 'usage.prompt_tokens' });
    }
  });

  it('no gate and no notice', () => {
    expect(r.cases.filter((c) => c.gate)).toEqual([]);
    expect(noticesOf(r.cases)).toEqual([]);
  });
});

describe('class 1: token accounting is not protocol', () => {
  it('tools that work but are not counted in prompt_tokens: request.tools passes on the calls', async () => {
    const r = await run('tools-not-counted');
    expect(r.failing).toEqual([]);
    expect(verdictOf(r, 'request.tools'), show(r, 'request.tools')).toBe('pass');
    expect(r.byId.get('request.tools')!.message).toMatch(/does not count the definitions/);
  });

  it('a dropped name or role is a warning (inconclusive), never a failure', async () => {
    for (const [fault, id] of [
      ['message-name-dropped', 'message.name'],
      ['system-role-dropped', 'message.role.system'],
    ] as const) {
      const r = await run(fault);
      expect(r.failing, fault).toEqual([]);
      const c = r.byId.get(id)!;
      expect(c.verdict, show(r, id)).toBe('inconclusive');
      expect(c.message).toMatch(/heuristic deviation.*usage\.prompt_tokens/);
    }
  });

  it('a rejection (a protocol signal) still fails them decisively', async () => {
    const r = await run('message-name-rejected');
    expect(r.failing).toEqual(['message.name']);
    expect(r.byId.get('message.name')!.confidence).toBe('decisive');
  });
});

describe('class 2: controls', () => {
  it('logprobs and tool calls on every answer (the baseline too): logprobs, tools, tool_choice.required do not pass', async () => {
    const r = await run('logprobs-and-tool-calls-always');
    for (const id of ['request.logprobs', 'request.tools', 'request.tool_choice.required']) {
      expect(['skip', 'inconclusive'], show(r, id)).toContain(verdictOf(r, id));
      expect(r.byId.get(id)!.message).toMatch(/baseline/);
    }
  });

  it("header.accept: no stream with the header and none without it is not the header's doing", async () => {
    const r = await runCases({ profile: 'openai', only: 'header.accept', fault: 'stream-ignored' });
    // Nothing streamed either way: a skip with the reason (request.stream carries the finding), never a fail.
    expect(verdictOf(r, 'header.accept'), show(r, 'header.accept')).toBe('skip');
    expect(r.byId.get('header.accept')!.message).toMatch(/control without it/);
  });

  it('header.accept: a stream without the header and none with it fails, with the control', async () => {
    const r = await runCases({ profile: 'openai', only: 'header.accept', fault: 'accept-json-unstreams' });
    expect(verdictOf(r, 'header.accept'), show(r, 'header.accept')).toBe('fail');
    expect(r.byId.get('header.accept')!.message).toMatch(/with another value streamed/);
  });
});

describe('class 3: signal quality gates', () => {
  it('constant usage (3/9/12): the prompt-token rows are unobservable, behind the usage gate', async () => {
    const r = await run('constant-usage');
    expect(r.failing).toEqual([]);
    for (const id of PROMPT_TOKEN_ROWS) {
      expect(verdictOf(r, id), show(r, id)).toBe('skip');
      expect(r.byId.get(id)!.gate).toBe('usage');
    }
    // max_tokens falls back to finish_reason instead of trusting a constant count.
    expect(verdictOf(r, 'request.max_tokens'), show(r, 'request.max_tokens')).toBe('pass');
    expect(noticesOf(r.cases).join(' ')).toMatch(/usage counts carry no information/);
  });

  it('zero usage (0/0/0): response.usage.* are not populated, and the prompt-token rows are unobservable', async () => {
    const r = await run('zero-usage');
    for (const id of ['response.usage.prompt_tokens', 'response.usage.completion_tokens', 'response.usage.total_tokens']) {
      expect(verdictOf(r, id), show(r, id)).toBe('fail');
    }
    for (const id of PROMPT_TOKEN_ROWS) expect(verdictOf(r, id), show(r, id)).toBe('skip');
  });

  it('static answers: content- and usage-derived verdicts are unobservable, with one notice', async () => {
    const r = await run('static-answers');
    expect(r.failing).toEqual([]);
    expect(verdictOf(r, 'request.stop'), show(r, 'request.stop')).toBe('skip');
    expect(r.byId.get('request.stop')!.gate).toBe('static');
    for (const id of PROMPT_TOKEN_ROWS) expect(['skip', 'inconclusive'], show(r, id)).toContain(verdictOf(r, id));
    const notices = noticesOf(r.cases);
    expect(notices.some((n) => /static target/.test(n))).toBe(true);
    // Protocol signals still decide: the tool calls and logprobs are honoured, and pass.
    expect(verdictOf(r, 'request.tool_choice.required'), show(r, 'request.tool_choice.required')).toBe('pass');
  });
});
