/**
 * A streamed answer as the stream-field probes read it, through the SSE layer (src/sse): is it SSE at
 * all, how many JSON chunks arrived before [DONE], how many carried a usage object.
 */
import type { Exchange } from '../transport/types.js';
import { readSse, extractChunks } from '../sse/index.js';

export interface StreamView {
  contentType: string | null;
  /** The content-type says text/event-stream. */
  eventStream: boolean;
  /** JSON chunks before [DONE]. */
  chunks: number;
  /** Chunks before [DONE] with a non-null `usage` object. */
  usageChunks: number;
  done: boolean;
}

export function readStream(ex: Exchange): StreamView {
  const contentType = ex.response?.headers['content-type'] ?? null;
  const read = readSse(ex.response?.reads ?? []);
  const set = extractChunks(read);
  const usageChunks = set.chunks.filter((c) => {
    const u = (c.json as { usage?: unknown } | null)?.usage;
    return u !== null && typeof u === 'object';
  }).length;
  return {
    contentType,
    eventStream: /^text\/event-stream\b/i.test(contentType ?? ''),
    chunks: set.chunks.length,
    usageChunks,
    done: set.done,
  };
}
