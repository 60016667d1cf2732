import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecorder, loadCassette, openReplay } from '../../src/transport/cassette.js';
import { CASSETTE_FORMAT, CASSETTE_VERSION } from '../../src/transport/cassette-format.js';
import { createScheduler } from '../../src/transport/scheduler.js';
import { registerSecret } from '../../src/transport/redact.js';
import type { Exchange, OutgoingRequest } from '../../src/transport/types.js';
import { loopbackSend, startRateLimitedServer } from '../support/ratelimited-server.js';

const dir = mkdtempSync(join(tmpdir(), 'oai-compat-cassette-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const post = (path: string, extra: Partial<OutgoingRequest> = {}): OutgoingRequest => ({ method: 'POST', path, json: { model: 'm' }, ...extra });

/** Records `reqs` (sent concurrently through a scheduler) against a fresh server, then closes the server. */
async function record(file: string, reqs: OutgoingRequest[], latencyByPath: Record<string, number> = {}) {
  const server = await startRateLimitedServer({ latencyByPath });
  const transport = loopbackSend(server.url);
  const recorder = createRecorder(file);
  const send = recorder.wrap(createScheduler({ send: transport.send, concurrency: 4 }).send);
  const answers = await Promise.all(reqs.map((r) => send(r)));
  await recorder.close();
  const sent = server.count();
  await transport.close();
  await server.close();
  return { answers, sent, recorder };
}

/** Replays `reqs` in the same order through a scheduler with no rate limit, as `--replay` does. */
async function replay(file: string, reqs: OutgoingRequest[]) {
  const rp = await openReplay(file);
  const sched = createScheduler({ send: rp.send, concurrency: 4 });
  const answers = await Promise.all(reqs.map((r) => sched.send(r)));
  return { answers, rp, sched };
}

type StoredExchange = Omit<Exchange, 'response'> & {
  response?: Omit<NonNullable<Exchange['response']>, 'reads'> & { reads: Array<{ t: number; b64: string }> };
};
type Line = Record<string, unknown> & { exchange: StoredExchange };
const lines = (file: string) =>
  readFileSync(file, 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Line);
const text = (ex: Exchange) => Buffer.concat(ex.response!.reads.map((r) => r.bytes)).toString('utf8');
const withoutReplayed = ({ replayed: _r, ...ex }: Exchange) => ex;

describe('record and replay', () => {
  const reqs: OutgoingRequest[] = [
    post('/slow', { purpose: 'response.slow' }), // answers last: completion order differs from sending order
    post('/stream', { purpose: 'stream.chunks', json: { model: 'm', stream: true } }),
    { method: 'GET', path: '/models', purpose: 'endpoint.models' },
    post('/status/400', { purpose: 'error.bad' }),
    post('/sample', { fresh: true, purpose: 'request.seed' }),
    post('/sample', { fresh: true, purpose: 'request.seed' }),
    post('/sample', { fresh: true, purpose: 'request.seed' }),
    post('/shared', { purpose: 'a.one' }),
    post('/shared', { purpose: 'b.two' }), // identical to the one above: sent and recorded once
  ];
  const file = join(dir, 'run.jsonl');
  let rec: Awaited<ReturnType<typeof record>>;
  beforeAll(async () => {
    rec = await record(file, reqs, { '/slow': 200 });
  });

  it('writes a versioned JSON Lines file: one line per request sent, reads as base64 with their times', () => {
    const { answers, sent, recorder } = rec;
    expect(sent).toBe(8);
    expect(recorder.stats()).toEqual({ recorded: 8, reRedacted: 0 });

    const stored = lines(file);
    expect(stored[0]).toMatchObject({ format: CASSETTE_FORMAT, version: CASSETTE_VERSION });
    expect(stored).toHaveLength(1 + 8);
    expect(
      stored
        .slice(1)
        .map((l) => l.seq)
        .sort(),
    ).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    // seq numbers follow the send order whatever order the answers complete in (lines are written as
    // they complete, which on a loaded machine need not be the order the server's delays suggest).
    expect(stored.slice(1).find((l) => l.exchange.request.url.endsWith('/slow'))!.seq).toBe(0);

    const stream = stored.slice(1).find((l) => l.exchange.request.url.endsWith('/stream'))!;
    const reads = stream.exchange.response!.reads;
    expect(reads.length).toBeGreaterThanOrEqual(2); // the server writes 4 events 15 ms apart
    expect(reads.map((r) => Buffer.from(r.b64, 'base64').toString()).join('')).toBe(text(answers[1]!));
    expect(reads.map((r) => r.t)).toEqual(answers[1]!.response!.reads.map((r) => r.t));
  });

  it('answers every request from the recording, identical to the original, with no network', async () => {
    // The server is closed: any network attempt would fail and show up as a network error.
    const original = rec.answers;
    const { answers, rp, sched } = await replay(file, reqs);
    for (const [i, ex] of answers.entries()) {
      expect(ex.replayed, `request ${i}`).toBe(true);
      expect(withoutReplayed(ex), `request ${i}`).toEqual(original[i]);
    }
    // Stream bytes, read boundaries and arrival times survive.
    expect(answers[1]!.response!.reads).toEqual(original[1]!.response!.reads);
    expect(text(answers[1]!)).toContain('data: [DONE]');
    // Fresh samples come back in recorded order, each once: three distinct arrival numbers.
    expect(answers.slice(4, 7).map(text)).toEqual(original.slice(4, 7).map(text));
    expect(new Set(answers.slice(4, 7).map(text)).size).toBe(3);
    expect(rp.stats()).toEqual({ answered: 8, misses: 0, unused: 0 });
    expect(sched.stats()).toMatchObject({ sent: 8, shared: 1, retried: 0 });
  });

  it('reports a request the recording does not hold as a replay miss', async () => {
    const rp = await openReplay(file);
    const other = await rp.send(post('/slow', { json: { model: 'other' } }));
    expect(other.response).toBeUndefined();
    expect(other.replayed).toBe(true);
    expect(other.error?.kind).toBe('replay-miss');
    expect(other.error?.message).toBe('replay miss: POST /slow: the recording has 1 exchange for POST /slow, none with this body, headers, auth and limits');
    const unknown = await rp.send({ method: 'GET', path: '/nowhere', purpose: 'endpoint.x' });
    expect(unknown.error?.message).toBe('replay miss: GET /nowhere (endpoint.x): the recording has no exchange for GET /nowhere');

    // Fresh samples run out; a repeated non-fresh request keeps getting its answer.
    for (let i = 0; i < 3; i++) expect((await rp.send(post('/sample', { fresh: true }))).error).toBeUndefined();
    const fourth = await rp.send(post('/sample', { fresh: true }));
    expect(fourth.error?.message).toMatch(/holds 3 samples of this request and this is call 4$/);
    const a = await rp.send(post('/shared'));
    const b = await rp.send(post('/shared'));
    expect(b.response?.status).toBe(200);
    expect(text(b)).toBe(text(a));
    expect(rp.stats()).toMatchObject({ misses: 3 });
  });

  it('records safely under concurrency: every answer, one whole line each', async () => {
    const many = Array.from({ length: 30 }, (_, i) => post(`/c/${i}`));
    const latency = Object.fromEntries(many.map((r, i) => [r.path, (i * 37) % 90]));
    const f = join(dir, 'many.jsonl');
    const { answers } = await record(f, many, latency);
    const stored = lines(f).slice(1);
    expect(stored).toHaveLength(30);
    expect(new Set(stored.map((l) => l.seq)).size).toBe(30);
    const order = stored.map((l) => l.seq as number);
    expect(order).not.toEqual([...order].sort((x, y) => x - y)); // completion order is not sending order
    const { answers: replayed } = await replay(f, many);
    expect(replayed.map(withoutReplayed)).toEqual(answers);
  });
});

describe('what a cassette may hold', () => {
  it('never stores a credential header value or a registered secret, even from a transport that did not redact', async () => {
    const secret = 'sk-test-0123456789abcdef';
    registerSecret(secret);
    const f = join(dir, 'secret.jsonl');
    const req = post('/echo', {
      headers: { Authorization: `Bearer ${secret}`, 'x-api-key': secret, 'api-key': 'short-but-credential' },
      json: { model: 'm', note: `key is ${secret}` },
    });
    // The test transport copies request headers and body into the exchange unredacted, and /echo
    // sends the body (with the secret) back in the response bytes.
    const { answers, recorder } = await record(f, [req]);
    expect(JSON.stringify(answers[0]!.request)).toContain(secret);
    expect(text(answers[0]!)).toContain(secret);

    const raw = readFileSync(f, 'utf8');
    expect(raw).not.toContain(secret);
    expect(raw).not.toContain('short-but-credential');
    expect(recorder.stats().reRedacted).toBeGreaterThan(0);
    const ex = lines(f)[1]!.exchange;
    expect(ex.request.headers).toMatchObject({ Authorization: 'Bearer [REDACTED]', 'x-api-key': '[REDACTED]', 'api-key': '[REDACTED]' });

    const { answers: replayed } = await replay(f, [req]);
    const body = text(replayed[0]!);
    expect(body).not.toContain(secret);
    expect(body).toContain('*'.repeat(secret.length)); // masked in place: byte length kept
    expect(replayed[0]!.response!.bodyBytes).toBe(answers[0]!.response!.bodyBytes);
  });

  it('does not record refused or dry-run requests', async () => {
    const server = await startRateLimitedServer();
    const transport = loopbackSend(server.url);
    const f = join(dir, 'refused.jsonl');
    const recorder = createRecorder(f);
    const send = recorder.wrap(createScheduler({ send: transport.send, maxRequests: 1 }).send);
    await send(post('/one'));
    await expect(send(post('/two'))).rejects.toThrow(/budget of 1 exhausted/);
    const dry = recorder.wrap(createScheduler({ send: transport.send, dryRun: true }).send);
    await dry(post('/three'));
    await recorder.close();
    await transport.close();
    await server.close();
    expect(
      lines(f)
        .slice(1)
        .map((l) => l.exchange.request.url.replace(server.url, '')),
    ).toEqual(['/one']);
  });

  it('refuses a cassette of another format or version, and tolerates a last line cut short', async () => {
    const f = join(dir, 'v2.jsonl');
    writeFileSync(f, `${JSON.stringify({ format: CASSETTE_FORMAT, version: 2, createdAt: '' })}\n`);
    await expect(loadCassette(f)).rejects.toThrow(/cassette version 2 is not supported \(this build reads version 1\)/);
    writeFileSync(f, '{"some":"json"}\n');
    await expect(loadCassette(f)).rejects.toThrow(/not an oai-compat cassette/);

    const good = join(dir, 'whole.jsonl');
    await record(good, [post('/a'), post('/b'), post('/c')]);
    const cut = join(dir, 'cut.jsonl');
    const content = readFileSync(good, 'utf8');
    writeFileSync(cut, content.slice(0, content.length - 40)); // a run killed mid-write
    const cassette = await loadCassette(cut);
    expect(cassette.entries).toHaveLength(lines(good).length - 2);
  });

  it('names the file and line of an entry that is JSON but not an entry, instead of a TypeError', async () => {
    const f = join(dir, 'odd.jsonl');
    const header = JSON.stringify({ format: CASSETTE_FORMAT, version: CASSETTE_VERSION, createdAt: '' });
    const bad = [
      ['null', /odd\.jsonl line 2: not an entry/],
      ['{"seq":0,"key":"k","exchange":{"response":{"status":200}}}', /odd\.jsonl line 2: exchange\.response\.reads must be/],
      ['{"seq":0,"key":"k","exchange":{"response":{"reads":[{"t":1}]}}}', /odd\.jsonl line 2: exchange\.response\.reads must be/],
      ['{"seq":0,"ke', /odd\.jsonl line 2: /], // garbled, and not the last line
    ] as const;
    for (const [line, message] of bad) {
      writeFileSync(f, `${header}\n${line}\n${header}\n`);
      const err = await loadCassette(f).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(err?.constructor).toBe(Error);
      expect(err?.message).toMatch(message);
    }
  });
});
