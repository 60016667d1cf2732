/**
 * The learned rate where a user reads it: results.json `requests.pacing` (valid against the schema) and
 * the run summary's `pacing:` line. A real target with a declared rate; the emulator, never paced.
 */
import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { cli } from '../support/cli.js';
import { startEmulator } from '../../src/emulator/server.js';
import { loadProfile } from '../../src/spec/load.js';
import { validateResults } from '../../src/report/load.js';
import type { Results } from '../../src/results/results.types.js';

const KEY = 'sk-pacing-cli-test-0123456789abcdefghij';
const tmp = () => mkdtemp(join(tmpdir(), 'oai-compat-pacing-'));
const results = async (dir: string) => (await validateResults(JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')))) as Results;

describe('the learned rate in results.json and the summary', () => {
  it('a declared rate is recorded as declared, per minute', async () => {
    const emu = await startEmulator({ profile: loadProfile('openai').profile, apiKey: KEY, chunkDelayMs: 1 });
    try {
      const out = await tmp();
      const r = await cli(
        ['run', '--base-url', emu.baseUrl, '--profile', 'openai', '--only', 'header.x-request-id', '--rate', '20/2s', '--out', out, '--quiet'],
        {
          OAI_COMPAT_API_KEY: KEY,
        },
      );
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect((await results(out)).requests.pacing).toEqual({ source: 'declared', perMinute: 600 });
      expect(r.stdout).toMatch(/^pacing: 600\/min \(declared\)$/m);
    } finally {
      await emu.close();
    }
  });

  it('the embedded emulator is not paced, and says so', async () => {
    const out = await tmp();
    const r = await cli(['run', '--profile', 'openai', '--only', 'header.x-request-id', '--out', out, '--quiet']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect((await results(out)).requests.pacing).toEqual({ source: 'unpaced' });
    expect(r.stdout).toMatch(/^pacing: unpaced \(no limit applied, none met\)$/m);
  });
});
