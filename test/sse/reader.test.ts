import { createParser } from 'eventsource-parser';
import { describe, expect, it } from 'vitest';
import { readSse, SseReader, type SseReadResult } from '../../src/sse/reader.js';
import { enc, readsOf, rng, splitAt, sse, textData } from './fixtures.js';

/** What matters about a parse, independent of how the body was split into reads. */
function shape(r: SseReadResult) {
  return {
    events: r.events.map((e) => ({
      data: e.data,
      dataLines: e.dataLines,
      event: e.event,
      id: e.id,
      retry: e.retry,
      fields: e.fields,
      raw: e.raw,
      start: e.start,
      end: e.end,
      terminated: e.terminated,
      afterDone: e.afterDone,
    })),
    comments: r.comments.count,
    commentOnlyBlocks: r.commentOnlyBlocks,
    lineEndings: r.lineEndings,
    done: r.done,
    afterDone: r.afterDone,
    trailing: r.trailing,
    bytes: r.bytes,
  };
}

const SAMPLE_LF =
  ': keep-alive\n\n' + 'data: {"a":"héllo 😀 wörld"}\n\n' + 'data: {"b":\ndata: 2}\n\n' + ': inside\ndata: {"c":"日本語"}\n\n' + 'data: [DONE]\n\n';

const variants: [string, string][] = [
  ['LF', SAMPLE_LF],
  ['CRLF', SAMPLE_LF.replace(/\n/g, '\r\n')],
  ['CR', SAMPLE_LF.replace(/\n/g, '\r')],
];

describe('SseReader: one body, any split', () => {
  for (const [name, body] of variants) {
    const bytes = enc(body);
    const whole = readSse([{ t: 0, bytes }]);

    it(`${name}: parses the sample`, () => {
      const datas = whole.events.map((e) => e.data);
      expect(datas).toEqual(['{"a":"héllo 😀 wörld"}', '{"b":\n2}', '{"c":"日本語"}', '[DONE]']);
      expect(whole.events.every((e) => e.terminated)).toBe(true);
      expect(whole.comments.count).toBe(2);
      expect(whole.commentOnlyBlocks).toBe(1);
      expect(whole.done).toEqual({ event: 3, exact: true });
      expect(whole.afterDone.bytes).toBe(0);
      expect(whole.trailing).toBeUndefined();
      expect(whole.lineEndings.styles).toEqual([name.toLowerCase()]);
      // Raw blocks and offsets reproduce the body exactly (the comment-only block aside).
      const rebuilt = whole.events.map((e) => e.raw).join('');
      expect(body.endsWith(rebuilt)).toBe(true);
      for (const e of whole.events) expect(new TextDecoder().decode(bytes.subarray(e.start, e.end))).toBe(e.raw);
    });

    it(`${name}: split into two reads at every byte offset gives the same parse`, () => {
      for (let k = 1; k < bytes.length; k++) {
        const r = readSse(splitAt(bytes, [k]));
        expect(shape(r), `split at ${k}`).toEqual(shape(whole));
        // Each event is stamped with the read that completed it: the one holding the first byte of its closing
        // line terminator (for CRLF the CR: dispatch does not wait for the LF).
        for (const e of r.events) {
          const closedAt = name === 'CRLF' ? e.end - 2 : e.end - 1;
          expect(e.read, `split at ${k}, event ${e.index}`).toBe(closedAt < k ? 0 : 1);
          expect(e.t).toBe(e.read === 0 ? 100 : 110);
        }
      }
    });

    it(`${name}: one byte per read gives the same parse`, () => {
      const offsets = Array.from({ length: bytes.length }, (_, i) => i);
      expect(shape(readSse(splitAt(bytes, offsets)))).toEqual(shape(whole));
    });

    it(`${name}: random multi-way splits give the same parse`, () => {
      const rand = rng(name.length * 7919);
      for (let round = 0; round < 100; round++) {
        const cuts = Array.from({ length: 1 + Math.floor(rand() * 8) }, () => Math.floor(rand() * bytes.length));
        expect(shape(readSse(splitAt(bytes, cuts)))).toEqual(shape(whole));
      }
    });
  }

  it('an OpenAI text stream split at every byte offset', () => {
    const bytes = enc(sse(textData(['Hel', 'lo ', 'wörld', ' 😀'], { usage: true })));
    const whole = readSse([{ t: 0, bytes }]);
    expect(whole.events).toHaveLength(8);
    for (let k = 1; k < bytes.length; k++) expect(shape(readSse(splitAt(bytes, [k])))).toEqual(shape(whole));
  });
});

