/**
 * The official openai-node clients the SDK oracle replays recorded streams into, one per major version still
 * run in the wild (npm aliases `openai-v4`, `openai-v5`, and `openai` for 6), behind one small interface: make a
 * client on a replay fetch, open a streamed chat completion (the plain decoder), open the stream helper (the
 * accumulator behind finalChatCompletion()), and tell the client's own APIError.
 *
 * They differ where it matters for a server: v4 yields a named event (`event: message` + data) as an
 * `{event, data}` wrapper instead of the chunk, so its consumers read `chunk.choices` of undefined; v5 and v6
 * yield the data of every event not named `thread.*`. v4's helper lives under `beta.chat.completions.stream`.
 */
// Each major is imported when a replay first asks for it, never at load: the three clients are ~25 MB of a
// thread's memory, and the CLI's thread (which expands the cases but replays nothing) never needs them.
type OpenAI4 = typeof import('openai-v4').default;
type OpenAI5 = typeof import('openai-v5').default;
type OpenAI6 = typeof import('openai').default;

export type SdkClientId = 'openai-v4' | 'openai-v5' | 'openai-v6';

/** Every client, oldest first; `openai-v6` is the one the project depends on. */
export const SDK_CLIENTS: readonly SdkClientId[] = ['openai-v4', 'openai-v5', 'openai-v6'];

/** The chat completion the helper accumulates (the same shape in every major). */
export interface SdkChatCompletion {
  id: string;
  model: string;
  created: number;
  usage?: unknown;
  choices: {
    index: number;
    finish_reason: string | null;
    message: {
      role: string;
      content?: string | null;
      refusal?: string | null;
      tool_calls?: { id?: string; type?: string; function?: { name?: string; arguments?: string } }[];
    };
  }[];
}

/** What the oracle needs of a stream helper (ChatCompletionStream in every major). */
export interface SdkRunner {
  on(event: 'chunk', listener: (chunk: unknown) => void): unknown;
  on(event: 'error' | 'abort', listener: () => void): unknown;
  finalChatCompletion(): Promise<SdkChatCompletion>;
}

/** What the oracle needs of a Responses API stream helper (ResponseStream in every major that has one). */
export interface SdkResponseRunner {
  on(event: 'event', listener: (event: unknown) => void): unknown;
  on(event: 'error' | 'abort', listener: () => void): unknown;
  finalResponse(): Promise<Record<string, unknown>>;
}

export interface SdkChatClient {
  id: SdkClientId;
  /** The exact package version, e.g. `4.104.0`. */
  version: string;
  iterate(params: Record<string, unknown>, signal: AbortSignal): Promise<AsyncIterable<unknown>>;
  helper(params: Record<string, unknown>, signal: AbortSignal): SdkRunner;
  /** `client.responses.create({stream: true})`, iterated. */
  iterateResponses(params: Record<string, unknown>, signal: AbortSignal): Promise<AsyncIterable<unknown>>;
  /** `client.responses.stream(...)`, the accumulator behind finalResponse(). */
  responsesHelper(params: Record<string, unknown>, signal: AbortSignal): SdkResponseRunner;
  /** The HTTP status of this client's APIError, undefined for anything else (or an in-band error, which has none). */
  apiErrorStatus(error: unknown): number | undefined;
}

export interface SdkClientOptions {
  apiKey: string;
  baseURL: string;
  timeoutMs: number;
  fetch: typeof fetch;
}

const noop = (): void => {};
const SILENT_LOGGER = { error: noop, warn: noop, info: noop, debug: noop };

// The three majors' typings differ in detail; the oracle needs only the calls above, so each client is held
// through this loose view and its results are read defensively by the oracle.
type Loose = {
  chat: { completions: { create(p: unknown, o: unknown): Promise<AsyncIterable<unknown>>; stream?(p: unknown, o: unknown): SdkRunner } };
  beta: { chat?: { completions: { stream(p: unknown, o: unknown): SdkRunner } } };
  responses: { create(p: unknown, o: unknown): Promise<AsyncIterable<unknown>>; stream(p: unknown, o: unknown): SdkResponseRunner };
};

function status(error: unknown, cls: abstract new (...args: never[]) => unknown): number | undefined {
  if (!(error instanceof cls)) return undefined;
  const s = (error as { status?: unknown }).status;
  return typeof s === 'number' ? s : undefined;
}

export async function makeSdkClient(id: SdkClientId, o: SdkClientOptions): Promise<SdkChatClient> {
  // Every credential the SDK would otherwise read from the environment is nulled; retries are off.
  const common = { apiKey: o.apiKey, organization: null, project: null, baseURL: o.baseURL, maxRetries: 0, timeout: o.timeoutMs, fetch: o.fetch };
  let client: Loose;
  let version: string;
  let apiError: abstract new (...args: never[]) => unknown;
  switch (id) {
    case 'openai-v4': {
      const [{ default: OpenAI4 }, { VERSION }] = await Promise.all([import('openai-v4'), import('openai-v4/version')]);
      client = new OpenAI4(common as unknown as ConstructorParameters<OpenAI4>[0]) as unknown as Loose;
      version = VERSION;
      apiError = OpenAI4.APIError;
      break;
    }
    case 'openai-v5': {
      const [{ default: OpenAI5 }, { VERSION }] = await Promise.all([import('openai-v5'), import('openai-v5/version')]);
      client = new OpenAI5({ ...common, webhookSecret: null, logLevel: 'off', logger: SILENT_LOGGER } as ConstructorParameters<OpenAI5>[0]) as unknown as Loose;
      version = VERSION;
      apiError = OpenAI5.APIError;
      break;
    }
    case 'openai-v6': {
      const [{ default: OpenAI6 }, { VERSION }] = await Promise.all([import('openai'), import('openai/version')]);
      client = new OpenAI6({
        ...common,
        adminAPIKey: null,
        webhookSecret: null,
        logLevel: 'off',
        logger: SILENT_LOGGER,
      } as ConstructorParameters<OpenAI6>[0]) as unknown as Loose;
      version = VERSION;
      apiError = OpenAI6.APIError;
      break;
    }
  }
  const completions = client.chat.completions;
  return {
    id,
    version,
    iterate: (params, signal) => completions.create({ ...params, stream: true }, { signal }),
    helper: (params, signal) => {
      // v4 has the helper under beta only; v5 and v6 under chat.completions.
      const stream = completions.stream ? completions.stream.bind(completions) : client.beta.chat!.completions.stream.bind(client.beta.chat!.completions);
      return stream(params, { signal });
    },
    iterateResponses: (params, signal) => client.responses.create({ ...params, stream: true }, { signal }),
    responsesHelper: (params, signal) => client.responses.stream(params, { signal }),
    apiErrorStatus: (error) => status(error, apiError),
  };
}
