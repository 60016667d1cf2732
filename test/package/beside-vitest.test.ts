/**
 * The packed tarball, installed as a user installs it, into a project that already has its own vitest
 * (2 and 3: majors oai-compat does not run on), then `npx oai-compat run` against the built-in emulator
 * with a fault on: the run must be complete (every case of the profile, a verdict each, no harness
 * error), and junit.xml must have one testcase per case and a message on every skip and failure.
 *
 * Slow on purpose (each project is a real `npm install` from the npm registry; the npm cache makes the
 * second one fast), hence its own long timeout. The registry is the only network it uses; when the
 * registry cannot be reached the test is skipped, saying so. `npm pack --ignore-scripts` packs the
 * current build (`npm test` builds first).
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { parse } from 'junit2json';
import { ROOT } from '../support/cli.js';
import { expandCases } from '../../src/cases/index.js';
import { loadProfile } from '../../src/spec/load.js';
import type { Results } from '../../src/results/results.types.js';

/** The user's own vitest majors; vitest 4 is oai-compat's own (covered by every other e2e test). */
const USER_VITEST = ['3', '2'];
const INSTALL_TIMEOUT_MS = 900_000;
const FAULT = 'created-in-ms';

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** A child process with no shell, bounded; npm's own prompts and notices off. */
function run(cmd: string, args: string[], cwd: string, timeout: number): Promise<Ran> {
  return new Promise((done) => {
    const env: NodeJS.ProcessEnv = { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
    delete env.GITHUB_STEP_SUMMARY;
    delete env.OAI_COMPAT_RUN_CONFIG;
    execFile(cmd, args, { cwd, env, timeout, maxBuffer: 64 * 1024 * 1024, killSignal: 'SIGKILL' }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      done({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

const tail = (r: Ran) => `${r.stdout.slice(-2000)}\n${r.stderr.slice(-2000)}`;

interface JCase {
  name?: string;
  classname?: string;
  failure?: { message?: string }[];
  skipped?: { message?: string }[];
}

let tarball: string;
beforeAll(async () => {
  const dest = await mkdtemp(join(tmpdir(), 'oai-compat-pack-'));
  const packed = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dest], ROOT, 300_000);
  expect(packed.code, tail(packed)).toBe(0);
  tarball = join(dest, (JSON.parse(packed.stdout) as { filename: string }[])[0].filename);
}, 300_000);

describe('installed from its tarball beside the project’s own vitest', () => {
  const openai = loadProfile('openai').profile;
  const expected = expandCases(openai, openai).map((c) => c.id);

  for (const major of USER_VITEST) {
    it(`beside vitest ${major}: a complete run, and junit.xml with one testcase per case and a message on every skip and failure`, {
      timeout: INSTALL_TIMEOUT_MS + 600_000,
    }, async (ctx) => {
      const project = await mkdtemp(join(tmpdir(), `oai-compat-vitest${major}-`));
      await writeFile(join(project, 'package.json'), JSON.stringify({ name: `user-project-vitest${major}`, version: '1.0.0', private: true }));
      const ping = await run('npm', ['view', `vitest@${major}`, 'version', '--json'], project, 120_000);
      if (ping.code !== 0) ctx.skip(`the npm registry could not be reached (npm view vitest@${major}: ${ping.stderr.trim().split('\n').pop()})`);
      const install = await run('npm', ['install', '--ignore-scripts', '--no-save', `vitest@${major}`, tarball], project, INSTALL_TIMEOUT_MS);
      expect(install.code, tail(install)).toBe(0);
      // The condition under test holds: the project's vitest is its own major, oai-compat's is 4.
      const version = async (dir: string) => (JSON.parse(await readFile(join(project, dir, 'package.json'), 'utf8')) as { version: string }).version;
      expect(await version('node_modules/vitest')).toMatch(new RegExp(`^${major}\\.`));
      expect(await version('node_modules/oai-compat/node_modules/vitest')).toMatch(/^4\./);

      const out = join(project, 'reports');
      const r = await run('npx', ['--no-install', 'oai-compat', 'run', '--fault', FAULT, '--out', out, '--quiet'], project, 600_000);
      expect(r.stderr, tail(r)).not.toMatch(/harness/i);
      expect(r.code, tail(r)).toBe(1); // the fault's failures, nothing else

      const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as Results;
      expect(results.cases.map((c) => c.id).sort()).toEqual([...expected].sort());
      expect(results.cases.filter((c) => /not reached/.test(c.message))).toEqual([]);
      expect(results.cases.filter((c) => c.verdict === 'fail').map((c) => c.id)).toEqual(['response.created']);
      expect(results.summary.pass).toBeGreaterThan(expected.length / 3);

      const junit = (await parse(await readFile(join(out, 'junit.xml'), 'utf8'))) as { testsuite?: { testcase?: JCase[] }[] } | undefined;
      const testcases = (junit?.testsuite ?? []).flatMap((s) => s.testcase ?? []);
      expect(testcases.map((c) => c.name).sort()).toEqual([...expected].sort());
      for (const c of testcases) {
        expect(c.classname).toBe(c.name?.split('.')[0]);
        for (const m of [...(c.failure ?? []), ...(c.skipped ?? [])]) expect(m.message?.trim(), c.name).toBeTruthy();
      }
      expect(testcases.filter((c) => c.failure).map((c) => c.name)).toEqual(['response.created']);

      // allure-vitest, bound to oai-compat's vitest (suites/vitest.config.ts), wrote them: the failure is "failed", never "broken".
      const allureDir = join(out, 'allure-results');
      const allure = await Promise.all(
        (await readdir(allureDir))
          .filter((f) => f.endsWith('-result.json'))
          .map(async (f) => JSON.parse(await readFile(join(allureDir, f), 'utf8')) as { name: string; status: string }),
      );
      expect(allure.map((a) => a.name).filter((n) => expected.includes(n)).length).toBe(expected.length);
      expect(allure.filter((a) => a.status === 'failed').map((a) => a.name)).toEqual(['response.created']);
      expect(allure.filter((a) => a.status === 'broken')).toEqual([]);
    });
  }
});
