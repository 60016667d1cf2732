/**
 * A second look before an exchange is written to disk. The transport already redacts; this applies the
 * same rules (redact.ts, the one place that decides what a secret looks like) once more, so that an
 * exchange from any other source (a test's transport, a future one) cannot put a credential header or a
 * registered secret into a cassette. It is the writers' tier (short secrets as whole tokens too, see
 * redact.ts). Redaction is idempotent, so a clean exchange comes out unchanged.
 */
import type { Exchange } from './types.js';
import { redactHeaders, redactOutput, redactOutputBytes } from './redact.js';

export interface Redacted {
  exchange: Exchange;
  /** How many values had to be changed (0 when the transport had done its job). */
  changed: number;
}

export function redactForRecord(ex: Exchange): Redacted {
  let changed = 0;
  const text = (s: string): string => {
    const r = redactOutput(s);
    if (r !== s) changed++;
    return r;
  };
  const headers = (h: Record<string, string>): Record<string, string> => {
    const r = Object.fromEntries(Object.entries(redactHeaders(h)).map(([k, v]) => [k, redactOutput(v)]));
    for (const k of Object.keys(h)) if (r[k] !== h[k]) changed++;
    return r;
  };

  const out: Exchange = {
    ...ex,
    request: {
      ...ex.request,
      url: text(ex.request.url),
      headers: headers(ex.request.headers),
      ...(ex.request.body !== undefined ? { body: text(ex.request.body) } : {}),
    },
  };
  if (ex.response) {
    const bytes = ex.response.reads.map((r) => r.bytes);
    const masked = redactOutputBytes(bytes);
    if (masked !== bytes) changed++;
    out.response = {
      ...ex.response,
      headers: headers(ex.response.headers),
      reads: ex.response.reads.map((r, i) => ({ t: r.t, bytes: masked[i]! })),
    };
  }
  if (ex.error) out.error = { ...ex.error, message: text(ex.error.message) };
  return { exchange: out, changed };
}
