/**
 * A small OpenAI-compatible server, not the emulator, that is careless in two ways the harness must
 * survive (issue #12 items 2, 3 and 12):
 * - `leak`: it echoes the credentials it received (the bearer key, and any secret header) back in every
 *   spelling: raw, JSON `\u` escapes, percent-encoded, base64 of the key and of `Bearer <key>` at every
 *   alignment, in bodies, in error messages, in response headers, in short fields a report previews;
 * - `inject`: its model ids, error messages and bodies carry terminal control sequences (clear screen,
 *   window title, OSC-8 hyperlink, C1 CSI, bidi override), both JSON-escaped and as raw bytes.
 * It records every request so a test can see which key reached which server.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LeakyServer {
  baseUrl: string;
  requests: { url: string; headers: IncomingMessage['headers'] }[];
  close(): Promise<void>;
}

export interface LeakyOptions {
  key: string;
  leak?: boolean;
  inject?: boolean;
  /** A path prefix before /v1 (a base URL that holds a secret in its path). */
  prefix?: string;
  /** Every answer waits for this (a test holds a run in flight while it starts another). */
  hold?: Promise<void>;
}

const jsonU = (s: string) => [...s].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
const pct = (s: string, upper: boolean) =>
  [...Buffer.from(s)].map((b) => `%${upper ? b.toString(16).toUpperCase().padStart(2, '0') : b.toString(16).padStart(2, '0')}`).join('');
const b64 = (s: string) => Buffer.from(s).toString('base64');

/** Every spelling of a secret, as JSON string content (already escaped: written into the body as is). */
export function echoes(secret: string): string[] {
  return [
    secret,
    jsonU(secret),
    pct(secret, true),
    pct(secret, false),
    b64(secret),
    b64(`Bearer ${secret}`),
    b64(`x${secret}`),
    b64(`xy${secret}`),
    Buffer.from(`:${secret}`).toString('base64url'),
  ];
}

/** Clear screen, window title, OSC-8 hyperlink, C1 CSI, bidi override: JSON-escaped spellings. */
export const INJECTED_JSON =
  '\\u001b[2J\\u001b[H\\u001b]0;pwned-title\\u0007\\u001b]8;;http://evil.example/\\u001b\\\\click-me\\u001b]8;;\\u001b\\\\\\u009b31m\\u202eevil\\u202c';
/** The same as raw bytes, for a text/plain body. */
export const INJECTED_RAW = '\x1b[2J\x1b[H\x1b]0;pwned-title\x07\x1b]8;;http://evil.example/\x1b\\click-me\x1b]8;;\x1b\\\u009b31m\u202eevil\u202c';

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let data = '';
    req.on('data', (c) => {
      if (data.length < 1_000_000) data += String(c);
    });
    req.on('end', () => resolve(data));
    req.on('error', () => resolve(data));
  });
}

export async function startLeakyServer(options: LeakyOptions): Promise<LeakyServer> {
  const requests: LeakyServer['requests'] = [];
  const prefix = options.prefix ?? '';
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    requests.push({ url: req.url ?? '', headers: req.headers });
    if (options.hold) await options.hold;
    answer(req, res, body, options, prefix);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}${prefix}/v1`,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

function answer(req: IncomingMessage, res: ServerResponse, body: string, o: LeakyOptions, prefix: string): void {
  const auth = String(req.headers.authorization ?? '');
  const got = auth.replace(/^Bearer\s+/i, '');
  // What it echoes: the key it received and the values of any other secret-looking header.
  const secrets = [
    got,
    ...Object.entries(req.headers)
      .filter(([k]) => /key|token|secret|cookie|session/i.test(k))
      .map(([, v]) => String(v)),
  ].filter(Boolean);
  const leak = o.leak ? secrets.flatMap(echoes).join(' | ') : '';
  const inject = o.inject ? INJECTED_JSON : '';
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (o.leak) {
    headers['x-echo-auth'] = b64(auth);
    headers['x-debug'] = pct(got, true);
  }
  const send = (status: number, json: string) => {
    res.writeHead(status, headers);
    res.end(json);
  };
  const error = (status: number, message: string, code: string | null) =>
    send(
      status,
      `{"error":{"message":"${message}${leak ? ` (echo: ${leak})` : ''}${inject}","type":"invalid_request_error","param":null,"code":${code ? `"${code}"` : 'null'}}}`,
    );

  const path = (req.url ?? '').split('?')[0]!;
  if (got !== o.key) return error(401, 'Invalid authentication', 'invalid_api_key');
  if (path === `${prefix}/v1/models`)
    return send(
      200,
      `{"object":"list","data":[{"id":"tiny","object":"model","created":1700000000,"owned_by":"me"},{"id":"tiny${inject}","object":"model","created":1700000000,"owned_by":"${leak}"}]}`,
    );
  if (o.inject && path === `${prefix}/v1/completions`) {
    res.writeHead(500, { 'content-type': 'text/plain' });
    return void res.end(`Internal error ${INJECTED_RAW}`);
  }
  if (path !== `${prefix}/v1/chat/completions`) return error(404, `Not found: ${path.replace(/"/g, '')}`, null);
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(body) as Record<string, unknown>;
  } catch {
    return error(400, 'Invalid JSON', null);
  }
  if (!Array.isArray(parsed.messages)) return error(400, 'messages is required', null);
  if (parsed.model !== 'tiny') return error(404, `The model ${String(parsed.model).replace(/[^\w.-]/g, '')} does not exist`, 'model_not_found');
  const base = `"id":"chatcmpl-1","created":${Math.floor(Date.now() / 1000)},"model":"tiny","system_fingerprint":"fp${o.leak ? `-${jsonU(got)}` : ''}${inject}"`;
  const content = `Rivers carve valleys${leak ? ` ${leak}` : ''}${inject}`;
  if (parsed.stream) {
    res.writeHead(200, { ...headers, 'content-type': 'text/event-stream' });
    res.write(`data: {${base},"object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}\n\n`);
    res.write(`data: {${base},"object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"${content}"},"finish_reason":null}]}\n\n`);
    res.write(`data: {${base},"object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\n`);
    return void res.end('data: [DONE]\n\n');
  }
  send(
    200,
    `{${base},"object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"${content}"},"finish_reason":"stop"}],"usage":{"prompt_tokens":10,"completion_tokens":3,"total_tokens":13}}`,
  );
}
