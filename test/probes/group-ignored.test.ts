/**
 * Group testing for the effect probes of fields declared ignored (src/probes/group-ignored.ts): one request
 * carries them all, and its answer stands for each member only when every member's probe reads no effect; a
 * target that honours one of them splits the group until that field stands alone, deciding it on its own
 * request, and the others still pass. Real requests to the emulator; counts, never times.
 */
import { describe, it, expect } from 'vitest';
import { runCases } from '../support/run-cases.js';
import { planIgnoredGroups } from '../../src/probes/group-ignored.js';
import { expandCases } from '../../src/cases/index.js';
import { loadProfile } from '../../src/spec/load.js';
import { RunContext } from '../../src/run/context.js';
import { RunConfigSchema } from '../../src/run/config.js';
import { executeAll } from '../../src/run/execute-all.js';
import type { CaseResult } from '../../src/results/results.types.js';

const parallel = loadProfile('parallel').profile;
const openai = loadProfile('openai').profile;
const ev = (c: CaseResult | undefined) => (c?.evidence ?? {}) as Record<string, unknown>;
/** The members of the group request.n was planned into, on the parallel profile. */
const N_GROUP = ['request.max_tokens', 'request.max_completion_tokens', 'request.stop', 'request.n', 'request.logprobs', 'request.prediction', 'request.tools'];

describe('the plan (pure: profile rows only)', () => {
  const cases = expandCases(parallel, openai);
  const plan = planIgnoredGroups(cases);
  const members = (id: string) => cases.filter((c) => plan.get(c.id) && plan.get(c.id) === plan.get(id)).map((c) => c.id);

  it('groups the declared-ignored effect probes whose bodies compose, and no other field', () => {
    expect(members('request.n').sort()).toEqual([...N_GROUP].sort());
    // logprobs and top_logprobs, and every tool field, are each in a family of keys that act on each other.
    expect(members('request.top_logprobs').sort()).toEqual(['request.tool_choice.required', 'request.top_logprobs']);
    for (const g of new Set(plan.values())) {
      const ids = cases.filter((c) => plan.get(c.id) === g).map((c) => c.id);
      const tools = ids.filter((id) => /^request\.(tools|tool_choice|functions|function_call)/.test(id) && id !== 'request.function_call');
      expect(tools.length, ids.join(', ')).toBeLessThanOrEqual(1);
    }
    // Their own messages (parallel_tool_calls), sampling controls, streams, the model and acceptance-only fields: never.
    for (const id of [
      'request.parallel_tool_calls',
      'request.temperature',
      'request.top_p',
      'request.seed',
      'request.stream',
      'request.model',
      'request.metadata',
      'request.audio',
    ])
      expect(plan.get(id), id).toBeUndefined();
  });

  it('a row declared anything but ignored is never a member', () => {
    expect(planIgnoredGroups(expandCases(openai, openai)).size).toBe(0);
    const honoured = structuredClone(parallel);
    honoured.request!.n = { ...honoured.request!.n!, status: 'supported' };
    expect(planIgnoredGroups(expandCases(honoured, openai)).get('request.n')).toBeUndefined();
  });
});

describe('against the emulator', () => {
  it('clean parallel: the group is read from one request, each member passing or skipping as alone', async () => {
    const r = await runCases({ profile: 'parallel', only: 'request.' });
    expect(r.failing).toEqual([]);
    const group = N_GROUP.map((id) => r.byId.get(id)!);
    for (const c of group) {
      expect(ev(c).group, c.id).toBe(N_GROUP.length);
      expect(ev(c).split, c.id).toBeUndefined();
      expect(['pass', 'skip'], `${c.id}: ${c.message}`).toContain(c.verdict);
      expect(c.message, c.id).toMatch(/read from one request with 6 other fields declared ignored/);
    }
    // One exchange every member lists: the group's request, sent once.
    const common = (group[0].exchanges ?? []).filter((x) => group.every((c) => c.exchanges?.includes(x)));
    expect(common.length).toBeGreaterThanOrEqual(1);
    for (const id of ['request.n', 'request.stop', 'request.logprobs', 'request.max_tokens']) expect(r.byId.get(id)!.verdict, id).toBe('pass');
    expect(r.cases.reduce((n, c) => n + (c.requests ?? 0), 0)).toBe(r.sent);
  });

  it('a target that honours n: the split decides n on its own request (a failure), the rest still pass', async () => {
    const r = await runCases({ profile: 'parallel', fault: 'parallel-honours-n', only: 'request.' });
    expect(r.failing).toEqual(['request.n']);
    const n = r.byId.get('request.n')!;
    expect(n.confidence).toBe('decisive');
    expect(n.message).toMatch(/the effect was observed, but declared ignored/);
    const split = ev(n).split as number[];
    expect(split[0]).toBe(N_GROUP.length);
    expect(split.at(-1)).toBe(1);
    expect(n.message).toMatch(/alone, by its own request/);
    for (const id of N_GROUP.filter((id) => id !== 'request.n')) {
      const c = r.byId.get(id)!;
      expect(['pass', 'skip'], `${id}: ${c.message}`).toContain(c.verdict);
      expect((ev(c).split as number[])[0], id).toBe(N_GROUP.length);
    }
    expect(r.cases.reduce((k, c) => k + (c.requests ?? 0), 0)).toBe(r.sent);
  });
});

describe('--dry-run', () => {
  it('lists the group request once, and none of its members on its own', async () => {
    const config = RunConfigSchema.parse({
      profile: 'parallel',
      baseUrl: 'http://127.0.0.1:9/v1',
      model: 'speed',
      apiKeyEnv: 'UNUSED_IN_TESTS',
      outDir: '/tmp/unused',
      only: 'request.',
      dryRun: true,
    });
    const run = new RunContext({ config, apiKey: 'sk-test-dry-run-0123456789abcdef' });
    const { cases } = await executeAll(run, 4);
    await run.close();
    // An answer that says nothing about the fields is not read as quiet: no member claims "none showed an effect".
    for (const c of cases.filter((c) => N_GROUP.includes(c.id))) {
      expect(c.verdict, c.id).not.toBe('pass');
      expect(c.message, c.id).not.toMatch(/none showed an effect/);
    }
    const purposes = run.planned().map((e) => e.purpose ?? '');
    expect(purposes.filter((p) => p.endsWith(` group of ${N_GROUP.length} fields declared ignored`))).toHaveLength(1);
    for (const id of ['request.n', 'request.stop', 'request.logprobs', 'request.max_tokens']) expect(purposes, id).not.toContain(id);
  });
});
