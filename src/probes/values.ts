/**
 * What a request-field case sends: the baseline body plus the field under test, for every key of the
 * profile's `request` and `messages` sections. A profile row's `value:` overrides the default here, so a
 * new row works with no code as long as it names a value.
 */
import type { FieldRow } from '../spec/profile.types.js';

type Body = Record<string, unknown>;

/** The baseline's prompt: every field probe sends it (or builds its messages around it). */
export const BASELINE_PROMPT = 'In three or four sentences, describe how rivers shape the landscape over time.';
export const PROBE_TOOLS = [
  {
    type: 'function',
    function: {
      name: 'get_weather',
      description: 'Current weather for a city.',
      parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
    },
  },
  {
    type: 'function',
    function: {
      name: 'get_time',
      description: 'Current local time for a city.',
      parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
    },
  },
];

/** Default probe values for top-level request fields (OpenAI's ranges; see wire-format.md §1.1). */
const REQUEST_DEFAULTS: Record<string, () => Body> = {
  temperature: () => ({ temperature: 0 }),
  top_p: () => ({ top_p: 0.05 }),
  n: () => ({ n: 2 }),
  stop: () => ({ stop: ['.'] }),
  max_tokens: () => ({ max_tokens: 5 }),
  max_completion_tokens: () => ({ max_completion_tokens: 5 }),
  frequency_penalty: () => ({ frequency_penalty: 0.5 }),
  presence_penalty: () => ({ presence_penalty: 0.5 }),
  logit_bias: () => ({ logit_bias: { '50256': -100 } }),
  logprobs: () => ({ logprobs: true }),
  top_logprobs: () => ({ logprobs: true, top_logprobs: 2 }),
  'response_format.text': () => ({ response_format: { type: 'text' } }),
  'response_format.json_object': () => ({ response_format: { type: 'json_object' } }),
  'response_format.json_schema': () => ({
    response_format: {
      type: 'json_schema',
      json_schema: {
        name: 'probe',
        strict: true,
        schema: {
          type: 'object',
          // strict mode's whole contract: required keys, no others (additionalProperties), values in an enum.
          properties: { answer: { type: 'string' }, confidence: { type: 'number' }, kind: { type: 'string', enum: ['fact', 'opinion'] } },
          required: ['answer', 'confidence', 'kind'],
          additionalProperties: false,
        },
      },
    },
  }),
  seed: () => ({ seed: 42 }),
  stream: () => ({ stream: true }),
  stream_options: () => ({ stream: true, stream_options: { include_usage: true } }),
  'stream_options.include_usage': () => ({ stream: true, stream_options: { include_usage: true } }),
  tools: () => ({ tools: PROBE_TOOLS }),
  'tool_choice.required': () => ({ tools: PROBE_TOOLS, tool_choice: 'required' }),
  'tool_choice.named': () => ({ tools: PROBE_TOOLS, tool_choice: { type: 'function', function: { name: 'get_time' } } }),
  'tool_choice.none': () => ({ tools: PROBE_TOOLS, tool_choice: 'none' }),
  parallel_tool_calls: () => ({ tools: PROBE_TOOLS, tool_choice: 'required', parallel_tool_calls: false }),
  functions: () => ({ functions: [PROBE_TOOLS[0].function] }),
  function_call: () => ({ functions: [PROBE_TOOLS[0].function], function_call: { name: 'get_weather' } }),
  user: () => ({ user: 'oai-compat-user-1' }),
  'user.long': () => ({ user: `oai-compat-${'u'.repeat(80)}` }),
  safety_identifier: () => ({ safety_identifier: 'oai-compat-safety-1' }),
  prompt_cache_key: () => ({ prompt_cache_key: 'oai-compat-cache-1' }),
  metadata: () => ({ metadata: { suite: 'oai-compat' } }),
  store: () => ({ store: false }),
  service_tier: () => ({ service_tier: 'auto' }),
  reasoning_effort: () => ({ reasoning_effort: 'low' }),
  verbosity: () => ({ verbosity: 'low' }),
  modalities: () => ({ modalities: ['text'] }),
  audio: () => ({ audio: { voice: 'alloy', format: 'wav' } }),
  prediction: () => ({ prediction: { type: 'content', content: 'A prediction.' } }),
  web_search_options: () => ({ web_search_options: {} }),
  'unknown-field': () => ({ oai_compat_unknown_field: true }),
};

