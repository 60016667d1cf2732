/**
 * Incremental SSE reader over the recorded reads of a response body.
 *
 * Two passes run side by side on every line:
 * - `eventsource-parser` decides the WHATWG event semantics (which blocks dispatch, the `data` join, `event`,
 *   `id`, valid `retry`), so we read a stream the way a conforming client does;
 * - our own line pass keeps what that parser throws away and a conformance check needs: the raw text of every
 *   block, its line endings, whether it was closed by a blank line, blocks that carry fields but no data,
 *   comments, which read completed each event, the bytes after `[DONE]`, and a trailing unterminated block.
 *
 * We split lines ourselves (LF, CR, CRLF, including a CRLF split across two reads) and feed the parser one
 * LF-terminated line at a time. That makes its dispatch synchronous with our blank line, so each parsed event
 * pairs with exactly one raw block without guessing.
 *
 * Everything is bounded: total bytes, number of events and size of one event. Hitting a cap is recorded in
 * `capsHit`, never thrown; past `maxBytes` or `maxEvents` the reader stops and only counts what it ignores.
 */
import { createParser, type EventSourceMessage, type EventSourceParser } from 'eventsource-parser';
import type { BodyRead } from '../transport/types.js';
import { definedOnly } from './util.js';

export interface SseReaderOptions {
  /** Body bytes read at most; the rest is counted in `ignoredBytes`. */
  maxBytes?: number;
  /** Events kept at most; the reader stops at the next one. */
  maxEvents?: number;
  /** Size of one event block in characters of decoded text; longer blocks are kept truncated and flagged. */
  maxEventSize?: number;
}

export const DEFAULT_READER_LIMITS: Required<SseReaderOptions> = {
  maxBytes: 16 * 1024 * 1024,
  maxEvents: 100_000,
  maxEventSize: 1024 * 1024,
};

export type LineEnding = 'lf' | 'crlf' | 'cr';

/** One block of field lines closed by a blank line (or by the end of the body: `terminated: false`). */
export interface SseEvent {
  /** Position among events (comment-only blocks are not events). */
  index: number;
  /** The data a WHATWG client dispatches: `data:` values joined with "\n"; "" when the block had no data line. */
  data: string;
  /** Number of `data:` lines. 0 means a block a WHATWG client does not dispatch (`event: ping`, `retry: 3000`). */
  dataLines: number;
  event?: string;
  id?: string;
  retry?: number;
  /** Every field name seen in the block, with its line count (`{ data: 1, event: 1 }`); comments excluded. */
  fields: Record<string, number>;
  /** `:` comment lines inside the block. */
  comments: number;
  /** Raw text of the block, line terminators and the closing blank line included (truncated when oversized). */
  raw: string;
  /** Arrival time (ms since the request started) of the read that completed the block. */
  t: number;
  /** Index of that read. */
  read: number;
  /** Index of the read the block started in (differs from `read` when an event was split across reads). */
  firstRead: number;
  /** Byte offsets of the block in the body (UTF-8 of the decoded text). */
  start: number;
  end: number;
  /** True when a blank line closed the block; false for a block cut off by the end of the body. */
  terminated: boolean;
  /** True for events that came after the `[DONE]` sentinel. */
  afterDone: boolean;
  /** True when the block exceeded `maxEventSize`: `raw` and `data` are truncated and the parser did not see it. */
  oversized: boolean;
}

export interface SseComment {
  /** Comment text without the leading ":" (truncated to 200 characters). */
  text: string;
  t: number;
  afterDone: boolean;
}

export interface CapHit {
  cap: 'maxBytes' | 'maxEvents' | 'maxEventSize';
  limit: number;
  /** Read during which the cap was hit. */
  read: number;
  t: number;
  /** Event index concerned (maxEventSize, maxEvents). */
  event?: number;
  message: string;
}

