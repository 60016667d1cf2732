/**
 * One breakage, one failing rule: the sse rules that used to report the same bytes twice now leave them to the
 * rule they belong to (so each fault in the catalogue fails its own case), and a body the harness cut is not
 * mistaken for the target's own framing.
 */
import { describe, expect, it } from 'vitest';
import { analyseStream } from '../../src/sse/index.js';
import { chunk, choice, exchange, readsOf, sse, textData, USAGE } from '../sse/fixtures.js';

const TEXT = textData(['Hello', ' there', ', friend.']);
const failed = (body: string, ctx = {}) => analyseStream(exchange(readsOf([body])), ctx).failed;

describe('each breakage fails one rule', () => {
  it('event: lines: no-sse-fields, not data-only-events', () => {
    expect(failed(TEXT.map((d) => `event: message\ndata: ${d}\n\n`).join(''))).toEqual(['no-sse-fields']);
  });

  it('a duplicated finish chunk: single-terminal-finish, not finish-reason-null-until-end', () => {
    const data = [...TEXT.slice(0, -1), chunk([choice({}, 'stop')]), '[DONE]'];
    expect(failed(sse(data))).toEqual(['single-terminal-finish']);
  });

  it('a content chunk that already carries "stop" is still an early finish_reason', () => {
    const data = TEXT.map((d, i) => (i === 1 ? chunk([choice({ content: 'Hello' }, 'stop')]) : d));
    expect(failed(sse(data))).toEqual(expect.arrayContaining(['finish-reason-null-until-end']));
  });

  it('usage on every chunk: usage-chunk, not usage-chunk-empty-choices (its last chunk has choices [])', () => {
    const withUsage = textData(['Hello', ' there'], { usage: true }).map((d) => (d === '[DONE]' ? d : JSON.stringify({ ...JSON.parse(d), usage: USAGE })));
    expect(failed(sse(withUsage), { includeUsage: true })).toEqual(['usage-chunk']);
  });

  it('an empty stream judges nothing about its events (skips, not passes)', () => {
    const a = analyseStream(exchange(readsOf([': only a comment\n\n'])));
    for (const r of ['no-empty-events', 'no-sse-fields', 'no-double-data', 'in-band-error'] as const) expect(a.rules[r].skipped, r).toBe(true);
  });
});

describe('a body the harness cut', () => {
  const cutMidEvent = `${sse(TEXT.slice(0, 2))}data: {"id":"chatcmpl-te`;

  it('its unfinished last block is our cut, not an event of the target', () => {
    const a = analyseStream(
      exchange(readsOf([cutMidEvent]), { error: { kind: 'total-timeout', message: 'no complete answer within the total timeout of 1500 ms' } }),
    );
    expect(a.read.events).toHaveLength(2);
    expect(a.read.trailing).toMatchObject({ cut: true });
    expect(a.rules['final-blank-line']).toMatchObject({ ok: true, skipped: true });
    expect(a.rules['json-data'].ok).toBe(true);
    expect(a.rules.complete.ok).toBe(false);
  });

  it('a body the target itself ended mid-event is judged as it is', () => {
    const a = analyseStream(exchange(readsOf([cutMidEvent])));
    expect(a.read.events).toHaveLength(3);
    expect(a.rules['final-blank-line'].ok).toBe(false);
  });
});
