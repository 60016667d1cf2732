/**
 * A third-party OpenAI-compatible server the tests install: @dwmkerr/mock-llm (an echo server used by others
 * for testing AI applications), run as its own process on loopback. Code the harness was not built with.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './cli.js';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export async function startMockLlm(): Promise<{ baseUrl: string; stop(): Promise<void> }> {
  const port = await freePort();
  // Its own working folder: it reads ./mock-llm.yaml when present, and we want its defaults.
  const cwd = mkdtempSync(join(tmpdir(), 'mock-llm-'));
  const child = spawn(process.execPath, [join(ROOT, 'node_modules/@dwmkerr/mock-llm/dist/main.js')], { cwd, env: { ...process.env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`mock-llm did not start: ${out}`)), 20_000);
    child.stdout.on('data', (d) => {
      out += String(d);
      if (/server running/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr.on('data', (d) => (out += String(d)));
    child.on('exit', (code) => reject(new Error(`mock-llm exited (${code}): ${out}`)));
  });
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    stop: () =>
      new Promise((resolve) => {
        child.removeAllListeners('exit');
        child.on('close', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
