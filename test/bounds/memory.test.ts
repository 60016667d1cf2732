/**
 * Item 5 of issue #12, the part a test can hold without a clock or a machine-dependent number: the
 * shared-answer cache drops the least recently used answers past its budget and never the one in use.
 * The peak RSS of whole runs against flood targets is measured by bench/memory.mjs.
 */
import { describe, it, expect } from 'vitest';
import { SharedAnswers } from '../../src/run/shared-answers.js';
import type { Exchange } from '../../src/transport/types.js';

describe('the shared answers', () => {
  const answer = (bytes: number) =>
    Promise.resolve({
      id: `x${bytes}`,
      request: { method: 'POST', url: '', headers: {} },
      response: { status: 200, headers: {}, reads: [], bodyBytes: bytes, truncated: false },
      timings: { startedAt: 0 },
    } as Exchange);
  const settle = () => new Promise((r) => setTimeout(r, 0));

  it('keeps everything under the budget, and drops the least recently used answers past it', async () => {
    const cache = new SharedAnswers(100);
    cache.set('a', answer(40));
    cache.set('b', answer(40));
    await settle();
    expect(cache.get('a')).toBeDefined(); // a is now the most recent
    cache.set('c', answer(40));
    await settle();
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.get('c')).toBeDefined();
    expect(cache.keptBytes).toBe(80);
  });

  it('never drops the only answer, however big', async () => {
    const cache = new SharedAnswers(10);
    cache.set('big', answer(1000));
    await settle();
    expect(cache.get('big')).toBeDefined();
  });
});
