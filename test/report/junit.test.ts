/**
 * junit.xml from results.json, read back by a JUnit consumer from npm (junit2json): one testcase per case,
 * classname = area, a message on every failure and skip, inconclusive marked, parity kept, hostile text safe.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'junit2json';
import { renderJunit } from '../../src/report/junit.js';
import { HOSTILE_MESSAGE, makeCase, makeResults, sampleResults } from './fixtures.js';

interface ParsedCase {
  name?: string;
  classname?: string;
  failure?: { message?: string; inner?: string }[];
  skipped?: { message?: string }[];
  properties?: { name?: string; value?: string }[];
}
interface ParsedSuite {
  name?: string;
  tests?: number;
  failures?: number;
  skipped?: number;
  testcase?: ParsedCase[];
}

async function read(xml: string): Promise<{ tests?: number; failures?: number; skipped?: number; testsuite?: ParsedSuite[] }> {
  const doc = (await parse(xml)) as { tests?: number; failures?: number; skipped?: number; testsuite?: ParsedSuite[] } | undefined;
  if (!doc) throw new Error('junit2json could not read the document');
  return doc;
}

describe('junit.xml', () => {
  it('has one testcase per case, classname = area and name = case id, with counts that match the summary', async () => {
    const results = sampleResults();
    const doc = await read(renderJunit(results));
    const cases = (doc.testsuite ?? []).flatMap((s) => s.testcase ?? []);
    expect(cases.map((c) => c.name).sort()).toEqual(results.cases.map((c) => c.id).sort());
    for (const c of cases) expect(c.classname).toBe(c.name?.split('.')[0]);
    expect(doc.tests).toBe(results.cases.length);
    expect(doc.failures).toBe(results.summary.fail);
    expect(doc.skipped).toBe(results.summary.skip + results.summary.inconclusive);
    for (const s of doc.testsuite ?? []) expect(s.tests).toBe(results.cases.filter((c) => c.area === s.name).length);
  });

  it('gives every failure and skip its reason, marks inconclusive cases, and keeps the parity verdict', async () => {
    const results = makeResults([
      makeCase({ id: 'request.n', verdict: 'fail', message: 'one choice for n 2', evidence: { choices: 1, asked: 2 } }),
      makeCase({ id: 'request.user', verdict: 'skip', message: 'accepted; the effect is unobservable' }),
      makeCase({ id: 'request.temperature', verdict: 'inconclusive', message: 'did not settle in 5 samples' }),
      makeCase({ id: 'request.stop', verdict: 'pass', parity: { declared: 'supported', verdict: 'fail', message: 'ignored, OpenAI honours it' } }),
    ]);
    const cases = new Map((await read(renderJunit(results))).testsuite?.flatMap((s) => s.testcase ?? []).map((c) => [c.name, c]));
    expect(cases.get('request.n')?.failure?.[0]?.message).toBe('one choice for n 2');
    expect(cases.get('request.n')?.failure?.[0]?.inner).toContain('"asked":2');
    expect(cases.get('request.user')?.skipped?.[0]?.message).toBe('accepted; the effect is unobservable');
    expect(cases.get('request.temperature')?.skipped?.[0]?.message).toBe('inconclusive: did not settle in 5 samples');
    const stop = cases.get('request.stop');
    expect(stop?.failure).toBeUndefined();
    expect(stop?.properties).toContainEqual({ name: 'parity', value: 'fail' });
  });

  it('stays well-formed with hostile text and characters XML cannot hold', async () => {
    const results = makeResults([makeCase({ id: 'error.unknown-model', verdict: 'fail', message: `${HOSTILE_MESSAGE} \u0000\u001b[2J]]></failure>` })]);
    const xml = renderJunit(results);
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    const doc = await read(xml);
    expect(doc.testsuite?.[0]?.testcase?.[0]?.failure?.[0]?.message).toContain('<script>');
  });
});
