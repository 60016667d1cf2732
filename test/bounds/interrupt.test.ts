/**
 * Item 8 of issue #12: Ctrl-C keeps what was observed. A real run of the built command against a slow
 * loopback server gets SIGINT (or SIGTERM) once requests are flowing: it writes results.json with
 * `interrupted: true` and the cases not reached inconclusive, a valid junit.xml and the reports, and
 * exits 130 (143). What an earlier run left in the folder is gone.
 */
import { describe, it, expect, afterEach } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, readFile, writeFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { ROOT } from '../support/cli.js';
import { serve, type TestServer } from '../support/servers.js';
import { validateResults } from '../../src/report/load.js';
import type { Results } from '../../src/results/results.types.js';

const STALE = 'STALE-REPORT-FROM-AN-EARLIER-RUN';
const servers: TestServer[] = [];
afterEach(async () => {
  while (servers.length) await servers.pop()!.close();
});

/** Answers every request with a small chat completion, 1.5 s late. */
async function slowServer(onRequest: () => void): Promise<TestServer> {
  const s = await serve((req, res) => {
    req.resume();
    onRequest();
    setTimeout(() => {
      if (res.destroyed) return;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: 'c1',
          object: 'chat.completion',
          created: 1,
          model: 'm',
          choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
        }),
      );
    }, 1500);
  });
  servers.push(s);
  return s;
}

async function interruptedRun(signal: 'SIGINT' | 'SIGTERM'): Promise<{ code: number | null; out: string; stderr: string }> {
  const out = await mkdtemp(join(tmpdir(), 'oai-compat-interrupt-'));
  // An earlier run's outputs, which must not survive to look current.
  await writeFile(join(out, 'report.md'), STALE);
  await writeFile(join(out, 'junit.xml'), '');
  await mkdir(join(out, 'allure-results'));
  await writeFile(join(out, 'allure-results', 'old-result.json'), STALE);
  let child: ReturnType<typeof spawn> | undefined;
  let seen = 0;
  const server = await slowServer(() => {
    // Interrupt once a few requests are on the wire: the run is under way and has observed something.
    if (++seen === 3) child?.kill(signal);
  });
  child = spawn(process.execPath, [`${ROOT}bin/oai-compat.js`, 'run', '--base-url', `${server.url}/v1`, '--model', 'm', '--out', out, '--quiet'], {
    cwd: ROOT,
    env: { ...process.env, OAI_COMPAT_RUN_CONFIG: undefined, GITHUB_STEP_SUMMARY: undefined },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += String(d)));
  child.stdout!.resume();
  const code = await new Promise<number | null>((r) => child!.on('close', (c) => r(c)));
  return { code, out, stderr };
}

describe('an interrupted run keeps what it observed', () => {
  for (const [signal, exit] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`${signal}: exit ${exit}, results.json with interrupted: true, a valid junit.xml, and nothing stale`, async () => {
      const { code, out, stderr } = await interruptedRun(signal);
      expect(code, stderr).toBe(exit);
      const results = (await validateResults(JSON.parse(await readFile(join(out, 'results.json'), 'utf8')))) as Results;
      expect(results.interrupted).toBe(true);
      expect(results.stopped?.kind).toBe('interrupted');
      // Every selected case is accounted for; the ones not reached say so and are never failures.
      expect(results.cases.length).toBeGreaterThan(50);
      const notReached = results.cases.filter((c) => c.message.includes(`interrupted (${signal})`));
      expect(notReached.length).toBeGreaterThan(10);
      expect(notReached.every((c) => c.verdict === 'inconclusive')).toBe(true);
      const junit = await readFile(join(out, 'junit.xml'), 'utf8');
      expect(junit).toMatch(/^<\?xml [^>]*\?>\s*<testsuites [^>]*tests="\d+"/);
      expect(junit.trimEnd()).toMatch(/<\/testsuites>$/);
      expect((junit.match(/<testcase /g) ?? []).length).toBe(results.cases.length);
      const md = await readFile(join(out, 'report.md'), 'utf8');
      expect(md).not.toContain(STALE);
      expect(md.length).toBeGreaterThan(100);
      expect(await readFile(join(out, 'report.html'), 'utf8')).toContain('<html');
      expect(await readdir(join(out, 'allure-results')).catch(() => [])).not.toContain('old-result.json');
    }, 300_000);
  }
});
