/**
 * The comparison the test bed relies on can fail: a disagreement, an unreviewed case, a line for a case
 * that is gone and a known-wrong mark that has gone stale are each reported; a bad file is refused with
 * file:line; a file says what its run is (profile, model, --only); and the shipped files are well formed.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Results } from '../../src/results/results.types.js';
import { compare, loadExpected } from './expected.js';

const dir = mkdtempSync(join(tmpdir(), 'oai-compat-expected-'));
function file(name: string, text: string): string {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
}
const results = (cases: Record<string, string>) =>
  ({ cases: Object.entries(cases).map(([id, verdict]) => ({ id, verdict, message: `${id} said ${verdict}` })) }) as unknown as Results;

const GOOD = `server: demo
cases:
  request.n: { verdict: fail, why: "one choice whatever n asks" }
  request.seed: { verdict: skip, or: inconclusive, why: "static answers either way" }
  request.logprobs: { verdict: skip, known-wrong: "class 2: passed with no control", why: "logprobs on every answer" }
`;

describe('expected-verdicts files', () => {
  it('a run that matches: nothing to report, the known-wrong line still wrong', () => {
    const cmp = compare(loadExpected(file('a.yaml', GOOD)), results({ 'request.n': 'fail', 'request.seed': 'inconclusive', 'request.logprobs': 'pass' }));
    expect(cmp.disagreements).toEqual([]);
    expect(cmp.unreviewed).toEqual([]);
    expect(cmp.orphans).toEqual([]);
    expect(cmp.knownWrong.map((k) => [k.line.id, k.actual, k.stale])).toEqual([['request.logprobs', 'pass', false]]);
  });

  it('reports a disagreement with file:line, an unreviewed case, an orphan line and a stale mark', () => {
    const f = file('b.yaml', GOOD);
    const cmp = compare(loadExpected(f), results({ 'request.n': 'pass', 'request.logprobs': 'skip', 'request.stop': 'fail' }));
    expect(cmp.disagreements).toEqual([expect.stringMatching(new RegExp(`^${f}:3: request.n: expected fail, got pass`))]);
    expect(cmp.unreviewed).toEqual([expect.stringMatching(/^request.stop: fail .* has no line/)]);
    expect(cmp.orphans).toEqual([`${f}:4: request.seed is not a case of this run any more: remove or rename the line`]);
    expect(cmp.knownWrong[0].stale).toBe(true);
  });

  it('refuses a bad line with file:line and what is wrong', () => {
    const f = file(
      'c.yaml',
      `server: demo\ncases:\n  request.n: { verdict: fial, why: "typo in the verdict" }\n  request.stop: { verdict: fail, known-wrong: "it is wrong", why: "no class given" }\n  request.seed: { verdict: skip, why: "short" , extra: 1 }\n`,
    );
    expect(() => loadExpected(f)).toThrow(
      new RegExp(`${f}:3: request.n: verdict[^\\n]*\\n${f}:4: request.stop: known-wrong must start with "class N: "[^\\n]*\\n${f}:5: request.seed: `),
    );
  });

  it('refuses a repeated case id', () => {
    const f = file(
      'd.yaml',
      `server: demo\ncases:\n  request.n: { verdict: fail, why: "one choice only" }\n  request.n: { verdict: pass, why: "one choice only" }\n`,
    );
    expect(() => loadExpected(f)).toThrow(new RegExp(`${f}:4: .*unique`, 'i'));
  });

  it('reads what the run is: openai and every case unless the file says; a bad run key is refused', () => {
    expect(loadExpected(file('e.yaml', GOOD)).run).toEqual({ profile: 'openai' });
    const focused = loadExpected(
      file('f.yaml', `server: demo\nprofile: parallel\nmodel: speed\nonly: [request.n, "request.tool_choice.*"]\n${GOOD.split('\n').slice(1).join('\n')}`),
    );
    expect(focused.run).toEqual({ profile: 'parallel', model: 'speed', only: ['request.n', 'request.tool_choice.*'] });
    expect(focused.lines.size).toBe(3);
    const f = file('g.yaml', `server: demo\nonly: []\ncases:\n  request.n: { verdict: fail, why: "one choice only" }\n`);
    expect(() => loadExpected(f)).toThrow(new RegExp(`${f}:1: only `));
  });

  it.each(['prism', 'portkey', 'mock-llm'])('the shipped %s.expected.yaml is well formed', (name) => {
    const e = loadExpected(fileURLToPath(new URL(`./${name}.expected.yaml`, import.meta.url)));
    expect(e.lines.size).toBeGreaterThan(100);
    expect(e.run).toEqual({ profile: 'openai' });
  });

  it.each(['prism', 'mock-llm', 'mock-llm-honours'])('the shipped %s.parallel.expected.yaml is well formed: a focused parallel run', (name) => {
    const e = loadExpected(fileURLToPath(new URL(`./${name}.parallel.expected.yaml`, import.meta.url)));
    expect(e.run.profile).toBe('parallel');
    expect(e.run.only?.length).toBeGreaterThan(0);
    // The seven fields grouped in one request, each with a reviewed line.
    for (const id of ['max_tokens', 'max_completion_tokens', 'stop', 'n', 'logprobs', 'prediction', 'tools'])
      expect(e.lines.has(`request.${id}`), id).toBe(true);
  });
});
