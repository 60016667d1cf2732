/**
 * The requests the stream area reads, built in one place so that every case that needs one gets the same
 * exchange (the run context shares identical requests; the bodies match the field probes' where they can:
 * the baseline stream is `request.stream`'s body, the usage stream is `request.stream_options.include_usage`'s).
 * Also: what each exchange can tell (answered? cut by the harness's bound?) and its analysis, computed once.
 */
import type { Exchange } from '../transport/types.js';
import type { CaseIO } from './types.js';
import { analyseStream, readExchange, sniffBody, type ReadExchange, type StreamAnalysis, type UsageMode } from '../sse/index.js';
import { isObject, quote } from '../sse/util.js';
import { PROBE_TOOLS } from '../probes/values.js';
import { bodyJson } from '../transport/http.js';

export type StreamKind = 'baseline' | 'usage' | 'tools';

export const STREAM_LABEL: Record<StreamKind, string> = {
  baseline: 'baseline stream',
  usage: 'include_usage stream',
  tools: 'tool-call stream',
};

/** A question two tools answer, so a model called with tool_choice "required" makes two parallel calls. */
export const TOOL_PROMPT = 'What is the weather in Paris right now, and what time is it there? Use the tools.';

/** A model id no provider serves: the bad streamed request for `prestream-error-status` (as error.unknown-model's). */
export const UNKNOWN_MODEL = 'oai-compat-no-such-model';

export function streamBody(io: CaseIO, kind: StreamKind): Record<string, unknown> {
  const base = io.baselineBody(true);
  switch (kind) {
    case 'baseline':
      return base;
    case 'usage':
      return { ...base, stream_options: { include_usage: true } };
    case 'tools':
      return { ...base, messages: [{ role: 'user', content: TOOL_PROMPT }], tools: PROBE_TOOLS, tool_choice: 'required' };
  }
}

export function sendStream(io: CaseIO, kind: StreamKind): Promise<Exchange> {
  if (kind === 'baseline') return io.baseline(true);
  return io.send({ method: 'POST', path: io.chatPath, json: streamBody(io, kind), purpose: `stream (${STREAM_LABEL[kind]})` });
}

/** Why an exchange holds no stream to judge: no answer, or a non-2xx one (with its error message). */
export function notStreamed(ex: Exchange): string | undefined {
  const res = ex.response;
  if (!res) return `not answered (${ex.error?.kind ?? 'unknown'}: ${ex.error?.message ?? ''})`;
  if (res.status >= 200 && res.status < 300) return undefined;
  const message = errorBodyMessage(ex);
  return `answered HTTP ${res.status}${message !== undefined ? `: ${JSON.stringify(message.slice(0, 160))}` : ''}`;
}

/**
 * Why a 2xx answer to a streamed request holds no stream: its body is not an event stream (told by its bytes, or
 * by a text/event-stream content-type: src/sse/detect.ts). Every stream rule has nothing to look at then and skips
 * with this reason; request.stream is the case that judges it. Undefined for an event stream (and for non-2xx or
 * unanswered exchanges, which notStreamed describes).
 */
export function notAStream(ex: Exchange): string | undefined {
  const res = ex.response;
  if (!res || res.status < 200 || res.status > 299) return undefined;
  const contentType = res.headers['content-type'];
  const shape = sniffBody(res.reads, contentType);
  if (shape.kind === 'event-stream') return undefined;
  const ct = contentType === undefined ? 'no content-type' : `content-type ${quote(contentType, 60)}`;
  const json = shape.kind === 'json' ? bodyJson(ex) : undefined;
  const what =
    shape.kind === 'empty'
      ? 'an empty body'
      : shape.kind === 'json'
        ? isObject(json) && Array.isArray(json.choices)
          ? 'one JSON chat completion'
          : 'a JSON body'
        : `a body that is not SSE (it starts ${quote(shape.firstLine, 60)})`;
  return `answered HTTP ${res.status} with ${what} (${ct}), not an event stream`;
}

/** The `error.message` of an OpenAI-style JSON error body, when the body is one. */
export function errorBodyMessage(ex: Exchange): string | undefined {
  const err = (bodyJson(ex) as { error?: { message?: unknown } } | null | undefined)?.error;
  return err && typeof err.message === 'string' ? err.message : undefined;
}

/**
 * Set when the body was stopped by the harness's own bound (total or idle timeout, body cap): what did arrive can
 * be judged, but not how the stream would have ended. A connection the target closed is not a cut: it is the end.
 */
export function cutByBound(ex: Exchange): string | undefined {
  if (ex.error && (ex.error.kind === 'total-timeout' || ex.error.kind === 'idle-timeout')) return `${ex.error.kind}: ${ex.error.message}`;
  if (ex.response?.truncated) return `the body reached the transport's cap of ${ex.response.bodyBytes} bytes`;
  return undefined;
}

const CONTEXT: Record<StreamKind, { includeUsage: boolean; tools: boolean }> = {
  baseline: { includeUsage: false, tools: false },
  usage: { includeUsage: true, tools: false },
  tools: { includeUsage: false, tools: true },
};

// One analysis per exchange, kind and usage mode: a dozen cases read the same exchange, and judging a usage
// row against the target's profile and against OpenAI's needs two modes. The body is read and its chunks
// parsed once per exchange, whatever the mode.
const analyses = new WeakMap<Exchange, { parsed: ReadExchange; byContext: Map<string, StreamAnalysis> }>();

export function analysis(ex: Exchange, kind: StreamKind, usageMode: UsageMode = 'on-request'): StreamAnalysis {
  let cached = analyses.get(ex);
  if (!cached) analyses.set(ex, (cached = { parsed: readExchange(ex), byContext: new Map() }));
  const key = `${kind}:${usageMode}`;
  let a = cached.byContext.get(key);
  if (!a) cached.byContext.set(key, (a = analyseStream(ex, { ...CONTEXT[kind], usageMode }, cached.parsed)));
  return a;
}
