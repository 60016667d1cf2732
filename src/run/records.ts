/** Exchanges as they are written into results.json: redacted already, bodies capped, reads as [t, bytes]. */
import type { Exchange } from '../transport/types.js';
import type { ExchangeRecord } from '../results/results.types.js';
import { bodyText } from '../transport/http.js';

/** Characters of a response body a record keeps (results.json and every report show no more). */
export const RECORD_BODY_CHARS = 16 * 1024;

export function toRecord(ex: Exchange): ExchangeRecord {
  const rec: ExchangeRecord = {
    id: ex.id,
    request: {
      method: ex.request.method,
      url: ex.request.url,
      headers: ex.request.headers,
      ...(ex.request.body !== undefined ? { body: cap(ex.request.body) } : {}),
    },
    timings: {
      startedAt: new Date(ex.timings.startedAt).toISOString(),
      headersMs: ex.timings.headersMs,
      firstByteMs: ex.timings.firstByteMs,
      totalMs: ex.timings.totalMs,
      ...(ex.timings.stallMs ? { stallMs: ex.timings.stallMs } : {}),
    },
  };
  if (ex.response) {
    rec.response = {
      status: ex.response.status,
      headers: ex.response.headers,
      body: cap(bodyText(ex)),
      bodyBytes: ex.response.bodyBytes,
      truncated: ex.response.truncated,
      reads: ex.response.reads.map((r) => [r.t, r.bytes.length]),
    };
  }
  if (ex.error) rec.error = { kind: ex.error.kind, message: ex.error.message };
  return rec;
}

function cap(text: string): string {
  return text.length > RECORD_BODY_CHARS ? `${text.slice(0, RECORD_BODY_CHARS)}…[${text.length - RECORD_BODY_CHARS} more chars]` : text;
}
