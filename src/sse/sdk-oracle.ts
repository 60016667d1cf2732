/**
 * The real-client oracle: replay the recorded bytes of an exchange into the official `openai` npm SDK and
 * report what it made of them, in the SDK's own words (error class and message).
 *
 * No new request is sent: the client gets a custom `fetch` that answers from the recording, read by read,
 * with the recorded status and headers. The client has a dummy key (`oai-compat-replay`), every credential the
 * SDK could pick up from the environment is nulled, retries are off (no sleeps, one fetch call), and the run is
 * bounded by a timeout. The custom fetch never touches the network, so nothing the SDK sends can leave the
 * process either.
 *
 * Two modes, because they fail differently:
 * - `iterate`: `for await (chunk of client.chat.completions.create({stream: true}))`, the plain decoder;
 * - `helper`: `client.chat.completions.stream(...)` + `finalChatCompletion()`, the accumulator that also
 *   demands a role and a finish_reason per choice and joins tool calls by index.
 * Each result says whether the SDK silently delivered less than the raw stream carried (our reassembly).
 * The same bytes can be replayed into each major version of the client still in use (`client`: openai-node 4,
 * 5 or 6, src/sse/sdk-clients.ts); they break on different streams.
 */
import { makeSdkClient, type SdkChatClient, type SdkChatCompletion, type SdkClientId } from './sdk-clients.js';
import type { Exchange } from '../transport/types.js';
import { extractChunks } from './chunks.js';
import { readSse } from './reader.js';
import { reassemble, type Reassembled } from './reassemble.js';
import { isObject } from './util.js';

export type SdkMode = 'iterate' | 'helper';

/** The only key the replay client ever holds. */
export const REPLAY_API_KEY = 'oai-compat-replay';
export const REPLAY_BASE_URL = 'http://replay.oai-compat.invalid/v1';

export interface SdkOracleOptions {
  /** The client to replay into (default `openai-v6`, the one the project depends on). */
  client?: SdkClientId;
  /** Bound on one SDK run (default 10 s). */
  timeoutMs?: number;
  /**
   * What the raw stream carried (its reassembly), when the caller has already read the exchange (the stream
   * cases' analysis); otherwise the recorded body is read again here.
   */
  raw?: Reassembled;
  /** Replay the recorded gaps between reads (default false: every read is handed over at once). */
  paceReads?: boolean;
  /** Called with every request the SDK makes to the replay fetch (diagnostics and tests). */
  onRequest?: (url: string, headers: Headers) => void;
}

export interface SdkToolCall {
  choice: number;
  index: number;
  id?: string;
  name?: string;
  arguments: string;
}

export interface SdkOracleResult {
  mode: SdkMode;
  client: SdkClientId;
  /** The client's exact version, e.g. `4.104.0`. */
  sdkVersion: string;
  /** True when the SDK finished without throwing. */
  ok: boolean;
  /** "ClassName: message", as the SDK threw it. */
  error?: string;
  errorClass?: string;
  errorMessage?: string;
  /** APIError.status (undefined for in-band errors, which carry none). */
  errorStatus?: number;
  /** The wrapped error, when the helper re-wrapped a plain Error (a SyntaxError becomes an OpenAIError). */
  causeClass?: string;
  /** Chunks the SDK delivered (yielded, or emitted as `chunk` events). */
  chunks: number;
  /**
   * Delivered chunks with no `choices` array (openai-node 4 wraps a named event as `{event, data}`): a consumer
   * reading `chunk.choices[0]` throws "Cannot read properties of undefined (reading '0')" on each.
   */
  withoutChoices: number;
  /** Content of choice 0 as the SDK delivered it. */
  content: string;
  contents: string[];
  toolCalls: SdkToolCall[];
  finishReasons: (string | null)[];
  /** The raw stream carried output the SDK did not deliver. */
  lost: boolean;
  lostDetails: string[];
  /** Lost with no error: the dangerous case. */
  silentLoss: boolean;
  timedOut: boolean;
  /** fetch calls the SDK made (1 unless something retried). */
  requests: number;
  durationMs: number;
}

/** What the SDK handed over so far: the chunks it yielded and, for the helper, its final answer. */
interface Delivered {
  seen: unknown[];
  final?: Reassembled;
}

/** Run both modes on one recorded exchange. */
export async function runSdkOracles(exchange: Exchange, options: SdkOracleOptions = {}): Promise<SdkOracleResult[]> {
  return [await runSdkOracle(exchange, 'iterate', options), await runSdkOracle(exchange, 'helper', options)];
}

