/**
 * The emulator's text generator: small, deterministic where the protocol says so, random where a real
 * model is. It knows nothing about prompts (no canned answers a probe could be tuned to); it honours
 * the sampling controls the way a real server does, so that probes observe protocol-level effects:
 * - temperature 0, a small top_p, or a seed → the same text for the same messages; otherwise fresh text;
 * - max_tokens / max_completion_tokens → at most that many tokens, finish_reason "length";
 * - stop → the text ends before the first stop string, finish_reason "stop";
 * - n → n choices; logprobs / top_logprobs → token log-probabilities;
 * - response_format json_object / json_schema → JSON text (an instance of the schema);
 * - tools with tool_choice required / named → tool calls with arguments valid for the parameters schema;
 *   tool definitions count as prompt tokens, a prediction's tokens as rejected prediction tokens.
 * Which of these controls reach the generator is decided by the profile (see chat.ts).
 */
import { randomBytes } from 'node:crypto';

const WORDS = (
  'the a of to and in is it that for on with as was at by this from be are or an have not but one all ' +
  'would there their what so up out if about who get which go me when make can like time no just him know ' +
  'take people into year your good some could them see other than then now look only come its over think ' +
  'also back after use two how our work first well way even new want because any these give day most us ' +
  'river stone light garden window market signal harbor lantern orbit meadow copper canvas summit'
).split(' ');

export interface GenerationControls {
  /** Text that identifies the conversation (the messages), so deterministic modes repeat per conversation. */
  conversation: string;
  temperature?: number;
  topP?: number;
  seed?: number;
  maxTokens?: number;
  stop?: string[];
  n?: number;
  logprobs?: boolean;
  topLogprobs?: number;
  responseFormat?: { type: 'text' } | { type: 'json_object' } | { type: 'json_schema'; schema?: unknown };
  tools?: ToolSpec[];
  toolChoice?: 'none' | 'auto' | 'required' | { name: string };
  parallelToolCalls?: boolean;
  /** Predicted Outputs text; its tokens are reported as rejected prediction tokens (the generator never matches it). */
  prediction?: string;
}

export interface ToolSpec {
  name: string;
  parameters?: unknown;
}

export interface TokenLogprob {
  token: string;
  logprob: number;
  bytes: number[];
  top_logprobs: { token: string; logprob: number; bytes: number[] }[];
}

export interface GeneratedChoice {
  index: number;
  /** Content split into the tokens the stream will carry; empty when the choice is tool calls only. */
  tokens: string[];
  content: string | null;
  toolCalls: { id: string; name: string; arguments: string }[];
  finishReason: 'stop' | 'length' | 'tool_calls';
  logprobs?: TokenLogprob[];
}

export interface Generation {
  choices: GeneratedChoice[];
  promptTokens: number;
  completionTokens: number;
  /** Tokens of the prediction, counted in usage.completion_tokens_details.rejected_prediction_tokens. */
  predictionTokens: number;
}

/** FNV-1a, 32-bit: a stable hash for seeding. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a tiny, good-enough PRNG with a 32-bit state. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Tokens as a BPE tokenizer roughly sees them: runs of letters or digits, and each other visible character. */
export function countTokens(text: string): number {
  return text.match(/[A-Za-z0-9]+|[^\sA-Za-z0-9]/g)?.length ?? 0;
}

function isDeterministic(c: GenerationControls): boolean {
  return c.temperature === 0 || (c.topP !== undefined && c.topP <= 0.1) || c.seed !== undefined;
}

export function generate(c: GenerationControls): Generation {
  const n = Math.max(1, c.n ?? 1);
  // Fresh randomness per request unless a control asks for repeatability.
  const base = isDeterministic(c)
    ? `${c.conversation}|seed:${c.seed ?? 'none'}|t:${c.temperature === 0 ? 0 : 'x'}`
    : `${c.conversation}|${randomBytes(8).toString('hex')}`;
  const choices: GeneratedChoice[] = [];
  for (let i = 0; i < n; i++) {
    // With temperature 0 every choice is the same text, as with a real model.
    const rng = prng(hash32(`${base}|choice:${c.temperature === 0 ? 0 : i}`));
    choices.push(generateChoice(i, rng, c));
  }
  return {
    choices,
    // Tool definitions are rendered into the prompt, as real servers do, so they cost prompt tokens.
    promptTokens: countTokens(c.conversation) + 3 + (c.tools ? countTokens(JSON.stringify(c.tools)) : 0),
    completionTokens: choices.reduce((s, ch) => s + ch.tokens.length + ch.toolCalls.reduce((t, tc) => t + countTokens(tc.arguments) + 2, 0), 0),
    predictionTokens: c.prediction ? countTokens(c.prediction) : 0,
  };
}