export interface SseReadResult {
  events: SseEvent[];
  comments: { count: number; samples: SseComment[] };
  /** Blocks made only of comments (keep-alives): not events. */
  commentOnlyBlocks: number;
  /** Blank lines that closed nothing (extra separators). */
  strayBlankLines: number;
  lineEndings: { lf: number; crlf: number; cr: number; styles: LineEnding[] };
  /** The first event whose data starts with "[DONE]" (the SDKs' own test is a prefix or exact match). */
  done?: { event: number; exact: boolean };
  /** What followed the [DONE] event's closing blank line. */
  afterDone: { bytes: number; events: number; comments: number; nonBlankLines: number; sample: string };
  /** Lines left at the end of the body with no closing blank line (also present in `events` when it had fields). */
  trailing?: { raw: string; hasFields: boolean; lineTerminated: boolean; cut: boolean };
  bom: boolean;
  /** Body bytes read (≤ maxBytes). */
  bytes: number;
  /** Bytes not read because a cap stopped the reader. */
  ignoredBytes: number;
  reads: number;
  firstT?: number;
  lastT?: number;
  limits: Required<SseReaderOptions>;
  capsHit: CapHit[];
  oversizedEvents: number;
  /** True when a cap stopped the reader before the end of the body. */
  stopped: boolean;
}

interface Block {
  start: number;
  end: number;
  firstRead: number;
  raw: string;
  fields: Map<string, number>;
  comments: number;
  dataParts: string[];
  dataChars: number;
  dataLines: number;
  oversized: boolean;
}

/** Where a CR went, so an LF in the next read (the second half of a CRLF) can join it. */
interface RawSink {
  raw: string;
  end: number;
}

const DONE_PREFIX = /^\s*\[DONE\]/;
const COMMENT_SAMPLES = 16;
const SAMPLE_CHARS = 200;
/** The start of every line is kept even past the event cap, to know its field name. */
const HEAD_CHARS = 32;
/** Distinct field names recorded per block; more are counted under OTHER_FIELDS. */
const MAX_FIELD_NAMES = 32;
const OTHER_FIELDS = '(other fields)';
const utf8Length = (s: string): number => Buffer.byteLength(s, 'utf8');

export class SseReader {
  readonly limits: Required<SseReaderOptions>;

  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  private readonly parser: EventSourceParser;
  /** What the parser dispatched while we fed it the current blank line. */
  private parsed: EventSourceMessage | undefined;
  private parsedRetry: number | undefined;

  private readCount = 0;
  private t = 0;
  private firstT: number | undefined;
  private bytesIn = 0;
  private ignoredBytes = 0;
  /** UTF-8 bytes of the text processed into lines so far: the byte offset of the next line. */
  private offset = 0;
  private sawText = false;
  private bom = false;

  private partial = '';
  private partialDroppedBytes = 0;
  /** First characters of the current line, kept even when the line itself is dropped by the cap. */
  private lineHead = '';
  private lineStartRead = 0;
  private pendingCR = false;
  private crSink: RawSink | null = null;
  private block: Block | null = null;

  private readonly events: SseEvent[] = [];
  private commentCount = 0;
  private readonly commentSamples: SseComment[] = [];
  private commentOnlyBlocks = 0;
  private strayBlankLines = 0;
  private readonly endings = { lf: 0, crlf: 0, cr: 0 };
  private done: { event: number; exact: boolean } | undefined;
  private doneEvent: SseEvent | undefined;
  private readonly after = { comments: 0, nonBlankLines: 0, sample: '' };
  private trailing: SseReadResult['trailing'];
  private readonly capsHit: CapHit[] = [];
  private oversizedEvents = 0;
  private stopped = false;
  private ended = false;

  constructor(options: SseReaderOptions = {}) {
    this.limits = { ...DEFAULT_READER_LIMITS, ...definedOnly(options) };
    this.parser = createParser({
      onEvent: (message) => {
        this.parsed = message;
      },
      onRetry: (ms) => {
        this.parsedRetry = ms;
      },
      // Unknown fields and bad retry values are seen by our own line pass; the parser must not throw on them.
      onError: () => {},
    });
  }

  /** Feed one network read. Returns the events this read completed. */
  feed(bytes: Uint8Array, t: number): SseEvent[] {
    if (this.ended) throw new Error('SseReader.feed() called after end()');
    this.readCount++;
    this.t = t;
    this.firstT ??= t;
    if (this.stopped) {
      this.ignoredBytes += bytes.length;
      return [];
    }
    const before = this.events.length;
    let chunk = bytes;
    const room = this.limits.maxBytes - this.bytesIn;
    let capped = false;
    if (chunk.length > room) {
      chunk = chunk.subarray(0, Math.max(0, room));
      this.ignoredBytes += bytes.length - chunk.length;
      capped = true;
    }
    this.bytesIn += chunk.length;
    this.processText(this.decodeChunk(chunk, true));
    if (capped && !this.stopped) {
      this.hitCap('maxBytes', this.limits.maxBytes, `body exceeded ${this.limits.maxBytes} bytes; the rest was not read`);
      this.stopped = true;
    }
    return this.events.slice(before);
  }