export async function runSdkOracle(exchange: Exchange, mode: SdkMode, options: SdkOracleOptions = {}): Promise<SdkOracleResult> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const counter = { requests: 0 };
  const abort = new AbortController();
  const client = await makeSdkClient(options.client ?? 'openai-v6', {
    apiKey: REPLAY_API_KEY,
    baseURL: REPLAY_BASE_URL,
    timeoutMs,
    fetch: replayFetch(exchange, counter, options),
  });
  // Timed from here: the first replay of a run loads the SDK's modules above, which is not the replay.
  const started = performance.now();
  const params = requestParams(exchange);
  const delivered: Delivered = { seen: [] };

  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => {
      abort.abort();
      resolve('timeout');
    }, timeoutMs);
  });
  let outcome: { error?: unknown } | 'timeout';
  try {
    const run = mode === 'iterate' ? iterate(client, params, abort.signal, delivered) : helper(client, params, abort.signal, delivered);
    outcome = await Promise.race([
      run.then(
        () => ({}),
        (error: unknown) => ({ error }),
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }

  const raw = options.raw ?? rawView(exchange);
  // On error or timeout: what a consumer rendering the deltas had seen by then.
  const view = delivered.final ?? reassemble(delivered.seen);
  const lostDetails = compare(raw, view);
  const result: SdkOracleResult = {
    mode,
    client: client.id,
    sdkVersion: client.version,
    ok: outcome !== 'timeout' && outcome.error === undefined,
    chunks: delivered.seen.length,
    withoutChoices: delivered.seen.filter((c) => !isObject(c) || !Array.isArray(c.choices)).length,
    content: view.choices.find((c) => c.index === 0)?.content ?? '',
    contents: view.choices.map((c) => c.content),
    toolCalls: view.choices.flatMap((c) =>
      c.toolCalls.map((tc) => {
        const call: SdkToolCall = { choice: c.index, index: tc.index, arguments: tc.arguments };
        if (tc.id !== undefined) call.id = tc.id;
        if (tc.name !== undefined) call.name = tc.name;
        return call;
      }),
    ),
    finishReasons: view.choices.map((c) => c.finishReason),
    lost: lostDetails.length > 0,
    lostDetails,
    silentLoss: false,
    timedOut: outcome === 'timeout',
    requests: counter.requests,
    durationMs: Math.round(performance.now() - started),
  };
  if (outcome === 'timeout') {
    result.error = `timeout: the SDK did not finish within ${timeoutMs} ms`;
  } else if (outcome.error !== undefined) {
    describeError(result, outcome.error, client);
  }
  result.silentLoss = result.ok && result.lost;
  return result;
}

async function iterate(client: SdkChatClient, params: Record<string, unknown>, signal: AbortSignal, out: Delivered): Promise<void> {
  const stream = await client.iterate(params, signal);
  for await (const chunk of stream) out.seen.push(chunk);
}

async function helper(client: SdkChatClient, params: Record<string, unknown>, signal: AbortSignal, out: Delivered): Promise<void> {
  const { stream: _drop, ...rest } = params;
  const runner = client.helper(rest, signal);
  runner.on('chunk', (chunk) => out.seen.push(chunk));
  // A listener keeps the runner from raising an unhandled rejection; finalChatCompletion() rethrows.
  runner.on('error', () => {});
  runner.on('abort', () => {});
  const final = await runner.finalChatCompletion();
  out.final = fromCompletion(final, out.seen.length);
}

/** The helper's final answer in the reassembly's shape, so both modes compare the same way. */
function fromCompletion(final: SdkChatCompletion, chunks: number): Reassembled {
  return {
    id: final.id,
    model: final.model,
    created: final.created,
    chunks,
    ...(final.usage ? { usage: final.usage as unknown as Record<string, unknown> } : {}),
    choices: final.choices.map((c) => ({
      index: c.index,
      role: c.message.role,
      content: c.message.content ?? '',
      refusal: c.message.refusal ?? '',
      finishReason: c.finish_reason ?? null,
      toolCalls: (c.message.tool_calls ?? []).map((tc, i) => ({
        index: i,
        ...(tc.id ? { id: tc.id } : {}),
        ...(tc.type ? { type: tc.type } : {}),
        ...(tc.type === 'function' && tc.function?.name ? { name: tc.function.name } : {}),
        arguments: tc.type === 'function' ? (tc.function?.arguments ?? '') : '',
        fragments: 0,
      })),
    })),
  };
}

/** What the raw stream carried before [DONE], every event counted (even one no client would dispatch). */
function rawView(exchange: Exchange): Reassembled {
  if (!exchange.response) return reassemble([]);
  const set = extractChunks(readSse(exchange.response.reads));
  return reassemble(set.chunks.map((c) => c.json));
}

function compare(raw: Reassembled, got: Reassembled): string[] {
  const lost: string[] = [];
  for (const rc of raw.choices) {
    const gc = got.choices.find((c) => c.index === rc.index);
    if (rc.content && (gc?.content ?? '') !== rc.content) {
      lost.push(`choice ${rc.index}: content delivered ${(gc?.content ?? '').length} of ${rc.content.length} chars`);
    }
    if (rc.refusal && (gc?.refusal ?? '') !== rc.refusal) {
      lost.push(`choice ${rc.index}: refusal delivered ${(gc?.refusal ?? '').length} of ${rc.refusal.length} chars`);
    }
    const gotCalls = gc?.toolCalls ?? [];
    if (gotCalls.length < rc.toolCalls.length) {
      lost.push(`choice ${rc.index}: ${rc.toolCalls.length - gotCalls.length} of ${rc.toolCalls.length} tool calls missing`);
    } else {
      rc.toolCalls.forEach((call, i) => {
        const g = gotCalls[i]!;
        if (g.arguments !== call.arguments) {
          lost.push(`choice ${rc.index}: tool call ${call.index} arguments delivered ${g.arguments.length} of ${call.arguments.length} chars`);
        }
      });
    }
    if (rc.finishReason && !gc?.finishReason) lost.push(`choice ${rc.index}: finish_reason ${JSON.stringify(rc.finishReason)} not delivered`);
  }
  if (raw.usage && !got.usage) lost.push('usage not delivered');
  return lost;
}

function describeError(result: SdkOracleResult, error: unknown, client: SdkChatClient): void {
  const cls = className(error);
  const message = error instanceof Error ? error.message : String(error);
  result.errorClass = cls;
  result.errorMessage = message;
  result.error = `${cls}: ${message}`;
  const status = client.apiErrorStatus(error);
  if (status !== undefined) result.errorStatus = status;
  const cause = error instanceof Error ? (error as Error & { cause?: unknown }).cause : undefined;
  if (cause !== undefined) result.causeClass = className(cause);
}

function className(e: unknown): string {
  if (e instanceof Error) {
    const ctor = e.constructor?.name;
    return ctor && ctor !== 'Error' ? ctor : e.name;
  }
  return typeof e;
}

/** The recorded request body when it is a chat request, else a minimal one (the replay ignores it anyway). */
function requestParams(exchange: Exchange): Record<string, unknown> {
  const body = exchange.request.body;
  if (body) {
    try {
      const parsed: unknown = JSON.parse(body);
      if (isObject(parsed) && typeof parsed.model === 'string' && Array.isArray(parsed.messages)) return parsed;
    } catch {
      // A capped or non-JSON record: fall back to a minimal request (the replay ignores it anyway).
    }
  }
  return { model: 'replay', messages: [{ role: 'user', content: 'replay' }] };
}

/** Transport failures that stop a body after the headers: the replay errors the stream the way undici does. */
const MID_BODY_ERRORS = new Set(['idle-timeout', 'total-timeout', 'network']);
/** Headers that describe the wire encoding, not the (already decoded) recorded bytes. */
const WIRE_HEADERS = new Set(['content-encoding', 'content-length', 'transfer-encoding', 'connection', 'keep-alive']);

export function replayFetch(exchange: Exchange, counter: { requests: number }, options: SdkOracleOptions): typeof fetch {
  return async (input, init) => {
    counter.requests++;
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    options.onRequest?.(url, new Headers(init?.headers));
    const signal = init?.signal ?? undefined;
    if (signal?.aborted) throw signal.reason ?? new DOMException('aborted', 'AbortError');
    const res = exchange.response;
    if (!res) {
      // What undici throws when there is no response; the SDK turns it into APIConnectionError.
      throw new TypeError('fetch failed', { cause: new Error(exchange.error?.message ?? 'no response recorded') });
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(res.headers)) {
      if (WIRE_HEADERS.has(name.toLowerCase())) continue;
      try {
        headers.append(name, value);
      } catch {
        // A header value the Fetch API refuses: the SDK never reads such headers anyway.
      }
    }
    if (res.status < 200 || res.status > 599) throw new TypeError(`replay: status ${res.status} cannot be replayed`);
    const noBody = res.status === 204 || res.status === 205 || res.status === 304;
    let i = 0;
    const reads = res.reads;
    const cutShort = exchange.error !== undefined && MID_BODY_ERRORS.has(exchange.error.kind);
    const body = new ReadableStream<Uint8Array>({
      async pull(ctrl) {
        if (options.paceReads && i > 0 && i < reads.length) await pause(reads[i]!.t - reads[i - 1]!.t, signal);
        if (signal?.aborted) {
          ctrl.error(signal.reason ?? new DOMException('aborted', 'AbortError'));
          return;
        }
        if (i < reads.length) {
          ctrl.enqueue(reads[i++]!.bytes.slice());
          return;
        }
        if (cutShort) ctrl.error(new TypeError('terminated'));
        else ctrl.close();
      },
    });
    return new Response(noBody ? null : body, { status: res.status, headers });
  };
}

/** Sleep `ms`, cut short by an abort (the oracle's timeout aborts the request). */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
