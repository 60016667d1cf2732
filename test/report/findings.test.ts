/**
 * Root causes from data: real runs against emulator faults that break many rows at once must come out
 * as one cause each (with every case it broke), distinct causes must stay apart, and the reports lead
 * with them.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { findingsOf, groupCauses } from '../../src/report/findings.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderHtml } from '../../src/report/html.js';
import type { CaseResult } from '../../src/results/results.types.js';
import { runCases, type CaseRun } from '../support/run-cases.js';
import { makeCase, makeResults } from './fixtures.js';

describe('root causes from a run', () => {
  let envelope: CaseRun;
  let noStream: CaseRun;
  beforeAll(async () => {
    [envelope, noStream] = await Promise.all([
      runCases({ profile: 'openai', fault: 'error-without-param', only: 'error.,stream.,request.stream' }),
      runCases({ profile: 'openai', fault: 'stream-ignored', only: 'error.,stream.,request.stream' }),
    ]);
  }, 600_000);

  it('an error envelope with no param key: every error row it fails is one cause naming the failed rule', () => {
    const failing = envelope.cases.filter((c) => c.verdict === 'fail');
    expect(failing.length).toBeGreaterThan(8);
    const { failures } = findingsOf(envelope.cases);
    expect(failures).toHaveLength(1);
    expect(failures[0].cause).toMatch(/error\.param is missing/);
    expect(failures[0].cases.map((c) => c.id).sort()).toEqual(failing.map((c) => c.id).sort());
  });

  it('a target that never streams: the stream rules it left unchecked are one shared reason, "not an event stream"', () => {
    const { unchecked } = findingsOf(noStream.cases);
    const notStream = unchecked.find((f) => /not an event stream/.test(f.cause));
    expect(notStream, JSON.stringify(unchecked.map((f) => f.cause))).toBeDefined();
    const streamSkips = noStream.cases.filter((c) => c.area === 'stream' && c.verdict === 'skip' && /not an event stream/.test(c.message));
    expect(streamSkips.length).toBeGreaterThan(8);
    expect(notStream!.cases.map((c) => c.id).sort()).toEqual(streamSkips.map((c) => c.id).sort());
  });

  it('a well-behaved target has no failure to group', async () => {
    const clean = await runCases({ profile: 'openai', only: 'error.,stream.' });
    expect(findingsOf(clean.cases).failures).toEqual([]);
  });

  it('the reports lead with the findings: report.md before its first table, report.html before its first area', () => {
    const results = makeResults(envelope.cases, { exchanges: envelope.exchanges });
    const md = renderMarkdown(results);
    const findings = md.indexOf('## Findings');
    expect(findings).toBeGreaterThan(0);
    expect(findings).toBeLessThan(md.indexOf('## Stream'));
    expect(md).toMatch(/failures? from 1 cause:\n\n- ❌ \*\*error\.param is missing/);
    const html = renderHtml(results);
    expect(html.indexOf('id="findings"')).toBeLessThan(html.indexOf('<section data-area='));
    expect(html).toMatch(/<ul class="findings" data-findings="fail"><li data-cause-cases="\d+">/);
  });
});

describe('grouping rules', () => {
  const fail = (id: string, message: string): CaseResult => makeCase({ id, verdict: 'fail', message });

  it('different rules stay apart; a case-specific word or number inside a long shared run does not split a cause', () => {
    const groups = groupCauses(
      [
        fail('error.a', 'the error envelope has no error.type key (a string is required by every SDK); got 400'),
        fail('error.b', 'the error envelope has no error.type key (a string is required by every SDK); got 422'),
        fail('response.created', '`created` is 1700000000123, in milliseconds: expected Unix seconds'),
        fail('request.n', 'accepted with no effect, declared supported: one choice for n 2'),
        fail('request.stop', 'accepted with no effect, declared supported: the text runs past the stop sequence'),
      ],
      'fail',
    );
    expect(groups.map((g) => g.cases.map((c) => c.id))).toEqual([['error.a', 'error.b'], ['request.n'], ['request.stop'], ['response.created']]);
    expect(groups[0].cause).toBe('the error envelope has no error.type key (a string is required by every SDK); got');
  });

  it('only cases of the asked verdict; a cause of one case is named by its whole message', () => {
    const cases = [fail('request.n', 'one choice for n 2'), makeCase({ id: 'request.seed', verdict: 'skip', message: 'one choice for n 2' })];
    expect(groupCauses(cases, 'fail')).toEqual([{ cause: 'one choice for n 2', verdict: 'fail', cases: [cases[0]] }]);
    expect(findingsOf(cases).unchecked).toEqual([]); // a reason shared by no other case is not a finding
  });
});

describe('bounded', () => {
  it('groups hostile, megabyte-long messages quickly (only their first words are compared)', () => {
    const long = `${'lorem ipsum dolor sit amet '.repeat(40_000)}`;
    const cases = Array.from({ length: 30 }, (_, i) => makeCase({ id: `error.e${i}`, verdict: 'fail', message: `${long}${i}` }));
    const groups = groupCauses(cases, 'fail');
    expect(groups).toHaveLength(1);
    expect(groups[0].cause.length).toBeLessThanOrEqual(301);
  });
});
