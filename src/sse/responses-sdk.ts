/**
 * The real-client oracle for Responses API streams: the recorded bytes of a streamed Response replayed into each
 * openai-node major's `responses.stream(...).finalResponse()` (the accumulator that joins the deltas into the
 * output items and throws on an event naming an item it never opened), as the chat oracle does for chat streams
 * (sdk-oracle.ts: same replay fetch, dummy key, no retries, a timeout). No request is sent.
 */
import type { Exchange } from '../transport/types.js';
import { makeSdkClient, type SdkClientId } from './sdk-clients.js';
import { REPLAY_API_KEY, REPLAY_BASE_URL, replayFetch } from './sdk-oracle.js';
import { isObject } from './util.js';

export interface ResponsesSdkResult {
  client: SdkClientId;
  version: string;
  ok: boolean;
  error?: string;
  timedOut: boolean;
  /** Events the helper emitted. */
  events: number;
  /** The output_text of the final Response as the SDK assembled it. */
  text: string;
}

export async function replayResponsesStream(exchange: Exchange, client: SdkClientId, timeoutMs = 10_000): Promise<ResponsesSdkResult> {
  const sdk = await makeSdkClient(client, {
    apiKey: REPLAY_API_KEY,
    baseURL: REPLAY_BASE_URL,
    timeoutMs,
    fetch: replayFetch(exchange, { requests: 0 }, {}),
  });
  const abort = new AbortController();
  const result: ResponsesSdkResult = { client, version: sdk.version, ok: false, timedOut: false, events: 0, text: '' };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => {
      abort.abort();
      resolve('timeout');
    }, timeoutMs);
  });
  const run = (async () => {
    const runner = sdk.responsesHelper(paramsOf(exchange), abort.signal);
    runner.on('event', () => {
      result.events++;
    });
    // A listener keeps the runner from raising an unhandled rejection; finalResponse() rethrows.
    runner.on('error', () => {});
    runner.on('abort', () => {});
    return runner.finalResponse();
  })();
  try {
    const outcome = await Promise.race([
      run.then(
        (r) => ({ r }),
        (error: unknown) => ({ error }),
      ),
      timeout,
    ]);
    if (outcome === 'timeout') {
      result.timedOut = true;
      result.error = `timeout: the SDK did not finish within ${timeoutMs} ms`;
    } else if ('error' in outcome) {
      const e = outcome.error;
      result.error = e instanceof Error ? `${e.constructor?.name && e.constructor.name !== 'Error' ? e.constructor.name : e.name}: ${e.message}` : String(e);
    } else {
      result.ok = true;
      result.text = textOf(outcome.r);
    }
  } finally {
    clearTimeout(timer);
  }
  return result;
}

function textOf(r: Record<string, unknown>): string {
  const items = Array.isArray(r.output) ? (r.output as unknown[]).filter(isObject) : [];
  return items
    .filter((i) => i.type === 'message' && Array.isArray(i.content))
    .flatMap((i) => (i.content as unknown[]).filter(isObject))
    .map((p) => (p.type === 'output_text' && typeof p.text === 'string' ? p.text : ''))
    .join('');
}

/** The recorded request body without `stream` (the helper sets it), or a minimal one. */
function paramsOf(exchange: Exchange): Record<string, unknown> {
  try {
    const body: unknown = exchange.request.body ? JSON.parse(exchange.request.body) : undefined;
    if (isObject(body) && typeof body.model === 'string') {
      const { stream: _s, ...rest } = body;
      return rest;
    }
  } catch {
    // A capped or non-JSON record: a minimal request (the replay ignores it anyway).
  }
  return { model: 'replay', input: 'replay' };
}
