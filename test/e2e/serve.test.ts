/**
 * `oai-compat serve` as a user starts it (a child process): it impersonates the profile on loopback, takes
 * its key from the environment variable named by --api-key-env, and `run` against it passes.
 */
import { describe, it, expect } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { cli, ROOT } from '../support/cli.js';

const KEY = 'sk-serve-test-key-0123456789abcdefghij';

async function serve(args: string[]): Promise<{ baseUrl: string; stop(): Promise<void>; output(): string }> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/oai-compat.js'), 'serve', ...args], {
    env: { ...process.env, PROVIDER_KEY: KEY },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${out}`)), 20_000);
    const onData = (d: Buffer) => {
      out += String(d);
      const m = / on (http:\/\/127\.0\.0\.1:\d+\S*)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d) => (out += String(d)));
  });
  return {
    baseUrl,
    output: () => out,
    stop: () =>
      new Promise((resolve) => {
        child.on('close', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

describe('oai-compat serve', () => {
  it('impersonates Parallel: empty id, one choice, basis on research models only, x-api-key on /v1beta', async () => {
    const s = await serve(['--profile', 'parallel', '--api-key-env', 'PROVIDER_KEY']);
    try {
      expect(s.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/); // Parallel's base URL has no /v1
      expect(s.output()).not.toContain(KEY);
      const ask = (path: string, headers: Record<string, string>, model: string) =>
        fetch(`${s.baseUrl}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Hi' }], n: 3 }),
        });
      const speed = await ask('/chat/completions', { authorization: `Bearer ${KEY}` }, 'speed');
      expect(speed.status).toBe(200);
      const body = (await speed.json()) as { id: string; choices: unknown[]; basis?: unknown };
      expect(body.id).toBe('');
      expect(body.choices).toHaveLength(1);
      expect(body.basis).toBeUndefined();
      const core = await ask('/v1beta/chat/completions', { 'x-api-key': KEY }, 'core');
      expect(core.status).toBe(200);
      expect(Array.isArray(((await core.json()) as { basis?: unknown }).basis)).toBe(true);
      expect((await ask('/chat/completions', { authorization: 'Bearer wrong-key-0000000000' }, 'speed')).status).toBe(401);
    } finally {
      await s.stop();
    }
  });

  it('run against a served emulator, with the key read from the variable named by --api-key-env', async () => {
    const s = await serve(['--profile', 'flexai', '--api-key-env', 'PROVIDER_KEY']);
    try {
      const out = await mkdtemp(join(tmpdir(), 'oai-compat-serve-'));
      // FlexAI's page names no chat model: a real target needs --model (the inherited default is OpenAI's).
      const noModel = await cli(['run', '--base-url', s.baseUrl, '--profile', 'flexai', '--api-key-env', 'PROVIDER_KEY', '--out', out]);
      expect(noModel.code).toBe(2);
      expect(noModel.stderr).toMatch(/names no model of its own .* pass --model/);
      const r = await cli(
        ['run', '--base-url', s.baseUrl, '--profile', 'flexai', '--model', 'gpt-4o-mini', '--api-key-env', 'PROVIDER_KEY', '--out', out, '--quiet'],
        { PROVIDER_KEY: KEY },
      );
      expect(r.code, r.stdout + r.stderr).toBe(0);
      const without = await cli([
        'run',
        '--base-url',
        s.baseUrl,
        '--profile',
        'flexai',
        '--model',
        'gpt-4o-mini',
        '--api-key-env',
        'NOT_SET_ANYWHERE',
        '--out',
        out,
        '--quiet',
        '--only',
        'request.n',
      ]);
      expect(without.stderr).toMatch(/\$NOT_SET_ANYWHERE is not set/);
      expect(without.code).toBe(3); // every request refused (401)
    } finally {
      await s.stop();
    }
  });
});
