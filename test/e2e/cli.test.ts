/**
 * The command as a user runs it (the built bin, a child process), against the embedded emulator and
 * against servers that are not the emulator: exit codes, outputs, bounds, and the canary key.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtemp, readFile, writeFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { cli } from '../support/cli.js';
import { startThirdPartyServer, type ThirdPartyServer } from '../support/third-party-server.js';
import { validateResults } from '../../src/report/load.js';
import { leaks } from '../support/secret-forms.js';
import type { Results } from '../../src/results/results.types.js';

const CANARY = 'sk-canary-DO-NOT-LEAK-7f3a9c2e5b8d1f4a6c0e';

const tmp = () => mkdtemp(join(tmpdir(), 'oai-compat-e2e-'));

describe('oai-compat run', () => {
  it('runs the openai suite against the embedded emulator: exit 0, valid results and reports', async () => {
    const out = await tmp();
    const r = await cli(['run', '--profile', 'openai', '--out', out]);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const results = await validateResults(JSON.parse(await readFile(join(out, 'results.json'), 'utf8')));
    expect(results.summary.fail).toBe(0);
    expect(results.cases.length).toBeGreaterThan(50);
    expect(results.target.emulator).toBe(true);
    for (const f of ['report.md', 'report.html', 'junit.xml']) expect((await stat(join(out, f))).size).toBeGreaterThan(100);
    expect(r.stdout).toMatch(/requests: \d+ sent/);
  });

  describe('against servers that are not the emulator', () => {
    let plain: ThirdPartyServer;
    let hostile: ThirdPartyServer;
    beforeAll(async () => {
      plain = await startThirdPartyServer('plain', CANARY);
      hostile = await startThirdPartyServer('hostile', CANARY);
    });
    afterAll(async () => {
      await plain.close();
      await hostile.close();
    });

    it('a plain OpenAI-compatible server: complete results, exit 0 or 1, and the canary key appears nowhere', async () => {
      const out = await tmp();
      const r = await cli(['run', '--base-url', plain.baseUrl, '--profile', 'openai', '--model', 'tiny', '--out', out], { OAI_COMPAT_API_KEY: CANARY });
      expect([0, 1], r.stderr).toContain(r.code);
      const results = (await validateResults(JSON.parse(await readFile(join(out, 'results.json'), 'utf8')))) as Results;
      expect(results.cases.length).toBeGreaterThan(50);
      expect(await readFile(join(out, 'report.md'), 'utf8')).toContain('openai');
      // The server saw the key (it was sent) ...
      expect(plain.requests.some((q) => q.headers.authorization === `Bearer ${CANARY}`)).toBe(true);
      // ... and it echoed it in a 404 body; yet no artifact and no output line holds it.
      // In any spelling (JSON escapes, percent, base64), not only raw: see test/e2e/canary.test.ts for every form.
      expect(await leaks(out, [CANARY], { stdout: r.stdout, stderr: r.stderr })).toEqual([]);
    });

    it('a hostile server: the run ends within its bounds with a complete report, never a crash', async () => {
      const out = await tmp();
      // Its bounds are the run's own (timeouts, breaker): no wall-clock assertion, which a loaded machine fails.
      const r = await cli(['run', '--base-url', hostile.baseUrl, '--profile', 'openai', '--model', 'tiny', '--out', out, '--timeout-ms', '2000'], {
        OAI_COMPAT_API_KEY: CANARY,
      });
      expect([1, 3], r.stderr).toContain(r.code);
      expect(r.stderr).not.toMatch(/internal error| {4}at /);
      const results = await validateResults(JSON.parse(await readFile(join(out, 'results.json'), 'utf8')));
      expect(results.cases.length).toBeGreaterThan(50);
      expect(await leaks(out, [CANARY], { stdout: r.stdout, stderr: r.stderr })).toEqual([]);
    });
  });

  it('exit 3 when the target is unreachable, before any case runs', async () => {
    const r = await cli(['run', '--base-url', 'http://127.0.0.1:9/v1', '--out', await tmp()]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/cannot reach http:\/\/127\.0\.0\.1:9: ECONNREFUSED/);
  });

  it('exit 2 with file:line:column for a broken profile, nothing sent', async () => {
    const dir = await tmp();
    const file = join(dir, 'broken.yaml');
    await writeFile(file, 'profile: broken\ntitle: Broken\nextends: openai\nrequest:\n  n:\n    status: ignord\n    source: "x.md#y"\n');
    const r = await cli(['run', '--profile', file, '--out', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:6:13: request.n.status: unknown value "ignord"`);
  });

  it('exit 2 with a one-line reason for bad flags, pointing to --help (the usage is printed on --help only)', async () => {
    const bad = [
      ['run', '--concurrency', 'lots'],
      ['run', '--nope'],
      ['run', '--header', 'Authorization: Bearer x'],
      ['run', '--base-url', 'ftp://x'],
      ['frobnicate'],
      ['run', '--only', 'no.such.case'],
      ['run', '--rate', 'fast'],
      ['run', '--shard', '3/2'],
    ];
    for (const args of bad) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).not.toMatch(/Usage: oai-compat/);
      expect(r.stderr.trimEnd().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr, args.join(' ')).toMatch(/^oai-compat( run)?: .*see oai-compat( run)? --help\)\n$/);
      expect(r.stderr.split('\n')[0].length).toBeLessThan(200);
    }
    // A bad file or folder is one line naming it, without the usage (issue #12 item 9).
    const badFiles = [
      ['run', '--out', '/etc/hostname/reports'],
      ['run', '--record', '/etc/hostname/run.cassette'],
      ['run', '--replay', '/no/such/file.cassette'],
    ];
    for (const args of badFiles) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr, args.join(' ')).toContain(args[2]);
    }
  });

  it('--help on every command', async () => {
    for (const c of ['run', 'serve', 'validate', 'diff', 'merge', 'matrix']) {
      const r = await cli([c, '--help']);
      expect(r.code, c).toBe(0);
      expect(r.stdout, c).toMatch(/Usage: oai-compat/);
    }
  });

  it('validate refuses a broken profile with exit 2 and accepts the built-in ones', async () => {
    const ok = await cli(['validate']);
    expect(ok.code, ok.stderr).toBe(0);
    const bad = await cli(['validate', 'test/fixtures/profiles/unknown-key.yaml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown-key\.yaml:7:5: request\.n\.sorce: unknown key "sorce"/);
  });
});