function generateChoice(index: number, rng: () => number, c: GenerationControls): GeneratedChoice {
  const toolCalls = chooseToolCalls(rng, c);
  if (toolCalls.length) return { index, tokens: [], content: null, toolCalls, finishReason: 'tool_calls' };

  let tokens: string[];
  const fmt = c.responseFormat?.type;
  if (fmt === 'json_object' || fmt === 'json_schema') {
    const value =
      fmt === 'json_schema' && c.responseFormat && 'schema' in c.responseFormat && c.responseFormat.schema
        ? instanceOf(c.responseFormat.schema, rng)
        : { answer: sentence(rng, 6 + Math.floor(rng() * 6)) };
    tokens = tokenizeJson(JSON.stringify(value));
  } else {
    const length = 24 + Math.floor(rng() * 25);
    tokens = sentence(rng, length)
      .split(' ')
      .map((w, i) => (i === 0 ? w : ` ${w}`));
  }

  let finishReason: GeneratedChoice['finishReason'] = 'stop';
  // Stop sequences: cut the text before the first occurrence of any of them.
  if (c.stop?.length) {
    const text = tokens.join('');
    let cut = -1;
    for (const s of c.stop) {
      const at = s ? text.indexOf(s) : -1;
      if (at !== -1 && (cut === -1 || at < cut)) cut = at;
    }
    if (cut !== -1) tokens = retokenize(text.slice(0, cut), tokens);
  }
  if (c.maxTokens !== undefined && tokens.length > c.maxTokens) {
    tokens = tokens.slice(0, Math.max(0, c.maxTokens));
    finishReason = 'length';
  }
  const choice: GeneratedChoice = { index, tokens, content: tokens.join(''), toolCalls: [], finishReason };
  if (c.logprobs) choice.logprobs = tokens.map((t) => tokenLogprob(t, rng, c.topLogprobs ?? 0));
  return choice;
}

/** Keeps the original token boundaries for the part of the text that survives. */
function retokenize(prefix: string, tokens: string[]): string[] {
  const out: string[] = [];
  let used = 0;
  for (const t of tokens) {
    if (used + t.length <= prefix.length) {
      out.push(t);
      used += t.length;
    } else {
      if (used < prefix.length) out.push(prefix.slice(used));
      break;
    }
  }
  return out;
}

function sentence(rng: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(rng() * WORDS.length)]);
  out[0] = out[0][0].toUpperCase() + out[0].slice(1);
  return `${out.join(' ')}.`;
}

/** JSON text split into small tokens (a few characters each), as a real tokenizer would. */
function tokenizeJson(text: string): string[] {
  return text.match(/.{1,4}/gs) ?? [text];
}

function tokenLogprob(token: string, rng: () => number, top: number): TokenLogprob {
  const logprob = -Math.round(rng() * 300) / 100;
  const bytes = [...Buffer.from(token, 'utf8')];
  const alternatives = Array.from({ length: Math.max(0, top) }, (_, i) => {
    const t = i === 0 ? token : ` ${WORDS[Math.floor(rng() * WORDS.length)]}`;
    return { token: t, logprob: i === 0 ? logprob : logprob - 0.5 - i, bytes: [...Buffer.from(t, 'utf8')] };
  });
  return { token, logprob, bytes, top_logprobs: alternatives };
}

function chooseToolCalls(rng: () => number, c: GenerationControls): GeneratedChoice['toolCalls'] {
  const tools = c.tools ?? [];
  if (!tools.length || !c.toolChoice || c.toolChoice === 'none' || c.toolChoice === 'auto') return [];
  let chosen: ToolSpec[];
  if (typeof c.toolChoice === 'object') {
    const named = tools.find((t) => t.name === (c.toolChoice as { name: string }).name);
    chosen = named ? [named] : [];
  } else {
    // "required": call at least one; with parallel calls allowed and several tools, call two.
    chosen = c.parallelToolCalls !== false && tools.length > 1 ? tools.slice(0, 2) : tools.slice(0, 1);
  }
  return chosen.map((t) => ({
    id: `call_${Math.floor(rng() * 1e12)
      .toString(36)
      .padStart(8, '0')}`,
    name: t.name,
    arguments: JSON.stringify(instanceOf(t.parameters ?? { type: 'object', properties: {} }, rng)),
  }));
}

/** A value valid for a (simple) JSON Schema: objects, arrays, scalars, enum, const, anyOf/oneOf. */
export function instanceOf(schema: unknown, rng: () => number, depth = 0): unknown {
  // A client's schema may be anything (a string, a number): only an object has keywords.
  const s = (schema !== null && typeof schema === 'object' ? schema : {}) as Record<string, unknown>;
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum) && s.enum.length) return s.enum[Math.floor(rng() * s.enum.length)];
  const options = (s.anyOf ?? s.oneOf) as unknown[] | undefined;
  if (Array.isArray(options) && options.length) return instanceOf(options[0], rng, depth + 1);
  const type = Array.isArray(s.type) ? (s.type.find((t) => t !== 'null') ?? s.type[0]) : s.type;
  switch (type) {
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      if (depth < 6) for (const [k, v] of Object.entries(props)) out[k] = instanceOf(v, rng, depth + 1);
      return out;
    }
    case 'array': {
      const min = typeof s.minItems === 'number' ? s.minItems : 1;
      // Bounded, so that a client's minItems of a billion does not take the server down.
      const count = Math.min(Math.max(min, 1), 64);
      return depth < 6 ? Array.from({ length: count }, () => instanceOf(s.items ?? { type: 'string' }, rng, depth + 1)) : [];
    }
    case 'integer':
      return typeof s.minimum === 'number' ? Math.ceil(s.minimum) : Math.floor(rng() * 100);
    case 'number':
      return typeof s.minimum === 'number' ? s.minimum : Math.round(rng() * 10000) / 100;
    case 'boolean':
      return rng() < 0.5;
    case 'null':
      return null;
    case 'string':
      return s.format === 'uri' ? `https://example.com/${WORDS[Math.floor(rng() * WORDS.length)]}` : sentence(rng, 3).slice(0, -1);
    default:
      return depth === 0 ? {} : sentence(rng, 2).slice(0, -1);
  }
}
