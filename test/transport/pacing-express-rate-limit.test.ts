/**
 * Pacing by a limiter we did not write (issue #13 item 1: "read x-ratelimit-* ... and pace by them before
 * a 429 happens"): express-rate-limit 8, in each of the header forms it writes, in front of a plain handler
 * (test/thirdparty/express-rate-limit-server.mjs), its own process. 15 requests per 1 s fixed window, 45
 * requests at concurrency 4 through the real transport and scheduler, adaptive (no limit declared).
 *
 * Expected, from its source (node_modules/express-rate-limit/dist/index.mjs): every answer under the limit
 * carries the room left and the seconds (or epoch seconds) to the window's reset, rounded up, so a client
 * that holds at 0 remaining until that reset meets no 429; the one race left is a reset that lands between
 * an answer and the next send, hence at most 2 (measured: 0 in every form; before the pacer counted the
 * answers of one hold as one, three answers of the first burst distrusted the headers and 4 were refused).
 * The control is the same limiter with its headers off (it is refused as long as the machine sends faster
 * than 15 a second at concurrency 4 over loopback: 12 to 14 of 45 were, on a loaded 2-core machine)
 * (bare 429s, no Retry-After): it must refuse more, or reading the headers proved nothing. Counts only.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScheduler } from '../../src/transport/scheduler.js';
import { createTransport } from '../../src/transport/http.js';
import { DEFAULT_LIMITS } from '../../src/transport/types.js';
import { spawnServer, type SpawnedServer } from '../thirdparty/spawn-server.js';

const SCRIPT = fileURLToPath(new URL('../thirdparty/express-rate-limit-server.mjs', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LIMIT = { requests: 15, windowMs: 1_000 };
const REQUESTS = 45;
const MODES = ['legacy', 'draft-6', 'draft-7', 'draft-8', 'bare'] as const;
type Mode = (typeof MODES)[number];

interface Outcome {
  statuses: number[];
  rateLimited: number;
  refusedByServer: number;
  source: string;
}

async function runAgainst(mode: Mode): Promise<Outcome> {
  const server: SpawnedServer = await spawnServer({
    name: `express-rate-limit (${mode})`,
    args: (port) => [SCRIPT, String(port), mode, String(LIMIT.requests), String(LIMIT.windowMs)],
    cwd: ROOT,
    ready: /listening on/,
  });
  const wire = createTransport({ baseUrl: `${server.origin}/v1`, apiKey: 'sk-unused', defaultAuth: 'bearer', headers: {}, limits: DEFAULT_LIMITS });
  try {
    // The pacer's longest window scaled to the limiter's (as the other pacing tests scale the minute).
    const sched = createScheduler({ send: wire.send, concurrency: 4, adaptive: true, adaptiveWindowMs: LIMIT.windowMs });
    const answers = await Promise.all(
      Array.from({ length: REQUESTS }, (_, i) =>
        sched.send({ method: 'POST', path: '/chat/completions', json: { model: 'm', messages: [{ role: 'user', content: `q${i}` }] } }),
      ),
    );
    const stats = (await (await fetch(`${server.origin}/stats`, { signal: AbortSignal.timeout(10_000) })).json()) as { refused: number };
    return {
      statuses: answers.map((a) => a.response?.status ?? 0),
      rateLimited: sched.stats().rateLimited,
      refusedByServer: stats.refused,
      source: sched.pacing().source,
    };
  } finally {
    await wire.close();
    await server.stop();
  }
}

describe('pacing by express-rate-limit, a limiter we did not write (15 per 1 s fixed window)', () => {
  const outcomes = new Map<Mode, Outcome>();
  beforeAll(async () => {
    // One after another: five limiters at once on two cores would time each other's windows.
    for (const mode of MODES) outcomes.set(mode, await runAgainst(mode));
  }, 120_000);
  afterAll(() => outcomes.clear());

  it('the control (headers off: bare 429s) is refused: the limit was met', () => {
    const bare = outcomes.get('bare')!;
    expect(bare.refusedByServer).toBeGreaterThan(2);
    expect(bare.statuses.every((s) => s === 200)).toBe(true);
    expect(bare.source).toBe('adaptive');
  });

  for (const mode of MODES.filter((m) => m !== 'bare')) {
    it(`${mode}: every answer got, paced by the room headers before a 429 (at most 2, fewer than bare)`, () => {
      const o = outcomes.get(mode)!;
      expect(o.statuses.every((s) => s === 200)).toBe(true);
      expect(o.rateLimited).toBe(o.refusedByServer);
      expect(o.refusedByServer).toBeLessThanOrEqual(2);
      expect(o.refusedByServer).toBeLessThan(outcomes.get('bare')!.refusedByServer);
      // No 429 at all: the headers alone paced the run.
      if (o.refusedByServer === 0) expect(o.source).toBe('headers');
    });
  }
});
