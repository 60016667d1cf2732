/**
 * Framing checks: is the byte stream the SSE dialect OpenAI clients parse (data-only events, one blank line
 * after each, terminated by exactly `data: [DONE]`)? Each rule reads the reader's result (plus the response
 * content-type) and names the offending bytes; none of them looks at chunk semantics except `incremental`,
 * which needs to know which events carried output.
 */
import { chunkOutputChars, extractChunks, type ChunkSet } from './chunks.js';
import type { SseEvent, SseReadResult } from './reader.js';
import { fail, FRAMING_RULES, pass, skip, suspect, type FramingRuleId, type RuleResult } from './rules.js';
import { definedOnly, isObject, plural, quote, tryJson } from './util.js';

export interface FramingOptions {
  /** `incremental` judges only when the streamed output has at least this many characters. */
  minChars?: number;
  /** ...and at least this many tokens (hence content events) are expected. */
  minExpectedEvents?: number;
  /** Characters per token for the estimate when the stream reports no usage. */
  charsPerToken?: number;
}

export const DEFAULT_FRAMING_OPTIONS: Required<FramingOptions> = { minChars: 32, minExpectedEvents: 3, charsPerToken: 4 };

export type FramingResults = Record<FramingRuleId, RuleResult<FramingRuleId>>;

type Rule = (read: SseReadResult, ctx: FramingContext) => RuleResult<FramingRuleId>;

interface FramingContext {
  contentType: string | undefined;
  chunks: ChunkSet;
  options: Required<FramingOptions>;
  /** The longest the reading thread was held up during the exchange (Exchange.timings.stallMs), the control of `incremental`. */
  stallMs: number;
}

/**
 * Events that all arrived at one instant prove buffering only if the reader could have seen them apart. A live
 * stream of n events from a server streaming at most 1000 tokens a second spans at least n − 1 ms; a reader held
 * up at least that long may have found it waiting in the socket as one read. The floor: the stall is measured in
 * 5 ms ticks, and an idle machine's own hiccups reach about 10 ms.
 */
export const STALL_DECISIVE_MS = 20;

/** The longest reader stall under which n content events seen at one instant are still decisive. */
export function stallBound(events: number): number {
  return Math.max(STALL_DECISIVE_MS, events - 1);
}

export function checkFraming(
  read: SseReadResult,
  contentType: string | undefined,
  options: FramingOptions = {},
  chunks: ChunkSet = extractChunks(read),
  stallMs = 0,
): FramingResults {
  const ctx: FramingContext = { contentType, chunks, options: { ...DEFAULT_FRAMING_OPTIONS, ...definedOnly(options) }, stallMs };
  const out = {} as FramingResults;
  for (const id of FRAMING_RULES) out[id] = RULES[id](read, ctx);
  return out;
}

const RULES: Record<FramingRuleId, Rule> = {
  'content-type': contentTypeRule,
  'data-only-events': dataOnlyEvents,
  'done-sentinel': doneSentinel,
  'nothing-after-done': nothingAfterDone,
  'final-blank-line': finalBlankLine,
  'no-empty-events': noEmptyEvents,
  'no-sse-fields': noSseFields,
  'no-double-data': noDoubleData,
  'json-data': jsonData,
  incremental,
};

/** The values of an event's data lines (its data split back; values cannot hold a newline). */
function dataLines(ev: SseEvent): string[] {
  return ev.dataLines === 1 ? [ev.data] : ev.data.split('\n');
}

function at(ev: SseEvent): string {
  return `event #${ev.index} (t=${ev.t}ms)`;
}

/** "first in X; and 3 more" for rules that find several offenders. */
function more(n: number): string {
  return n > 1 ? ` (and ${n - 1} more)` : '';
}

function contentTypeRule(_read: SseReadResult, { contentType }: FramingContext): RuleResult<FramingRuleId> {
  const rule = 'content-type';
  if (contentType === undefined || contentType.trim() === '') {
    return fail(rule, 'no content-type header on the stream (expected text/event-stream)', { contentType: null });
  }
  const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
  const evidence = { contentType, mediaType };
  if (mediaType === 'text/event-stream') return pass(rule, `content-type ${quote(contentType)}`, evidence);
  return fail(rule, `content-type is ${quote(contentType)}, not text/event-stream`, evidence);
}