describe('SseReader: line endings', () => {
  it('a CRLF split across two reads is one line ending, and the LF joins the raw block', () => {
    const r = readSse(readsOf(['data: a\r', '\n\r', '\ndata: b\r\n\r\n']));
    expect(r.events.map((e) => e.data)).toEqual(['a', 'b']);
    expect(r.events[0]!.raw).toBe('data: a\r\n\r\n');
    expect(r.events[0]!.read).toBe(1); // the blank line's CR arrived in read 1
    expect(r.lineEndings).toEqual({ lf: 0, crlf: 4, cr: 0, styles: ['crlf'] });
    expect(r.strayBlankLines).toBe(0);
  });

  it('a CR at the end of a read followed by a non-LF is a bare CR', () => {
    const r = readSse(readsOf(['data: a\r', '\rdata: b\r\r']));
    expect(r.events.map((e) => e.data)).toEqual(['a', 'b']);
    expect(r.lineEndings.styles).toEqual(['cr']);
    expect(r.lineEndings.cr).toBe(4);
  });

  it('a CR as the very last byte counts as CR', () => {
    const r = readSse(readsOf(['data: a\r\r']));
    expect(r.events[0]!.data).toBe('a');
    expect(r.lineEndings).toMatchObject({ cr: 2, crlf: 0, lf: 0 });
  });

  it('reports mixed line endings', () => {
    const r = readSse(readsOf(['data: a\n\r\ndata: b\r\r']));
    expect(r.events.map((e) => e.data)).toEqual(['a', 'b']);
    expect(r.lineEndings.styles).toEqual(['lf', 'crlf', 'cr']);
  });
});

describe('SseReader: fields, comments, data', () => {
  it('multi-line data is joined with \\n; a bare "data" line is an empty value', () => {
    const r = readSse(readsOf(['data: {"a":\ndata:1}\ndata\n\n']));
    expect(r.events[0]).toMatchObject({ data: '{"a":\n1}\n', dataLines: 3, fields: { data: 3 } });
  });

  it('strips exactly one leading space from values', () => {
    const r = readSse(readsOf(['data:  x\n\ndata:y\n\n']));
    expect(r.events.map((e) => e.data)).toEqual([' x', 'y']);
  });

  it('keeps event:, id:, retry: and unknown fields', () => {
    const r = readSse(readsOf(['event: message\nid: 7\nretry: 3000\ndata: {}\n\n', 'error: {"x":1}\n\n']));
    expect(r.events[0]).toMatchObject({ event: 'message', id: '7', retry: 3000, data: '{}', fields: { event: 1, id: 1, retry: 1, data: 1 } });
    expect(r.events[1]).toMatchObject({ dataLines: 0, data: '', fields: { error: 1 } });
  });

  it('blocks with fields but no data are events a WHATWG client does not dispatch', () => {
    const r = readSse(readsOf(['event: ping\n\n', 'retry: 3000\n\n', 'id: 1\n\n']));
    expect(r.events.map((e) => [e.dataLines, e.event, e.retry, e.id])).toEqual([
      [0, 'ping', undefined, undefined],
      [0, undefined, 3000, undefined],
      [0, undefined, undefined, '1'],
    ]);
  });

  it('counts comments, keeps samples, and ignores comment-only blocks as events', () => {
    const r = readSse(readsOf([': OPENROUTER PROCESSING\n\n', ': a\n: b\n\n', 'data: 1\n\n']));
    expect(r.events).toHaveLength(1);
    expect(r.comments.count).toBe(3);
    expect(r.comments.samples[0]).toMatchObject({ text: ' OPENROUTER PROCESSING', t: 100, afterDone: false });
    expect(r.commentOnlyBlocks).toBe(2);
  });

  it('counts stray blank lines', () => {
    const r = readSse(readsOf(['\n\ndata: 1\n\n\n']));
    expect(r.strayBlankLines).toBe(3);
    expect(r.events).toHaveLength(1);
  });

  it('strips a leading BOM and counts its bytes in offsets', () => {
    const r = readSse([{ t: 0, bytes: enc('\ufeffdata: 1\n\n') }]);
    expect(r.bom).toBe(true);
    expect(r.events[0]).toMatchObject({ data: '1', start: 3, end: 12 });
  });

  it('UTF-8 split inside a character, at every offset', () => {
    const bytes = enc('data: ¡😀 日本 é!\n\n');
    for (let k = 1; k < bytes.length; k++) expect(readSse(splitAt(bytes, [k])).events[0]!.data).toBe('¡😀 日本 é!');
  });

  it('stamps an event split across reads with the completing read and remembers where it started', () => {
    const r = readSse(readsOf(['data: {"a"', ':1}\n', '\n']));
    expect(r.events[0]).toMatchObject({ data: '{"a":1}', read: 2, firstRead: 0, t: 120 });
  });

  it('feed() returns the events each read completed', () => {
    const reader = new SseReader();
    expect(reader.feed(enc('data: 1\n\ndata: 2\n'), 0).map((e) => e.data)).toEqual(['1']);
    expect(reader.feed(enc('\ndata: 3\n\n'), 5).map((e) => e.data)).toEqual(['2', '3']);
    expect(reader.end().events).toHaveLength(3);
    expect(() => reader.feed(enc('x'), 6)).toThrow(/after end/);
  });
});

