// Benchmarks, as ratios measured in one run against loopback servers (never timed assertions in tests).
//   npm run bench
// 1. overhead: the harness's time per request against a raw undici loop on the same server;
// 2. full run: wall time of a whole run against the minimum its latency and concurrency allow;
// 3. rate limit: achieved throughput against a server that enforces a limit, and the 429s it saw.
import { request } from 'undici';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../dist/emulator/server.js';
import { loadProfile } from '../dist/spec/load.js';
import { RunContext } from '../dist/run/context.js';
import { RunConfigSchema } from '../dist/run/config.js';
import { executeAll } from '../dist/run/execute-all.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const KEY = 'sk-bench-0123456789abcdefghijklmnop';
const profile = loadProfile('openai').profile;
const body = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'In three or four sentences, describe how rivers shape the landscape over time.' }] };

function context(baseUrl, extra = {}) {
  const config = RunConfigSchema.parse({
    profile: 'openai',
    baseUrl,
    model: 'gpt-4o-mini',
    apiKeyEnv: 'UNUSED',
    outDir: '/tmp/unused',
    emulator: true,
    ...extra,
  });
  return new RunContext({ config, apiKey: KEY });
}

async function overhead(n = 400) {
  const emu = await startEmulator({ profile, apiKey: KEY, chunkDelayMs: 0 });
  const url = `${emu.baseUrl}/chat/completions`;
  const headers = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };
  const raw = async () => {
    const t = performance.now();
    for (let i = 0; i < n; i++) {
      const res = await request(url, { method: 'POST', headers, body: JSON.stringify(body) });
      await res.body.arrayBuffer();
    }
    return (performance.now() - t) / n;
  };
  const ctx = context(emu.baseUrl, { concurrency: 1 });
  const harness = async () => {
    const t = performance.now();
    for (let i = 0; i < n; i++) await ctx.send({ method: 'POST', path: '/chat/completions', json: body, fresh: true });
    return (performance.now() - t) / n;
  };
  await raw();
  await harness(); // warm up both paths (JIT, sockets)
  const r = await raw();
  const h = await harness();
  await ctx.close();
  await emu.close();
  return { n, rawMs: r, harnessMs: h, ratio: h / r };
}

function cli(args, env) {
  return new Promise((resolve) => {
    const t = performance.now();
    const child = spawn(process.execPath, [join(ROOT, 'bin/oai-compat.js'), ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('close', (code) => resolve({ code, ms: performance.now() - t }));
  });
}

async function fullRun(latencyMs = 100, concurrency = 4) {
  const emu = await startEmulator({ profile, apiKey: KEY, latencyMs, chunkDelayMs: 0 });
  // In-process (the engine alone) and through the command (vitest, reports included).
  const ctx = context(emu.baseUrl, { concurrency });
  const t = performance.now();
  await executeAll(ctx, concurrency);
  const engineMs = performance.now() - t;
  const sent = ctx.stats.sent;
  await ctx.close();
  const out = mkdtempSync(join(tmpdir(), 'oai-compat-bench-'));
  const run = await cli(['run', '--base-url', emu.baseUrl, '--out', out, '--concurrency', String(concurrency), '--quiet'], { OAI_COMPAT_API_KEY: KEY });
  if (run.code !== 0 && run.code !== 1) throw new Error(`bench: oai-compat run exited ${run.code} (0 or 1 expected); see its output above`);
  const cliSent = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')).requests.sent;
  await emu.close();
  const minimum = (requests) => Math.ceil(requests / concurrency) * latencyMs;
  return { latencyMs, concurrency, sent, engineMs, engineRatio: engineMs / minimum(sent), cliMs: run.ms, cliRatio: run.ms / minimum(cliSent) };
}

async function rateLimited(limit = { requests: 40, windowMs: 4_000 }) {
  const emu = await startEmulator({ profile, apiKey: KEY, rateLimit: limit, chunkDelayMs: 0 });
  const ctx = context(emu.baseUrl, { rate: limit, concurrency: 8 });
  const t = performance.now();
  await executeAll(ctx, 8);
  const ms = performance.now() - t;
  const s = ctx.stats;
  await ctx.close();
  await emu.close();
  const allowed = (limit.requests / limit.windowMs) * ms;
  // Throughput counts the requests the server accepted: a 429'd attempt is on the wire (in `sent`) but used none of the limit.
  const accepted = s.sent - s.rateLimited;
  return {
    limit: `${limit.requests}/${limit.windowMs / 1000}s`,
    sent: s.sent,
    accepted,
    seconds: ms / 1000,
    achievedRatio: accepted / allowed,
    rateLimited: s.rateLimited,
  };
}

const o = await overhead();
const f = await fullRun();
const r = await rateLimited();
const fmt = (x) => x.toFixed(2);
console.log(`node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
console.log(
  `overhead      harness ${fmt(o.harnessMs)} ms/request vs raw undici ${fmt(o.rawMs)} ms/request (${o.n} sequential requests): ratio ${fmt(o.ratio)}`,
);
console.log(
  `full run      ${f.sent} requests, ${f.latencyMs} ms server latency, concurrency ${f.concurrency}: engine ${Math.round(f.engineMs)} ms = ${fmt(f.engineRatio)}x the minimum; command (vitest + reports) ${Math.round(f.cliMs)} ms = ${fmt(f.cliRatio)}x`,
);
console.log(
  `rate limit    ${r.sent} requests (${r.accepted} accepted) against a server enforcing ${r.limit}: ${fmt(r.achievedRatio)} of the allowed rate, ${r.rateLimited} x 429`,
);
