/**
 * The registry of checks (src/checks/registry): it covers every row of every built-in profile, each check
 * names a file that exists, exact ids win over patterns, and the expanders go through it (a row no check
 * matches becomes an inconclusive case that sends nothing, the same rows unverifiedRows reports).
 */
import { SDK_RULES } from '../../src/cases/stream-sdk.js';
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadProfile } from '../../src/spec/load.js';
import { expandCases } from '../../src/cases/index.js';
import type { CaseIO } from '../../src/cases/types.js';
import { CHECKS, checkFor, NO_CHECK, unverifiedRows } from '../../src/checks/registry/index.js';
import { FIELD_NOTES } from '../../src/checks/registry/fields.js';
import { PROBES } from '../../src/probes/index.js';
import { FRAMING_RULES, SEQUENCE_RULES } from '../../src/sse/index.js';
import { BUILT_IN_PROFILES } from '../support/profiles.js';
import { ROOT } from '../support/cli.js';

const reference = loadProfile('openai').profile;
const FIXTURE = 'test/fixtures/profiles/unverifiable.yaml';

describe('the registry of checks', () => {
  it.each(BUILT_IN_PROFILES)('verifies every row of the built-in profile %s', (name) => {
    const profile = loadProfile(name).profile;
    expect(unverifiedRows(profile)).toEqual([]);
    for (const c of expandCases(profile, reference)) {
      // Variants (endpoint.embeddings.base64) and envelope extensions are cases of a row, not rows of their own.
      const def = checkFor(c.id, c.row) ?? CHECKS.find((d) => d.id === c.id && d.variant);
      expect(def, c.id).toBeDefined();
      expect(def!.area, c.id).toBe(c.area);
    }
  });

  it('names, for every check, a file that exists and what it reads and what decides it', () => {
    for (const c of CHECKS) {
      expect(existsSync(join(ROOT, c.file)), `${c.id}: ${c.file}`).toBe(true);
      if (c.emulator) expect(existsSync(join(ROOT, c.emulator)), `${c.id}: ${c.emulator}`).toBe(true);
      expect(c.reads.length, c.id).toBeGreaterThan(10);
      expect(c.decides.signal.length, c.id).toBeGreaterThan(10);
      // Every area but stream carries its observe/judge; a stream check carries the properties its expander runs.
      expect(Boolean(c.check) !== Boolean(c.stream), c.id).toBe(true);
    }
  });

  it('has a note for every field probe key, and no note without a probe', () => {
    const keys = PROBES.flatMap((p) => p.keys).sort();
    expect(Object.keys(FIELD_NOTES).sort()).toEqual(keys);
  });

  it('has one check per stream rule, SDK client and mode, the pre-stream error and declared rules', () => {
    const ids = CHECKS.filter((c) => c.area === 'stream').map((c) => c.id.slice('stream.'.length));
    // '*': any other rule id whose row declares an assertion (stream-declared.ts); one SDK check per client and mode.
    expect(ids.sort()).toEqual([...FRAMING_RULES, ...SEQUENCE_RULES, ...Object.keys(SDK_RULES), 'prestream-error-status', '*'].sort());
  });

  it('lets an exact id win over a pattern, and a check that cannot verify a row pass it on', () => {
    const src = { source: 'x.md#T' };
    expect(checkFor('request.max_tokens', { status: 'supported', ...src })?.file).toBe('src/probes/max-tokens.ts');
    expect(checkFor('request.user', { status: 'supported', ...src })?.id).toBe('request.*');
    expect(checkFor('header.access-control-allow-origin', { status: 'present', ...src })?.file).toBe('src/checks/headers/cors.ts');
    // A request-header row of the same name is the request-header check's.
    expect(checkFor('header.access-control-allow-origin', { status: 'tolerated', ...src })?.file).toBe('src/checks/headers/request-headers.ts');
    expect(checkFor('header.auth.x-api-key', { status: 'supported', ...src })?.file).toBe('src/checks/headers/auth.ts');
    // An auth row that says neither a credential scheme nor a header to send has nothing to send.
    expect(checkFor('header.auth.made-up', { status: 'supported', ...src })).toBeUndefined();
    expect(checkFor('endpoint.images', { status: 'supported', ...src })?.id).toBe('endpoint.*');
    expect(checkFor('endpoint.made-up', { status: 'supported', ...src })).toBeUndefined();
    expect(checkFor('endpoint.made-up', { status: 'supported', path: '/made-up', ...src })?.id).toBe('endpoint.*');
    expect(checkFor('stream.made-up', { status: 'required', ...src })).toBeUndefined();
    expect(checkFor('error.made-up', { status: 400, ...src })).toBeUndefined();
  });

  it('turns a row no check verifies into an inconclusive case that sends nothing (validate refuses it first)', async () => {
    const profile = loadProfile(FIXTURE).profile;
    const unverified = unverifiedRows(profile);
    expect(unverified.map((r) => r.id)).toEqual([
      'stream.made-up-rule',
      'error.made-up-bad-request',
      'header.auth.made-up-scheme',
      'endpoint.made-up-operation',
    ]);
    const cases = expandCases(profile, reference).filter((c) => unverified.some((r) => r.id === c.id));
    expect(cases.map((c) => c.id).sort()).toEqual(unverified.map((r) => r.id).sort());
    const io = new Proxy({} as CaseIO, {
      get: () => () => {
        throw new Error('an unverified row must send nothing');
      },
    });
    for (const c of cases) {
      const obs = await c.observe(io, c.row);
      const j = c.judge(obs, c.row);
      expect(j.verdict, c.id).toBe('inconclusive');
      expect(j.message, c.id).toContain(NO_CHECK);
    }
  });
});
