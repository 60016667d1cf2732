// Benchmarks, as ratios measured in one run against loopback servers (never timed assertions in tests;
// issue #13 item 5). `npm run bench` prints:
// 1. requests: requests sent per case, full runs of the openai and parallel profiles (emulator);
// 2. pacing: learned rate / real limit and declared-rate efficiency, from bench/pacing.mjs when present;
// 3. overhead: the harness's time per request against a raw undici loop on the same server;
// 4. full run: wall time of a whole run against the minimum its latency and concurrency allow;
// 5. rate limit: achieved throughput against a server that enforces a declared limit, and the 429s it saw;
// 6. memory: peak RSS of a full run and of two flood targets (bench/memory.mjs);
// 7. start-up: `oai-compat run --help` against bare `node -e 0` (ratio and medians), and its peak RSS.
import { request } from 'undici';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../dist/emulator/server.js';
import { loadProfile } from '../dist/spec/load.js';
import { BENCH_KEY as KEY, benchContext } from './context.mjs';
import { executeAll } from '../dist/run/execute-all.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const profile = loadProfile('openai').profile;
const body = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'In three or four sentences, describe how rivers shape the landscape over time.' }] };

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
  const ctx = benchContext(emu.baseUrl, { concurrency: 1 });
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
  const ctx = benchContext(emu.baseUrl, { concurrency });
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
  const ctx = benchContext(emu.baseUrl, { rate: limit, concurrency: 8 });
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

/** A script's output: its stdout, and its last line parsed as JSON when it is JSON. */
function script(file, args = []) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, file), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('close', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      let json;
      try {
        json = JSON.parse(last);
      } catch {}
      resolve({ code, out, json });
    });
  });
}

/** Requests sent per case in a full run of a profile against its built-in emulator (the CLI, as a user runs it). */
async function requestsPerCase(profileName) {
  const out = mkdtempSync(join(tmpdir(), 'oai-compat-bench-'));
  const run = await cli(['run', '--profile', profileName, '--out', out, '--quiet'], {});
  if (run.code !== 0 && run.code !== 1) throw new Error(`bench: oai-compat run --profile ${profileName} exited ${run.code}`);
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
  return { profile: profileName, sent: results.requests.sent, cases: results.cases.length };
}

/**
 * `run --help` against bare `node -e 0`, interleaved in one run (so a loaded machine slows both alike):
 * the medians of 7 (after one warm-up each), their ratio, and the largest peak RSS, from /usr/bin/time.
 */
async function helpStartup(runs = 7) {
  const once = (args) =>
    new Promise((resolve) => {
      const t = performance.now();
      const child = spawn('/usr/bin/time', ['-f', 'MAXRSS_KB=%M', process.execPath, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d) => (err += d));
      child.on('close', () => resolve({ ms: performance.now() - t, rssMb: Number(/MAXRSS_KB=(\d+)/.exec(err)?.[1]) / 1024 }));
    });
  const help = [join(ROOT, 'bin/oai-compat.js'), 'run', '--help'];
  const bare = ['-e', '0'];
  await once(help);
  await once(bare);
  const helpRuns = [];
  const bareRuns = [];
  for (let i = 0; i < runs; i++) {
    helpRuns.push(await once(help));
    bareRuns.push(await once(bare));
  }
  const median = (xs) => xs.map((x) => x.ms).sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const medianMs = median(helpRuns);
  const bareMs = median(bareRuns);
  return { runs, medianMs, bareMs, ratio: medianMs / bareMs, rssMb: Math.max(...helpRuns.map((x) => x.rssMb)) };
}

const fmt = (x) => x.toFixed(2);
const perCase = (x) => `${x.profile} ${x.sent} requests / ${x.cases} cases = ${fmt(x.sent / x.cases)} a case`;
const memory = await script('bench/memory.mjs', ['--json']);
const mem = memory.json;
const openaiRun = mem ? { profile: 'openai', sent: mem.fullRun.sent, cases: mem.fullRun.cases } : await requestsPerCase('openai');
const parallelRun = await requestsPerCase('parallel');
const pacing = existsSync(join(ROOT, 'bench/pacing.mjs')) ? await script('bench/pacing.mjs') : undefined;
const o = await overhead();
const f = await fullRun();
const r = await rateLimited();
const h = await helpStartup();
console.log(`node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
console.log(`requests      ${perCase(openaiRun)} (goal <= 0.45); ${perCase(parallelRun)} (goal <= 0.35)`);
console.log(`pacing        ${pacingLine(pacing)}`);
console.log(
  `overhead      harness ${fmt(o.harnessMs)} ms/request vs raw undici ${fmt(o.rawMs)} ms/request (${o.n} sequential requests): ratio ${fmt(o.ratio)}`,
);
console.log(
  `full run      ${f.sent} requests, ${f.latencyMs} ms server latency, concurrency ${f.concurrency}: engine ${Math.round(f.engineMs)} ms = ${fmt(f.engineRatio)}x the minimum; command (vitest + reports) ${Math.round(f.cliMs)} ms = ${fmt(f.cliRatio)}x`,
);
console.log(
  `rate limit    ${r.sent} requests (${r.accepted} accepted) against a server enforcing ${r.limit}: ${fmt(r.achievedRatio)} of the allowed rate, ${r.rateLimited} x 429`,
);
if (mem)
  console.log(
    `memory        peak RSS, one process: full run (emulator, openai) ${mem.fullRun.rssMb} MB (goal <= 200); flood of tiny SSE events ${mem.flood.rssMb} MB, 1e6 levels of nested JSON ${mem.deep.rssMb} MB (goal < 600)`,
  );
else console.log(`memory        n/a (bench/memory.mjs exited ${memory.code} without its figures)`);
console.log(
  `start-up      run --help: median ${Math.round(h.medianMs)} ms of ${h.runs} (goal < 500 on an idle machine) = ${fmt(h.ratio)}x bare node -e 0 (${Math.round(h.bareMs)} ms), peak RSS ${Math.round(h.rssMb)} MB`,
);

/** bench/pacing.mjs (the pacing work's own bench) prints its figures a line each, then one JSON line: the lines, as they are. */
function pacingLine(p) {
  if (!p) return 'n/a (bench/pacing.mjs missing)';
  if (!p.json || typeof p.json !== 'object') return `n/a (bench/pacing.mjs exited ${p.code} without a JSON line)`;
  const lines = p.out
    .trim()
    .split('\n')
    .slice(0, -1)
    .filter((l) => l.trim());
  return lines.join('\n              ');
}