/** Message variants: each returns the messages array to send in place of the baseline's. */
const MESSAGE_DEFAULTS: Record<string, (prompt: string) => Body[]> = {
  'role.system': (p) => [
    { role: 'system', content: 'Answer briefly.' },
    { role: 'user', content: p },
  ],
  'role.developer': (p) => [
    { role: 'developer', content: 'Answer briefly.' },
    { role: 'user', content: p },
  ],
  'role.user': (p) => [{ role: 'user', content: p }],
  'role.assistant': (p) => [
    { role: 'user', content: 'Hello.' },
    { role: 'assistant', content: 'Hello! How can I help?' },
    { role: 'user', content: p },
  ],
  'role.tool': (p) => [
    { role: 'user', content: 'What is the weather in Paris?' },
    {
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'call_oaicompat1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
    },
    { role: 'tool', tool_call_id: 'call_oaicompat1', content: '{"temperature_c": 18}' },
    { role: 'user', content: p },
  ],
  content: (p) => [{ role: 'user', content: p }],
  'content.parts': (p) => [{ role: 'user', content: [{ type: 'text', text: p }] }],
  'content.image': (p) => [
    {
      role: 'user',
      content: [
        { type: 'text', text: p },
        {
          type: 'image_url',
          image_url: { url: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==' },
        },
      ],
    },
  ],
  name: (p) => [{ role: 'user', name: 'oai_compat_user', content: p }],
  tool_calls: (p) => MESSAGE_DEFAULTS['role.tool'](p),
  tool_call_id: (p) => MESSAGE_DEFAULTS['role.tool'](p),
  'assistant-null-content-with-tool-calls': (p) => MESSAGE_DEFAULTS['role.tool'](p),
  // The tool result answers an id the assistant turn never issued (its call stays unanswered).
  'tool_call_id.mismatch': (p) => MESSAGE_DEFAULTS['role.tool'](p).map((m) => (m.role === 'tool' ? { ...m, tool_call_id: 'call_oaicompat_unissued' } : m)),
  'multi-turn': (p) => [
    { role: 'system', content: 'Answer briefly.' },
    { role: 'user', content: 'Name one river.' },
    { role: 'assistant', content: 'The Danube.' },
    { role: 'user', content: p },
  ],
  function_call: (p) => [
    { role: 'user', content: 'Weather?' },
    { role: 'assistant', content: null, function_call: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
    { role: 'function', name: 'get_weather', content: '{"temperature_c": 18}' },
    { role: 'user', content: p },
  ],
  audio: (p) => [
    { role: 'user', content: p },
    { role: 'assistant', content: 'Noted.', audio: null },
    { role: 'user', content: p },
  ],
  modalities: (p) => [{ role: 'user', content: p, modalities: ['text'] }],
  cache_control: (p) => [{ role: 'user', content: [{ type: 'text', text: p, cache_control: { type: 'ephemeral' } }] }],
  refusal: (p) => [
    { role: 'user', content: 'Hi.' },
    { role: 'assistant', content: 'Hello.', refusal: null },
    { role: 'user', content: p },
  ],
};

/** The fields to add to the baseline body for a `request.<key>` row, or undefined when nothing knows the field. */
export function requestProbeFields(key: string, row: FieldRow | undefined): Body | undefined {
  if (row && row.value !== undefined) {
    // `value:` is the field's value; for a dotted key the first segment is the field.
    const field = key.split('.')[0];
    return { [field]: row.value };
  }
  return REQUEST_DEFAULTS[key]?.();
}

export function messageProbeMessages(key: string, row: FieldRow | undefined, prompt: string): Body[] | undefined {
  if (row && Array.isArray(row.value)) return row.value as Body[];
  return MESSAGE_DEFAULTS[key]?.(prompt);
}
