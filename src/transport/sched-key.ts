/**
 * The identity of a request, shared by request sharing (scheduler) and replay matching (cassette):
 * method, path, auth mode, headers, serialised body and per-request limits. `purpose` and `fresh` are
 * not part of it: two cases asking the same thing get the same answer.
 *
 * Limits are included because they change the answer (a probe with a 100-byte body cap or a 50 ms idle
 * timeout must not be handed an uncapped exchange). The key is a SHA-256 of the canonical form, so a
 * cassette can store it without storing headers or bodies the Exchange itself does not hold.
 */
import { createHash } from 'node:crypto';
import type { OutgoingRequest } from './types.js';

function canonical(req: OutgoingRequest): string {
  // An absent auth means the target's default scheme (types.ts).
  const auth = req.auth ?? { scheme: 'default' };
  const authKey = 'key' in auth ? (auth.key ?? null) : null;
  const headers = Object.entries(req.headers ?? {})
    .map(([k, v]) => [k.toLowerCase(), v] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const limits = Object.entries(req.limits ?? {})
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return JSON.stringify([
    req.method,
    req.path,
    [auth.scheme, authKey],
    headers,
    req.json === undefined ? null : JSON.stringify(req.json),
    rawBodyForm(req.rawBody),
    limits,
  ]);
}

function rawBodyForm(raw: OutgoingRequest['rawBody']): string | null {
  if (raw === undefined) return null;
  return typeof raw === 'string' ? `text:${raw}` : `bytes:${Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('base64')}`;
}

export function requestKey(req: OutgoingRequest): string {
  return createHash('sha256').update(canonical(req)).digest('hex');
}

/** Bytes of the body the request would carry (for dry runs). */
export function requestBodyBytes(req: OutgoingRequest): number {
  if (req.rawBody !== undefined) return typeof req.rawBody === 'string' ? Buffer.byteLength(req.rawBody) : req.rawBody.byteLength;
  if (req.json !== undefined) return Buffer.byteLength(JSON.stringify(req.json));
  return 0;
}

/** `POST /chat/completions (request.max_tokens)`, for messages. */
export function describeRequest(req: { method: string; path: string; purpose?: string }): string {
  return `${req.method} ${req.path}${req.purpose ? ` (${req.purpose})` : ''}`;
}
