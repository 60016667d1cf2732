// Pacing against rate-limited targets, as ratios measured in one run (issue #13 items 1, 2, 5):
//   npm run build && node bench/pacing.mjs [--window-s 60] [--limit 30]
// 1. unknown limit: the openai suite against the emulator behind a gateway that refuses with bare 429s
//    (no Retry-After, no x-ratelimit-*) past N requests per sliding window nobody declared. Reports the
//    refused share (goal <= 0.15), run time / the ideal (accepted requests / the limit; goal <= 1.5), the
//    learned rate / the real limit, and the cases whose verdict differs from an unlimited run's.
// 2. declared limit: the same suite paced at the limit the emulator enforces (sliding window). Reports
//    the accepted requests / (the limit x the run's time) (goal >= 0.95), 429s (goal 0) and the most
//    requests in any window (never above the limit).
// 3. a limit counted per second (--per-second, default 10), bare 429s, a sliding and a fixed window, the
//    pacer assuming a minute (as it does against a real target): the figures of 1, per window rule.
// 1 and 2 run at once (each takes about requests / limit: ~4 minutes at 30 a minute), then 3 (seconds).
// The last line is one JSON object for bench/run.mjs to pick up.
import { createServer, request as httpRequest } from 'node:http';
import { parseArgs } from 'node:util';
import { startEmulator } from '../dist/emulator/server.js';
import { loadProfile } from '../dist/spec/load.js';
import { BENCH_KEY as KEY, benchContext } from './context.mjs';
import { executeAll } from '../dist/run/execute-all.js';
import { createTransport } from '../dist/transport/http.js';
import { DEFAULT_LIMITS } from '../dist/transport/types.js';

const { values } = parseArgs({
  options: { 'window-s': { type: 'string', default: '60' }, limit: { type: 'string', default: '30' }, 'per-second': { type: 'string', default: '10' } },
});
const LIMIT = { requests: Number(values.limit), windowMs: Number(values['window-s']) * 1000 };
const profile = loadProfile('openai').profile;
const basePath = profile.target?.basePath ?? '';
const CONCURRENCY = 4;

/**
 * A gateway refusing with bare 429s past N per window, sliding or fixed (reset every windowMs since it
 * started); everything else forwarded untouched.
 */
async function bareLimitGateway(targetOrigin, limit, rule = 'sliding') {
  const target = new URL(targetOrigin);
  const window = [];
  const accepted = [];
  let refused = 0;
  const startedAt = performance.now();
  const server = createServer((req, res) => {
    const t = performance.now();
    const from = rule === 'fixed' ? startedAt + Math.floor((t - startedAt) / limit.windowMs) * limit.windowMs - 1e-9 : t - limit.windowMs;
    while (window.length && window[0] <= from) window.shift();
    if (window.length >= limit.requests) {
      refused++;
      req.resume();
      req.on('end', () => {
        res.writeHead(429, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'Too many requests', type: 'requests', param: null, code: null } }));
      });
      return;
    }
    window.push(t);
    accepted.push(t);
    const up = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      },
    );
    up.on('error', () => res.headersSent || res.writeHead(502) || res.end());
    req.pipe(up);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    accepted,
    refused: () => refused,
    close: () => (server.closeAllConnections(), new Promise((r) => server.close(r))),
  };
}

async function runAll(ctx) {
  const t = performance.now();
  const { cases } = await executeAll(ctx, CONCURRENCY);
  const ms = performance.now() - t;
  await ctx.close();
  return { ms, cases: new Map(cases.map((c) => [c.id, c])), stats: ctx.stats, pacing: ctx.pacing };
}

function maxInWindow(times, windowMs) {
  let max = 0;
  for (let lo = 0, hi = 0; hi < times.length; hi++) {
    while (times[lo] <= times[hi] - windowMs) lo++;
    max = Math.max(max, hi - lo + 1);
  }
  return max;
}