describe('SseReader: the end of the stream', () => {
  it('reports a trailing block whose line ended but no blank line followed', () => {
    const r = readSse(readsOf(['data: 1\n\ndata: [DONE]\n']));
    expect(r.events[1]).toMatchObject({ data: '[DONE]', terminated: false });
    expect(r.trailing).toEqual({ raw: 'data: [DONE]\n', hasFields: true, lineTerminated: true, cut: false });
    expect(r.done).toEqual({ event: 1, exact: true });
  });

  it('reports a trailing block cut mid-line', () => {
    const r = readSse(readsOf(['data: 1\n\ndata: {"x"']));
    expect(r.events[1]).toMatchObject({ data: '{"x"', terminated: false });
    expect(r.trailing).toMatchObject({ lineTerminated: false, hasFields: true });
  });

  it('a trailing comment is reported but is not an event', () => {
    const r = readSse(readsOf(['data: 1\n\n: bye']));
    expect(r.events).toHaveLength(1);
    expect(r.trailing).toMatchObject({ raw: ': bye', hasFields: false });
  });

  it('[DONE] with a trailing space is found but not exact', () => {
    expect(readSse(readsOf(['data: [DONE] \n\n'])).done).toEqual({ event: 0, exact: false });
  });

  it('counts what follows [DONE]', () => {
    const r = readSse(readsOf(['data: [DONE]\n\n', 'data: {"late":1}\n\n: x\n\n']));
    expect(r.events[1]).toMatchObject({ afterDone: true, data: '{"late":1}' });
    expect(r.afterDone).toEqual({ bytes: 23, events: 1, comments: 1, nonBlankLines: 2, sample: 'data: {"late":1}\n\n: x\n\n' });
    expect(r.comments.samples[0]!.afterDone).toBe(true);
  });

  it('blank lines after [DONE] are bytes but no lines', () => {
    const r = readSse(readsOf(['data: [DONE]\n\n\n\n']));
    expect(r.afterDone).toMatchObject({ bytes: 2, events: 0, nonBlankLines: 0 });
  });

  it('an empty body', () => {
    const r = readSse([]);
    expect(r).toMatchObject({ events: [], reads: 0, bytes: 0, stopped: false });
    expect(r.trailing).toBeUndefined();
  });
});