function dataOnlyEvents(read: SseReadResult): RuleResult<FramingRuleId> {
  const rule = 'data-only-events';
  if (read.events.length === 0) return skip(rule, 'no events in the stream', { events: 0 });
  const offenders: { ev: SseEvent; problem: string }[] = [];
  const otherFields: Record<string, number> = {};
  let multiLine = 0;
  let merged = 0;
  for (const ev of read.events) {
    const others = Object.keys(ev.fields).filter((f) => f !== 'data');
    for (const f of others) otherFields[f] = (otherFields[f] ?? 0) + 1;
    // event:, id: and retry: are SSE's own fields: no-sse-fields reports them, and an event made of them
    // alone is no-empty-events' concern. Here: fields no SSE client knows, and merged events.
    const foreign = others.filter((f) => !(SSE_FIELDS as readonly string[]).includes(f));
    if (foreign.length > 0) {
      const where = ev.dataLines === 0 ? 'no data line, only' : 'field';
      const beside = ev.dataLines === 0 ? '' : ' beside data:';
      offenders.push({ ev, problem: `${where} ${foreign.map((f) => `${f}:`).join(', ')}${beside}` });
      continue;
    }
    if (ev.dataLines > 1) {
      multiLine++;
      if (looksMerged(ev.data)) {
        merged++;
        offenders.push({ ev, problem: `${ev.dataLines} data lines that are each a JSON document: two events with no blank line between them` });
      }
    }
  }
  const evidence = {
    events: read.events.length,
    offending: offenders.length,
    firstOffender: offenders[0]?.ev.index,
    otherFields,
    multiLineData: multiLine,
    merged,
    lineEndings: read.lineEndings.styles,
  };
  if (offenders.length > 0) {
    const { ev, problem } = offenders[0]!;
    return fail(rule, `${at(ev)} has ${problem}: ${quote(ev.raw)}${more(offenders.length)}`, evidence);
  }
  const tolerated = multiLine > 0 ? `; ${plural(multiLine, 'event')} split data over several lines whose join is one document (tolerated)` : '';
  const sseOnly = Object.keys(otherFields).length > 0 ? ' (event:/id:/retry: fields are reported by no-sse-fields)' : '';
  return pass(rule, `${plural(read.events.length, 'event')}, no foreign fields and no merged events${tolerated}${sseOnly}`, evidence);
}

/** Several data lines, each a JSON document on its own, that do not parse once joined. */
function looksMerged(data: string): boolean {
  if (tryJson(data).ok) return false;
  const lines = data.split('\n').filter((l) => l.trim() !== '');
  return lines.length > 1 && lines.every((l) => tryJson(l).ok);
}

function doneSentinel(read: SseReadResult): RuleResult<FramingRuleId> {
  const rule = 'done-sentinel';
  if (read.done) {
    const ev = read.events[read.done.event]!;
    const evidence = { event: ev.index, data: ev.data, raw: ev.raw, t: ev.t };
    if (read.done.exact) {
      const line = ev.raw.split(/\r\n|\r|\n/)[0] ?? '';
      const note = line === 'data: [DONE]' ? '' : ` (written ${quote(line)}, which parses the same)`;
      return pass(rule, `terminated by data: [DONE] at ${at(ev)}${note}`, evidence);
    }
    return fail(
      rule,
      `the terminator at ${at(ev)} is ${quote(ev.raw)}: its data ${quote(ev.data)} is not exactly "[DONE]" ` +
        '(openai-node v7 compares exactly and throws SyntaxError on it; v6 and openai-python match the prefix)',
      evidence,
    );
  }
  const lookalike = read.events.find((e) => e.raw.includes('[DONE]') || /\bdone\b/i.test(e.event ?? ''));
  const evidence = { events: read.events.length, lookalike: lookalike?.index, stopped: read.stopped };
  if (lookalike) {
    return fail(rule, `no data: [DONE] event; the closest is ${at(lookalike)}: ${quote(lookalike.raw)}`, evidence);
  }
  const why = read.stopped ? ' (the reader stopped at a cap before the end)' : '';
  return fail(
    rule,
    `no data: [DONE] event: the stream ended after ${plural(read.events.length, 'event')}${why}; ` +
      'SDKs end such a stream silently, so a cut-short answer looks complete',
    evidence,
  );
}

function nothingAfterDone(read: SseReadResult): RuleResult<FramingRuleId> {
  const rule = 'nothing-after-done';
  if (!read.done) return skip(rule, 'no [DONE] event, so nothing to judge (see done-sentinel)', {});
  const a = read.afterDone;
  const evidence = { bytes: a.bytes, events: a.events, comments: a.comments, nonBlankLines: a.nonBlankLines };
  if (a.events > 0 || a.nonBlankLines > 0) {
    const what = [a.events > 0 ? plural(a.events, 'event') : '', a.comments > 0 ? plural(a.comments, 'comment') : ''].filter(Boolean).join(' and ');
    return fail(rule, `${what || plural(a.nonBlankLines, 'line')} after [DONE] (${a.bytes} bytes): ${quote(a.sample)}; clients ignore them`, evidence);
  }
  return pass(rule, a.bytes > 0 ? `only ${a.bytes} bytes of blank lines after [DONE]` : 'the body ends with the [DONE] event', evidence);
}