/** `pacingWindowMs`: the pacer's longest window (undefined: a minute, as against a real target). */
async function unknownLimit(limit, rule, pacingWindowMs) {
  const emu = await startEmulator({ profile, apiKey: KEY, chunkDelayMs: 0 });
  const control = await runAll(benchContext(emu.baseUrl));
  const gw = await bareLimitGateway(emu.origin, limit, rule);
  // Adaptive pacing is what a real target without a declared limit gets (paceAtDeclaredLimit, no --rpm).
  const r = await runAll(benchContext(gw.origin + basePath, {}, { paceAtDeclaredLimit: true, pacingWindowMs }));
  await gw.close();
  await emu.close();
  const answered = r.stats.sent - r.stats.rateLimited;
  const idealMs = (answered / limit.requests) * limit.windowMs;
  // header.retry-after reads the 429s themselves: the gateway's carry nothing to time a back-off by, a true failure.
  // stream.incremental reads arrival times, and this emulator writes its events with no delay (chunkDelayMs 0): whether
  // they land in one read is chance on either path, not pacing.
  const notByPacing = new Set(['header.retry-after', 'stream.incremental']);
  const changed = [...control.cases.values()].filter((c) => !notByPacing.has(c.id) && r.cases.get(c.id)?.verdict !== c.verdict).map((c) => c.id);
  return {
    sent: r.stats.sent,
    refused: r.stats.rateLimited,
    refusedShare: r.stats.rateLimited / r.stats.sent,
    timeRatio: r.ms / idealMs,
    learnedRatio: r.pacing.perMinute === undefined ? null : r.pacing.perMinute / ((limit.requests * 60_000) / limit.windowMs),
    source: r.pacing.source,
    casesChangedBy429: changed,
  };
}

async function declaredLimit() {
  const emu = await startEmulator({ profile, apiKey: KEY, chunkDelayMs: 0, rateLimit: LIMIT });
  const seen = [];
  const wire = createTransport({ baseUrl: emu.baseUrl, apiKey: KEY, defaultAuth: 'bearer', headers: {}, limits: DEFAULT_LIMITS });
  const send = async (req) => {
    seen.push(performance.now());
    return wire.send(req);
  };
  const r = await runAll(benchContext(emu.baseUrl, { rate: LIMIT }, { send }));
  await wire.close();
  await emu.close();
  const accepted = r.stats.sent - r.stats.rateLimited;
  return {
    sent: r.stats.sent,
    rateLimited: r.stats.rateLimited,
    efficiency: accepted / ((LIMIT.requests / LIMIT.windowMs) * r.ms),
    maxInWindow: maxInWindow(seen, LIMIT.windowMs),
  };
}

// A scaled window (--window-s) scales the pacer's assumption with it; at 60 s it is the default.
const [u, d] = await Promise.all([unknownLimit(LIMIT, 'sliding', LIMIT.windowMs), declaredLimit()]);
const SECOND = { requests: Number(values['per-second']), windowMs: 1_000 };
const perSecond = { sliding: await unknownLimit(SECOND, 'sliding'), fixed: await unknownLimit(SECOND, 'fixed') };
const fmt = (x) => (x === null ? 'n/a' : x.toFixed(2));
const lim = `${LIMIT.requests}/${LIMIT.windowMs / 1000}s`;
const unknownLine = (label, x) =>
  `${label}, bare 429s: ${x.sent} requests, ${fmt(x.refusedShare)} refused (goal <= 0.15), ${fmt(x.timeRatio)}x the ideal time (goal <= 1.5), learned ${fmt(x.learnedRatio)} of the limit (${x.source}), ${x.casesChangedBy429.length} cases changed by a 429${x.casesChangedBy429.length ? `: ${x.casesChangedBy429.join(', ')}` : ''}`;
console.log(unknownLine(`unknown limit  ${lim}`, u));
for (const [rule, x] of Object.entries(perSecond)) console.log(unknownLine(`unknown limit  ${SECOND.requests}/1s ${rule}`, x));
console.log(
  `declared limit ${lim}: ${d.sent} requests, ${d.rateLimited} x 429, ${fmt(d.efficiency)} of the declared rate (goal >= 0.95), at most ${d.maxInWindow} in any window (limit ${LIMIT.requests})`,
);
console.log(JSON.stringify({ bench: 'pacing', limit: LIMIT, unknownLimit: u, declaredLimit: d, perSecond: { limit: SECOND, ...perSecond } }));
