/**
 * The stream layer's front door: one recorded exchange in, every framing and sequence rule out (keyed by
 * rule id, the keys of a profile's `stream` table), plus the reassembled completion and timing facts.
 * Pure: reads the exchange, sends nothing. The SDK oracle is separate (async, heavier): see sdk-oracle.ts.
 */
import type { Exchange } from '../transport/types.js';
import { chunkHasOutput, extractChunks, type ChunkSet, type InBandError } from './chunks.js';
import { checkFraming, type FramingOptions } from './framing.js';
import { SseReader, type SseReaderOptions, type SseReadResult } from './reader.js';
import { reassemble, type Reassembled } from './reassemble.js';
import type { RuleResult, StreamRuleId } from './rules.js';
import { checkSequence, type UsageMode } from './sequence.js';
import { percentile } from './util.js';

export * from './rules.js';
export { readSse, dataEvents } from './reader.js';
export type { SseReadResult, SseReaderOptions } from './reader.js';
export { compareWithNonStreamed } from './deltas.js';
export { sniffBody } from './detect.js';
export type { BodyShape } from './detect.js';
export { extractChunks } from './chunks.js';
export type { ChunkSet, InBandError } from './chunks.js';
export type { FramingOptions } from './framing.js';
export type { UsageMode } from './sequence.js';
export type { Reassembled } from './reassemble.js';
export { runSdkOracle } from './sdk-oracle.js';
export type { SdkMode } from './sdk-oracle.js';

export interface AnalyseContext {
  /** Requested `n` (default 1). */
  n?: number;
  /** Whether `stream_options.include_usage: true` was sent. */
  includeUsage?: boolean;
  /** Whether `tools` were sent. */
  tools?: boolean;
  /** The provider's declared usage-chunk behaviour (default `on-request`, OpenAI's). */
  usageMode?: UsageMode;
  reader?: SseReaderOptions;
  framing?: FramingOptions;
}

export interface StreamTiming {
  /** Response headers, ms since the request started. */
  headersMs?: number;
  firstByteMs?: number;
  /** Arrival of the first event whose delta carried content, a refusal or a tool-call fragment. */
  firstContentMs?: number;
  /** Arrival of the last event before the end ([DONE] included). */
  lastEventMs?: number;
  /** Gaps between the arrival of consecutive data events up to [DONE]. */
  gaps: { count: number; maxMs?: number; p50Ms?: number };
  /** Whole exchange, from send to the last byte. */
  totalMs?: number;
}

export interface StreamAnalysis {
  exchangeId: string;
  status?: number;
  contentType?: string;
  /** True when every rule passed (skipped rules count as passed). */
  ok: boolean;
  /** Ids of the rules that failed. */
  failed: StreamRuleId[];
  rules: Record<StreamRuleId, RuleResult>;
  read: SseReadResult;
  completion: Reassembled;
  /** The first in-band error: a stream that carries one is a failure whatever else it holds. */
  inBandError?: InBandError;
  timing: StreamTiming;
}

/** The exchange's body read as SSE and its chunks extracted: what every analysis of it starts from. */
export interface ReadExchange {
  read: SseReadResult;
  chunks: ChunkSet;
}

export function readExchange(exchange: Exchange, options?: SseReaderOptions): ReadExchange {
  const res = exchange.response;
  const reader = new SseReader(options);
  for (const r of res?.reads ?? []) reader.feed(r.bytes, r.t);
  // A body the transport stopped (its timeouts, its cap) did not end: its unfinished last block is our cut's.
  const cut = !!res?.truncated || exchange.error?.kind === 'total-timeout' || exchange.error?.kind === 'idle-timeout';
  const read = reader.end(cut);
  return { read, chunks: extractChunks(read) };
}

/**
 * `parsed`: the exchange already read (with `ctx.reader`'s limits), so that analysing one exchange in several
 * contexts (usage modes) reads and parses its body once.
 */
export function analyseStream(exchange: Exchange, ctx: AnalyseContext = {}, parsed: ReadExchange = readExchange(exchange, ctx.reader)): StreamAnalysis {
  const res = exchange.response;
  const { read, chunks } = parsed;
  const contentType = res?.headers['content-type'];

  const transport: { status?: number; truncated?: boolean; error?: string } = {};
  if (res) {
    transport.status = res.status;
    transport.truncated = res.truncated;
  }
  if (exchange.error) transport.error = `${exchange.error.kind}: ${exchange.error.message}`;
  else if (!res) transport.error = 'no response';

  const framing = checkFraming(read, contentType, ctx.framing, chunks, exchange.timings.stallMs ?? 0);
  const sequence = checkSequence(
    read,
    {
      ...(ctx.n !== undefined ? { n: ctx.n } : {}),
      ...(ctx.includeUsage !== undefined ? { includeUsage: ctx.includeUsage } : {}),
      ...(ctx.tools !== undefined ? { tools: ctx.tools } : {}),
      ...(ctx.usageMode !== undefined ? { usageMode: ctx.usageMode } : {}),
      transport,
    },
    chunks,
  );
  const rules = { ...framing, ...sequence } as Record<StreamRuleId, RuleResult>;
  const failed = (Object.keys(rules) as StreamRuleId[]).filter((id) => !rules[id].ok);

  const analysis: StreamAnalysis = {
    exchangeId: exchange.id,
    ok: failed.length === 0,
    failed,
    rules,
    read,
    completion: reassemble(chunks.chunks.map((c) => c.json)),
    timing: timing(exchange, read, chunks.chunks),
  };
  if (res) analysis.status = res.status;
  if (contentType !== undefined) analysis.contentType = contentType;
  if (chunks.errors[0]) analysis.inBandError = chunks.errors[0];
  return analysis;
}

function timing(exchange: Exchange, read: SseReadResult, chunks: { t: number; json: unknown }[]): StreamTiming {
  // Data events up to and including [DONE]: what a client waits on.
  const upToDone = read.events.filter((e) => e.dataLines > 0 && !e.afterDone);
  const gaps: number[] = [];
  for (let i = 1; i < upToDone.length; i++) gaps.push(upToDone[i]!.t - upToDone[i - 1]!.t);
  const t: StreamTiming = { gaps: { count: gaps.length } };
  const maxGap = gaps.length ? gaps.reduce((a, b) => Math.max(a, b)) : undefined;
  const p50 = percentile(gaps, 50);
  if (maxGap !== undefined) t.gaps.maxMs = maxGap;
  if (p50 !== undefined) t.gaps.p50Ms = p50;
  const tm = exchange.timings;
  if (tm.headersMs !== undefined) t.headersMs = tm.headersMs;
  const firstByte = tm.firstByteMs ?? exchange.response?.reads[0]?.t;
  if (firstByte !== undefined) t.firstByteMs = firstByte;
  const firstContent = chunks.find((c) => chunkHasOutput(c.json));
  if (firstContent) t.firstContentMs = firstContent.t;
  const last = upToDone[upToDone.length - 1];
  if (last) t.lastEventMs = last.t;
  const total = tm.totalMs ?? read.lastT;
  if (total !== undefined) t.totalMs = total;
  return t;
}