describe('SseReader: caps (reported, never thrown, memory bounded)', () => {
  it('an endless stream of events stops at maxEvents', () => {
    const reader = new SseReader({ maxEvents: 50 });
    for (let i = 0; i < 10_000; i++) reader.feed(enc(`data: {"i":${i}}\n\n`), i);
    const r = reader.end();
    expect(r.events).toHaveLength(50);
    expect(r.stopped).toBe(true);
    expect(r.capsHit).toEqual([expect.objectContaining({ cap: 'maxEvents', limit: 50, event: 50, read: 50 })]);
    expect(r.ignoredBytes).toBeGreaterThan(100_000);
    expect(r.trailing).toBeUndefined();
  });

  it('an endless stream of bytes stops at maxBytes, mid-read', () => {
    const reader = new SseReader({ maxBytes: 1000 });
    const piece = enc('data: {"x":"0123456789"}\n\n'); // 26 bytes
    for (let i = 0; i < 5000; i++) reader.feed(piece, i);
    const r = reader.end();
    expect(r.bytes).toBe(1000);
    expect(r.ignoredBytes).toBe(5000 * 26 - 1000);
    expect(r.events).toHaveLength(38);
    expect(r.capsHit).toEqual([expect.objectContaining({ cap: 'maxBytes', limit: 1000, read: 38 })]);
    expect(r.trailing).toMatchObject({ cut: true });
  });

  it('an endless line never grows past maxEventSize, and the stream recovers after it', () => {
    const reader = new SseReader({ maxEventSize: 1000 });
    reader.feed(enc('data: {"big":"'), 0);
    for (let i = 0; i < 2000; i++) reader.feed(enc('x'.repeat(512)), i + 1);
    reader.feed(enc('"}\n\ndata: {"ok":1}\n\n'), 3000);
    const r = reader.end();
    expect(r.events).toHaveLength(2);
    const big = r.events[0]!;
    expect(big.oversized).toBe(true);
    expect(big.raw.length).toBeLessThanOrEqual(1000);
    expect(big.raw.startsWith('data: {"big":"xxx')).toBe(true);
    expect(big.data.startsWith('{"big":"xxx')).toBe(true);
    expect(big.data.length).toBeLessThanOrEqual(1000);
    expect(big.end - big.start).toBe(14 + 2000 * 512 + 4); // offsets still count every byte
    expect(r.events[1]).toMatchObject({ data: '{"ok":1}', oversized: false, start: big.end });
    expect(r.oversizedEvents).toBe(1);
    expect(r.capsHit).toEqual([expect.objectContaining({ cap: 'maxEventSize', limit: 1000, event: 0 })]);
    expect(r.stopped).toBe(false);
  });

  it('many data lines in one block are capped too', () => {
    const reader = new SseReader({ maxEventSize: 500 });
    for (let i = 0; i < 1000; i++) reader.feed(enc('data: 0123456789\n'), i);
    reader.feed(enc('\n'), 1000);
    const r = reader.end();
    expect(r.events).toHaveLength(1);
    expect(r.events[0]!.oversized).toBe(true);
    expect(r.events[0]!.raw.length).toBeLessThanOrEqual(500);
    expect(r.events[0]!.dataLines).toBe(1000);
    expect(r.events[0]!.fields).toEqual({ data: 1000 });
    expect(r.events[0]!.data.length).toBeLessThanOrEqual(500);
    expect(r.events[0]!.terminated).toBe(true);
  });

  it('a block of endless distinct field names keeps a bounded field table', () => {
    const reader = new SseReader({ maxEventSize: 10_000 });
    for (let i = 0; i < 5000; i++) reader.feed(enc(`f${i}: x\n`), i);
    reader.feed(enc('data: 1\n\n'), 5000);
    const ev = reader.end().events[0]!;
    expect(Object.keys(ev.fields).length).toBeLessThanOrEqual(33);
    expect(ev.fields['(other fields)']).toBeGreaterThan(4000);
    expect(ev.oversized).toBe(true);
  });

  it('an endless line with no newline at all, under maxBytes, keeps at most maxEventSize', () => {
    const reader = new SseReader({ maxEventSize: 100, maxBytes: 100_000 });
    for (let i = 0; i < 1000; i++) reader.feed(enc('y'.repeat(1000)), i);
    const r = reader.end();
    expect(r.stopped).toBe(true);
    expect(r.capsHit.map((c) => c.cap)).toEqual(['maxEventSize', 'maxBytes']);
    expect(r.trailing!.raw.length).toBeLessThanOrEqual(100);
  });
});

describe('SseReader agrees with eventsource-parser on what a client dispatches', () => {
  const pieces = ['data: a', 'data:b', 'data', 'event: x', 'id: 9', 'retry: 10', ': c', '', 'foo: bar', 'data: 😀', 'data:  sp'];
  const eols = ['\n', '\r\n', '\r'];
  it('on 300 random streams', () => {
    const rand = rng(42);
    for (let round = 0; round < 300; round++) {
      let body = '';
      const lines = 1 + Math.floor(rand() * 20);
      for (let i = 0; i < lines; i++) body += pieces[Math.floor(rand() * pieces.length)]! + eols[Math.floor(rand() * eols.length)]!;
      body += '\n\n';
      const reference: { data: string; event?: string | undefined; id?: string | undefined }[] = [];
      const parser = createParser({ onEvent: (e) => reference.push({ data: e.data, event: e.event, id: e.id }) });
      parser.feed(body);
      const bytes = enc(body);
      const r = readSse(splitAt(bytes, [Math.floor(rand() * bytes.length)]));
      const ours = r.events.filter((e) => e.dataLines > 0).map((e) => ({ data: e.data, event: e.event, id: e.id }));
      expect(ours, JSON.stringify(body)).toEqual(reference);
    }
  });
});
