/**
 * stream_options.include_usage (and the bare stream_options row, which sends the same request): stream
 * with include_usage true and count chunks that carry a usage object, against the shared streaming
 * baseline (no stream_options):
 *  - usage in the probe's stream and not in the baseline's → supported (decisive);
 *  - no usage in the probe's stream → ignored (decisive: the client asked and got none);
 *  - usage in both → accepted: usage arrives whether asked or not, so the option's effect is unobservable;
 *  - the answer is not a stream → accepted: include_usage has nothing to act on (request.stream reports it).
 */
import type { FieldRow } from '../spec/profile.types.js';
import type { CaseIO, Observation } from '../cases/types.js';
import type { Probe } from './types.js';
import { requestProbeFields } from './values.js';
import { classifyAnswer } from './classify.js';
import { notProbed } from './send.js';
import { readStream } from './stream-read.js';
import { protocol } from '../cases/evidence.js';

const USAGE_CHUNKS = 'sse chunks carrying usage';

async function observe(io: CaseIO, key: string, row: FieldRow | undefined): Promise<Observation> {
  // The bare stream_options row and include_usage share the include_usage request (sent once per run), and so
  // does the stream area's usage stream: the streaming baseline plus the field, built by io.chat in one order.
  const fields = requestProbeFields('stream_options.include_usage', key === 'stream_options.include_usage' ? row : undefined);
  if (!fields) return notProbed(`request.${key}`);
  const [ex, baseEx] = await Promise.all([io.chat(fields, { stream: true, purpose: 'request.stream_options.include_usage' }), io.baseline(true)]);
  const a = classifyAnswer(ex);
  if (a.observation) return a.observation;
  const probe = readStream(ex);
  const base = classifyAnswer(baseEx).accepted ? readStream(baseEx) : undefined;
  const evidence = { usage_chunks: [probe.usageChunks, base?.usageChunks ?? null], chunks: [probe.chunks, base?.chunks ?? null] };
  if (!probe.eventStream || probe.chunks === 0) {
    return {
      observed: 'accepted',
      evidence: { ...evidence, content_type: probe.contentType },
      note: 'the answer is not an event stream, so include_usage has nothing to act on (see request.stream)',
    };
  }
  if (probe.usageChunks === 0)
    return {
      observed: 'ignored',
      evidence,
      // Asked and not given: no control can change that.
      signals: [protocol(USAGE_CHUNKS, 0)],
      note: `include_usage asked, no usage in ${probe.chunks} chunks`,
    };
  if (base && base.usageChunks === 0)
    return { observed: 'supported', evidence, signals: [protocol(USAGE_CHUNKS, probe.usageChunks, { value: 0, isolates: true })] };
  return {
    observed: 'accepted',
    evidence,
    note: base
      ? "the stream carries usage without include_usage too, so the option's effect cannot be isolated"
      : 'the streaming baseline failed, so there is nothing to compare with',
  };
}

export const includeUsageProbe: Probe = { keys: ['request.stream_options.include_usage', 'request.stream_options'], observe };
