/**
 * Header and authentication cases: the declared formats, every profile's emulator, the 429 a run meets
 * (from an emulator started with a tiny rate limit: the harness never provokes one itself), the cost of
 * the uniqueness check, the SDK's own headers, and one profile against another's emulator.
 */
import { describe, it, expect } from 'vitest';
import { formatProblem } from '../../src/checks/headers/formats.js';
import { sdkHeaders } from '../../src/checks/headers/sdk-headers.js';
import { startEmulator } from '../../src/emulator/server.js';
import { loadProfile } from '../../src/spec/load.js';
import { runCases } from '../support/run-cases.js';
import { runAgainst } from '../errors/run-against.js';
import { BUILT_IN_PROFILES } from '../support/profiles.js';

const KEY = 'sk-headers-test-0123456789abcdef';

describe('header formats', () => {
  it('durations are Go-style strings, not epoch seconds or bare numbers', () => {
    for (const ok of ['1s', '6m0s', '12ms', '1.5s', '1h2m3s', '250us']) expect(formatProblem('duration', ok), ok).toBeUndefined();
    expect(formatProblem('duration', '1795344000')).toMatch(/epoch seconds/);
    expect(formatProblem('duration', '60')).toMatch(/no unit/);
    expect(formatProblem('duration', 'soon')).toMatch(/not a duration/);
  });

  it('Retry-After is whole seconds ≥ 1: not a date, not a fraction, not 0', () => {
    expect(formatProblem('seconds', '20')).toBeUndefined();
    expect(formatProblem('seconds', 'Sun, 22 Nov 2026 10:51:07 GMT')).toMatch(/HTTP date/);
    expect(formatProblem('seconds', '1.5')).toMatch(/fractional/);
    expect(formatProblem('seconds', '0')).toMatch(/at least 1/);
  });

  it('integers, request ids and media types', () => {
    expect(formatProblem('integer', '150000')).toBeUndefined();
    expect(formatProblem('integer', '1.5k')).toMatch(/not an integer/);
    expect(formatProblem('request-id', 'req_deaa3616cbd15d33b4db96b3ba74d2b4')).toBeUndefined();
    expect(formatProblem('request-id', 'a b')).toMatch(/not a request id/);
    expect(formatProblem('media-type', 'application/json; charset=utf-8', { value: 'application/json' })).toBeUndefined();
    expect(formatProblem('media-type', 'text/html', { value: 'application/json' })).toMatch(/declared application\/json/);
  });
});

describe('the SDK headers', () => {
  it('are taken from the installed openai SDK, with no credentials', async () => {
    const h = await sdkHeaders();
    expect(h['user-agent']).toMatch(/^OpenAI\/JS \d/);
    expect(h['x-stainless-lang']).toBe('js');
    expect(h['x-stainless-package-version']).toMatch(/^\d+\.\d+/);
    expect(h['x-stainless-async']).toBe('false');
    expect(Object.keys(h).filter((k) => /authorization|api-key|organization|project/.test(k))).toEqual([]);
  });
});

describe('against the emulators', () => {
  for (const p of BUILT_IN_PROFILES) {
    it(`${p}: no header case fails against its own emulator; skipped only when no 429 was met or nothing is declared to check`, async () => {
      const r = await runCases({ profile: p, only: 'header.' });
      expect(r.failing, JSON.stringify(r.failing.map((id) => `${id}: ${r.byId.get(id)?.message}`))).toEqual([]);
      const skipped = r.cases.filter((c) => c.verdict !== 'pass');
      for (const c of skipped) expect(`${c.id}: ${c.message}`).toMatch(/no 429 was met|declared optional with nothing to check/);
      expect(r.byId.get('header.auth.bearer')?.verdict).toBe('pass');
    });
  }

  it('x-request-id uniqueness costs one request beyond the shared ones', async () => {
    const r = await runCases({ profile: 'openai', only: 'header.x-request-id' });
    expect(r.byId.get('header.x-request-id')?.verdict).toBe('pass');
    // success baseline, stream baseline, the error probe (all shared with other areas), and one fresh repeat.
    expect(r.sent).toBe(4);
  });

  it('the headers the SDK always sends travel together on one shared request; account ids go alone', async () => {
    const r = await runCases({ profile: 'openai', only: 'header.x-stainless-*,header.user-agent' });
    expect(r.failing).toEqual([]);
    expect(r.sent).toBe(1);
    // The organisation header's case and the organization-header auth case share one request.
    const org = await runCases({ profile: 'openai', only: 'header.openai-organization,header.auth.organization-header' });
    expect(org.failing).toEqual([]);
    expect(org.sent).toBe(1);
  });

  it('the FlexAI profile against the OpenAI emulator fails exactly on restricted CORS', async () => {
    const r = await runCases({ profile: 'flexai', emulate: 'openai', only: 'header.' });
    expect(r.failing).toEqual(['header.access-control-allow-origin']);
    expect(r.byId.get('header.access-control-allow-origin')?.message).toMatch(/allowed \(access-control-allow-origin: \*\), declared restricted/);
  });

  it('the Parallel profile against the OpenAI emulator fails exactly on x-api-key (OpenAI has no /v1beta path and no x-api-key)', async () => {
    const r = await runCases({ profile: 'parallel', emulate: 'openai', only: 'header.auth.' });
    expect(r.failing).toEqual(['header.auth.x-api-key']);
    expect(r.byId.get('header.auth.x-api-key')?.message).toMatch(/refused 404|refused 401/);
  });
});

describe('a 429 met by the run (an emulator with a rate limit of one request)', () => {
  async function limited(profile: string, fault?: string) {
    const emu = await startEmulator({
      profile: loadProfile(profile).profile,
      apiKey: KEY,
      rateLimit: { requests: 1, windowMs: 2_000 },
      fault,
      chunkDelayMs: 1,
    });
    try {
      return await runAgainst({ profile, baseUrl: emu.baseUrl, apiKey: KEY, only: 'header.retry-after,header.x-ratelimit-*', concurrency: 1 });
    } finally {
      await emu.close();
    }
  }

  it('flexai: Retry-After (whole seconds) and x-ratelimit-* are read on the 429', async () => {
    const r = await limited('flexai');
    for (const id of ['header.retry-after', 'header.x-ratelimit-*']) {
      const c = r.byId.get(id)!;
      expect(c.verdict, `${id}: ${c.message}`).toBe('pass');
      expect(Object.keys(c.evidence).some((k) => k.startsWith('429 '))).toBe(true);
    }
  });

  it('flexai with a 429 that has no Retry-After: header.retry-after fails', async () => {
    const r = await limited('flexai', 'no-retry-after-on-429');
    expect(r.byId.get('header.retry-after')?.verdict).toBe('fail');
    expect(r.byId.get('header.retry-after')?.message).toMatch(/missing on the 429 answer/);
    expect(r.byId.get('header.x-ratelimit-*')?.verdict).toBe('pass');
  });

  it('openai with Retry-After as an HTTP date: header.retry-after fails (a format, even where the header is optional)', async () => {
    const r = await limited('openai', 'retry-after-http-date');
    expect(r.byId.get('header.retry-after')?.message).toMatch(/HTTP date, not whole seconds/);
  });
});
