/**
 * The suites' worker takes the profiles the CLI already loaded and validated (run/config.ts `loaded`)
 * instead of loading the files again: the profile schema is not compiled a second time in that thread
 * (issue #13 item 4). Without them, the worker loads and validates the file itself, as before.
 */
import { describe, expect, it } from 'vitest';
import { RunConfigSchema } from '../../src/run/config.js';
import { RunContext } from '../../src/run/context.js';
import { loadProfile, ProfileError } from '../../src/spec/load.js';

const base = { baseUrl: 'http://127.0.0.1:9/v1', model: 'm', apiKeyEnv: 'UNUSED', outDir: '/tmp/unused', only: 'request.max_tokens', dryRun: true };

describe('the profiles handed to the worker', () => {
  it('are used as given: the file named in the config is not read again', () => {
    const profile = loadProfile('parallel').profile;
    const reference = loadProfile('openai').profile;
    // A file that does not exist: loading it would throw; the handed-over profiles are used instead.
    const config = RunConfigSchema.parse({ ...base, profile: '/nonexistent/never-read.yaml', loaded: { profile, reference } });
    const ctx = new RunContext({ config });
    expect(ctx.profile).toBe(profile);
    expect(ctx.reference).toBe(reference);
    expect(ctx.cases.map((c) => c.id)).toContain('request.max_tokens');
  });

  it('absent (tests, benches, any caller but the CLI): the file is loaded and validated (control)', () => {
    const config = RunConfigSchema.parse({ ...base, profile: '/nonexistent/never-read.yaml' });
    expect(() => new RunContext({ config })).toThrow(ProfileError);
  });

  it('a value that is not a profile is refused by the config schema, not taken on trust', () => {
    expect(() => RunConfigSchema.parse({ ...base, profile: 'openai', loaded: { profile: 'openai', reference: [] } })).toThrow();
  });
});