  /**
   * Signal the end of the body and get the result. Idempotent. `cut`: the body did not end, something stopped
   * reading it (a timeout, a size cap): an unfinished last block is then an artefact of the cut, kept in
   * `trailing` (with `cut: true`) and never made an event, as when a cap stops the reader.
   */
  end(cut = false): SseReadResult {
    if (!this.ended) {
      this.ended = true;
      if (!this.stopped && !cut) this.flush();
      else if (this.block || this.partial) {
        const raw = (this.block?.raw ?? '') + this.partial;
        this.trailing = { raw, hasFields: !!this.block && this.block.fields.size > 0, lineTerminated: !this.partial, cut: true };
      }
    }
    return this.result();
  }

  /** Hands the line gathered so far to handleLine, ended by `term` ('' at the end of the body), and resets it. */
  private emitPartialLine(term: string): ReturnType<SseReader['handleLine']> {
    const line = this.partial;
    const head = this.lineHead;
    const dropped = this.partialDroppedBytes;
    this.partial = '';
    this.lineHead = '';
    this.partialDroppedBytes = 0;
    return this.handleLine(line, head, term, dropped);
  }

  private flush(): void {
    this.processText(this.decodeChunk(new Uint8Array(0), false));
    if (this.pendingCR) {
      this.pendingCR = false;
      this.crSink = null;
      this.endings.cr++;
    }
    const lineTerminated = this.partial === '' && this.partialDroppedBytes === 0;
    if (!lineTerminated) {
      this.emitPartialLine('');
    }
    const block = this.block;
    if (block) {
      this.trailing = { raw: block.raw, hasFields: block.fields.size > 0, lineTerminated, cut: false };
      // A WHATWG client drops this block; we still ask the parser what it would have held, and mark it unterminated.
      if (!block.oversized) this.parser.feed('\n');
      this.finalize(block, false);
    }
  }

  private decodeChunk(bytes: Uint8Array, stream: boolean): string {
    let text = this.decoder.decode(bytes, { stream });
    if (!this.sawText && text.length > 0) {
      this.sawText = true;
      // One leading BOM is not part of the stream (WHATWG); count its bytes so offsets stay true.
      if (text.charCodeAt(0) === 0xfeff) {
        this.bom = true;
        text = text.slice(1);
        this.offset += 3;
      }
    }
    return text;
  }

  private processText(s: string): void {
    const n = s.length;
    if (n === 0) return;
    let i = 0;
    if (this.pendingCR) {
      // The previous read ended on CR: an LF here completes a CRLF and belongs to that line.
      this.pendingCR = false;
      if (s.charCodeAt(0) === 10) {
        i = 1;
        this.endings.crlf++;
        this.offset++;
        if (this.crSink) {
          if (this.crSink.raw.length < this.limits.maxEventSize) this.crSink.raw += '\n';
          this.crSink.end++;
        }
      } else {
        this.endings.cr++;
      }
      this.crSink = null;
    }
    const lineEnd = /[\r\n]/g;
    while (i < n) {
      if (this.stopped) {
        // A cap stopped us mid-read: what is left of this read is ignored, not kept.
        this.ignoredBytes += utf8Length(s.slice(i));
        return;
      }
      lineEnd.lastIndex = i;
      const m = lineEnd.exec(s);
      if (!m) {
        this.appendPartial(s.slice(i));
        return;
      }
      const j = m.index;
      let term: string;
      if (s.charCodeAt(j) === 13) {
        if (j + 1 < n) {
          term = s.charCodeAt(j + 1) === 10 ? '\r\n' : '\r';
          if (term === '\r\n') this.endings.crlf++;
          else this.endings.cr++;
        } else {
          term = '\r';
          this.pendingCR = true; // counted once we know whether an LF follows
        }
      } else {
        term = '\n';
        this.endings.lf++;
      }
      this.appendPartial(s.slice(i, j));
      const sink = this.emitPartialLine(term);
      if (this.pendingCR) this.crSink = sink;
      i = j + term.length;
    }
  }

