/**
 * Is a response body an event stream? Decided from its bytes, not from its Content-Type: a server that sends
 * plainly SSE (`data:` events, `[DONE]`) with no `text/event-stream` (or with `application/json`) still streamed,
 * and every SDK reads it as a stream (neither openai-node nor openai-python looks at the Content-Type of a
 * streamed answer). The Content-Type is judged on its own row (`stream.content-type`), never here.
 *
 * Bounded: only the first `SNIFF_BYTES` of the body are looked at, line by line, the way an SSE parser starts:
 * a leading BOM, blank lines and `:` comments are skipped; the first other line must be an SSE field (`data:`,
 * `event:`, `id:`, `retry:`), and a `data:` line must come within the window. A body that starts with `{` or `[`
 * is JSON, never SSE (a JSON completion, an error body), whatever it holds further on.
 */
import type { BodyRead } from '../transport/types.js';

/** How much of a body the sniffer reads at most: enough for any keep-alive preamble a real server sends. */
export const SNIFF_BYTES = 16 * 1024;

export type BodyKind = 'event-stream' | 'json' | 'empty' | 'other';

export interface BodyShape {
  kind: BodyKind;
  /** What decided `event-stream`: the Content-Type alone, the bytes alone, or both. */
  by?: 'content-type' | 'bytes' | 'both';
  /** The Content-Type says text/event-stream. */
  declared: boolean;
  /** The bytes look like SSE (the first field line is an SSE field and a data: line follows within the window). */
  sseBytes: boolean;
  /** The first non-blank line of the body (at most 80 characters), for messages. */
  firstLine: string;
}

const SSE_FIELD = /^(data|event|id|retry)(:|$)/;

/** The Content-Type's media type is text/event-stream. */
export function declaresEventStream(contentType: string | undefined | null): boolean {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase() === 'text/event-stream';
}

/** The first `max` bytes of a recorded body, decoded (a split multi-byte character at the cut is dropped). */
function head(reads: readonly BodyRead[], max: number): string {
  const parts: Uint8Array[] = [];
  let n = 0;
  for (const r of reads) {
    if (n >= max) break;
    const piece = r.bytes.subarray(0, max - n);
    parts.push(piece);
    n += piece.length;
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(Buffer.concat(parts)).replace(/\uFFFD$/, '');
}

/** The first non-blank line of a body (at most 80 characters): what a message quotes when the body is not a stream. */
function firstNonBlankLine(text: string): string {
  const line = text.split(/\r\n|\r|\n/).find((l) => l.trim() !== '') ?? '';
  return line.slice(0, 80);
}

/** True when the text opens like an SSE stream: comments and blank lines, then SSE fields, a data: line among them. */
export function looksLikeSse(text: string): boolean {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  for (const line of lines) {
    if (line === '' || line.startsWith(':')) continue;
    if (!SSE_FIELD.test(line)) return false;
    if (line.startsWith('data')) return true;
  }
  // Only comments and event:/id:/retry: lines within the window: no data seen, so not shown to be a stream.
  return false;
}

export function sniffBody(reads: readonly BodyRead[], contentType: string | undefined | null): BodyShape {
  const text = head(reads, SNIFF_BYTES);
  const declared = declaresEventStream(contentType);
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  const firstLine = firstNonBlankLine(trimmed);
  const json = trimmed.startsWith('{') || trimmed.startsWith('[');
  const sseBytes = !json && looksLikeSse(text);
  const shape: BodyShape = { kind: 'other', declared, sseBytes, firstLine };
  if (declared || sseBytes) {
    shape.kind = 'event-stream';
    shape.by = declared && sseBytes ? 'both' : declared ? 'content-type' : 'bytes';
  } else if (trimmed === '') shape.kind = 'empty';
  else if (json) shape.kind = 'json';
  return shape;
}
