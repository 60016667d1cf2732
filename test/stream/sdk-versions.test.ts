/**
 * The stream.sdk-* cases per openai-node major, against the emulator: a clean stream is read by all three
 * (nobody blamed); named events (the sse-event-lines fault) break openai-node 4 only, and the case says how.
 */
import { describe, expect, it } from 'vitest';
import { runCases } from '../support/run-cases.js';

const V6 = ['stream.sdk-iteration', 'stream.sdk-final-completion'];
const V5 = ['stream.sdk-v5-iteration', 'stream.sdk-v5-final-completion'];
const V4 = ['stream.sdk-v4-iteration', 'stream.sdk-v4-final-completion'];

describe('stream.sdk-* across openai-node 4, 5 and 6', () => {
  it('a clean emulator: every client reads both shared streams', async () => {
    const r = await runCases({ profile: 'openai', only: 'stream.sdk' });
    for (const id of [...V6, ...V5, ...V4]) expect(r.byId.get(id)?.verdict, `${id}: ${r.byId.get(id)?.message}`).toBe('pass');
    expect(r.byId.get('stream.sdk-v4-iteration')!.message).toMatch(/^\[baseline stream\] openai-node 4\.\d+\.\d+ for await/);
    // No request of its own: the six cases replay the two shared streams.
    expect(r.sent).toBe(2);
  });

  it('named events: openai-node 4 fails (how, in its words), 5 and 6 pass', async () => {
    const r = await runCases({ profile: 'openai', only: 'stream.sdk', fault: 'sse-event-lines' });
    for (const id of [...V6, ...V5]) expect(r.byId.get(id)?.verdict, `${id}: ${r.byId.get(id)?.message}`).toBe('pass');
    expect([...r.failing].sort()).toEqual([...V4].sort());
    expect(r.byId.get('stream.sdk-v4-iteration')!.message).toContain('chunk.choices[0] throws "Cannot read properties of undefined (reading \'0\')"');
    expect(r.byId.get('stream.sdk-v4-final-completion')!.message).toContain('OpenAIError: chunk.choices is not iterable');
  });
});
