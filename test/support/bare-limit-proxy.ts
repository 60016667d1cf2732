/**
 * A gateway in front of a target (the emulator) that enforces a rate limit nobody declared: N requests
 * per sliding window, answered over it with bare 429s (no Retry-After, no x-ratelimit-*), as some
 * self-hosted gateways do. Everything else is forwarded untouched, streams included. Loopback only.
 */
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface BareLimitProxy {
  /** The proxy's origin; append the target's base path. */
  origin: string;
  /** Requests that reached the proxy, and those it refused. */
  counts(): { seen: number; refused: number };
  /** Arrival times of the requests it let through (performance.now()). */
  accepted: number[];
  close(): Promise<void>;
}

export async function startBareLimitProxy(targetOrigin: string, limit: { requests: number; windowMs: number }): Promise<BareLimitProxy> {
  const target = new URL(targetOrigin);
  const window: number[] = [];
  const accepted: number[] = [];
  const sockets = new Set<Socket>();
  let seen = 0;
  let refused = 0;
  const server = createServer((req, res) => {
    seen++;
    const t = performance.now();
    while (window.length && window[0]! <= t - limit.windowMs) window.shift();
    if (window.length >= limit.requests) {
      refused++;
      req.resume();
      req.on('end', () => {
        res.writeHead(429, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'Too many requests', type: 'requests', param: null, code: 'rate_limit_exceeded' } }));
      });
      return;
    }
    window.push(t);
    accepted.push(t);
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    counts: () => ({ seen, refused }),
    accepted,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
