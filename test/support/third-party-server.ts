/**
 * An OpenAI-compatible server that is NOT the emulator: written separately, in the way a small inference
 * server would be, so end-to-end tests check the harness against code it was not built with. Modes:
 * - `plain`: a sane server (answers chat completions, streams, errors, /models);
 * - `hostile`: answers every request in a broken way, chosen by a request counter (HTML error pages,
 *   empty bodies, closed connections, invalid JSON, a never-ending stream, a huge body).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ThirdPartyServer {
  baseUrl: string;
  requests: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[];
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let data = '';
    req.on('data', (c) => {
      if (data.length < 2_000_000) data += String(c);
    });
    req.on('end', () => resolve(data));
    req.on('error', () => resolve(data));
  });
}

function plain(req: IncomingMessage, res: ServerResponse, body: string, key: string) {
  const json = (status: number, obj: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(obj));
  };
  const err = (status: number, message: string, param: string | null = null, code: string | null = null) =>
    json(status, { error: { message, type: 'invalid_request_error', param, code } });
  if (req.headers.authorization !== `Bearer ${key}`) return err(401, 'Invalid authentication', null, 'invalid_api_key');
  if (req.url === '/v1/models') return json(200, { object: 'list', data: [{ id: 'tiny', object: 'model', created: 1700000000, owned_by: 'me' }] });
  // Careless servers echo credentials back; the harness must redact them wherever they land.
  if (req.url !== '/v1/chat/completions') return err(404, `Not found (your authorization was ${String(req.headers.authorization)})`);
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(body);
  } catch {
    return err(400, 'Invalid JSON');
  }
  if (!Array.isArray(parsed.messages)) return err(400, 'messages is required', 'messages');
  if (parsed.model !== 'tiny') return err(404, 'no such model', 'model', 'model_not_found');
  const words = 'Rivers carve valleys and move sediment toward the sea over long spans of time'.split(' ');
  const max = typeof parsed.max_tokens === 'number' ? parsed.max_tokens : words.length;
  const out = words.slice(0, max);
  const base = { id: 'cmpl-1', created: Math.floor(Date.now() / 1000), model: 'tiny' };
  if (parsed.stream) {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(
      `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] })}\n\n`,
    );
    for (const w of out)
      res.write(
        `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: `${w} ` }, finish_reason: null }] })}\n\n`,
      );
    res.write(
      `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta: {}, finish_reason: out.length < words.length ? 'length' : 'stop' }] })}\n\n`,
    );
    res.end('data: [DONE]\n\n');
    return;
  }
  json(200, {
    ...base,
    object: 'chat.completion',
    choices: [{ index: 0, message: { role: 'assistant', content: out.join(' ') }, finish_reason: out.length < words.length ? 'length' : 'stop' }],
    usage: { prompt_tokens: 10, completion_tokens: out.length, total_tokens: 10 + out.length },
  });
}

const HOSTILE: ((res: ServerResponse) => void)[] = [
  (res) => {
    res.writeHead(502, { 'content-type': 'text/html' });
    res.end('<html><body><h1>502 Bad Gateway</h1><script>alert(1)</script></body></html>');
  },
  (res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end();
  },
  (res) => res.socket?.destroy(),
  (res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"id": "x", "choices": [ {"message": ');
  },
  (res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const t = setInterval(() => res.write('data: {"choices":[{"delta":{"content":"a"}}]}\n\n'), 30);
    res.on('close', () => clearInterval(t));
  },
  (res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'something', choices: 'not an array', usage: { total_tokens: '12' } }));
  },
  (res) => {
    res.writeHead(500, { 'content-type': 'text/plain' });
    res.end('Traceback (most recent call last):\n  File "/srv/app.py", line 1');
  },
  (res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(`"${'x'.repeat(300_000)}"`);
  },
];

export async function startThirdPartyServer(mode: 'plain' | 'hostile', key: string): Promise<ThirdPartyServer> {
  const requests: ThirdPartyServer['requests'] = [];
  let n = 0;
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
    if (mode === 'plain') return plain(req, res, body, key);
    HOSTILE[n++ % HOSTILE.length](res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
