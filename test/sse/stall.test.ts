/**
 * `stream.incremental` reads timing at the client, so a starved harness must not be read as a buffering
 * server: a live token-by-token stream that the reader, held up by its own busy thread, finds waiting in the
 * socket as one read is `suspect` (a warning), never a failure; a server that really writes its answer in one
 * go is still a failure when the reader was free to see the events apart.
 *
 * The server runs in a child process (a server in this thread would be stalled along with the reader, and
 * would not keep streaming while the reader is blocked); real HTTP over loopback.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STALL_DECISIVE_MS } from '../../src/sse/framing.js';
import { analyseStream } from '../../src/sse/index.js';
import { createTransport, type Transport } from '../../src/transport/http.js';
import { DEFAULT_LIMITS } from '../../src/transport/types.js';

const SERVER = `
const http = require('node:http');
const words = 'the quick brown fox jumps over the lazy dog and keeps on running far away'.split(' ');
const chunk = (content) => 'data: ' + JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm',
  choices: [{ index: 0, delta: content === undefined ? {} : { content }, finish_reason: content === undefined ? 'stop' : null }] }) + '\\n\\n';
const events = [...words.map((w) => chunk(w + ' ')), chunk(undefined), 'data: [DONE]\\n\\n'];
http.createServer(async (req, res) => {
  req.resume();
  await new Promise((r) => req.on('end', r));
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  if (req.url.endsWith('/buffered')) return res.end(events.join(''));
  for (const e of events) { res.write(e); await new Promise((r) => setTimeout(r, 15)); }
  res.end();
}).listen(0, '127.0.0.1', function () { process.stdout.write(String(this.address().port) + '\\n'); });
`;

let child: ChildProcess;
let transport: Transport;

beforeAll(async () => {
  child = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(child.stdout!, 'data')) as [Buffer];
  transport = createTransport({
    baseUrl: `http://127.0.0.1:${line.toString().trim()}/v1`,
    defaultAuth: 'bearer',
    headers: {},
    limits: DEFAULT_LIMITS,
  });
}, 60_000);

afterAll(async () => {
  await transport?.close();
  child?.kill();
});

const block = (ms: number) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    /* the harness's thread is busy: nothing reads the socket */
  }
};

async function incremental(path: string, stallReaderMs = 0) {
  const sent = transport.send({ method: 'POST', path, json: { stream: true } });
  if (stallReaderMs) setTimeout(() => block(stallReaderMs), 60);
  const ex = await sent;
  return { ex, rule: analyseStream(ex).rules.incremental };
}

describe("stream.incremental and the reader's own stalls", () => {
  it('a live stream read by a free reader is not blamed', async () => {
    const { rule } = await incremental('/chat/completions');
    // ok: a pass, or (if this machine stalled the reader) a warning; never a failure.
    expect(rule.ok, rule.message).toBe(true);
  });

  it('a live stream read by a reader held up by its own thread is a warning with the stall, not a failure', async () => {
    const { ex, rule } = await incremental('/chat/completions', 400);
    // Only stalls that ended once the body had begun count; the block starts 60 ms after the send, so it is one of
    // them whenever the first byte came before it (on a machine slow enough to delay that, the block proves nothing).
    if (ex.timings.firstByteMs! < 60) expect(ex.timings.stallMs, JSON.stringify(ex.timings)).toBeGreaterThanOrEqual(300);
    expect(rule.ok, rule.message).toBe(true);
    if (rule.evidence.distinctTimes === 1) {
      expect(rule.suspect, rule.message).toBe(true);
      expect(rule.message).toMatch(/held up \d+ ms/);
    }
  });

  it('a server that writes its whole answer at once is still a failure when the reader was free', async (ctx) => {
    // On a loaded machine a stall may hide the decision (a warning, never a pass); try until a free read.
    for (let attempt = 0; attempt < 8; attempt++) {
      const { ex, rule } = await incremental('/chat/completions/buffered');
      expect(rule.ok === false || rule.suspect === true, rule.message).toBe(true);
      if ((ex.timings.stallMs ?? 0) < STALL_DECISIVE_MS) {
        expect(rule.ok, rule.message).toBe(false);
        expect(rule.message).toMatch(/at the same instant|in one read/);
        return;
      }
    }
    ctx.skip('every read was stalled by this machine: the decisive read could not be made');
  });
});
