/**
 * `oai-compat checks` (the registry, one line per check; --json) and `validate` refusing a row no check can
 * verify with file:line:column, exit 2. The built command, as a user runs it.
 */
import { describe, expect, it } from 'vitest';
import { loadProfile } from '../../src/spec/load.js';
import { expandCases } from '../../src/cases/index.js';
import { CHECKS, checkFor } from '../../src/checks/registry/index.js';
import { cli } from '../support/cli.js';
import { BUILT_IN_PROFILES } from '../support/profiles.js';

describe('oai-compat checks', () => {
  it('prints one line per check, with the check of every built-in case id', async () => {
    const r = await cli(['checks']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(CHECKS.length);
    const reference = loadProfile('openai').profile;
    for (const name of BUILT_IN_PROFILES) {
      for (const c of expandCases(loadProfile(name).profile, reference)) {
        const def = checkFor(c.id, c.row) ?? CHECKS.find((d) => d.id === c.id);
        const line = lines.find((l) => l.startsWith(`${def!.id} `) && l.includes(def!.file) && l.includes(def!.reads));
        expect(line, `${name}: ${c.id}`).toBeDefined();
        expect(line, c.id).toContain(`decided by ${def!.decides.kind}: ${def!.decides.signal}`);
      }
    }
  });

  it('--json prints the registry as JSON', async () => {
    const r = await cli(['checks', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const list = JSON.parse(r.stdout) as { id: string; area: string; reads: string; decides: { kind: string; signal: string }; file: string }[];
    expect(list.map((c) => c.id)).toEqual(CHECKS.map((c) => c.id));
    const maxTokens = list.find((c) => c.id === 'request.max_tokens')!;
    expect(maxTokens).toMatchObject({ area: 'request', file: 'src/probes/max-tokens.ts', decides: { kind: 'protocol' } });
    expect(list.find((c) => c.id === 'stream.done-sentinel')).toMatchObject({ stream: { streams: ['baseline'], needsEnd: true, run: 'rule' } });
  });

  it('has --help and is listed in the usage', async () => {
    const help = await cli(['checks', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: oai-compat checks/);
    expect((await cli(['--help'])).stdout).toMatch(/^ {2}checks {5}/m);
  });
});

describe('oai-compat validate', () => {
  it('refuses each row no check verifies with file:line:column and the case id, exit 2', async () => {
    const r = await cli(['validate', 'test/fixtures/profiles/unverifiable.yaml']);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    const tail = ': no check verifies this row (oai-compat checks lists them)';
    expect(lines).toEqual([
      expect.stringMatching(new RegExp(`unverifiable\\.yaml:7:3: stream\\.made-up-rule${tail.replace(/[()]/g, '\\$&')}$`)),
      expect.stringMatching(/unverifiable\.yaml:11:3: error\.made-up-bad-request: no check/),
      expect.stringMatching(/unverifiable\.yaml:15:3: header\.auth\.made-up-scheme: no check/),
      expect.stringMatching(/unverifiable\.yaml:19:3: endpoint\.made-up-operation: no check/),
    ]);
    expect(r.stdout).not.toMatch(/^ok /m);
  });

  it('still accepts every built-in profile', async () => {
    const r = await cli(['validate']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(BUILT_IN_PROFILES.length);
  });
});