  /** Grow the unterminated line, never past the event size cap: the excess is counted, not kept. */
  private appendPartial(piece: string): void {
    if (piece.length === 0) return;
    if (this.partial === '' && this.partialDroppedBytes === 0) this.lineStartRead = this.readCount - 1;
    if (this.lineHead.length < HEAD_CHARS) this.lineHead += piece.slice(0, HEAD_CHARS - this.lineHead.length);
    const used = (this.block?.raw.length ?? 0) + this.partial.length;
    const budget = this.limits.maxEventSize - used;
    if (piece.length <= budget) {
      this.partial += piece;
      return;
    }
    const keep = piece.slice(0, Math.max(0, budget));
    this.partial += keep;
    this.partialDroppedBytes += utf8Length(piece.slice(keep.length));
    this.markOversized(this.ensureBlock());
  }

  private ensureBlock(): Block {
    this.block ??= {
      start: this.offset,
      end: this.offset,
      firstRead: this.lineStartRead,
      raw: '',
      fields: new Map(),
      comments: 0,
      dataParts: [],
      dataChars: 0,
      dataLines: 0,
      oversized: false,
    };
    return this.block;
  }

  private markOversized(block: Block): void {
    if (block.oversized) return;
    block.oversized = true;
    this.oversizedEvents++;
    // The parser holds this block's earlier lines; drop them: we report the block from our own pass.
    this.parser.reset();
    this.parsed = undefined;
    this.parsedRetry = undefined;
    if (!this.capsHit.some((c) => c.cap === 'maxEventSize')) {
      this.hitCap(
        'maxEventSize',
        this.limits.maxEventSize,
        `event ${this.events.length} exceeded ${this.limits.maxEventSize} characters; kept truncated`,
        this.events.length,
      );
    }
  }

  /**
   * One complete line (`term` is "" only for a last line cut by the end of the body). `line` is what the event
   * cap let us keep of it, `head` its first characters in any case. Returns where its bytes went.
   */
  private handleLine(line: string, head: string, term: string, droppedBytes: number): RawSink | null {
    const lineBytes = utf8Length(line) + droppedBytes + term.length;
    if (this.done) this.noteAfterDone(line || head, term);
    if (line === '' && droppedBytes === 0) {
      // A blank line closes the block in progress.
      this.offset += lineBytes;
      const block = this.block;
      if (!block) {
        this.strayBlankLines++;
        return null;
      }
      this.appendRaw(block, term);
      block.end = this.offset;
      if (!block.oversized) this.parser.feed('\n');
      return this.finalize(block, true);
    }

    const block = this.ensureBlock();
    const whole = droppedBytes === 0;
    const probe = line.length >= head.length ? line : head;
    if (probe.charCodeAt(0) === 58 /* ':' */) {
      block.comments++;
      this.commentCount++;
      if (this.done) this.after.comments++;
      if (this.commentSamples.length < COMMENT_SAMPLES) {
        this.commentSamples.push({ text: probe.slice(1, 1 + SAMPLE_CHARS), t: this.t, afterDone: !!this.done });
      }
    } else {
      const colon = probe.indexOf(':');
      let name = colon === -1 ? probe : probe.slice(0, colon);
      if (!block.fields.has(name) && block.fields.size >= MAX_FIELD_NAMES) name = OTHER_FIELDS;
      block.fields.set(name, (block.fields.get(name) ?? 0) + 1);
      if (name === 'data') {
        block.dataLines++;
        let value = probe === line && colon !== -1 ? line.slice(colon + 1) : '';
        if (value.charCodeAt(0) === 32) value = value.slice(1);
        // Past the cap only non-empty pieces are kept, and only up to the cap: an endless run of
        // data lines must not grow this list.
        if (block.dataChars < this.limits.maxEventSize && (whole || value.length > 0) && (!block.oversized || value.length > 0)) {
          block.dataParts.push(value);
          block.dataChars += value.length + 1;
        }
      }
    }
    this.appendRaw(block, line + term);
    if (!block.oversized) this.parser.feed(`${line}\n`);
    this.offset += lineBytes;
    block.end = this.offset;
    return block;
  }

  /** Raw text never grows past the cap; whatever is cut makes the block oversized. */
  private appendRaw(block: Block, text: string): void {
    const room = this.limits.maxEventSize - block.raw.length;
    if (text.length <= room) {
      block.raw += text;
      return;
    }
    if (room > 0) block.raw += text.slice(0, room);
    this.markOversized(block);
  }

  private noteAfterDone(line: string, term: string): void {
    if (line !== '') this.after.nonBlankLines++;
    if (this.after.sample.length < SAMPLE_CHARS) {
      this.after.sample = (this.after.sample + line + term).slice(0, SAMPLE_CHARS);
    }
  }

