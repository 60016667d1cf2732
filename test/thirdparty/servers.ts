/**
 * The third-party test bed's servers, each installed from npm (package.json) and started on loopback:
 * - Prism (@stoplight/prism-cli) mocking OpenAI's OpenAPI description: static examples, request validation;
 * - Portkey's gateway (@portkey-ai/gateway) as an OpenAI-compatible hop in front of the oai-compat emulator;
 * - @dwmkerr/mock-llm, a fixed-answer (echo) mock, with its defaults or with rules that honour n, logprobs and tools.
 * Each returns the base URL a user would pass to `oai-compat run` and the headers it needs.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { ROOT } from '../support/cli.js';
import { startMockLlm } from '../support/mock-llm.js';
import { startEmulator } from '../../src/emulator/server.js';
import { loadProfile } from '../../src/spec/load.js';
import { normaliseNullable } from './openapi-normalise.js';
import { spawnServer } from './spawn-server.js';

export interface TestBedTarget {
  baseUrl: string;
  model: string;
  /** The key the run sends (the targets here accept any, or the emulator's own). */
  apiKey: string;
  headers: Record<string, string>;
  stop(): Promise<void>;
}

const HERE = fileURLToPath(new URL('./', import.meta.url));

/** Prism serving the repository's copy of OpenAI's description, normalised for Prism (openapi-normalise.ts). */
export async function startPrism(): Promise<TestBedTarget & { normalised: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'oai-compat-prism-'));
  const { doc, changed } = normaliseNullable(parse(readFileSync(join(HERE, 'openai-openapi.subset.yaml'), 'utf8')));
  const spec = join(dir, 'openai-openapi.normalised.json');
  writeFileSync(spec, JSON.stringify(doc));
  const server = await spawnServer({
    name: '@stoplight/prism-cli',
    args: (port) => [join(ROOT, 'node_modules/@stoplight/prism-cli/dist/index.js'), 'mock', '--host', '127.0.0.1', '--port', String(port), spec],
    cwd: dir,
    // Prism's install telemetry is a postinstall script (not run); nothing at run time phones home.
    env: () => ({ NO_COLOR: '1', FORCE_COLOR: '0' }),
    ready: /Prism is listening/,
    // Prism converts and dereferences the whole description before it listens; with the Responses operations
    // (~370 schemas) that takes ~40 s on a loaded 2-core machine, past the default 45 s bound's margin.
    startTimeoutMs: 150_000,
  });
  try {
    await warmUpPrism(server.origin);
  } catch (e) {
    await server.stop();
    throw e;
  }
  // OpenAI's description lists its paths without the /v1 server prefix, and Prism serves them as listed.
  return { baseUrl: server.origin, model: 'gpt-4o', apiKey: 'sk-prism-accepts-any-bearer-0000', headers: {}, normalised: changed, stop: server.stop };
}

/**
 * Prism compiles an operation's validators on its first request: for the Responses operations (hundreds of
 * schemas) that first answer took 17 s (POST) and 8 s (GET) on a loaded 2-core machine, then under 1 s, and the run
 * bounds each request at 20 s. One valid request to each, with a bound of its own, pays that once before the run.
 */
async function warmUpPrism(origin: string): Promise<void> {
  const headers = { authorization: 'Bearer sk-prism-warm-up-0000', 'content-type': 'application/json' };
  const warm = [
    { url: `${origin}/responses`, method: 'POST', body: JSON.stringify({ model: 'gpt-4o', input: 'warm-up' }) },
    { url: `${origin}/responses/resp_warm_up`, method: 'GET' },
  ];
  for (const { url, ...init } of warm) {
    const res = await fetch(url, { ...init, headers, signal: AbortSignal.timeout(120_000) });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`Prism's warm-up ${init.method} ${url} got HTTP ${res.status}`);
  }
}

/**
 * Portkey's gateway in front of the emulator of the openai profile: the gateway's own OpenAI provider with
 * the emulator as its custom host (headers `x-portkey-provider: openai`, `x-portkey-custom-host`, as in the
 * gateway's README), the run's bearer key forwarded as the provider's key.
 */
export async function startPortkeyInFrontOfEmulator(): Promise<TestBedTarget> {
  const apiKey = 'sk-portkey-hop-0123456789abcdef';
  // 20 ms between stream events, a model's pace: with the default 2 ms the emulator writes a whole answer into the
  // socket before a loaded machine schedules the gateway's first read, and the run sees one read (backlog, not buffering).
  const emulator = await startEmulator({ profile: loadProfile('openai').profile, apiKey, chunkDelayMs: 20 });
  try {
    const dir = mkdtempSync(join(tmpdir(), 'oai-compat-portkey-'));
    const server = await spawnServer({
      name: '@portkey-ai/gateway',
      args: (port) => [
        '--import',
        join(HERE, 'loopback-only.mjs'),
        join(ROOT, 'node_modules/@portkey-ai/gateway/build/start-server.js'),
        `--port=${port}`,
        '--headless',
      ],
      cwd: dir,
      env: () => ({ NODE_ENV: 'production', NO_COLOR: '1' }),
      ready: /Ready for connections/,
    });
    return {
      baseUrl: `${server.origin}/v1`,
      model: loadProfile('openai').profile.target?.defaultModel ?? 'gpt-4o-mini',
      apiKey,
      headers: { 'x-portkey-provider': 'openai', 'x-portkey-custom-host': emulator.baseUrl },
      stop: async () => {
        await server.stop();
        await emulator.close();
      },
    };
  } catch (e) {
    await emulator.close();
    throw e;
  }
}

export async function startMockLlmTarget(): Promise<TestBedTarget> {
  const mock = await startMockLlm();
  return { baseUrl: mock.baseUrl, model: 'gpt-4', apiKey: 'sk-mock-llm-accepts-anything-0000', headers: {}, stop: mock.stop };
}

/**
 * @dwmkerr/mock-llm with rules of its own format (mock-llm.honours-n-logprobs-tools.yaml) that honour n, logprobs and
 * tools: which fields have an effect is decided by mock-llm's rule matching; the parallel profile declares all three ignored.
 */
export async function startMockLlmHonouringFields(): Promise<TestBedTarget> {
  const mock = await startMockLlm(join(HERE, 'mock-llm.honours-n-logprobs-tools.yaml'));
  return { baseUrl: mock.baseUrl, model: 'speed', apiKey: 'sk-mock-llm-accepts-anything-0000', headers: {}, stop: mock.stop };
}
