import { describe, it, expect } from 'vitest';
import { runCases } from '../support/run-cases.js';

describe('a profile against its own emulator', () => {
  it('openai: no case fails, and the request family sends no duplicate request', async () => {
    const r = await runCases({ profile: 'openai' });
    expect(r.failing).toEqual([]);
    expect(r.cases.length).toBeGreaterThan(50);
    // Every request the harness sent reached the server once: sharing works, nothing is sent twice.
    expect(r.serverRequests).toBe(r.sent);
  });
});
