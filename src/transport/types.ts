/**
 * The transport's vocabulary. An Exchange is one HTTP request and its response as the wire saw them:
 * redacted headers, capped body, raw bytes with the arrival time of every network read, and timings.
 * Every check reads exchanges; nothing else touches the network.
 */

export interface OutgoingRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS' | 'HEAD';
  /** Path relative to the target's base URL (`/chat/completions`), or an absolute URL on the same origin. */
  path: string;
  /** Extra request headers. The transport adds authentication and `content-type` for JSON bodies. */
  headers?: Record<string, string>;
  /** A JSON value to send (serialised once), or a raw string / bytes sent as they are (for malformed bodies). */
  json?: unknown;
  rawBody?: string | Uint8Array;
  /** How to authenticate: the target's default scheme, another scheme, or none at all. */
  auth?: AuthMode;
  /** Per-request overrides of the target's limits. */
  limits?: Partial<TransportLimits>;
  /** Never serve this request from the shared cache (stochastic probes that need fresh samples). */
  fresh?: boolean;
  /**
   * With `fresh`: which independent sample of this request it is. Cases asking for sample i of one request
   * share it (the run's sample i of that body is one request: seed's unseeded control is temperature's wide
   * setting), while samples of other indices are other requests. Not part of the request's identity.
   */
  sample?: number;
  /** A tag saying why the request is sent (which case), for dry runs and progress. */
  purpose?: string;
}

export type AuthMode =
  | { scheme: 'default'; key?: 'valid' | 'invalid' }
  | { scheme: 'none' }
  | { scheme: 'bearer' | 'x-api-key' | 'api-key'; key?: 'valid' | 'invalid' };

export interface TransportLimits {
  /** TCP (and TLS) connect timeout. */
  connectMs: number;
  /** Time from sending the request to receiving the response headers. */
  headersMs: number;
  /** Longest silence allowed between two reads of the body. */
  idleMs: number;
  /** Whole exchange, from send to the last byte. */
  totalMs: number;
  /** Body bytes kept and read at most; past it the read stops and `truncated` is set. */
  maxBodyBytes: number;
}

export const DEFAULT_LIMITS: TransportLimits = {
  connectMs: 10_000,
  headersMs: 60_000,
  idleMs: 30_000,
  totalMs: 120_000,
  maxBodyBytes: 4 * 1024 * 1024,
};

/** One network read of the response body: when it arrived (ms since the request started) and its bytes. */
export interface BodyRead {
  t: number;
  bytes: Uint8Array;
}

export type TransportErrorKind = 'connect' | 'connect-timeout' | 'headers-timeout' | 'idle-timeout' | 'total-timeout' | 'redirect' | 'network' | 'replay-miss';

export interface Exchange {
  id: string;
  request: {
    method: string;
    url: string;
    /** Redacted: credentials and any occurrence of the key's value are replaced. */
    headers: Record<string, string>;
    /** Redacted body text as sent (capped for the record). */
    body?: string;
  };
  response?: {
    status: number;
    /** Lower-case names; repeated headers joined with ", ". Redacted. */
    headers: Record<string, string>;
    /** Every read, in order, with its arrival time: the raw bytes a stream check needs. Capped by maxBodyBytes. */
    reads: BodyRead[];
    /** Total body bytes kept (sum of reads). */
    bodyBytes: number;
    /** True when the body was cut at maxBodyBytes or ended by a timeout. */
    truncated: boolean;
  };
  /** Set when the exchange did not complete: no response, or a body that stopped early. */
  error?: { kind: TransportErrorKind; message: string };
  timings: {
    /** Epoch ms when the request was sent. */
    startedAt: number;
    headersMs?: number;
    firstByteMs?: number;
    totalMs?: number;
    /** The longest the harness's own thread was held up while this exchange was in flight (src/transport/stall.ts). */
    stallMs?: number;
  };
  /** How many times the scheduler retried this request (429/503/reset) before this answer. */
  retries?: number;
  /** True when this exchange came from a recording. */
  replayed?: boolean;
}
