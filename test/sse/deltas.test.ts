/**
 * deltas-append (issue #11 class 5): a delta that repeats the text so far fails, with its event number; deltas
 * that legitimately share a prefix do not; accounting and the non-streamed answer only ever raise a suspicion.
 */
import { describe, expect, it } from 'vitest';
import { readSse } from '../../src/sse/reader.js';
import { extractChunks } from '../../src/sse/chunks.js';
import { compareWithNonStreamed, deltasAppend, DELTA_LIMITS } from '../../src/sse/deltas.js';
import { choice, chunk, readsOf, sse, textData } from './fixtures.js';

const judge = (data: string[]) => deltasAppend(extractChunks(readSse(readsOf([sse(data)]))));

/** The text of `pieces` streamed cumulatively: each delta is the text so far. */
const cumulative = (pieces: string[]): string[] => pieces.map((_, i) => pieces.slice(0, i + 1).join(''));

const WORDS = ['Rivers', ' carve', ' valleys', ' over', ' thousands', ' of', ' years', '.'];

/** A stream whose usage chunk reports `completion` tokens. */
function withUsage(pieces: string[], completion: number, prompt = 14): string[] {
  const data = textData(pieces);
  data.splice(data.length - 1, 0, chunk([], { usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion } }));
  return data;
}

describe('deltas-append: decisive', () => {
  it('fails cumulative deltas, naming the event where a delta first repeats the text so far', () => {
    const r = judge(textData(cumulative(WORDS)));
    expect(r.ok).toBe(false);
    // Event #0 is the role chunk; the first content delta is event #1, the second (the first repeat) event #2.
    expect(r.evidence.event).toBe(2);
    expect(r.message).toContain('choice 0: the delta at event #2 repeats the text so far: "Rivers carve" begins with the whole previous delta "Rivers"');
    expect(r.message).toContain(`clients rebuild ${cumulative(WORDS).join('').length} chars`);
  });

  it("names the stream's own usage count beside a decisive failure", () => {
    const r = judge(withUsage(cumulative(WORDS), WORDS.length));
    expect(r.ok).toBe(false);
    expect(r.message).toContain(`the stream's usage counts ${WORDS.length} completion tokens`);
  });

  it('fails a delta that repeats the whole text streamed before it (a finish chunk re-sending the answer)', () => {
    const data = textData([...WORDS, WORDS.join('')]);
    const r = judge(data);
    expect(r.ok).toBe(false);
    expect(r.message).toContain(`the delta at event #${WORDS.length + 1} repeats the text so far (${WORDS.join('').length} chars from 8 earlier deltas)`);
  });

  it('judges each choice on its own (n=2: only the cumulative choice fails)', () => {
    const pieces = cumulative(WORDS);
    const data = [chunk([choice({ role: 'assistant', content: '' }, null, 0), choice({ role: 'assistant', content: '' }, null, 1)])];
    WORDS.forEach((w, i) => data.push(chunk([choice({ content: w }, null, 0), choice({ content: pieces[i] }, null, 1)])));
    data.push(chunk([choice({}, 'stop', 0), choice({}, 'stop', 1)]), '[DONE]');
    expect(judge(data).message).toMatch(/^choice 1: /);
  });
});

describe('deltas-append: a well-behaved stream is not blamed', () => {
  it('passes ordinary token deltas', () => {
    const r = judge(textData(WORDS));
    expect([r.ok, r.skipped, r.suspect]).toEqual([true, undefined, undefined]);
    expect(r.message).toBe('8 content deltas, none repeating the text so far');
  });

  it('passes deltas that share a prefix with the one before: "ab" then "abc", repeated tokens, a stutter', () => {
    for (const pieces of [
      ['ab', 'abc', 'ab', 'abc', 'ab', 'abc'],
      ['la', 'la', 'la', 'la', 'la', 'la'],
      ['ha', 'haha', 'ha', 'haha', '!'],
      ['a', 'ab', 'abc', ' and', ' so', ' on'],
      ['I', ' think', ' think', ' thinking', ' is', ' good'],
    ]) {
      const r = judge(textData(pieces));
      expect(r.ok, `${pieces.join('|')}: ${r.message}`).toBe(true);
      expect(r.suspect).toBeUndefined();
    }
  });

  it('does not call a short growing run cumulative: too few pairs, or a last delta too short to be a text so far', () => {
    expect(judge(textData(['a', 'ab', 'abc'])).ok).toBe(true);
    expect(judge(textData(['a', 'aa', 'aaa', 'aaaa'])).ok).toBe(true);
  });

  it('does not call a repeated phrase a repeat of the text so far when that text is short', () => {
    expect(judge(textData(['Hi', ' there', '!', 'Hi there!'])).ok).toBe(true);
  });

  it('skips a stream with too few content deltas to tell, saying so', () => {
    const r = judge(textData(['Hello', ' world']));
    expect(r).toMatchObject({ ok: true, skipped: true });
    expect(r.message).toContain('too few to tell whether a delta repeats the text so far');
    expect(judge(['[DONE]']).skipped).toBe(true);
  });
});

describe('deltas-append: accounting is heuristic evidence only', () => {
  const long = Array.from({ length: 12 }, (_, i) => ` word${i}-${'x'.repeat(20)}`);

  it('a text far longer than its own completion tokens carry is a suspicion, not a failure', () => {
    const r = judge(withUsage(long, 2));
    expect(r).toMatchObject({ ok: true, suspect: true, evidence: { completionTokens: 2 } });
    expect(r.message).toContain('chars per token, more than the 12 tokens carry');
    expect(r.message).toContain('not a failure');
  });

  it('plausible counts pass; unusable usage (zero, no prompt tokens, not a number) is not used at all', () => {
    expect(judge(withUsage(long, 80)).suspect).toBeUndefined();
    for (const [ct, pt] of [
      [0, 14],
      [2, 0],
      [Number.NaN, 14],
    ] as const) {
      const r = judge(withUsage(long, ct, pt));
      expect(r.suspect, `${ct}/${pt}`).toBeUndefined();
      expect(r.evidence.completionTokens).toBeNull();
    }
  });

  it('a short text is never suspect from its count', () => {
    expect(judge(withUsage(WORDS, 1)).suspect).toBeUndefined();
    expect(WORDS.join('').length).toBeLessThan(DELTA_LIMITS.MIN_CHARS_FOR_RATIO);
  });
});

describe('compareWithNonStreamed', () => {
  const answer = 'Rivers carve valleys over thousands of years, moving sediment downstream.';
  it('a streamed text several times longer than the non-streamed answer is a suspicion', () => {
    const streamed = cumulative(answer.split(/(?= )/)).join('');
    const c = compareWithNonStreamed(streamed, answer)!;
    expect(c).toMatchObject({ suspect: true, evidence: { nonStreamedChars: answer.length, endsWithNonStreamed: true } });
    expect(c.message).toContain('a suspicion, not a failure');
  });
  it('a different but comparable answer (a real model) is in line; an empty side is no comparison', () => {
    expect(compareWithNonStreamed(`${answer} Also deltas.`, answer)!.suspect).toBe(false);
    expect(compareWithNonStreamed(answer.repeat(2), answer)!.suspect).toBe(false);
    expect(compareWithNonStreamed('', answer)).toBeUndefined();
    expect(compareWithNonStreamed(answer, '')).toBeUndefined();
  });
});
