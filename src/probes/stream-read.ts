/**
 * A streamed answer as the stream-field probes read it, through the SSE layer (src/sse): is it SSE at
 * all (by its bytes: the Content-Type is stream.content-type's finding, not a reason to call a stream JSON),
 * how many JSON chunks arrived before [DONE], how many carried a usage object.
 */
import type { Exchange } from '../transport/types.js';
import { readSse, extractChunks, sniffBody, type BodyShape } from '../sse/index.js';

export interface StreamView {
  contentType: string | null;
  /** The body is an event stream: its bytes are SSE, or its content-type says text/event-stream. */
  eventStream: boolean;
  /** What the body is, and what said it is a stream (content-type, bytes or both). */
  shape: BodyShape;
  /** JSON chunks before [DONE]. */
  chunks: number;
  /** Chunks before [DONE] with a non-null `usage` object. */
  usageChunks: number;
  done: boolean;
}

export function readStream(ex: Exchange): StreamView {
  const contentType = ex.response?.headers['content-type'] ?? null;
  const reads = ex.response?.reads ?? [];
  const shape = sniffBody(reads, contentType);
  const read = readSse(reads);
  const set = extractChunks(read);
  const usageChunks = set.chunks.filter((c) => {
    const u = (c.json as { usage?: unknown } | null)?.usage;
    return u !== null && typeof u === 'object';
  }).length;
  return {
    contentType,
    eventStream: shape.kind === 'event-stream',
    shape,
    chunks: set.chunks.length,
    usageChunks,
    done: set.done,
  };
}

/** "(an event stream by its bytes; its content-type is X: stream.content-type reports it)" when the label is wrong. */
export function mislabelled(s: StreamView): string {
  if (s.shape.by !== 'bytes') return '';
  return ` (an event stream by its bytes; its content-type is ${s.contentType === null ? 'absent' : JSON.stringify(s.contentType)}: stream.content-type reports it)`;
}
