/**
 * The header judges on answers the emulator does not give: a CORS row declared optional asserts nothing
 * (a skip, never a pass) unless it declares a value; a 401/403 to a request carrying one of the SDK's own
 * headers is a refusal of that header (fail), while one to a made-up account id is inconclusive; a 429 is
 * the rate limiter's answer, not the header's.
 */
import { describe, it, expect } from 'vitest';
import type { Observation } from '../../src/cases/types.js';
import { judgeCors } from '../../src/checks/headers/cors.js';
import { judgeRequestHeader } from '../../src/checks/headers/request-headers.js';

const obs = (facts: Record<string, unknown>, observed = 'x'): Observation => ({ observed, evidence: {}, facts });

describe('CORS declared optional', () => {
  const allowed = obs({ status: 204, allowOrigin: '*', requested: [] }, 'preflight allowed: *');
  it('is a skip when nothing is declared to check', () => {
    expect(judgeCors(allowed, { status: 'optional', source: 'x#y' }).verdict).toBe('skip');
  });
  it('checks a declared value when the header comes', () => {
    expect(judgeCors(allowed, { status: 'optional', value: 'https://app.example', source: 'x#y' }).verdict).toBe('fail');
    expect(judgeCors(allowed, { status: 'optional', value: '*', source: 'x#y' }).verdict).toBe('pass');
  });
});

describe('request headers refused with 401/403 or 429', () => {
  const row = { status: 'tolerated' as const, direction: 'request' as const, source: 'x#y' };
  it("fails a 403 to the SDK's own header values, and is inconclusive for a made-up account id", () => {
    expect(judgeRequestHeader('x-stainless-*')(obs({ status: 403, madeUp: false, refusal: 'forbidden' }), row).verdict).toBe('fail');
    expect(judgeRequestHeader('openai-organization')(obs({ status: 401, madeUp: true, refusal: 'no such org' }), row).verdict).toBe('inconclusive');
  });
  it('is inconclusive on a 429', () => {
    expect(judgeRequestHeader('user-agent')(obs({ status: 429 }), row).verdict).toBe('inconclusive');
  });
});
