/**
 * The answers a header check reads, by the kind of answer a row's `on:` names: `success` (the shared
 * non-streamed baseline), `stream` (the shared streamed baseline), `error` (the shared answer to the
 * missing-messages bad request, the same request error.missing-messages sends, so it costs nothing), and
 * `429` (any rate-limit answer the run met, including attempts the scheduler retried: the harness never
 * provokes one, since that would mean exceeding the provider's rate limit on purpose).
 */
import type { CaseIO } from '../../cases/types.js';
import type { Exchange, OutgoingRequest } from '../../transport/types.js';
import { findBadRequest } from '../errors/catalogue.js';

export type SampleKind = 'success' | 'stream' | 'error' | '429';
export const SAMPLE_KINDS: readonly SampleKind[] = ['success', 'stream', 'error', '429'];

export interface Sample {
  kind: SampleKind;
  ex: Exchange;
}

export interface Samples {
  /** Answers of the right kind, at most one per kind except 429 (every 429 met). */
  got: Sample[];
  /** Kinds asked for but not available, each with the reason (`the baseline answered 500`). */
  missing: Partial<Record<SampleKind, string>>;
}

/** The request whose answer is the `error` sample: a cheap 4xx everywhere, no tokens spent. */
export function errorProbe(io: CaseIO): OutgoingRequest {
  return findBadRequest('missing-messages')!.build(io);
}

const describe = (ex: Exchange) => (ex.response ? `answered ${ex.response.status}` : `no answer (${ex.error?.kind})`);

export async function collectSamples(io: CaseIO, kinds: readonly SampleKind[]): Promise<Samples> {
  const wanted = new Set(kinds);
  const out: Samples = { got: [], missing: {} };
  const seen: Exchange[] = [];
  // A 429 can only be met: its kind reads all three answers (shared with other cases, so no extra cost).
  const reads: [Exclude<SampleKind, '429'>, () => Promise<Exchange>][] = [
    ['success', () => io.baseline(false)],
    ['stream', () => io.baseline(true)],
    ['error', () => io.send(errorProbe(io))],
  ];
  for (const [kind, get] of reads) {
    if (!wanted.has(kind) && !wanted.has('429')) continue;
    const ex = await get();
    seen.push(ex);
    if (!wanted.has(kind)) continue;
    const status = ex.response?.status;
    const right = status !== undefined && status !== 429 && (kind === 'error' ? status >= 400 : status >= 200 && status < 300);
    if (right) out.got.push({ kind, ex });
    else out.missing[kind] = status === 429 ? 'rate-limited (429)' : `the ${kind === 'error' ? 'bad request' : `${kind} baseline`} ${describe(ex)}`;
  }
  if (wanted.has('429')) {
    // The three answers above, and every 429 any request of the run met (retried attempts included).
    const limited = [...new Map([...seen, ...io.rateLimited()].filter((ex) => ex.response?.status === 429).map((ex) => [ex.id, ex])).values()];
    for (const ex of limited) out.got.push({ kind: '429', ex });
    if (!limited.length) out.missing['429'] = 'no 429 was met (the harness never provokes one)';
  }
  return out;
}
