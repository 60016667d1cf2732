/**
 * The response headers the emulator sends with every answer: those its profile declares present (or
 * optional, as OpenAI sends them), in the documented formats, and the rate-limit family of a 429.
 */
import { randomBytes } from 'node:crypto';
import type { Profile } from '../spec/profile.types.js';
import type { EmulatorOptions } from './context.js';

let requestCounter = 0;

/** Headers the profile declares present (or optional, as OpenAI sends them), with values in the documented formats. */
export function responseHeaders(profile: Profile, opts: EmulatorOptions): Record<string, string> {
  const h: Record<string, string> = {};
  const rows = profile.headers ?? {};
  const emit = (name: string) => {
    const r = rows[name];
    return r && (r.direction ?? 'response') === 'response' && (r.status === 'present' || r.status === 'optional');
  };
  if (emit('x-request-id')) h['x-request-id'] = `req_${randomBytes(16).toString('hex')}`;
  if (emit('openai-version')) h['openai-version'] = '2020-10-01';
  if (emit('openai-processing-ms')) h['openai-processing-ms'] = String(5 + (++requestCounter % 40));
  Object.assign(h, rateLimitHeaders(profile, opts, undefined));
  if (emit('access-control-allow-origin')) h['access-control-allow-origin'] = '*';
  return h;
}

export function rateLimitHeaders(profile: Profile, opts: EmulatorOptions, remaining: number | undefined, retryAfter?: number): Record<string, string> {
  const rows = profile.headers ?? {};
  const h: Record<string, string> = {};
  const limit = (opts.rateLimit ? opts.rateLimit.requests : undefined) ?? profile.limits?.requestsPerMinute ?? 10_000;
  const values: Record<string, string> = {
    'x-ratelimit-limit-requests': String(limit),
    'x-ratelimit-limit-tokens': '150000',
    'x-ratelimit-remaining-requests': String(remaining ?? limit - 1),
    'x-ratelimit-remaining-tokens': '149984',
    'x-ratelimit-reset-requests': retryAfter ? `${retryAfter}s` : '6m0s',
    'x-ratelimit-reset-tokens': '12ms',
  };
  for (const [name, value] of Object.entries(values)) {
    const r = rows[name];
    if (r && (r.status === 'present' || r.status === 'optional' || (retryAfter && r.on?.includes('429')))) h[name] = value;
  }
  if (retryAfter !== undefined && rows['retry-after']?.status !== 'absent') h['retry-after'] = String(retryAfter);
  return h;
}