function finalBlankLine(read: SseReadResult): RuleResult<FramingRuleId> {
  const rule = 'final-blank-line';
  const tr = read.trailing;
  if (read.stopped) return skip(rule, 'the reader stopped at a cap before the end of the body', { stopped: true });
  if (tr?.cut) return skip(rule, 'the body was cut before its end (a timeout or a size cap)', { cut: true, raw: tr.raw });
  if (tr?.hasFields) {
    const last = read.events[read.events.length - 1]!;
    const isDone = read.done?.event === last.index;
    const how = tr.lineTerminated ? 'its last line ends but no blank line follows' : 'the body ends in the middle of its line';
    return fail(
      rule,
      `the last event${isDone ? ' ([DONE])' : ''}, ${at(last)}, is not closed by a blank line (${how}): ${quote(tr.raw)}; ` + 'SDKs never dispatch it',
      { event: last.index, isDone, lineTerminated: tr.lineTerminated, raw: tr.raw },
    );
  }
  if (read.events.length === 0) return skip(rule, 'no events in the stream', { events: 0 });
  const last = read.events[read.events.length - 1]!;
  const note = tr ? ` (a trailing comment with no blank line follows: ${quote(tr.raw)})` : '';
  return pass(rule, `the last event, ${at(last)}, ends with a blank line${note}`, { event: last.index, trailingComment: !!tr });
}

function noEmptyEvents(read: SseReadResult): RuleResult<FramingRuleId> {
  const rule = 'no-empty-events';
  const before = read.events.filter((e) => !e.afterDone);
  const dataless = before.filter((e) => e.dataLines === 0);
  const emptyLine = before.filter((e) => e.dataLines > 0 && !e.oversized && dataLines(e).some((l) => l === ''));
  const evidence = { events: before.length, withoutData: dataless.length, emptyDataLine: emptyLine.length };
  if (before.length === 0) return skip(rule, 'no events before [DONE]', evidence);
  if (dataless.length > 0) {
    const ev = dataless[0]!;
    return fail(
      rule,
      `${at(ev)} has no data: ${quote(ev.raw)}${more(dataless.length)}; clients that dispatch it (openai-node for event:, ` +
        'openai-python for any field) JSON-parse "" and throw',
      { ...evidence, first: ev.index },
    );
  }
  if (emptyLine.length > 0) {
    const ev = emptyLine[0]!;
    return fail(rule, `${at(ev)} has an empty data line: ${quote(ev.raw)}${more(emptyLine.length)}; SDKs throw on the empty JSON`, {
      ...evidence,
      first: ev.index,
    });
  }
  return pass(rule, `${plural(before.length, 'event')}, each with non-empty data`, evidence);
}

const SSE_FIELDS = ['event', 'id', 'retry'] as const;
const SSE_FIELD_RISK: Record<(typeof SSE_FIELDS)[number], string> = {
  event: 'openai-node v4 yields named events as {event, data} wrappers',
  id: 'openai-python keeps the last id and dispatches an empty event on an extra blank line',
  retry: 'openai-python dispatches a retry-only block as an empty event',
};

function noSseFields(read: SseReadResult): RuleResult<FramingRuleId> {
  const rule = 'no-sse-fields';
  const counts: Record<string, number> = {};
  let first: SseEvent | undefined;
  for (const ev of read.events) {
    for (const f of SSE_FIELDS) {
      if (ev.fields[f]) {
        counts[f] = (counts[f] ?? 0) + 1;
        first ??= ev;
      }
    }
  }
  const found = SSE_FIELDS.filter((f) => counts[f]);
  if (read.events.length === 0) return skip(rule, 'no events in the stream', { counts });
  // Blocks with no data line and no SSE field (a body that is not SSE at all) give this rule nothing to look at.
  if (!first && !read.events.some((e) => e.dataLines > 0)) return skip(rule, 'no data events in the stream', { counts });
  if (!first) return pass(rule, 'no event:, id: or retry: lines', { counts });
  const names = found.map((f) => `${f}: (${plural(counts[f]!, 'event')})`).join(', ');
  const risks = found.map((f) => SSE_FIELD_RISK[f]).join('; ');
  return fail(rule, `${names} lines found, first at ${at(first)}: ${quote(first.raw)}; ${risks}`, { counts, fields: found, first: first.index });
}

