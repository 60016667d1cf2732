/**
 * The evidence model: confidence derived from signals, the central guard (a failure needs decisive
 * evidence; a 429 is never a field's verdict), and the warnings every report shows for inconclusive cases.
 */
import { describe, it, expect } from 'vitest';
import { confidenceOf, fromSignals, observationConfidence, protocol, accounting, content } from '../../src/cases/evidence.js';
import { guardJudgement, fail, pass, rateLimitedObservation, settledByObservation } from '../../src/cases/verdicts.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderHtml } from '../../src/report/html.js';
import { makeCase, makeResults } from '../report/fixtures.js';
import { validateResults } from '../../src/report/load.js';

describe('confidence from signals', () => {
  it('is decisive only from a protocol signal that stands alone or that its control isolates', () => {
    expect(confidenceOf([protocol('choices.length', 2)])).toBe('decisive');
    expect(confidenceOf([protocol('logprobs', 5, { value: 0, isolates: true })])).toBe('decisive');
    expect(confidenceOf([protocol('logprobs', 5, { value: 5, isolates: false })])).toBe('heuristic');
    expect(confidenceOf([accounting('usage.prompt_tokens', 17, 17)])).toBe('heuristic');
    expect(confidenceOf([content('text', 'a', 'a')])).toBe('heuristic');
    expect(confidenceOf([])).toBe('unobservable');
  });

  it('is never taken from the probe: computed in one place from the signals and the gate', () => {
    const obs = fromSignals({ observed: 'ignored', evidence: {}, signals: [accounting('usage.prompt_tokens', 9, 9)] });
    expect(observationConfidence(obs)).toBe('heuristic');
    expect(observationConfidence({ signals: [protocol('choices.length', 2)] })).toBe('decisive');
    // A run-level gate makes it blind, whatever was read; nothing read is unobservable.
    expect(observationConfidence({ signals: [protocol('choices.length', 2)], gate: 'static' })).toBe('unobservable');
    expect(observationConfidence({})).toBe('unobservable');
    // A 429 is recorded (the guard reads it) but weighs nothing: the rate limiter answered, not the target.
    expect(observationConfidence(rateLimitedObservation('the request'))).toBe('unobservable');
    expect(observationConfidence({ signals: [protocol('http.status', 429), accounting('usage.prompt_tokens', 9, 3)] })).toBe('heuristic');
  });
});

describe('the central guard', () => {
  it('turns a failure on heuristic evidence into inconclusive, with the numbers', () => {
    const obs = fromSignals({ observed: 'ignored', evidence: { prompt_tokens: [9, 9] }, signals: [accounting('usage.prompt_tokens', 9, 9)] });
    const j = guardJudgement(obs, fail('accepted with no effect, declared supported'));
    expect(j.verdict).toBe('inconclusive');
    expect(j.message).toContain('heuristic deviation');
    expect(j.message).toContain('usage.prompt_tokens 9 (control 9)');
  });

  it('keeps a failure on decisive evidence, and any pass', () => {
    const obs = fromSignals({ observed: 'ignored', evidence: {}, signals: [protocol('choices.length', 1)] });
    expect(guardJudgement(obs, fail('1 choice for n 2')).verdict).toBe('fail');
    const weak = fromSignals({ observed: 'supported', evidence: {}, signals: [content('text', 'x')] });
    expect(guardJudgement(weak, pass('ok')).verdict).toBe('pass');
  });

  it('never lets a 429 be the verdict: signal or reported status', () => {
    const limited = { observed: 'baseline answered 429', evidence: { status: 429 } };
    const j = guardJudgement(limited, fail('cannot read the field'));
    expect(j.verdict).toBe('inconclusive');
    expect(j.message).toContain('rate-limited (429)');
    const settled = settledByObservation(rateLimitedObservation('the request'));
    expect(settled?.verdict).toBe('inconclusive');
    expect(settled?.message).toContain('rate-limited');
  });

  it('never passes what could not be observed', () => {
    const obs = { observed: 'accepted', evidence: {} };
    expect(guardJudgement(obs, pass('fine')).verdict).toBe('skip');
  });

  it('leaves performance measurements alone', () => {
    const obs = { observed: 'p95 900 ms', evidence: {} };
    expect(guardJudgement(obs, fail('over the claim'), 'performance').verdict).toBe('fail');
  });
});

describe('warnings in the reports', () => {
  const results = makeResults([
    makeCase({
      id: 'request.tools',
      verdict: 'inconclusive',
      message: 'heuristic deviation, not a failure (accounting usage.prompt_tokens 9 (control 9))',
    }),
    makeCase({ id: 'message.name', verdict: 'skip', gate: 'static', message: 'static target' }),
    makeCase({ id: 'request.n' }),
  ]);

  it('report.md lists every inconclusive case and the run notice before the tables', () => {
    const md = renderMarkdown(results);
    const warn = md.indexOf('**Warnings: 1 inconclusive**');
    expect(warn).toBeGreaterThan(0);
    expect(warn).toBeLessThan(md.indexOf('## Request'));
    expect(md).toContain('- ❔ `request.tools`: heuristic deviation');
    expect(md).toContain("The target's answers do not change with the prompt (a static target): 1 verdict");
  });

  it('report.html shows them too', () => {
    const html = renderHtml(results);
    expect(html).toContain('data-warnings="1"');
    expect(html).toContain('<code>request.tools</code>: heuristic deviation');
    expect(html).toContain('class="notice"');
  });

  it('results.json with signals, a gate and notices is valid against the schema', async () => {
    const withSignals = makeResults(
      [
        makeCase({
          id: 'request.logprobs',
          signals: [{ kind: 'protocol', name: 'choices[0].logprobs.content', value: 5, control: 5, controlled: false }],
          gate: 'static',
        }),
      ],
      { notices: ['a static target'] },
    );
    await expect(validateResults(JSON.parse(JSON.stringify(withSignals)))).resolves.toBeTruthy();
  });
});
