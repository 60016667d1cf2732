/**
 * Telling an event stream from its bytes (issue #11 class 4): SSE with no or the wrong content-type is still a
 * stream; a JSON body, an error text or an empty body is not, whatever it holds further on; the look is bounded.
 */
import { describe, expect, it } from 'vitest';
import { looksLikeSse, SNIFF_BYTES, sniffBody } from '../../src/sse/detect.js';
import { readStream } from '../../src/probes/stream-read.js';
import { enc, exchange, readsOf, splitAt, sse, textData } from './fixtures.js';

const STREAM = sse(textData(['Hel', 'lo']));

describe('sniffBody', () => {
  it('SSE bytes are a stream whatever the content-type says, and say what told', () => {
    expect(sniffBody(readsOf([STREAM]), 'text/event-stream; charset=utf-8')).toMatchObject({
      kind: 'event-stream',
      by: 'both',
      declared: true,
      sseBytes: true,
    });
    expect(sniffBody(readsOf([STREAM]), undefined)).toMatchObject({ kind: 'event-stream', by: 'bytes', declared: false });
    expect(sniffBody(readsOf([STREAM]), 'application/json')).toMatchObject({ kind: 'event-stream', by: 'bytes' });
    expect(sniffBody(readsOf([STREAM]), 'TEXT/EVENT-STREAM')).toMatchObject({ by: 'both' });
  });

  it('reads the start the way an SSE parser does: BOM, blank lines, comments, CRLF, event: before data:, reads split mid-line', () => {
    expect(looksLikeSse(`\uFEFF\n\n: keep-alive\n\n${STREAM}`)).toBe(true);
    expect(looksLikeSse(STREAM.replaceAll('\n', '\r\n'))).toBe(true);
    expect(looksLikeSse(`event: message\nid: 1\ndata: {}\n\n`)).toBe(true);
    expect(looksLikeSse('data:{}\n\n')).toBe(true);
    expect(sniffBody(splitAt(enc(STREAM), [1, 2, 3, 7]), undefined).kind).toBe('event-stream');
  });

  it('a JSON body is not SSE, even one whose text holds "data:" lines; nor is an error text, an empty body, or comments alone', () => {
    const completion = JSON.stringify({ object: 'chat.completion', choices: [{ message: { content: 'data: [DONE]' } }] });
    expect(sniffBody(readsOf([completion]), 'application/json')).toMatchObject({ kind: 'json', sseBytes: false });
    expect(sniffBody(readsOf([`  \n[${completion}]`]), undefined).kind).toBe('json');
    expect(sniffBody(readsOf(['{"error":{"message":"bad"}}\ndata: x\n\n']), undefined).kind).toBe('json');
    expect(sniffBody(readsOf(['Internal Server Error\n']), 'text/plain')).toMatchObject({ kind: 'other', firstLine: 'Internal Server Error' });
    expect(sniffBody(readsOf(['error: upstream timed out\ndata: x\n']), 'text/plain').kind).toBe('other');
    expect(sniffBody(readsOf(['event streams are not supported\n']), undefined).kind).toBe('other');
    expect(sniffBody([], undefined).kind).toBe('empty');
    expect(sniffBody(readsOf([': ping\n\n: ping\n\n']), undefined).kind).toBe('other');
  });

  it('a declared event stream stays one even when its bytes are not SSE (its rules then judge and fail it)', () => {
    expect(sniffBody(readsOf(['{"error":{}}']), 'text/event-stream')).toMatchObject({ kind: 'event-stream', by: 'content-type', sseBytes: false });
  });

  it('looks at the first SNIFF_BYTES only: a data: line after a longer preamble of comments is not seen', () => {
    const preamble = ': keep-alive\n\n'.repeat(Math.ceil(SNIFF_BYTES / 14) + 1);
    expect(sniffBody(readsOf([preamble, STREAM]), undefined).kind).toBe('other');
    expect(sniffBody(readsOf([': keep-alive\n\n'.repeat(100), STREAM]), undefined).kind).toBe('event-stream');
  });
});

describe('sniffBody on hostile bodies', () => {
  it('reads no more than the window of a huge body with no line end, and of many reads', () => {
    const big = new Uint8Array(64 * 1024).fill(0x78);
    const reads = Array.from({ length: 500 }, (_, i) => ({ t: i, bytes: big }));
    expect(sniffBody(reads, undefined)).toMatchObject({ kind: 'other', firstLine: 'x'.repeat(80) });
  });
  it('a multi-byte character cut by the window, invalid UTF-8 and NUL bytes do not throw', () => {
    const cut = enc(`data: {}\n\n${'é'.repeat(SNIFF_BYTES)}`);
    expect(sniffBody(readsOf([cut]), undefined).kind).toBe('event-stream');
    expect(sniffBody(readsOf([new Uint8Array([0xff, 0xfe, 0x00, 0x0a])]), undefined).kind).toBe('other');
  });
});

describe('readStream (what request.stream and include_usage read)', () => {
  it('an unlabelled SSE answer is an event stream with its chunks', () => {
    const s = readStream(exchange(readsOf([sse(textData(['a', 'b'], { usage: true }))]), { contentType: null }));
    expect(s).toMatchObject({ eventStream: true, contentType: null, chunks: 5, usageChunks: 1, done: true, shape: { by: 'bytes' } });
  });

  it('a JSON completion labelled text/event-stream is no stream of chunks', () => {
    const s = readStream(exchange(readsOf(['{"object":"chat.completion","choices":[]}']), {}));
    expect(s).toMatchObject({ chunks: 0, shape: { kind: 'event-stream', by: 'content-type' } });
  });
});