function noDoubleData(read: SseReadResult): RuleResult<FramingRuleId> {
  const rule = 'no-double-data';
  const offenders = read.events.filter((e) => e.dataLines > 0 && dataLines(e).some((l) => /^\s*data:/.test(l)));
  if (!read.events.some((e) => e.dataLines > 0))
    return skip(rule, read.events.length === 0 ? 'no events in the stream' : 'no data events in the stream', { offending: 0 });
  if (offenders.length === 0) return pass(rule, 'no data: data: prefix', { offending: 0 });
  const ev = offenders[0]!;
  return fail(rule, `${at(ev)} carries a doubled prefix: ${quote(ev.raw)}${more(offenders.length)}`, {
    offending: offenders.length,
    first: ev.index,
  });
}

function jsonData(read: SseReadResult, { chunks }: FramingContext): RuleResult<FramingRuleId> {
  const rule = 'json-data';
  const parsed = chunks.chunks.length + chunks.errors.filter((e) => e.recognised || typeof e.body !== 'string').length;
  const evidence = { json: parsed, nonJson: chunks.nonJson.length, nonObject: chunks.chunks.filter((c) => !isObject(c.json)).length };
  if (chunks.nonJson.length > 0) {
    const bad = chunks.nonJson[0]!;
    const ev = read.events[bad.event]!;
    return fail(rule, `${at(ev)} is not JSON (${bad.error})${jsonHint(bad.data)}: ${quote(ev.raw)}${more(chunks.nonJson.length)}`, {
      ...evidence,
      first: bad.event,
    });
  }
  if (parsed === 0) return skip(rule, 'no data events before [DONE]', evidence);
  return pass(rule, `${plural(parsed, 'data event')} before [DONE] parse as JSON`, evidence);
}

function jsonHint(data: string): string {
  if (/^\s*data:/.test(data)) return ', the SSE prefix was doubled';
  if (data.startsWith(':')) return ', an SSE comment re-emitted as data';
  if (looksMerged(data)) return ', two JSON documents merged into one event';
  return '';
}

function incremental(_read: SseReadResult, { chunks, options, stallMs }: FramingContext): RuleResult<FramingRuleId> {
  const rule = 'incremental';
  const output = chunks.chunks.map((c) => ({ c, chars: chunkOutputChars(c.json) })).filter((x) => x.chars > 0);
  const totalChars = output.reduce((n, x) => n + x.chars, 0);
  const reported = reportedCompletionTokens(chunks);
  const basis = reported !== undefined ? 'usage.completion_tokens' : `output chars / ${options.charsPerToken}`;
  const expected = reported ?? Math.ceil(totalChars / options.charsPerToken);
  const reads = new Set(output.map((x) => x.c.read));
  const times = new Set(output.map((x) => x.c.t));
  const evidence = {
    judged: false,
    totalChars,
    expectedEvents: expected,
    basis,
    contentEvents: output.length,
    distinctReads: reads.size,
    distinctTimes: times.size,
    firstT: output[0]?.c.t,
    lastT: output[output.length - 1]?.c.t,
    minChars: options.minChars,
    minExpectedEvents: options.minExpectedEvents,
    stallMs,
  };
  // A one-word answer may honestly fit in one event: only judge when a token-by-token stream
  // would have produced several events.
  if (totalChars < options.minChars || expected < options.minExpectedEvents) {
    return skip(
      rule,
      `not judged: ${totalChars} output chars, ~${expected} tokens (${basis}); judging needs ≥ ${options.minChars} chars ` +
        `and ≥ ${options.minExpectedEvents} expected events`,
      evidence,
    );
  }
  evidence.judged = true;
  if (output.length === 1) {
    return fail(
      rule,
      `all ${totalChars} output chars (~${expected} tokens by ${basis}) arrived in one event, #${output[0]!.c.event}: the answer was not streamed`,
      evidence,
    );
  }
  if (times.size === 1) {
    const how = reads.size === 1 ? 'in one read' : `in ${reads.size} reads at the same instant`;
    // The control: was the reader itself able to see them apart? A starved harness reads a live stream in one gulp.
    if (stallMs >= stallBound(output.length)) {
      return suspect(
        rule,
        `the ${output.length} content events all arrived ${how}, but the harness itself was held up ${stallMs} ms while reading ` +
          `(a busy machine): a reader that late cannot tell a buffering server from a live stream`,
        evidence,
      );
    }
    return fail(rule, `the ${output.length} content events all arrived ${how} (t=${output[0]!.c.t}ms): the server buffered the answer`, evidence);
  }
  const spread = Math.round(output[output.length - 1]!.c.t - output[0]!.c.t);
  return pass(rule, `${output.length} content events over ${plural(reads.size, 'read')}, ${spread} ms from first to last`, evidence);
}

function reportedCompletionTokens(chunks: ChunkSet): number | undefined {
  for (const c of chunks.chunks) {
    if (isObject(c.json) && isObject(c.json.usage) && typeof c.json.usage.completion_tokens === 'number') {
      return c.json.usage.completion_tokens;
    }
  }
  return undefined;
}