  private finalize(block: Block, terminated: boolean): SseEvent | null {
    this.block = null;
    const parsed = this.parsed;
    const retry = this.parsedRetry;
    this.parsed = undefined;
    this.parsedRetry = undefined;
    if (block.fields.size === 0) {
      this.commentOnlyBlocks++;
      return null;
    }
    if (this.events.length >= this.limits.maxEvents) {
      this.hitCap('maxEvents', this.limits.maxEvents, `more than ${this.limits.maxEvents} events; the rest was not read`, this.events.length);
      this.stopped = true;
      return null;
    }
    // The parser is the authority on what a client dispatches; our own join is the fallback for
    // oversized blocks (the parser never saw them) and for blocks without data (it dispatches nothing).
    const useParsed = !block.oversized && parsed !== undefined;
    const event: SseEvent = {
      index: this.events.length,
      data: useParsed ? parsed.data : block.dataParts.join('\n'),
      dataLines: block.dataLines,
      fields: Object.fromEntries(block.fields),
      comments: block.comments,
      raw: block.raw,
      t: this.t,
      read: this.readCount - 1,
      firstRead: block.firstRead,
      start: block.start,
      end: block.end,
      terminated,
      afterDone: !!this.done,
      oversized: block.oversized,
    };
    if (useParsed && parsed.event !== undefined) event.event = parsed.event;
    if (useParsed && parsed.id !== undefined) event.id = parsed.id;
    if (!useParsed && block.fields.has('event')) event.event = fieldValue(block.raw, 'event');
    if (!useParsed && block.fields.has('id')) event.id = fieldValue(block.raw, 'id');
    if (retry !== undefined) event.retry = retry;
    if (!this.done && block.dataLines > 0 && DONE_PREFIX.test(event.data)) {
      this.done = { event: event.index, exact: event.data === '[DONE]' };
      this.doneEvent = event;
    }
    this.events.push(event);
    return event;
  }

  private hitCap(cap: CapHit['cap'], limit: number, message: string, event?: number): void {
    const hit: CapHit = { cap, limit, read: this.readCount - 1, t: this.t, message };
    if (event !== undefined) hit.event = event;
    this.capsHit.push(hit);
  }

  private result(): SseReadResult {
    const styles: LineEnding[] = (['lf', 'crlf', 'cr'] as const).filter((k) => this.endings[k] > 0);
    const totalText = this.offset + utf8Length(this.partial) + this.partialDroppedBytes;
    const afterEvents = this.events.filter((e) => e.afterDone).length;
    const res: SseReadResult = {
      events: this.events,
      comments: { count: this.commentCount, samples: this.commentSamples },
      commentOnlyBlocks: this.commentOnlyBlocks,
      strayBlankLines: this.strayBlankLines,
      lineEndings: { ...this.endings, styles },
      afterDone: {
        bytes: this.doneEvent ? Math.max(0, totalText - this.doneEvent.end) : 0,
        events: afterEvents,
        comments: this.after.comments,
        nonBlankLines: this.after.nonBlankLines,
        sample: this.after.sample,
      },
      bom: this.bom,
      bytes: this.bytesIn,
      ignoredBytes: this.ignoredBytes,
      reads: this.readCount,
      limits: this.limits,
      capsHit: this.capsHit,
      oversizedEvents: this.oversizedEvents,
      stopped: this.stopped,
    };
    if (this.done) res.done = this.done;
    if (this.trailing) res.trailing = this.trailing;
    if (this.firstT !== undefined) {
      res.firstT = this.firstT;
      res.lastT = this.t;
    }
    return res;
  }
}

/** Read a whole recorded body. */
export function readSse(reads: readonly BodyRead[], options?: SseReaderOptions): SseReadResult {
  const reader = new SseReader(options);
  for (const r of reads) reader.feed(r.bytes, r.t);
  return reader.end();
}

/** Events a WHATWG client dispatches (at least one data line), in order. */
export function dataEvents(read: SseReadResult): SseEvent[] {
  return read.events.filter((e) => e.dataLines > 0);
}

/** Value of the last `name:` line of an (oversized) raw block, for the fields the parser did not see. */
function fieldValue(raw: string, name: string): string | undefined {
  let found: string | undefined;
  for (const line of raw.split(/\r\n|\r|\n/)) {
    if (line.startsWith(`${name}:`)) {
      const v = line.slice(name.length + 1);
      found = v.startsWith(' ') ? v.slice(1) : v;
    }
  }
  return found || undefined;
}
