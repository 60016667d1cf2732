/**
 * One bounded run of a profile (the expected file's: openai unless told, every case unless `only` says) against
 * a test-bed target, through the built command as a user runs it (`oai-compat run --base-url ... --header ...`),
 * read back from its results.json.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../support/cli.js';
import { validateResults } from '../../src/report/load.js';
import type { Results } from '../../src/results/results.types.js';
import type { TestBedTarget } from './servers.js';
import type { ExpectedRun } from './expected.js';

/** Bounds: one request, and the whole command (the test's own timeout is above this). */
export const REQUEST_TIMEOUT_MS = 20_000;
export const RUN_TIMEOUT_MS = 300_000;

export async function runProfile(
  name: string,
  target: TestBedTarget,
  run: ExpectedRun = { profile: 'openai' },
): Promise<{ code: number; results: Results; stderr: string; out: string }> {
  const out = await mkdtemp(join(tmpdir(), `oai-compat-testbed-${name}-`));
  const headers = Object.entries(target.headers).flatMap(([k, v]) => ['--header', `${k}: ${v}`]);
  const r = await cli(
    [
      'run',
      '--profile',
      run.profile,
      '--base-url',
      target.baseUrl,
      '--model',
      run.model ?? target.model,
      ...(run.only ? ['--only', run.only.join(',')] : []),
      ...headers,
      '--timeout-ms',
      String(REQUEST_TIMEOUT_MS),
      '--concurrency',
      '4',
      '--out',
      out,
      '--quiet',
      '--label',
      name,
    ],
    { OAI_COMPAT_API_KEY: target.apiKey },
    RUN_TIMEOUT_MS,
  );
  let raw: string;
  try {
    raw = await readFile(join(out, 'results.json'), 'utf8');
  } catch {
    throw new Error(`oai-compat run against ${name} wrote no results.json (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  }
  return { code: r.code, results: await validateResults(JSON.parse(raw)), stderr: r.stderr, out };
}
