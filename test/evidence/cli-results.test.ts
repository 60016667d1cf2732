/**
 * The evidence model end to end, as a user runs it: the built CLI against the embedded emulator with a
 * static target (the fixed-answer fault). results.json carries the signals (kind and control) and the
 * gate of each case, and the run's notice; report.md shows the notice once, at the top.
 */
import { describe, it, expect } from 'vitest';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../support/cli.js';
import { validateResults } from '../../src/report/load.js';

describe('oai-compat run on a static target', () => {
  it('results.json has signals, gates and the notice; report.md shows the notice once before the tables', async () => {
    const out = await mkdtemp(join(tmpdir(), 'oai-compat-evidence-'));
    const r = await cli(['run', '--profile', 'openai', '--fault', 'static-answers', '--only', 'request.logprobs,request.stop,message.', '--out', out]);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const results = await validateResults(JSON.parse(await readFile(join(out, 'results.json'), 'utf8')));
    expect(
      results.notices?.some((n) => /static target/.test(n)),
      JSON.stringify(results.notices),
    ).toBe(true);
    const stop = results.cases.find((c) => c.id === 'request.stop')!;
    expect([stop.verdict, stop.gate]).toEqual(['skip', 'static']);
    const logprobs = results.cases.find((c) => c.id === 'request.logprobs')!;
    expect(logprobs.signals?.[0]).toMatchObject({ kind: 'protocol', name: 'choices[].logprobs.content (tokens)', controlled: true });
    const md = await readFile(join(out, 'report.md'), 'utf8');
    const notice = md.indexOf('static target');
    expect(notice).toBeGreaterThan(0);
    expect(notice).toBeLessThan(md.indexOf('## Request'));
  }, 240_000);
});
