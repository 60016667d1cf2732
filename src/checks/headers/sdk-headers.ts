/**
 * The request headers the official SDKs put on the wire (wire-format.md §5.1), taken from the installed
 * `openai` npm SDK itself rather than typed from memory: the SDK is handed a fetch that records what it
 * was asked to send and answers a canned completion, so nothing leaves the process. The Python SDK's own
 * X-Stainless-* headers (not produced by the Node SDK) are added with the values PY sends.
 */
// Imported by the capture, once, not at load: the CLI's thread expands the cases and never captures.

/** Headers the transport sets itself or that carry credentials: never copied from the capture. */
const OWN = new Set(['authorization', 'content-type', 'accept', 'content-length', 'idempotency-key', 'openai-organization', 'openai-project']);

/**
 * X-Stainless-* headers the capture does not produce: openai-python's own (PY `_base_client.py`, `_client.py`)
 * and Node's X-Stainless-Timeout, which it sends only when a request sets a timeout.
 */
const NOT_CAPTURED: Record<string, string> = {
  'x-stainless-timeout': '600',
  'x-stainless-async': 'false',
  'x-stainless-read-timeout': '600',
  'x-stainless-raw-response': 'true',
  'x-stainless-helper-method': 'chat.completions.parse',
};

let captured: Promise<Record<string, string>> | undefined;

/** User-Agent and every X-Stainless-* header of the Node SDK, plus the Python-only ones; lower-case names. */
export function sdkHeaders(): Promise<Record<string, string>> {
  captured ??= capture();
  return captured;
}

async function capture(): Promise<Record<string, string>> {
  const { default: OpenAI } = await import('openai');
  const seen: Record<string, string> = {};
  const client = new OpenAI({
    apiKey: 'oai-compat-capture',
    organization: null,
    project: null,
    adminAPIKey: null,
    webhookSecret: null,
    baseURL: 'http://capture.oai-compat.invalid/v1',
    maxRetries: 0,
    logLevel: 'off',
    fetch: async (_url: unknown, init?: { headers?: unknown }) => {
      new Headers(init?.headers as ConstructorParameters<typeof Headers>[0]).forEach((v, k) => {
        if (!OWN.has(k)) seen[k] = v;
      });
      const body = {
        id: 'c',
        object: 'chat.completion',
        created: 0,
        model: 'm',
        choices: [{ index: 0, message: { role: 'assistant', content: '', refusal: null }, logprobs: null, finish_reason: 'stop' }],
      };
      return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
    },
  });
  try {
    await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] });
  } catch {
    /* the capture is what matters, not the parse */
  }
  return { ...NOT_CAPTURED, ...seen };
}
