/**
 * A third-party OpenAI-compatible server the tests install: @dwmkerr/mock-llm (an echo server used by others
 * for testing AI applications), run as its own process on loopback. Code the harness was not built with.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './cli.js';
import { spawnServer } from '../thirdparty/spawn-server.js';

/** `config`: a mock-llm.yaml of its own rule format to load (`--config`); without it, its defaults. */
export async function startMockLlm(config?: string): Promise<{ baseUrl: string; stop(): Promise<void> }> {
  // Its own working folder: it reads ./mock-llm.yaml when present, and we want its defaults (or `config`).
  const cwd = mkdtempSync(join(tmpdir(), 'mock-llm-'));
  const server = await spawnServer({
    name: '@dwmkerr/mock-llm',
    args: () => [join(ROOT, 'node_modules/@dwmkerr/mock-llm/dist/main.js'), ...(config ? ['--config', config] : [])],
    cwd,
    env: (port) => ({ HOST: '127.0.0.1', PORT: String(port) }),
    ready: /server running/,
  });
  return { baseUrl: `${server.origin}/v1`, stop: server.stop };
}
